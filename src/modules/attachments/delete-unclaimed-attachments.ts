import fs from "node:fs/promises";
import path from "node:path";
import { and, inArray, isNull, lt } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { attachments } from "../../db/schema.js";
import { resolveStored, TMP_DIR } from "./attachment-files.js";

/** A temp file this old belongs to a write that died (crash, kill -9); no upload takes this long. */
const STALE_TMP_MS = 60 * 60 * 1000;

export interface DeleteUnclaimedOptions {
  uploadDir: string;
  /** Unclaimed uploads older than this go: photos sent with an appeal that was never submitted. */
  olderThanHours: number;
  now?: Date;
}

/** Removes `file` if it was last written before `cutoff`; false when it is newer or gone. */
async function removeIfOlder(file: string, cutoff: number): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (stat.mtimeMs >= cutoff) return false;
    await fs.rm(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
}

/**
 * Maintenance: deletes unclaimed attachment rows older than `olderThanHours`, then their files
 * unless another row still uses the same content, and stale temp files of dead writes.
 * Safe beside live traffic: a claim racing the delete either wins (the row is no longer
 * unclaimed, so it stays) or loses (the claim reports the id gone); a file is only removed if it
 * was not rewritten since the cutoff, and every upload rewrites its file just before inserting
 * its row, so a new upload of the same photo keeps it.
 */
export async function deleteUnclaimedAttachments(
  db: Db,
  opts: DeleteUnclaimedOptions,
): Promise<{ attachments: number; files: number }> {
  const now = (opts.now ?? new Date()).getTime();
  const cutoff = now - opts.olderThanHours * 60 * 60 * 1000;
  const deleted = await db
    .delete(attachments)
    .where(and(isNull(attachments.subjectId), lt(attachments.createdAt, new Date(cutoff))))
    .returning({ storagePath: attachments.storagePath, thumbPath: attachments.thumbPath });

  let files = 0;
  const paths = [...new Set(deleted.map((d) => d.storagePath))];
  if (paths.length > 0) {
    const kept = await db
      .selectDistinct({ storagePath: attachments.storagePath })
      .from(attachments)
      .where(inArray(attachments.storagePath, paths));
    const inUse = new Set(kept.map((k) => k.storagePath));
    for (const d of deleted) {
      if (inUse.has(d.storagePath)) continue;
      inUse.add(d.storagePath); // the same content twice in `deleted`: remove it once
      for (const relative of [d.storagePath, d.thumbPath]) {
        if (await removeIfOlder(resolveStored(opts.uploadDir, relative), cutoff)) files++;
      }
    }
  }

  const tmpDir = path.join(opts.uploadDir, TMP_DIR);
  const entries = await fs.readdir(tmpDir).catch(() => [] as string[]);
  for (const name of entries) {
    if (name.endsWith(".part") && (await removeIfOlder(path.join(tmpDir, name), now - STALE_TMP_MS))) files++;
  }
  return { attachments: deleted.length, files };
}
