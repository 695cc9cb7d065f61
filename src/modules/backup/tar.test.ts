import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readTar, TAR_END, tarHeader, tarPadding, TarFormatError } from "./tar.js";

function pack(files: { path: string; data: Buffer }[]): Buffer {
  return Buffer.concat([
    ...files.flatMap((f) => [
      tarHeader({ path: f.path, size: f.data.length, mtime: 1_700_000_000 }),
      f.data,
      tarPadding(f.data.length),
    ]),
    TAR_END,
  ]);
}

async function unpack(archive: Buffer, chunkSize = 700): Promise<{ path: string; data: Buffer }[]> {
  const chunks = async function* () {
    for (let i = 0; i < archive.length; i += chunkSize) yield archive.subarray(i, i + chunkSize);
  };
  const out: { path: string; data: Buffer }[] = [];
  for await (const entry of readTar(chunks())) {
    const parts: Buffer[] = [];
    for await (const piece of entry.data) parts.push(piece);
    out.push({ path: entry.path, data: Buffer.concat(parts) });
  }
  return out;
}

const LONG = `uploads/ab/${"a".repeat(64)}.thumb.webp/${"b".repeat(90)}`;
const FILES = [
  { path: "microgov-backup.json", data: Buffer.from('{"a":1}') },
  { path: "empty", data: Buffer.alloc(0) },
  { path: "block", data: randomBytes(512) },
  { path: LONG, data: randomBytes(5000) },
];

describe("tar", () => {
  it("reads back what it writes, in any chunking, long paths included", async () => {
    const archive = pack(FILES);
    for (const size of [1, 511, 512, 700, archive.length]) expect(await unpack(archive, size)).toEqual(FILES);
  });

  it("writes archives GNU tar reads", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-tar-"));
    try {
      const file = path.join(dir, "a.tar.gz");
      fs.writeFileSync(file, gzipSync(pack(FILES)));
      expect(execFileSync("tar", ["-tzf", file], { encoding: "utf8" }).trim().split("\n")).toEqual(
        FILES.map((f) => f.path),
      );
      execFileSync("tar", ["-xzf", file, "-C", dir]);
      expect(fs.readFileSync(path.join(dir, LONG))).toEqual(FILES[3]?.data);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("skips what a reader leaves unread", async () => {
    const seen: string[] = [];
    for await (const entry of readTar(
      (async function* () {
        yield pack(FILES);
      })(),
    )) {
      seen.push(entry.path);
      for await (const piece of entry.data) {
        void piece;
        break; // read one piece at most
      }
    }
    expect(seen).toEqual(FILES.map((f) => f.path));
  });

  it("refuses a truncated archive, a damaged header and a missing end", async () => {
    const archive = pack(FILES);
    await expect(unpack(archive.subarray(0, 1500))).rejects.toThrow(/ends early/);
    await expect(unpack(archive.subarray(0, archive.length - 1024))).rejects.toThrow(/no end marker/);
    const damaged = Buffer.from(archive);
    damaged[1024 + 5] = (damaged[1024 + 5] ?? 0) ^ 0xff; // the second header's name
    await expect(unpack(damaged)).rejects.toThrow(/checksum mismatch/);
    await expect(unpack(archive.subarray(0, 1500))).rejects.toBeInstanceOf(TarFormatError);
  });

  it("refuses paths that would leave the target directory", async () => {
    for (const bad of ["../etc/passwd", "/etc/passwd", "a/../../b", "a//b"]) {
      await expect(unpack(pack([{ path: bad, data: Buffer.from("x") }]))).rejects.toThrow(/unsafe path/);
    }
  });

  it("carries sizes beyond the octal field (base-256)", async () => {
    const size = 9 * 1024 ** 3; // 9 GiB: only the header, no data
    const header = tarHeader({ path: "big", size, mtime: 0 });
    const entries = readTar(
      (async function* () {
        yield header;
      })(),
    );
    const first = await entries.next();
    expect(first.done ? undefined : first.value.size).toBe(size);
  });
});
