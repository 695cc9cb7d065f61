/**
 * How GeoReport v2 answers: the format is the resource's extension (`.json` or `.xml`), the body
 * is the same tree in either (Spark convention), and errors are a list of `{code, description}`
 * with the HTTP status equal to the code.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, clientDatabaseError, loggableError } from "../../shared/errors.js";
import { xmlDocument, type XmlValue } from "./xml.js";

export const OPEN311_FORMATS = ["json", "xml"] as const;
/** A response format the endpoint serves. */
export type Open311Format = (typeof OPEN311_FORMATS)[number];

const CONTENT_TYPES: Record<Open311Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
};

/** An error in the spec's terms: the HTTP status is also the code in the body. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

/**
 * A resource name with its format split off: `services.xml` → `{name: "services", format:
 * "xml"}`. No extension means XML, the spec's required format; any other extension is no
 * resource of ours (null → 404).
 */
export function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const dot = file.lastIndexOf(".");
  if (dot < 0) return { name: file, format: "xml" };
  const ext = file.slice(dot + 1);
  if (ext !== "json" && ext !== "xml") return null;
  return { name: file.slice(0, dot), format: ext };
}

/** The format an error about this URL is written in: JSON only when JSON was asked for. */
export function formatOfUrl(url: string): Open311Format {
  const path = url.split("?", 1)[0] ?? "";
  return path.endsWith(".json") ? "json" : "xml";
}

/** Sends `body` in `format`; `root` names the XML document element (services, service_requests…). */
export function sendOpen311(
  reply: FastifyReply,
  format: Open311Format,
  root: string,
  body: XmlValue,
  status = 200,
): FastifyReply {
  const text = format === "json" ? JSON.stringify(body) : xmlDocument(root, body);
  return reply.status(status).header("content-type", CONTENT_TYPES[format]).send(text);
}

/** Sends one error in the spec's format with the HTTP status equal to its code. */
export function sendOpen311Error(
  reply: FastifyReply,
  format: Open311Format,
  status: number,
  description: string,
): FastifyReply {
  return sendOpen311(reply, format, "errors", [{ code: status, description }], status);
}

/** Fastify's own client errors that keep their status; everything else a client caused is 400. */
const KEPT_STATUSES = new Set([403, 404, 405, 413, 415, 429]);

/**
 * The Open311 plugin's error handler: the platform's error family and Fastify's client errors in
 * the spec's format. The spec asks for 403 on a missing or wrong api_key, 404 for what does not
 * exist, and "basically 400 for any other error"; an unexpected failure is logged and is a 500
 * that still speaks the spec's format.
 */
export function open311ErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const format = formatOfUrl(request.url);
  if (err instanceof Open311Error) {
    void sendOpen311Error(reply, format, err.status, err.description);
    return;
  }
  if (err instanceof AppError) {
    const status = err.status === 401 ? 403 : KEPT_STATUSES.has(err.status) ? err.status : 400;
    void sendOpen311Error(reply, format, status, err.message);
    return;
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0];
    const field = first?.instancePath.split("/").filter(Boolean).join(".") ?? "";
    void sendOpen311Error(
      reply,
      format,
      400,
      `${field || err.validationContext}: ${first?.message ?? "invalid"}`,
    );
    return;
  }
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    void sendOpen311Error(
      reply,
      format,
      KEPT_STATUSES.has(err.statusCode) ? err.statusCode : 400,
      err.message,
    );
    return;
  }
  const fromDatabase = clientDatabaseError(err);
  if (fromDatabase) {
    void sendOpen311Error(reply, format, fromDatabase.status, fromDatabase.message);
    return;
  }
  // Drizzle's query errors carry the bound parameters (personal data): log without them.
  const logged = loggableError(err);
  request.log.error({ err: logged }, "open311 error");
  void sendOpen311Error(reply, format, 500, "Something went wrong on our side; it has been logged.");
}
