/**
 * The registry of error codes is complete by construction (the error family takes only an
 * `ErrorCode`); this keeps it honest the other way: every registered code is still sent by some
 * server source, so the web is not asked to translate codes nobody answers with.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "./error-codes.js";

const SRC = path.resolve(import.meta.dirname, "../..");

/** Every server source file: all of src except the web apps, the tests and this registry. */
function serverSources(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === path.join(SRC, "web") ? [] : serverSources(full);
    const isSource = entry.name.endsWith(".ts") && !/\.test\.ts$|test-[\w-]+\.ts$/.test(entry.name);
    return isSource && !full.endsWith(path.join("contracts", "error-codes.ts")) ? [full] : [];
  });
}

describe("error codes", () => {
  const text = serverSources()
    .map((f) => fs.readFileSync(f, "utf8"))
    .join("\n");

  it("are each sent by some server source", () => {
    const unused = ERROR_CODES.filter((code) => !text.includes(`"${code}"`));
    expect(unused).toEqual([]);
  });

  it("are listed once each", () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
