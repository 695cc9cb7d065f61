import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildUser, sessionHeaders, type TestUser } from "../../../test/helpers/app.js";
import { createTestDatabase } from "../../../test/helpers/db.js";
import { ConfigError, loadConfig } from "../../config.js";
import type { Database, Tx } from "../../db/client.js";
import { attachments } from "../../db/schema.js";
import { buildApp } from "../../server/app.js";
import type { App } from "../../server/context.js";
import { setAttachmentAccessCheck, UPLOAD_TOKEN_TTL_MS } from "./attachment-access.js";
import { prepareUploadDir, TMP_DIR } from "./attachment-files.js";
import { claimAttachments, type Claimant, type ClaimTarget } from "./claim-attachments.js";
import { deleteUnclaimedAttachments } from "./delete-unclaimed-attachments.js";
import { attachmentRoutes, UPLOAD_RATE_LIMIT } from "./routes.js";

const MAX_BYTES = 300_000;

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer | string;
}

/** A multipart/form-data body built by hand, as a browser would send it. */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----mgtest${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition =
      p.filename === undefined
        ? `form-data; name="${p.name}"`
        : `form-data; name="${p.name}"; filename="${p.filename}"`;
    const type = p.contentType ? `Content-Type: ${p.contentType}\r\n` : "";
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

/** 64×32: left half red, right half blue, so a rotation shows in the pixels. */
async function halves(): Promise<ReturnType<typeof sharp>> {
  const red = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#ff0000" } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 64, height: 32, channels: 3, background: "#0000ff" } }).composite([
    { input: red, left: 0, top: 0 },
  ]);
}

/** A phone photo lying on its side: EXIF orientation 6 (rotate 90° clockwise), a camera and GPS. */
async function phoneJpeg(): Promise<Buffer> {
  return (await halves())
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "TestCam", Model: "Leaky X1" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "39/1 31/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "116/1 42/1 0/1",
      },
    })
    .toBuffer();
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

describe("attachments", () => {
  let database: Database;
  let app: App;
  let root: string;
  let uploadDir: string;
  let uploader: TestUser;
  let other: TestUser;
  let uploaderHeaders: Record<string, string>;
  let otherHeaders: Record<string, string>;
  let ipCounter = 0;
  /** Each upload comes from its own address unless a test means otherwise (per-IP rate limit). */
  const freshIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "mg-attach-"));
    uploadDir = path.join(root, "uploads");
    database = await createTestDatabase();
    const config = loadConfig({
      DATA_DIR: path.join(root, "data"),
      UPLOAD_DIR: uploadDir,
      ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
      LOG_LEVEL: "silent",
    });
    prepareUploadDir(config.uploadDir);
    app = await buildApp({ database, config });
    // Until app.ts registers the module, mount it here the way app.ts will.
    if (!app.hasRoute({ method: "POST", url: "/api/v1/attachments" })) {
      await app.register(async (api: App) => attachmentRoutes(api, { database, db: database.db, config }), {
        prefix: "/api/v1",
      });
    }
    await app.ready();
    uploader = await buildUser(database, [{ role: "grid_worker", region: "131002" }]);
    other = await buildUser(database, [{ role: "grid_worker", region: "131002" }]);
    uploaderHeaders = await sessionHeaders(database, uploader);
    otherHeaders = await sessionHeaders(database, other);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  afterEach(() => setAttachmentAccessCheck(undefined));

  const upload = (
    data: Buffer | string,
    opts: { filename?: string; contentType?: string; headers?: object; ip?: string } = {},
  ) => {
    const body = multipart([
      {
        name: "file",
        filename: opts.filename ?? "photo.jpg",
        contentType: opts.contentType ?? "image/jpeg",
        data,
      },
    ]);
    return app.inject({
      method: "POST",
      url: "/api/v1/attachments",
      payload: body.payload,
      headers: { ...body.headers, ...opts.headers },
      remoteAddress: opts.ip ?? freshIp(),
    });
  };
  const rowOf = async (id: string) => {
    const [row] = await database.db.select().from(attachments).where(eq(attachments.id, id));
    if (!row) throw new Error(`no attachment ${id}`);
    return row;
  };
  const rowCount = async () => (await database.db.select({ id: attachments.id }).from(attachments)).length;
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: "GET", url, headers });

  describe("upload", () => {
    it("turns a sideways phone JPEG upright and drops EXIF and GPS", async () => {
      const original = await phoneJpeg();
      const before = await sharp(original).metadata();
      expect(before.orientation).toBe(6);
      expect(before.exif?.includes(Buffer.from("Leaky X1"))).toBe(true);

      const res = await upload(original);
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ mime: "image/jpeg", width: 32, height: 64 });
      expect(body.url).toBe(`/api/v1/attachments/${body.id}`);
      expect(body.thumbUrl).toBe(`/api/v1/attachments/${body.id}/thumb`);
      expect(typeof body.uploadToken).toBe("string");

      const row = await rowOf(body.id);
      const stored = fs.readFileSync(path.join(uploadDir, row.storagePath));
      expect(path.join(uploadDir, row.storagePath).startsWith(uploadDir + path.sep)).toBe(true);
      expect(sha256(stored)).toBe(row.sha256);
      expect(row.storagePath).toContain(row.sha256);
      expect(row.bytes).toBe(stored.length);
      const meta = await sharp(stored).metadata();
      expect(meta).toMatchObject({ format: "jpeg", width: 32, height: 64 });
      expect(meta.orientation).toBeUndefined();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(stored.includes(Buffer.from("Leaky X1"))).toBe(false);
      expect(stored.includes(Buffer.from("TestCam"))).toBe(false);

      // Orientation 6 is a quarter turn clockwise: the red left half is now on top.
      const { data, info } = await sharp(stored).raw().toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number) => [
        ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
      ];
      const [rTop, , bTop] = pixel(16, 8);
      const [rBottom, , bBottom] = pixel(16, 56);
      expect(rTop).toBeGreaterThan(200);
      expect(bTop).toBeLessThan(60);
      expect(bBottom).toBeGreaterThan(200);
      expect(rBottom).toBeLessThan(60);

      const thumb = await sharp(fs.readFileSync(path.join(uploadDir, row.thumbPath))).metadata();
      expect(thumb).toMatchObject({ format: "webp", width: 32, height: 64 });
      // Nothing half-written is left behind.
      expect(fs.readdirSync(path.join(uploadDir, TMP_DIR))).toEqual([]);
      expect(row.uploadedByUserId).toBeNull();
      expect(row.uploaderIpHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it("accepts PNG (keeping transparency in the thumbnail) and WebP, and thumbnails big ones at 320 px", async () => {
      const png = await sharp({ create: { width: 800, height: 400, channels: 4, background: "#00ff0080" } })
        .png()
        .toBuffer();
      const res = await upload(png, { filename: "plan.png", contentType: "image/png" });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ mime: "image/png", width: 800, height: 400 });
      const row = await rowOf(res.json().id);
      expect((await sharp(fs.readFileSync(path.join(uploadDir, row.storagePath))).metadata()).format).toBe(
        "png",
      );
      const thumb = await sharp(fs.readFileSync(path.join(uploadDir, row.thumbPath))).metadata();
      expect(thumb).toMatchObject({ format: "webp", width: 320, height: 160, hasAlpha: true });

      const webp = await sharp({ create: { width: 120, height: 90, channels: 3, background: "#123456" } })
        .webp()
        .toBuffer();
      // The declared type and name are wrong on purpose: the content decides.
      const res2 = await upload(webp, { filename: "x.jpg", contentType: "image/jpeg" });
      expect(res2.statusCode).toBe(201);
      expect(res2.json()).toMatchObject({ mime: "image/webp", width: 120, height: 90 });
    });

    it("refuses by content: a text file named .jpg, a broken JPEG, a GIF → 415, and stores nothing", async () => {
      const count = await rowCount();
      const fake = await upload("this is not a photo, just words", { filename: "photo.jpg" });
      expect(fake.statusCode).toBe(415);
      expect(fake.json().error.code).toBe("unsupported_media_type");

      const broken = await upload(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2000)]));
      expect(broken.statusCode).toBe(415);
      expect(broken.json().error.code).toBe("unsupported_media_type");

      const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } })
        .gif()
        .toBuffer();
      const gifRes = await upload(gif, { filename: "a.png", contentType: "image/png" });
      expect(gifRes.statusCode).toBe(415);

      expect(await rowCount()).toBe(count);
    });

    it("answers 413 in the error shape for a photo over ATTACHMENT_MAX_BYTES", async () => {
      const noise = await sharp(randomBytes(400 * 400 * 3), { raw: { width: 400, height: 400, channels: 3 } })
        .png()
        .toBuffer();
      expect(noise.length).toBeGreaterThan(MAX_BYTES);
      const count = await rowCount();
      const res = await upload(noise, { filename: "big.png", contentType: "image/png" });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({
        error: { code: "payload_too_large", message: expect.stringContaining("MB") },
      });
      expect(await rowCount()).toBe(count);
    });

    it("answers 4xx, never 500, for bodies that are not one photo in field `file`", async () => {
      const json = await app.inject({ method: "POST", url: "/api/v1/attachments", payload: { file: "x" } });
      expect(json.statusCode).toBe(415);
      expect(json.json().error.code).toBe("unsupported_media_type");

      const photo = await phoneJpeg();
      const wrongField = multipart([{ name: "photo", filename: "a.jpg", data: photo }]);
      const r1 = await app.inject({ method: "POST", url: "/api/v1/attachments", ...wrongField });
      expect(r1.statusCode).toBe(400);
      expect(r1.json().error.code).toBe("missing_file");

      const noFile = multipart([{ name: "note", data: "hello" }]);
      const r2 = await app.inject({ method: "POST", url: "/api/v1/attachments", ...noFile });
      expect(r2.statusCode).toBe(400);
      expect(r2.json().error.code).toBe("missing_file");

      const two = multipart([
        { name: "file", filename: "a.jpg", data: photo },
        { name: "file", filename: "b.jpg", data: photo },
      ]);
      const r3 = await app.inject({ method: "POST", url: "/api/v1/attachments", ...two });
      expect(r3.statusCode).toBe(400);
      expect(r3.json().error.code).toBe("too_many_files");

      const truncated = multipart([{ name: "file", filename: "a.jpg", data: photo }]);
      const r4 = await app.inject({
        method: "POST",
        url: "/api/v1/attachments",
        headers: truncated.headers,
        payload: truncated.payload.subarray(0, truncated.payload.length - 40),
      });
      expect(r4.statusCode).toBe(400);
      expect(r4.json().error.code).toBe("malformed_multipart");

      const r5 = await app.inject({
        method: "POST",
        url: "/api/v1/attachments",
        headers: { "content-type": "multipart/form-data" },
        payload: "no boundary at all",
      });
      expect(r5.statusCode).toBe(400);
      expect(r5.json().error.code).toBe("malformed_multipart");
    });

    it("is described in the OpenAPI document", async () => {
      const res = await app.inject({ method: "GET", url: "/api/openapi.json" });
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json().paths)).toEqual(
        expect.arrayContaining([
          "/api/v1/attachments",
          "/api/v1/attachments/{id}",
          "/api/v1/attachments/{id}/thumb",
        ]),
      );
    });

    it("keeps multipart to its own routes: elsewhere it is still 415", async () => {
      const body = multipart([{ name: "username", data: "x" }]);
      const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", ...body });
      expect(res.statusCode).toBe(415);
    });

    it("rate-limits uploads per client IP", async () => {
      const ip = "203.0.113.77";
      const statuses: number[] = [];
      for (let i = 0; i <= UPLOAD_RATE_LIMIT.max; i++) {
        statuses.push((await upload("not a photo", { ip })).statusCode);
      }
      expect(statuses.slice(0, UPLOAD_RATE_LIMIT.max).every((s) => s === 415)).toBe(true);
      const last = await upload("not a photo", { ip });
      expect(last.statusCode).toBe(429);
      expect(last.json().error.code).toBe("too_many_requests");
      // Another address is unaffected.
      expect((await upload("not a photo")).statusCode).toBe(415);
    });

    it("records a signed-in uploader (CSRF header required) and gives no upload token", async () => {
      const photo = await phoneJpeg();
      const { "x-csrf-token": _csrf, ...cookieOnly } = uploaderHeaders;
      expect((await upload(photo, { headers: cookieOnly })).statusCode).toBe(403);
      const res = await upload(photo, { headers: uploaderHeaders });
      expect(res.statusCode).toBe(201);
      expect(res.json().uploadToken).toBeUndefined();
      expect((await rowOf(res.json().id)).uploadedByUserId).toBe(uploader.id);
    });
  });

  describe("download", () => {
    it("lets the anonymous uploader read with the token, for a limited time; nobody else", async () => {
      const res = await upload(await phoneJpeg());
      const { id, url, thumbUrl, uploadToken } = res.json();
      const row = await rowOf(id);

      const photo = await get(`${url}?token=${uploadToken}`);
      expect(photo.statusCode).toBe(200);
      expect(photo.headers["content-type"]).toBe("image/jpeg");
      expect(photo.headers["cache-control"]).toBe("private");
      expect(photo.headers["x-content-type-options"]).toBe("nosniff");
      expect(photo.rawPayload.equals(fs.readFileSync(path.join(uploadDir, row.storagePath)))).toBe(true);

      const thumb = await get(thumbUrl, { "x-attachment-token": uploadToken });
      expect(thumb.statusCode).toBe(200);
      expect(thumb.headers["content-type"]).toBe("image/webp");
      expect(thumb.headers["cache-control"]).toBe("private");

      const again = await get(`${url}?token=${uploadToken}`, { "if-none-match": String(photo.headers.etag) });
      expect(again.statusCode).toBe(304);

      for (const denied of [
        await get(url),
        await get(`${url}?token=wrong`),
        await get(thumbUrl),
        await get(url, uploaderHeaders),
      ]) {
        expect(denied.statusCode).toBe(404);
        expect(denied.json().error.code).toBe("not_found");
      }

      // The token is short-lived.
      await database.db
        .update(attachments)
        .set({ createdAt: new Date(Date.now() - UPLOAD_TOKEN_TTL_MS - 60_000) })
        .where(eq(attachments.id, id));
      expect((await get(`${url}?token=${uploadToken}`)).statusCode).toBe(404);
    });

    it("lets a signed-in uploader read their own unclaimed photo, not another user", async () => {
      const res = await upload(await phoneJpeg(), { headers: uploaderHeaders });
      const { url, thumbUrl } = res.json();
      expect((await get(url, uploaderHeaders)).statusCode).toBe(200);
      expect((await get(thumbUrl, uploaderHeaders)).statusCode).toBe(200);
      expect((await get(url, otherHeaders)).statusCode).toBe(404);
      expect((await get(url)).statusCode).toBe(404);
    });

    it("leaves claimed photos to the registered access check (default: deny)", async () => {
      const res = await upload(await phoneJpeg(), { headers: uploaderHeaders });
      const { id, url } = res.json();
      const caseId = randomUUID();
      await database.db.transaction((tx) =>
        claimAttachments(tx, [id], { subjectType: "case", subjectId: caseId }, { userId: uploader.id }),
      );

      expect((await get(url, uploaderHeaders)).statusCode).toBe(404);
      setAttachmentAccessCheck(
        async ({ actor, attachment }) => actor?.userId === other.id && attachment.subjectId === caseId,
      );
      expect((await get(url, otherHeaders)).statusCode).toBe(200);
      expect((await get(url, uploaderHeaders)).statusCode).toBe(404);
    });

    it("answers 404 for an unknown id and 400 for a malformed one", async () => {
      expect((await get(`/api/v1/attachments/${randomUUID()}`)).statusCode).toBe(404);
      const bad = await get("/api/v1/attachments/not-a-uuid");
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe("validation_failed");
    });
  });

  describe("claimAttachments", () => {
    /** Upload tokens of the anonymous uploads below, by id: the claimant's proof. */
    const tokens = new Map<string, string>();
    const fresh = async () => {
      const body = (await upload(await phoneJpeg())).json();
      tokens.set(body.id, body.uploadToken);
      return body.id as string;
    };
    /** Claims as the anonymous resident who uploaded them all. */
    const claimAs = (tx: Tx, ids: string[], target: ClaimTarget) =>
      claimAttachments(tx, ids, target, { userId: null, uploadTokens: [...tokens.values()] });

    it("lets only the uploader claim: their session, or the anonymous upload token", async () => {
      const anonymous = await fresh();
      const mine = (await upload(await phoneJpeg(), { headers: uploaderHeaders })).json().id as string;
      const caseId = randomUUID();
      const refused = async (ids: string[], claimant: Claimant) => {
        const err = await database.db
          .transaction((tx) =>
            claimAttachments(tx, ids, { subjectType: "case", subjectId: caseId }, claimant),
          )
          .catch((e: unknown) => e);
        expect(err).toMatchObject({ status: 400, code: "attachment_unavailable" });
        // Someone else's photo is answered as if it did not exist.
        expect((err as Error).message).toMatch(/does not exist/);
      };
      await refused([anonymous], { userId: other.id });
      await refused([anonymous], { userId: null, uploadTokens: ["not-the-token"] });
      await refused([anonymous], { userId: null });
      await refused([mine], { userId: other.id });
      await refused([mine], { userId: null, uploadTokens: [tokens.get(anonymous) ?? ""] });
      expect((await rowOf(anonymous)).subjectId).toBeNull();
      expect((await rowOf(mine)).subjectId).toBeNull();

      const claimed = await database.db.transaction((tx) =>
        claimAttachments(
          tx,
          [anonymous, mine],
          { subjectType: "case", subjectId: caseId },
          {
            userId: uploader.id,
            uploadTokens: [tokens.get(anonymous) ?? ""],
          },
        ),
      );
      expect(claimed.map((c) => c.id).sort()).toEqual([anonymous, mine].sort());
    });

    it("claims unclaimed ids for a case, again harmlessly, and refuses another case naming the id", async () => {
      const a = await fresh();
      const b = await fresh();
      const caseId = randomUUID();
      const claimed = await database.db.transaction((tx) =>
        claimAs(tx, [a, b, a], { subjectType: "case", subjectId: caseId }),
      );
      expect(claimed.map((c) => c.id).sort()).toEqual([a, b].sort());
      expect((await rowOf(a)).subjectId).toBe(caseId);

      await database.db.transaction((tx) =>
        claimAs(tx, [a], { subjectType: "case", subjectId: caseId, eventId: 7 }),
      );
      expect(await rowOf(a)).toMatchObject({ subjectType: "case", subjectId: caseId, eventId: 7 });
      await database.db.transaction((tx) =>
        claimAs(tx, [a], { subjectType: "case", subjectId: caseId, eventId: 7 }),
      );
      await expect(
        database.db.transaction((tx) =>
          claimAs(tx, [a], { subjectType: "case", subjectId: caseId, eventId: 8 }),
        ),
      ).rejects.toMatchObject({ status: 400, code: "attachment_unavailable", details: { id: a } });

      const err = await database.db
        .transaction((tx) => claimAs(tx, [b], { subjectType: "case", subjectId: randomUUID() }))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 400, code: "attachment_unavailable", details: { id: b } });
      expect((err as Error).message).toContain(b);
      expect((await rowOf(b)).subjectId).toBe(caseId);
      expect(
        await database.db.transaction((tx) => claimAs(tx, [], { subjectType: "case", subjectId: caseId })),
      ).toEqual([]);
    });

    it("claims all or nothing: one unknown or malformed id leaves the others unclaimed", async () => {
      const a = await fresh();
      const missing = randomUUID();
      await expect(
        database.db.transaction((tx) =>
          claimAs(tx, [a, missing], { subjectType: "case", subjectId: randomUUID() }),
        ),
      ).rejects.toMatchObject({ status: 400, message: expect.stringContaining(missing) });
      expect((await rowOf(a)).subjectId).toBeNull();

      await expect(
        database.db.transaction((tx) =>
          claimAs(tx, [a, "nope"], { subjectType: "case", subjectId: randomUUID() }),
        ),
      ).rejects.toMatchObject({ status: 400, details: { id: "nope" } });
      expect((await rowOf(a)).subjectId).toBeNull();
    });

    it("lets only one of two racing cases claim a photo", async () => {
      const a = await fresh();
      const results = await Promise.allSettled(
        [randomUUID(), randomUUID()].map((caseId) =>
          database.db.transaction((tx) => claimAs(tx, [a], { subjectType: "case", subjectId: caseId })),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    });
  });

  describe("deleteUnclaimedAttachments", () => {
    it("removes old unclaimed rows and their files, keeps shared, claimed and recent ones", async () => {
      const shared = await phoneJpeg();
      const keptUpload = (await upload(shared)).json(); // claimed, same content as `dropped`
      const kept = keptUpload.id as string;
      const dropped = (await upload(shared)).json().id as string;
      const lone = (await upload(await halves().then((s) => s.webp().toBuffer()))).json().id as string;
      const recent = (await upload(shared)).json().id as string;
      await database.db.transaction((tx) =>
        claimAttachments(
          tx,
          [kept],
          { subjectType: "case", subjectId: randomUUID() },
          { userId: null, uploadTokens: [keptUpload.uploadToken] },
        ),
      );

      const old = new Date(Date.now() - 48 * 3600 * 1000);
      const rows = await Promise.all([kept, dropped, lone].map(rowOf));
      for (const row of rows) {
        await database.db.update(attachments).set({ createdAt: old }).where(eq(attachments.id, row.id));
      }
      const loneRow = await rowOf(lone);
      const sharedRow = await rowOf(dropped);
      for (const rel of [loneRow.storagePath, loneRow.thumbPath, sharedRow.storagePath]) {
        fs.utimesSync(path.join(uploadDir, rel), old, old);
      }
      const staleTmp = path.join(uploadDir, TMP_DIR, "deadbeef.part");
      fs.writeFileSync(staleTmp, "half a photo");
      fs.utimesSync(staleTmp, old, old);

      const result = await deleteUnclaimedAttachments(database.db, { uploadDir, olderThanHours: 24 });
      expect(result.attachments).toBeGreaterThanOrEqual(2);
      const ids = new Set(
        (await database.db.select({ id: attachments.id }).from(attachments)).map((r) => r.id),
      );
      expect(ids.has(kept)).toBe(true);
      expect(ids.has(recent)).toBe(true);
      expect(ids.has(dropped)).toBe(false);
      expect(ids.has(lone)).toBe(false);
      expect(fs.existsSync(path.join(uploadDir, loneRow.storagePath))).toBe(false);
      expect(fs.existsSync(path.join(uploadDir, loneRow.thumbPath))).toBe(false);
      expect(fs.existsSync(path.join(uploadDir, sharedRow.storagePath))).toBe(true);
      expect(fs.existsSync(staleTmp)).toBe(false);
    });
  });

  describe("configuration", () => {
    it("defaults UPLOAD_DIR inside DATA_DIR and checks it is writable", () => {
      expect(loadConfig({ DATA_DIR: "/srv/mg" }).uploadDir).toBe("/srv/mg/uploads");
      expect(loadConfig({ DATA_DIR: "/srv/mg", UPLOAD_DIR: "/srv/photos" }).uploadDir).toBe("/srv/photos");
      expect(loadConfig({}).attachmentMaxBytes).toBe(10 * 1024 * 1024);
      expect(() => loadConfig({ ATTACHMENT_MAX_BYTES: "ten" })).toThrow(ConfigError);
      const file = path.join(root, "a-file");
      fs.writeFileSync(file, "");
      expect(() => prepareUploadDir(path.join(file, "uploads"))).toThrow(ConfigError);
    });
  });
});
