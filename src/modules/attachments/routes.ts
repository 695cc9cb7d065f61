import fs from "node:fs/promises";
import { createReadStream } from "node:fs";
import multipart from "@fastify/multipart";
import "@fastify/rate-limit";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { App, AppContext } from "../../server/context.js";
import { AppError, BadRequestError, NotFoundError } from "../../shared/errors.js";
import { getReadableAttachment } from "./attachment-access.js";
import { resolveStored } from "./attachment-files.js";
import { createAttachment, type AttachmentRow } from "./create-attachment.js";
import { presentAttachment } from "./present-attachment.js";
import { AttachmentCreatedSchema, AttachmentIdParams, AttachmentReadQuery } from "./schemas.js";

/**
 * Uploads per client IP per minute. The appeal form is public, so this and the size limit are
 * what stand between an anonymous script and the disk.
 */
export const UPLOAD_RATE_LIMIT = { max: 30, timeWindow: 60_000 };

const TOKEN_HEADER = "x-attachment-token";

function megabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}

/** Multipart and busboy errors are all about the client's body: name them, never a 500. */
function uploadError(err: unknown, maxBytes: number): AppError {
  if (err instanceof AppError) return err;
  switch ((err as { code?: unknown }).code) {
    case "FST_REQ_FILE_TOO_LARGE":
      return new AppError(413, "payload_too_large", `The photo is larger than ${megabytes(maxBytes)}.`);
    case "FST_FILES_LIMIT":
      return new BadRequestError("too_many_files", "Send one photo per request.");
    case "FST_PARTS_LIMIT":
    case "FST_FIELDS_LIMIT":
      return new AppError(
        413,
        "payload_too_large",
        "The form has too many parts; send just the field `file`.",
      );
    default:
      return new BadRequestError("malformed_multipart", "The multipart/form-data body could not be read.");
  }
}

/** The bytes of the one file in field `file`; other fields are ignored. */
async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new AppError(
      415,
      "unsupported_media_type",
      "Send the photo as multipart/form-data in the field `file`.",
    );
  }
  let data: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== "file") continue;
      if (part.fieldname !== "file") {
        throw new BadRequestError(
          "missing_file",
          `Send the photo in the field \`file\`, not \`${part.fieldname}\`.`,
        );
      }
      data = await part.toBuffer();
    }
  } catch (err) {
    throw uploadError(err, maxBytes);
  }
  if (!data || data.length === 0)
    throw new BadRequestError("missing_file", "Send one photo in the field `file`.");
  return data;
}

/** The upload token from `?token=` (works in an <img src>) or the X-Attachment-Token header. */
function readToken(request: FastifyRequest, queryToken: string | undefined): string | undefined {
  const header = request.headers[TOKEN_HEADER];
  return queryToken ?? (typeof header === "string" ? header : undefined);
}

/**
 * Streams a stored file. Content-addressed, so the hash is a perfect ETag; `private` because
 * appeal photos must not sit in shared caches.
 */
async function sendStored(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: { uploadDir: string; relative: string; mime: string; etag: string },
): Promise<FastifyReply> {
  const file = resolveStored(opts.uploadDir, opts.relative);
  const stat = await fs.stat(file).catch(() => null);
  if (!stat) {
    request.log.error({ file }, "attachment file missing under UPLOAD_DIR");
    throw new NotFoundError("Attachment file");
  }
  const etag = `"${opts.etag}"`;
  void reply
    .header("cache-control", "private")
    .header("etag", etag)
    .header("x-content-type-options", "nosniff")
    .header("content-disposition", "inline");
  if (request.headers["if-none-match"] === etag) return reply.status(304).send();
  return reply.type(opts.mime).header("content-length", stat.size).send(createReadStream(file));
}

/** Photo upload (public, rate limited) and download (uploader, or as the cases module allows). */
export async function attachmentRoutes(app: App, ctx: AppContext): Promise<void> {
  const { uploadDir, attachmentMaxBytes } = ctx.config;
  // A scope of its own, so only these routes accept multipart bodies.
  await app.register(async (scope: App) => {
    await scope.register(multipart, {
      limits: {
        fileSize: attachmentMaxBytes,
        files: 1,
        fields: 10,
        fieldSize: 1024,
        parts: 12,
        headerPairs: 50,
      },
    });

    scope.post(
      "/attachments",
      {
        config: { rateLimit: UPLOAD_RATE_LIMIT },
        schema: {
          tags: ["attachments"],
          summary: "Upload one photo (JPEG, PNG or WebP) as multipart/form-data field `file`",
          description:
            "Anyone may upload (the appeal form is public); the type is read from the content (415 otherwise), " +
            "the size is limited (413), and all metadata but orientation — applied to the pixels — is removed. " +
            "Pass the returned id when creating a case or event.",
          response: { 201: AttachmentCreatedSchema },
        },
      },
      async (request, reply) => {
        const data = await readUpload(request, attachmentMaxBytes);
        const { attachment, uploadToken } = await createAttachment(ctx.db, {
          uploadDir,
          data,
          actor: request.actor,
          ip: request.ip,
        });
        const body = presentAttachment(attachment);
        return reply.status(201).send(uploadToken === null ? body : { ...body, uploadToken });
      },
    );

    const variants = [
      {
        path: "/attachments/:id",
        summary: "The photo itself",
        file: (row: AttachmentRow) => ({ relative: row.storagePath, mime: row.mime, etag: row.sha256 }),
      },
      {
        path: "/attachments/:id/thumb",
        summary: "The photo's thumbnail (WebP, 320 px wide at most)",
        file: (row: AttachmentRow) => ({
          relative: row.thumbPath,
          mime: "image/webp",
          etag: `${row.sha256}-thumb`,
        }),
      },
    ];
    for (const variant of variants) {
      scope.get(
        variant.path,
        {
          schema: {
            tags: ["attachments"],
            summary: variant.summary,
            description:
              "Readable by the uploader while unclaimed (session, or the anonymous upload token); " +
              "once part of a case, by whoever may read the case. Anyone else gets 404.",
            params: AttachmentIdParams,
            querystring: AttachmentReadQuery,
          },
        },
        async (request, reply) => {
          const row = await getReadableAttachment(ctx.db, {
            id: request.params.id,
            actor: request.actor,
            token: readToken(request, request.query.token),
          });
          return sendStored(request, reply, { uploadDir, ...variant.file(row) });
        },
      );
    }
  });
}
