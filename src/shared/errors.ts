/**
 * The one error family. Services throw these; `errorHandler` maps them (and Fastify's own
 * errors) to `{ error: { code, message, details? } }` with the right status. Anything else is a
 * 500 whose details stay in the log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { sqlState } from "../db/database-errors.js";
import type { ErrorCode } from "./contracts/error-codes.js";

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** 400: the request is understood but its content is wrong. */
export class BadRequestError extends AppError {
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(400, code, message, details);
  }
}

/** 401: no valid credentials. Never says which part of a login was wrong. */
export class UnauthorizedError extends AppError {
  constructor(message = "Sign in first.", code: ErrorCode = "unauthorized") {
    super(401, code, message);
  }
}

/** 403: signed in, but the role may not do this at all (scope misses are 404s instead). */
export class ForbiddenError extends AppError {
  constructor(message = "Your role may not do this.") {
    super(403, "forbidden", message);
  }
}

/** 404: absent, or outside the caller's scope: the two are indistinguishable on purpose. */
export class NotFoundError extends AppError {
  constructor(what: string, id?: string) {
    super(404, "not_found", id === undefined ? `${what} not found.` : `${what} ${id} not found.`);
  }
}

/** 409: conflicts with what is already there (duplicate name, stale state). */
export class ConflictError extends AppError {
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(409, code, message, details);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string, details?: unknown) {
    super(429, "too_many_requests", message, details);
  }
}

interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Fastify's own client-error codes and what we call them. */
const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: "payload_too_large",
    message: "The request body is too large.",
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: "unsupported_media_type",
    message: "This content type is not accepted here.",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: "malformed_json",
    message: "The body is empty but JSON was declared.",
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: "malformed_json",
    message: "The body is not valid JSON.",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: "bad_content_length",
    message: "Content-Length does not match the body.",
  },
};

export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof AppError) {
    void reply.status(err.status).send(errorBody(err.code, err.message, err.details));
    return;
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      field: [err.validationContext, ...v.instancePath.split("/").filter(Boolean)].join("."),
      message: v.message ?? "invalid",
    }));
    const first = details[0];
    const message = first ? `${first.field}: ${first.message}` : "The request is not valid.";
    void reply.status(400).send(errorBody("validation_failed", message, details));
    return;
  }
  const known = err.code ? FASTIFY_CLIENT_ERRORS[err.code] : undefined;
  if (known) {
    const message =
      err.code === "FST_ERR_CTP_INVALID_JSON_BODY" ? `${known.message} ${err.message}` : known.message;
    void reply.status(known.status).send(errorBody(known.code, message));
    return;
  }
  if (err.statusCode === 429) {
    void reply.status(429).send(errorBody("too_many_requests", err.message));
    return;
  }
  const fromDatabase = clientDatabaseError(err);
  if (fromDatabase) {
    void reply.status(fromDatabase.status).send(errorBody(fromDatabase.code, fromDatabase.message));
    return;
  }
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    // A client error Fastify or a plugin raised that we have no name for: keep its status.
    void reply.status(err.statusCode).send(errorBody("bad_request", err.message));
    return;
  }
  request.log.error({ err: loggableError(err) }, "unhandled error");
  void reply.status(500).send(errorBody("internal", "Something went wrong on our side; it has been logged."));
}

/**
 * What of an unexpected error goes to the log. Drizzle's query errors carry the bound parameters
 * (password hashes, session-token hashes, personal data) in their message, so for those only the
 * SQL text and the database's own error are kept.
 */
export function loggableError(err: Error): Record<string, unknown> {
  const query = (err as { query?: unknown }).query;
  if (typeof query !== "string") return { type: err.name, message: err.message, stack: err.stack };
  const cause = err.cause as { message?: string; code?: string } | undefined;
  return {
    type: err.name,
    query,
    dbCode: cause?.code,
    dbMessage: cause?.message,
    stack: err.stack
      ?.split("\n")
      .filter((line) => /^\s+at /.test(line))
      .join("\n"),
  };
}

/**
 * Database refusals caused by what the client sent or did, never a 500: a NUL character in text
 * (PostgreSQL stores none), or two requests locking the same rows in opposite orders (e.g.
 * merging A into B and B into A at once), where PostgreSQL aborted one with nothing applied.
 */
export function clientDatabaseError(err: Error): { status: number; code: ErrorCode; message: string } | null {
  switch (sqlState(err)) {
    case "22021":
    case "22P05":
      return { status: 400, code: "invalid_text", message: "Text may not contain NUL (\\u0000) characters." };
    case "40P01":
    case "40001":
      return {
        status: 409,
        code: "concurrent_update",
        message: "Someone changed the same records at the same moment; try again.",
      };
    default:
      return null;
  }
}
