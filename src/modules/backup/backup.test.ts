/**
 * Backups through the command line, in-process: a database with appeals and photos is backed up,
 * restored into a new place and compared row by row and file by file; damaged, foreign and newer
 * backups and non-empty targets are refused and leave nothing behind. On PGlite (DATA_DIR) by
 * default; on the PostgreSQL server (pg_dump inside, and bare pg_dump files) when DATABASE_URL
 * is set. The same backup made while a server keeps taking appeals: test/backup.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { asc, sql } from "drizzle-orm";
import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../../cli/main.js";
import { loadConfig } from "../../config.js";
import { openPglite, openPostgres, type Database } from "../../db/client.js";
import { DATA_DIR_DATABASE } from "../../db/data-dir.js";
import { attachments, caseEvents, cases } from "../../db/schema.js";
import { buildApp } from "../../server/app.js";
import { buildUser, sessionHeaders } from "../../../test/helpers/app.js";
import { prepareUploadDir } from "../attachments/attachment-files.js";
import { seedDemoCatalogue } from "../catalogue/seed-demo-catalogue.js";
import { seedDemoOrganisations } from "../organisations/seed-demo-organisations.js";
import { HEADER_ENTRY, MANIFEST_ENTRY, type BackupHeader, type Manifest } from "./manifest.js";
import { knownMigrations } from "./schema-version.js";
import { readTar, TAR_END, tarHeader, tarPadding } from "./tar.js";

const serverUrl = process.env.DATABASE_URL;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-backup-"));
const databases: string[] = [];
/** The backup of the source, made once in beforeAll. */
const backupFile = path.join(work, "backup.tar.gz");

function urlOf(name: string): string {
  const u = new URL(serverUrl ?? "postgres://x/x");
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new server database: a copy of the test template, or empty. */
async function createServerDatabase(from: "template" | "empty"): Promise<string> {
  const name = `mg_backup_${randomBytes(5).toString("hex")}`;
  const template = from === "template" ? ` template ${inject("testDatabaseSeed")}` : "";
  await admin((c) => c.query(`create database ${name}${template}`));
  databases.push(name);
  return name;
}

/** A place to restore into (or back up from): its environment for the CLI and how to open it. */
interface Place {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  uploadDir: string;
  open(): Promise<Database>;
}

async function newPlace(from: "template" | "empty"): Promise<Place> {
  const dataDir = path.join(work, `data-${randomBytes(4).toString("hex")}`);
  const uploadDir = path.join(dataDir, "uploads");
  if (serverUrl) {
    const url = urlOf(await createServerDatabase(from));
    return {
      env: { DATABASE_URL: url, DATA_DIR: dataDir, UPLOAD_DIR: uploadDir },
      dataDir,
      uploadDir,
      open: () => openPostgres(url, { poolSize: 2 }),
    };
  }
  if (from === "template") {
    const seed = new Blob([fs.readFileSync(inject("testDatabaseSeed"))]);
    await (await openPglite(path.join(dataDir, DATA_DIR_DATABASE), { loadDataDir: seed })).close();
  }
  return {
    env: { DATA_DIR: dataDir },
    dataDir,
    uploadDir,
    open: () => openPglite(path.join(dataDir, DATA_DIR_DATABASE), { migrate: false }),
  };
}

async function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(args, {
    env,
    out: (t) => (out += t),
    err: (t) => (err += t),
    readStdin: async () => "",
  });
  return { code, out, err };
}

/** A multipart body as a browser sends it, for app.inject. */
async function photoUpload(color: string): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: color } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append("file", new Blob([png], { type: "image/png" }), "photo.png");
  const request = new Request("http://local/", { method: "POST", body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  };
}

/** Appeals with photos (one photo left unclaimed), entered by an operator through the API. */
async function fillSource(place: Place): Promise<void> {
  const database = await place.open();
  try {
    const config = loadConfig({ ...place.env, LOG_LEVEL: "silent" });
    prepareUploadDir(config.uploadDir);
    const app = await buildApp({ database, config });
    await seedDemoOrganisations(database.db);
    await seedDemoCatalogue(database.db);
    const operator = await buildUser(database, [{ role: "operator", region: "131002" }]);
    const headers = await sessionHeaders(database, operator);
    const upload = async (color: string) => {
      const body = await photoUpload(color);
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/attachments",
        headers: { ...headers, ...body.headers },
        payload: body.payload,
      });
      expect(res.statusCode).toBe(201);
      return (res.json() as { id: string }).id;
    };
    for (const [i, color] of ["#c0392b", "#27ae60", "#2980b9", "#8e44ad"].entries()) {
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/cases",
        headers,
        payload: {
          channel: "hotline",
          categoryCode: "disputes.neighbour",
          description: `备份测试来电 ${i}：邻居装修噪音扰民`,
          regionCode: "131002001007",
          reporter: { name: `测试${i}`, phone: `1380000${String(i).padStart(4, "0")}` },
          attachmentIds: i % 2 === 0 ? [await upload(color)] : [],
        },
      });
      expect(res.statusCode).toBe(201);
    }
    await upload("#f1c40f"); // never attached: an unclaimed upload
    await app.close();
  } finally {
    await database.close();
  }
}

/** Every regular file under `dir` with its bytes, by relative path; the upload temp dir left out. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full);
    if (relative.startsWith(`tmp${path.sep}`)) continue;
    out[relative] = fs.readFileSync(full).toString("base64");
  }
  return out;
}

/** The rows that matter, in a stable order, plus every table's count. */
async function contents(place: Place) {
  const database = await place.open();
  try {
    const db = database.db;
    const tableNames = (
      (await db.execute(
        sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = 'public' and c.relkind = 'r' order by 1`,
      )) as unknown as { rows: { name: string }[] }
    ).rows.map((r) => r.name);
    const tables: Record<string, number> = {};
    for (const name of tableNames) {
      const r = (await db.execute(sql.raw(`select count(*)::int as n from "${name}"`))) as unknown as {
        rows: { n: number }[];
      };
      tables[name] = Number(r.rows[0]?.n);
    }
    return {
      tables,
      cases: await db.select().from(cases).orderBy(asc(cases.id)),
      events: await db.select().from(caseEvents).orderBy(asc(caseEvents.id)),
      attachments: await db.select().from(attachments).orderBy(asc(attachments.id)),
    };
  } finally {
    await database.close();
  }
}

/** The archive's entries in memory (test archives are small). */
async function unpack(file: string): Promise<{ path: string; data: Buffer }[]> {
  const out: { path: string; data: Buffer }[] = [];
  const raw = gunzipSync(fs.readFileSync(file));
  for await (const entry of readTar(
    (async function* () {
      yield raw;
    })(),
  )) {
    const parts: Buffer[] = [];
    for await (const piece of entry.data) parts.push(piece);
    out.push({ path: entry.path, data: Buffer.concat(parts) });
  }
  return out;
}

function repack(file: string, entries: { path: string; data: Buffer }[]): void {
  const tar = Buffer.concat([
    ...entries.flatMap((e) => [
      tarHeader({ path: e.path, size: e.data.length, mtime: 0 }),
      e.data,
      tarPadding(e.data.length),
    ]),
    TAR_END,
  ]);
  fs.writeFileSync(file, gzipSync(tar));
}

/** The test backup with its header and manifest changed alike (a consistent, relabelled backup). */
async function relabel(name: string, change: Partial<BackupHeader>): Promise<string> {
  const entries = (await unpack(backupFile)).map((e) => {
    if (e.path !== HEADER_ENTRY && e.path !== MANIFEST_ENTRY) return e;
    const json = JSON.parse(e.data.toString("utf8")) as BackupHeader;
    return { path: e.path, data: Buffer.from(JSON.stringify({ ...json, ...change })) };
  });
  const file = path.join(work, name);
  repack(file, entries);
  return file;
}

/** Nothing of a refused restore is left: no database, no uploads, no staging directories. */
async function expectUntouched(place: Place): Promise<void> {
  if (serverUrl) {
    const client = new pg.Client({ connectionString: String(place.env.DATABASE_URL) });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        "select count(*) as n from pg_tables where schemaname in ('public', 'drizzle')",
      );
      expect(Number(rows[0]?.n)).toBe(0);
    } finally {
      await client.end();
    }
  }
  const left = fs.existsSync(place.dataDir) ? fs.readdirSync(place.dataDir) : [];
  expect(left).toEqual([]);
}

describe(`backup and restore (${serverUrl ? "PostgreSQL server, pg_dump" : "PGlite DATA_DIR"})`, () => {
  let source: Place;
  let before: Awaited<ReturnType<typeof contents>>;

  beforeAll(async () => {
    source = await newPlace("template");
    await fillSource(source);
    fs.mkdirSync(path.join(source.dataDir, "keys"), { recursive: true });
    fs.writeFileSync(path.join(source.dataDir, "keys", "data.key"), randomBytes(32));
    const made = await cli(["backup", "--out", backupFile], source.env);
    expect(made.err).toBe("");
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/^backup written to .*read back and checked\): schema \d{4}_\w+, 4 cases/);
    before = await contents(source);
  }, 180_000);

  afterAll(async () => {
    fs.rmSync(work, { recursive: true, force: true });
    if (serverUrl) {
      for (const name of databases)
        await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    }
  });

  it("restores every row and every upload into a new place, and the keys only when asked", async () => {
    const target = await newPlace("empty");
    const restored = await cli(["restore", backupFile], target.env);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/^restored .* 4 cases/);
    expect(restored.err).toMatch(/data keys are not in this backup/);

    const after = await contents(target);
    expect(after.tables).toEqual(before.tables);
    expect(after.cases).toEqual(before.cases);
    expect(after.events).toEqual(before.events);
    expect(after.attachments).toEqual(before.attachments);
    expect(before.attachments).toHaveLength(3);
    const files = filesUnder(target.uploadDir);
    expect(files).toEqual(filesUnder(source.uploadDir));
    // Each photo and its thumbnail: 3 attachments, 6 files.
    expect(Object.keys(files)).toHaveLength(6);
    expect(fs.existsSync(path.join(target.dataDir, "keys"))).toBe(false);

    const entries = execFileSync("tar", ["-tzf", backupFile], { encoding: "utf8" }).trim().split("\n");
    expect(entries[0]).toBe(HEADER_ENTRY);
    expect(entries.at(-1)).toBe(MANIFEST_ENTRY);
    expect(entries.filter((e) => e.startsWith("uploads/"))).toHaveLength(6);
    expect(entries.some((e) => e.startsWith("keys/"))).toBe(false);
    const manifest = JSON.parse(
      execFileSync("tar", ["-xzOf", backupFile, MANIFEST_ENTRY], { encoding: "utf8" }),
    ) as Manifest;
    expect(manifest.tables).toEqual(before.tables);
    for (const row of before.attachments) {
      // A photo is named by its SHA-256; the manifest says the same of the bytes it holds.
      expect(manifest.files.find((f) => f.path === `uploads/${row.storagePath}`)?.sha256).toBe(row.sha256);
    }
  });

  it("takes the data keys along with --include-keys", async () => {
    const withKeys = path.join(work, "with-keys.tar.gz");
    expect((await cli(["backup", "--out", withKeys, "--include-keys"], source.env)).code).toBe(0);
    const target = await newPlace("empty");
    const restored = await cli(["restore", withKeys], target.env);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.err).toBe("");
    expect(fs.readFileSync(path.join(target.dataDir, "keys", "data.key"))).toEqual(
      fs.readFileSync(path.join(source.dataDir, "keys", "data.key")),
    );
  });

  it("proves a backup with verify-backup, and finds the damage in a bad one", async () => {
    const verified = await cli(["verify-backup", backupFile], {});
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toMatch(/restores and matches its manifest/);
    const bad = path.join(work, "bad-for-verify.tar.gz");
    fs.writeFileSync(bad, fs.readFileSync(backupFile).subarray(0, 4000));
    expect((await cli(["verify-backup", bad], {})).err).toMatch(/is damaged/);
  });

  it("refuses a damaged backup with one line, and leaves nothing behind", async () => {
    const original = fs.readFileSync(backupFile);
    const flipped = Buffer.from(original);
    const at = Math.floor(flipped.length / 2);
    flipped[at] = (flipped[at] ?? 0) ^ 0x5a;
    const truncated = original.subarray(0, Math.floor(original.length * 0.7));

    const entries = await unpack(backupFile);
    const photo = entries.find((e) => e.path.startsWith("uploads/") && e.path.endsWith(".png"));
    if (!photo) throw new Error("no photo in the backup");
    const altered = entries.map((e) =>
      e === photo ? { path: e.path, data: Buffer.concat([e.data.subarray(0, -1), Buffer.from([0])]) } : e,
    );
    const noManifest = entries.filter((e) => e.path !== MANIFEST_ENTRY);

    const cases: [string, (file: string) => void, RegExp][] = [
      ["flipped", (f) => fs.writeFileSync(f, flipped), /is damaged: /],
      ["truncated", (f) => fs.writeFileSync(f, truncated), /is damaged: .*(ends early|truncated)/],
      [
        "altered photo",
        (f) => repack(f, altered),
        new RegExp(`is damaged: ${photo.path} does not match its checksum`),
      ],
      ["no manifest", (f) => repack(f, noManifest), /is damaged: the manifest is missing/],
      [
        "not a backup",
        (f) => fs.writeFileSync(f, "hello"),
        /is neither a Microgov backup nor a pg_dump file/,
      ],
    ];
    for (const [name, write, message] of cases) {
      const file = path.join(work, `${name.replace(" ", "-")}.tar.gz`);
      write(file);
      const target = await newPlace("empty");
      const run = await cli(["restore", file], target.env);
      expect(run.code, name).toBe(1);
      expect(run.err, name).toMatch(message);
      expect(run.err.trim().split("\n"), name).toHaveLength(1);
      await expectUntouched(target);
    }
  });

  it("refuses a backup from a newer schema before reading on", async () => {
    const latest = knownMigrations().at(-1);
    if (!latest) throw new Error("no migrations");
    const future = { migration: "9999_from_the_future", migrations: 99, createdAt: latest.when + 1000 };
    const file = await relabel("future.tar.gz", { schema: future });
    const target = await newPlace("empty");
    const run = await cli(["restore", file], target.env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /comes from a newer Microgov \(schema 9999_from_the_future; this one knows up to \d{4}_\w+\); upgrade Microgov first/,
    );
    await expectUntouched(target);
  });

  it("refuses a target that already holds data", async () => {
    const target = await newPlace("empty");
    expect((await cli(["restore", backupFile], target.env)).code).toBe(0);
    const again = await cli(["restore", backupFile], target.env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(serverUrl ? /UPLOAD_DIR .* is not empty/ : /already holds a database/);

    // Uploads alone are enough to refuse: a restore never mixes two sets of files.
    const other = await newPlace("empty");
    fs.mkdirSync(path.join(other.uploadDir, "ab"), { recursive: true });
    fs.writeFileSync(path.join(other.uploadDir, "ab", "photo.jpg"), "x");
    const mixed = await cli(["restore", backupFile], other.env);
    expect(mixed.code).toBe(1);
    expect(mixed.err).toMatch(/UPLOAD_DIR .* is not empty; restore only into an empty one/);
    expect(fs.existsSync(path.join(other.dataDir, DATA_DIR_DATABASE))).toBe(false);
  });

  it("refuses a backup of the other kind of database", async () => {
    const target = await newPlace("empty");
    // The source's archive, relabelled as coming from the other kind of database.
    const other = serverUrl ? "pglite" : "postgres";
    const file = await relabel("other-kind.tar.gz", { database: other });
    const run = await cli(["restore", file], target.env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      serverUrl
        ? /holds an embedded \(PGlite\) database; restore it without DATABASE_URL/
        : /holds a PostgreSQL server's dump; set DATABASE_URL/,
    );
    await expectUntouched(target);
  });

  it.runIf(serverUrl)("restores a bare pg_dump, custom or plain, and refuses a newer one", async () => {
    const sourceUrl = String(source.env.DATABASE_URL);
    for (const format of ["custom", "plain"] as const) {
      const file = path.join(work, `dump.${format}`);
      execFileSync("pg_dump", [
        `--format=${format}`,
        "--no-owner",
        "--no-privileges",
        `--file=${file}`,
        sourceUrl,
      ]);
      const target = await newPlace("empty");
      const run = await cli(["restore", file], target.env);
      expect(run.code, run.err).toBe(0);
      expect(run.out).toMatch(new RegExp(`restored pg_dump .* \\(${format}\\) .* 4 cases`));
      expect(run.err).toMatch(/a pg_dump holds no uploads/);
      const after = await contents(target);
      expect(after.tables).toEqual(before.tables);
      expect(after.events).toEqual(before.events);
    }
    // The same plain dump with a migration from the future.
    const latest = knownMigrations().at(-1)?.when ?? 0;
    const plain = fs.readFileSync(path.join(work, "dump.plain"), "utf8");
    const future = plain.replace(
      new RegExp(`\\t${latest}\\n`),
      `\t${latest}\n99\tfuture\t${latest + 1000}\n`,
    );
    expect(future).not.toBe(plain);
    const file = path.join(work, "future.sql");
    fs.writeFileSync(file, future);
    const target = await newPlace("empty");
    const run = await cli(["restore", file], target.env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/comes from a newer Microgov/);
    await expectUntouched(target);
  });
});
