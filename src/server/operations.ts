import client from "prom-client";
import type { App, AppContext } from "./context.js";
import { errorBody } from "./errors.js";

/** `/healthz` (answers only when the database does) and `/metrics` in Prometheus format. */
export async function operationsRoutes(app: App, ctx: AppContext): Promise<void> {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Histogram({
    name: "microgov_http_request_duration_seconds",
    help: "HTTP request duration by route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    requests.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? "unmatched",
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get("/healthz", { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ctx.database.ping();
      return { status: "ok", database: ctx.database.kind };
    } catch {
      return reply.status(503).send(errorBody("database_unavailable", "The database does not answer."));
    }
  });

  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    void reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
}
