/**
 * A backup taken while a real server keeps taking appeals, proven by restoring it: operators
 * send appeals with photos over HTTP from several clients; in the middle `npm run cli -- backup`
 * runs as a process of its own (on PGlite the running server makes the copy through its socket;
 * on a PostgreSQL server pg_dump does); the load goes on past it. The backup is restored into a
 * new place with `npm run cli -- restore`, a second server starts on it, and every appeal that
 * was acknowledged before the backup began is read from both servers and compared whole — with
 * its events — as is every photo and thumbnail, byte for byte. Appeals acknowledged once the
 * backup had begun may be in it or not, but the restored ones equal their source, and nothing is
 * in the copy that the source never acknowledged.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPglite, openPostgres, type Database } from "../../src/db/client.js";
import { DATA_DIR_DATABASE } from "../../src/db/data-dir.js";
import { cases } from "../../src/db/schema.js";
import { prepareIntakeWorld } from "../helpers/intake-world.js";
import {
  freePort,
  runCliProcess,
  signIn,
  startServer,
  stopServer,
  waitHealthy,
} from "../helpers/server-process.js";

const serverUrl = process.env.DATABASE_URL;
const PASSWORD = "Backup-test-2026";
const CLIENTS = 4;
/**
 * Each client waits this long after an answer: a steady stream, not a flood, so the appeals
 * taken while the backup runs stay few enough to compare one by one in reasonable time.
 */
const PACE_MS = 100;
/** Start the backup once this many appeals were acknowledged, and stop the load this many after it. */
const BEFORE_BACKUP = 24;
const AFTER_BACKUP = 12;
const PHOTOS_PER_CLIENT = 4;

interface Ack {
  number: string;
  attachmentId: string | undefined;
  /** When the client read the 201, relative to the backup: before it started, while it ran, after. */
  phase: "before" | "during" | "after";
}

async function photo(seed: number): Promise<Blob> {
  const png = await sharp({
    create: { width: 48, height: 36, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: 90 } },
  })
    .png()
    .toBuffer();
  return new Blob([png], { type: "image/png" });
}

describe(`backup while intake runs, restored and compared (${serverUrl ? "PostgreSQL server" : "PGlite DATA_DIR"})`, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-backup-load-"));
  const source = { dataDir: path.join(work, "source"), db: "" };
  const target = { dataDir: path.join(work, "restored"), db: "" };
  const admin = serverUrl ? new pg.Client({ connectionString: serverUrl }) : null;
  const urlOf = (name: string) => {
    const u = new URL(serverUrl ?? "postgres://x/x");
    u.pathname = `/${name}`;
    return u.toString();
  };
  const envOf = (place: { dataDir: string; db: string }): Record<string, string> =>
    admin ? { DATABASE_URL: urlOf(place.db), DATA_DIR: place.dataDir } : { DATA_DIR: place.dataDir };
  const open = (place: { dataDir: string; db: string }): Promise<Database> =>
    admin
      ? openPostgres(urlOf(place.db), { poolSize: 2 })
      : openPglite(path.join(place.dataDir, DATA_DIR_DATABASE), { migrate: false });
  let village = "";

  beforeAll(async () => {
    let database: Database;
    if (admin) {
      await admin.connect();
      source.db = `mg_backup_src_${randomBytes(5).toString("hex")}`;
      target.db = `mg_backup_dst_${randomBytes(5).toString("hex")}`;
      await admin.query(`create database ${source.db} template ${inject("testDatabaseSeed")}`);
      await admin.query(`create database ${target.db}`);
      database = await openPostgres(urlOf(source.db), { poolSize: 2 });
    } else {
      const seed = new Blob([fs.readFileSync(inject("testDatabaseSeed"))]);
      database = await openPglite(path.join(source.dataDir, DATA_DIR_DATABASE), { loadDataDir: seed });
    }
    village = await prepareIntakeWorld(database, { username: "backup_operator", password: PASSWORD });
    await database.close();
  }, 180_000);

  afterAll(async () => {
    fs.rmSync(work, { recursive: true, force: true });
    if (admin) {
      for (const name of [source.db, target.db])
        await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it("restores every acknowledged appeal, event and photo", { timeout: 600_000 }, async () => {
    const port = await freePort();
    const server = startServer({ ...envOf(source), PORT: String(port) });
    let restoredServer: ReturnType<typeof startServer> | undefined;
    try {
      await waitHealthy(port, server);
      const headers = await signIn(port, "backup_operator", PASSWORD);
      const base = `http://127.0.0.1:${port}/api/v1`;

      const acks: Ack[] = [];
      let phase: Ack["phase"] = "before";
      let backupStarted: () => void = () => undefined;
      const reachedBackup = new Promise<void>((resolve) => (backupStarted = resolve));
      let acksAfter = 0;
      let allDone: () => void = () => undefined;
      const loadDone = new Promise<void>((resolve) => (allDone = resolve));
      const failures: string[] = [];

      const client = async (n: number) => {
        for (let i = 0; acksAfter < AFTER_BACKUP; i++) {
          let attachmentId: string | undefined;
          // Uploads are limited to 30 a minute per address: photos on the first appeals only.
          if (i < PHOTOS_PER_CLIENT) {
            const form = new FormData();
            form.append("file", await photo(n * 1000 + i), "photo.png");
            const up = await fetch(`${base}/attachments`, {
              method: "POST",
              headers: { cookie: headers.cookie ?? "", "x-csrf-token": headers["x-csrf-token"] ?? "" },
              body: form,
            });
            if (up.status !== 201) failures.push(`upload ${up.status}: ${await up.text()}`);
            else attachmentId = ((await up.json()) as { id: string }).id;
          }
          const res = await fetch(`${base}/cases`, {
            method: "POST",
            headers: { ...headers, "idempotency-key": `backup-${n}-${i}` },
            body: JSON.stringify({
              channel: "hotline",
              categoryCode: "disputes.neighbour",
              description: `备份期间来电 ${n}-${i}：楼上漏水`,
              regionCode: village,
              reporter: { name: `居民${n}`, phone: `1390000${String(n * 100 + (i % 100)).padStart(4, "0")}` },
              attachmentIds: attachmentId ? [attachmentId] : [],
            }),
          });
          if (res.status !== 201) {
            failures.push(`intake ${res.status}: ${await res.text()}`);
            continue;
          }
          const acked: Ack = {
            number: ((await res.json()) as { number: string }).number,
            attachmentId,
            phase,
          };
          acks.push(acked);
          if (phase === "before" && acks.length >= BEFORE_BACKUP) backupStarted();
          if (acked.phase === "after") acksAfter++;
          await new Promise((r) => setTimeout(r, PACE_MS));
        }
      };
      const load = Promise.all([...Array(CLIENTS).keys()].map(client)).then(() => allDone());

      await reachedBackup;
      phase = "during";
      const file = path.join(work, "backup.tar.gz");
      const backup = await runCliProcess(["backup", "--out", file], envOf(source));
      phase = "after";
      await loadDone;
      await load;

      expect(failures).toEqual([]);
      expect(backup.err).toBe("");
      expect(backup.code).toBe(0);
      // On PGlite the running server made the copy: nothing was stopped for it.
      expect(backup.out).toMatch(admin ? /made by this process/ : /made by server/);
      const during = acks.filter((a) => a.phase === "during");
      // The backup really ran beside the intake: appeals kept being acknowledged meanwhile.
      expect(during.length).toBeGreaterThan(0);

      const restore = await runCliProcess(["restore", file], envOf(target));
      expect(restore.code, restore.err).toBe(0);

      const port2 = await freePort();
      restoredServer = startServer({ ...envOf(target), PORT: String(port2) });
      await waitHealthy(port2, restoredServer);
      const headers2 = await signIn(port2, "backup_operator", PASSWORD);
      const base2 = `http://127.0.0.1:${port2}/api/v1`;
      const read = async (url: string, h: Record<string, string>) => {
        const res = await fetch(url, { headers: h });
        return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
      };

      let restoredCount = 0;
      for (const ack of acks) {
        const original = await read(`${base}/cases/${ack.number}`, headers);
        const copy = await read(`${base2}/cases/${ack.number}`, headers2);
        expect(original.status).toBe(200);
        if (ack.phase === "before") expect(copy.status, ack.number).toBe(200);
        else expect([200, 404], ack.number).toContain(copy.status);
        if (copy.status !== 200) continue;
        restoredCount++;
        // The whole case view: fields, reporter (masked alike), events, photos, actions.
        expect(JSON.parse(copy.body.toString("utf8"))).toEqual(JSON.parse(original.body.toString("utf8")));
        const detail = JSON.parse(copy.body.toString("utf8")) as { attachments: { id: string }[] };
        expect(detail.attachments.map((a) => a.id)).toEqual(ack.attachmentId ? [ack.attachmentId] : []);
        for (const { id } of detail.attachments) {
          for (const suffix of ["", "/thumb"]) {
            const a = await read(`${base}/attachments/${id}${suffix}`, headers);
            const b = await read(`${base2}/attachments/${id}${suffix}`, headers2);
            expect(b.status).toBe(200);
            expect(b.body.equals(a.body), `${id}${suffix}`).toBe(true);
          }
        }
      }
      expect(restoredCount).toBeGreaterThanOrEqual(acks.filter((a) => a.phase === "before").length);

      // Nothing in the copy that the source never acknowledged.
      await stopServer(restoredServer);
      const restored = await open(target);
      try {
        const numbers = await restored.db.select({ number: cases.number }).from(cases);
        const acknowledged = new Set(acks.map((a) => a.number));
        expect(numbers.filter((n) => !acknowledged.has(n.number))).toEqual([]);
        expect(numbers).toHaveLength(restoredCount);
      } finally {
        await restored.close();
      }
    } finally {
      if (restoredServer) await stopServer(restoredServer);
      await stopServer(server);
    }
  });
});
