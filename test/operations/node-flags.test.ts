/**
 * The Node flags the server runs with (issue #15, B5): `npm start` and `npm run serve` give the
 * same ones, tsx hands them to the process that runs the server, and the bench starts its app
 * with them (bench/lib/server.ts reads them from the serve script), so what B5 measures is how
 * production runs. `--heap-growing-percent=50` keeps V8's old generation at 1.5× what survives a
 * full collection instead of letting it grow to 3–4× under sustained load (bench/README.md,
 * "Issue #15, B5: memory over a long B2 run").
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, serveNodeFlags } from "../../bench/lib/server.js";

const scripts = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;

describe("the server's Node flags", () => {
  it("bound the heap's growth, the same for npm start, npm run serve and the bench", () => {
    const flags = serveNodeFlags(REPO_ROOT);
    expect(flags).toContain("--heap-growing-percent=50");
    expect(scripts.start).toContain(`exec tsx ${flags.join(" ")} src/server/main.ts --demo`);
    expect(scripts.serve).toBe(`exec tsx ${flags.join(" ")} src/server/main.ts`);
  });

  it("reach the process that runs the server through tsx", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-node-flags-"));
    try {
      const file = path.join(dir, "argv.ts");
      fs.writeFileSync(file, "process.stdout.write(JSON.stringify(process.execArgv));\n");
      const tsx = path.join(REPO_ROOT, "node_modules/.bin/tsx");
      const { stdout } = await promisify(execFile)(tsx, [...serveNodeFlags(REPO_ROOT), file], {
        cwd: REPO_ROOT,
      });
      expect(JSON.parse(stdout)).toEqual(expect.arrayContaining(serveNodeFlags(REPO_ROOT)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
