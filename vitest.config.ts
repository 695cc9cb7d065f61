import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-modules.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits for a page or the server to reach a state (a count refetched after a
    // write, a row gone): as long as Playwright's own waits, not Vitest's 1 s, which a busy
    // two-core CI machine overran between a click's write and the list's refetch.
    expect: { poll: { timeout: 30_000 } },
    // Two cores: PGlite is single-threaded WASM, so two workers keep both busy.
    pool: "forks",
    maxWorkers: 2,
  },
});
