import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-modules.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: PGlite is single-threaded WASM, so two workers keep both busy.
    pool: "forks",
    maxWorkers: 2,
  },
});
