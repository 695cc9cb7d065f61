import type { FastifyReply } from "fastify";

/**
 * Sends a printed document: inline (the browser shows it, with its name for saving), never
 * cached, since it carries personal data. Every module's PDF routes answer through here.
 */
export function sendPdf(reply: FastifyReply, printed: { pdf: Buffer; fileName: string }): FastifyReply {
  const ascii = printed.fileName.replace(/[^\x20-\x7e]/g, "_");
  return reply
    .type("application/pdf")
    .header(
      "content-disposition",
      `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(printed.fileName)}`,
    )
    .header("cache-control", "no-store")
    .header("x-content-type-options", "nosniff")
    .send(printed.pdf);
}
