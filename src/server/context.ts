import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Config } from "../config.js";
import type { Database, Db } from "../db/client.js";

/** The Fastify instance every module registers its routes on, typed for Zod schemas. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What routes need besides the request: the database(s) and the configuration. */
export interface AppContext {
  database: Database;
  db: Db;
  /**
   * Dashboard reads (rates, breakdowns, rate drill-downs): a read replica's pool when
   * DATABASE_READ_URL is set (buildApp always sets it; absent: use `db`). May lag the primary a
   * little.
   */
  readDb?: Db;
  config: Config;
}
