/**
 * The register as workbooks: the empty template, the export of the caller's scope (masked, or in
 * full as a logged read) and the all-or-nothing import. The upload is spooled to a temporary
 * file as it arrives (so its size is checked before anything is parsed, and memory stays flat)
 * and read from there by the streaming reader.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import multipart from "@fastify/multipart";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { App, AppContext } from "../../server/context.js";
import { requireActor } from "../../core/access/policy.js";
import { AppError, BadRequestError } from "../../shared/errors.js";
import { exportRegister, writeTemplate } from "./export-register.js";
import { importRegister } from "./import-register.js";
import { requireRegister } from "./policy.js";
import { requestLang, type Lang } from "./register-sheets.js";
import { RegisterExportQuery, RegisterImportedSchema, RegisterTemplateQuery } from "./schemas.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const tags = ["people and places"];

function megabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}

/** Sends a workbook as it is written; a failure before the first byte is an ordinary error answer. */
async function sendWorkbook(
  reply: FastifyReply,
  fileName: string,
  write: (out: PassThrough) => Promise<void>,
): Promise<FastifyReply> {
  const out = new PassThrough();
  const done = write(out);
  // Wait for the first bytes (or a refusal), so a 4xx is still a JSON answer.
  await Promise.race([new Promise((resolve) => out.once("readable", resolve)), done]);
  done.catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return reply
    .type(XLSX)
    .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header("cache-control", "no-store")
    .send(out);
}

/** 400 for an upload of more than the one workbook. */
function oneFileOnly(zh: boolean): BadRequestError {
  return new BadRequestError(
    "too_many_files",
    zh
      ? "每次只能导入一个工作簿：请只在字段 file 中上传一个 XLSX 文件。"
      : "Import one workbook at a time: send a single XLSX file in the field `file`.",
  );
}

/**
 * Spools the one file of field `file` to a temporary path: 413 when larger than `maxBytes`, 400
 * too_many_files for a second file (or more parts than the form has).
 */
async function spoolUpload(request: FastifyRequest, maxBytes: number, lang: Lang): Promise<string> {
  const zh = lang === "zh";
  if (!request.isMultipart()) {
    throw new AppError(
      415,
      "unsupported_media_type",
      zh
        ? "请以 multipart/form-data 上传，文件放在字段 file 中。"
        : "Send the workbook as multipart/form-data in the field `file`.",
    );
  }
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "mg-register-"));
  const file = path.join(dir, "upload.xlsx");
  let got = false;
  try {
    for await (const part of request.parts()) {
      if (part.type !== "file") continue;
      if (got) {
        part.file.resume();
        throw oneFileOnly(zh);
      }
      if (part.fieldname !== "file") {
        part.file.resume();
        throw new BadRequestError(
          "missing_file",
          zh ? "请只在字段 file 中上传一个文件。" : "Send one workbook in the field `file`.",
        );
      }
      got = true;
      await pipeline(part.file, fs.createWriteStream(file));
    }
  } catch (err) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    if (err instanceof AppError) throw err;
    const code = (err as { code?: unknown }).code;
    if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT") throw oneFileOnly(zh);
    if (code === "FST_REQ_FILE_TOO_LARGE") {
      throw new AppError(
        413,
        "payload_too_large",
        zh
          ? `文件超过 ${megabytes(maxBytes)}，请拆分后分批导入。`
          : `The file is larger than ${megabytes(maxBytes)}: split it and import the parts.`,
      );
    }
    throw new BadRequestError(
      "malformed_multipart",
      zh ? "无法读取上传的表单。" : "The multipart/form-data body could not be read.",
    );
  }
  if (!got) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw new BadRequestError(
      "missing_file",
      zh ? "请在字段 file 中上传 XLSX 文件。" : "Send the workbook in the field `file`.",
    );
  }
  return file;
}

export async function registerWorkbookRoutes(app: App, ctx: AppContext): Promise<void> {
  const keys = ctx.config.personalDataKeys;
  const maxBytes = ctx.config.registerImportMaxBytes;

  app.get(
    "/register/template",
    {
      schema: {
        tags,
        summary:
          "The empty import template (XLSX): buildings, dwellings, households, persons, with instructions",
        security: [{ session: [] }],
        querystring: RegisterTemplateQuery,
      },
    },
    async (request, reply) => {
      requireRegister(requireActor(request.actor), "people.manage");
      const lang = request.query.lang ?? requestLang(request.headers["accept-language"]);
      const name = lang === "zh" ? "人口房屋导入模板.xlsx" : "register-template.xlsx";
      return sendWorkbook(reply, name, (out) => writeTemplate(out, lang));
    },
  );

  app.get(
    "/register/export",
    {
      schema: {
        tags,
        summary: "The register of your scope as XLSX in the template's layout (numbers masked unless full)",
        description:
          "`full=true` needs people.reveal and a `reason`: the numbers are written in full and every person's read is logged " +
          "in the personal-data reads audit. Population tags are not exported.",
        security: [{ session: [] }],
        querystring: RegisterExportQuery,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const lang = request.query.lang ?? requestLang(request.headers["accept-language"]);
      const full = request.query.full === "true";
      const name = `${lang === "zh" ? "人口房屋" : "register"}-${new Date().toISOString().slice(0, 10)}.xlsx`;
      return sendWorkbook(reply, name, (out) =>
        exportRegister(
          ctx.db,
          actor,
          keys,
          { region: request.query.region, full, reason: request.query.reason, lang },
          out,
        ),
      );
    },
  );

  // A scope of its own, so only this route accepts multipart bodies.
  await app.register(async (scope: App) => {
    await scope.register(multipart, {
      limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 50 },
    });
    scope.post(
      "/register/import",
      {
        schema: {
          tags,
          summary: "Import a register workbook (the template's layout) into your scope: all or nothing",
          description:
            "multipart/form-data, the XLSX in field `file` (413 above REGISTER_IMPORT_MAX_BYTES; 400 too_many_files " +
            "for more than one file). Any problem: 400 " +
            "import_rejected, nothing written, `details.problems` names each (sheet, row, column, reason; in the " +
            "Accept-Language's language, Chinese by default). Not a workbook: 400 bad_file. More than " +
            "REGISTER_IMPORT_MAX_ROWS data rows: 400 too_many_rows. Sheets or shared strings that inflate past their " +
            "limits (128 MB, 16 MB): 400 workbook_too_large.",
          security: [{ session: [], csrf: [] }],
          response: { 200: RegisterImportedSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request.actor);
        requireRegister(actor, "people.manage");
        const lang = requestLang(request.headers["accept-language"]);
        const file = await spoolUpload(request, maxBytes, lang);
        try {
          return await importRegister(ctx.db, actor, keys, file, {
            lang,
            maxRows: ctx.config.registerImportMaxRows,
            requestId: request.id,
            warn: (err, message) => request.log.warn({ err }, message),
          });
        } finally {
          await fs.promises.rm(path.dirname(file), { recursive: true, force: true });
        }
      },
    );
  });
}
