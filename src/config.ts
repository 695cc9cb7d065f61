import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { KeyConfigError, personalDataKeysFromEnv, type PersonalDataKeys } from "./core/personal-data/keys.js";
import { smsSettingsFromEnv, SmsSettingsError, type SmsSettings } from "./core/notifications/sms.js";
import {
  gcj02HostOf,
  MAP_TILE_PROVIDERS,
  tiandituTiles,
  type MapTilesSetting,
} from "./shared/contracts/map-tiles.js";

/** Runtime configuration, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  /** PGlite data directory; unused when `databaseUrl` is set. */
  dataDir: string;
  /** A PostgreSQL server; when set, PGlite is not used. */
  databaseUrl: string | undefined;
  /** A read replica of `databaseUrl` for dashboard reads (rates, breakdowns, drill-downs). */
  databaseReadUrl: string | undefined;
  /** Connections each pool (primary, replica) keeps to the PostgreSQL server at most. */
  databasePoolSize: number;
  logLevel: LogLevel;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /**
   * Which peers may tell the client's address in `X-Forwarded-For` (Fastify's `trustProxy`):
   * false (nobody: the socket's address counts) or the proxies' addresses and CIDRs. Every
   * per-address limit keys on the address this yields.
   */
  trustProxy: TrustProxy;
  /**
   * The platform is served over HTTPS: cookies carry `Secure`, responses carry HSTS and the CSP's
   * `upgrade-insecure-requests`.
   */
  secureCookies: boolean;
  /**
   * The base map's tile provider (MAP_TILE_PROVIDER: a URL template of one's own in MAP_TILE_URL,
   * or the Tianditu preset with TIANDITU_KEY); null: the maps draw grids on a plain background.
   * Its origin is the only other place the CSP lets the pages load images from.
   */
  mapTiles: MapTilesSetting | null;
  /** A session ends this long after sign-in however busy it is (besides its idle expiry). */
  sessionMaxAgeMs: number;
  /** Where photo attachments are stored; default `<DATA_DIR>/uploads`. */
  uploadDir: string;
  /** Largest photo accepted, in bytes (413 above). */
  attachmentMaxBytes: number;
  /** Largest register workbook (XLSX) an import accepts, in bytes: larger is 413. */
  registerImportMaxBytes: number;
  registerImportMaxRows: number;
  /** Run the deadline scheduler (and outbox delivery) in this process; `SCHEDULER=off` to leave it to others. */
  scheduler: boolean;
  /** How long personal data is kept (RETENTION_*); the scheduler applies it (src/modules/retention). */
  retention: RetentionConfig;
  /**
   * Started with `--demo` (set by main.ts, not the environment): SMS are logged instead of sent,
   * and a resident's sign-in code is shown on screen.
   */
  demoMode: boolean;
  /** The SMS provider (SMS_PROVIDER and its settings); null: SMS off (the default). */
  sms: SmsSettings | null;
  /**
   * DATA_KEY and DATA_INDEX_KEY: the keys of ID and phone numbers at rest (a development pair
   * when unset outside production; required when NODE_ENV=production). Never logged.
   */
  personalDataKeys: PersonalDataKeys;
}

/** TRUST_PROXY parsed: off, or the proxies' addresses / CIDRs / proxy-addr range names. */
export type TrustProxy = false | string[];

/** Names proxy-addr (Fastify's trustProxy) knows for address ranges. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** One TRUST_PROXY entry: an IPv4/IPv6 address, a CIDR with a prefix that fits it, or a range name. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Addresses, not a hop count: Fastify 5 trusts no one for a bare count (a direct client could
 * write the hops itself), and `true` (trust anyone) is the hole this setting closes.
 */
const trustProxy = z
  .string()
  .default("off")
  .refine((v) => v === "off" || v.split(",").every((entry) => isProxyEntry(entry.trim())), {
    error:
      "must be off or a comma-separated list of proxy addresses or CIDRs (e.g. 10.0.0.5,10.1.0.0/16 or loopback)",
  })
  .transform((v): TrustProxy => (v === "off" ? false : v.split(",").map((entry) => entry.trim())));

/** A span of calendar time: `24h`, `90d`, `3y`. */
export interface RetentionSpan {
  amount: number;
  unit: "hours" | "days" | "years";
}

/** How long each kind of personal data is kept; null turns that rule off (e.g. a legal hold). */
export interface RetentionConfig {
  /** One-time sign-in codes after they were sent, sessions after they expired. */
  signIn: RetentionSpan | null;
  /** Uploaded photos never attached to an appeal (rows and files). */
  unclaimedUploads: RetentionSpan | null;
  /** Reporters' name, phone and email after their appeal was closed, rejected or merged. */
  reporterContact: RetentionSpan | null;
  /** Patrol GPS points after they were recorded. */
  patrolTraces: RetentionSpan | null;
}

const SPAN_UNITS = { h: "hours", d: "days", y: "years" } as const;

/** `90d` → { amount: 90, unit: "days" }; `off` → null. */
const retentionSpan = (fallback: string) =>
  z
    .string()
    .regex(/^(off|[1-9]\d{0,5}[hdy])$/, {
      error: "must be a whole number with h, d or y (e.g. 24h, 90d, 3y), or off",
    })
    .default(fallback)
    .transform((v): RetentionSpan | null =>
      v === "off"
        ? null
        : { amount: Number.parseInt(v, 10), unit: SPAN_UNITS[v.slice(-1) as keyof typeof SPAN_UNITS] },
    );

const SESSION_SPAN_MS = { h: 3_600_000, d: 24 * 3_600_000 } as const;

/** `24h`, `7d` → milliseconds. */
const sessionSpan = z
  .string()
  .regex(/^[1-9]\d{0,4}[hd]$/, { error: "must be a whole number of hours or days, e.g. 24h or 7d" })
  .default("7d")
  .transform((v) => Number.parseInt(v, 10) * SESSION_SPAN_MS[v.slice(-1) as keyof typeof SESSION_SPAN_MS]);

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
/** The levels pino knows, plus `silent`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/./.test(v) && URL.canParse(v), {
    error: "must be a URL like postgres://user:password@host:5432/database",
  })
  .optional();

/** Each variable with the sentence shown when its value is wrong. */
const EnvSchema = z.object({
  PORT: z.coerce
    .number({ error: "must be a whole number from 0 to 65535" })
    .int({ error: "must be a whole number from 0 to 65535" })
    .min(0, { error: "must be a whole number from 0 to 65535" })
    .max(65535, { error: "must be a whole number from 0 to 65535" })
    .default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: postgresUrl,
  DATABASE_READ_URL: postgresUrl,
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: "must be a whole number from 1 to 1000" })
    .int({ error: "must be a whole number from 1 to 1000" })
    .min(1, { error: "must be a whole number from 1 to 1000" })
    .max(1000, { error: "must be a whole number from 1 to 1000" })
    .default(20),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  BODY_LIMIT: z.coerce
    .number({ error: "must be a positive whole number of bytes" })
    .int({ error: "must be a positive whole number of bytes" })
    .positive({ error: "must be a positive whole number of bytes" })
    .default(10 * 1024 * 1024),
  TRUST_PROXY: trustProxy,
  SECURE_COOKIES: z.enum(["true", "false"], { error: "must be true or false" }).default("false"),
  MAP_TILE_URL: z
    .string()
    .refine((v) => /^https?:\/\/[^/?#]+\//.test(v) && URL.canParse(v.replaceAll(/[{}]/g, "")), {
      error: "must be a tile URL template like https://tiles.example/{z}/{x}/{y}.png",
    })
    .optional(),
  MAP_TILE_PROVIDER: z
    .enum(MAP_TILE_PROVIDERS, { error: `must be one of ${MAP_TILE_PROVIDERS.join(", ")}` })
    .optional(),
  // A Tianditu browser key (控制台 → 应用管理: 32 hexadecimal characters).
  TIANDITU_KEY: z
    .string()
    .regex(/^[0-9a-zA-Z]{16,64}$/, { error: "must be a Tianditu key (letters and digits, e.g. 32 hex)" })
    .optional(),
  SESSION_MAX_AGE: sessionSpan,
  UPLOAD_DIR: z.string().optional(),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number({ error: "must be a positive whole number of bytes" })
    .int({ error: "must be a positive whole number of bytes" })
    .positive({ error: "must be a positive whole number of bytes" })
    .default(10 * 1024 * 1024),
  REGISTER_IMPORT_MAX_BYTES: z.coerce
    .number({ error: "must be a positive whole number of bytes" })
    .int({ error: "must be a positive whole number of bytes" })
    .positive({ error: "must be a positive whole number of bytes" })
    .default(64 * 1024 * 1024),
  REGISTER_IMPORT_MAX_ROWS: z.coerce
    .number({ error: "must be a positive whole number of rows" })
    .int({ error: "must be a positive whole number of rows" })
    .positive({ error: "must be a positive whole number of rows" })
    .default(20_000),
  SCHEDULER: z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
  RETENTION_SIGN_IN: retentionSpan("1d"),
  RETENTION_UNCLAIMED_UPLOADS: retentionSpan("1d"),
  RETENTION_REPORTER_CONTACT: retentionSpan("3y"),
  RETENTION_PATROL_TRACES: retentionSpan("90d"),
});

/** Thrown for configuration a person must fix; main prints its message as one line. */
export class ConfigError extends Error {}

/**
 * Reads the configuration from `env`. A variable set to the empty string counts as unset
 * (`PORT=` in an env file means "default", not port 0), and a bad value names the variable,
 * what it must be, and what it was.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(EnvSchema.shape).flatMap((key) => {
      const value = env[key]?.trim();
      return value ? [[key, value]] : [];
    }),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? "environment");
    const given = present[key];
    // A database URL may hold a password, a key is a secret: never echo them.
    const shown =
      given === undefined || key.startsWith("DATABASE_") || key.endsWith("_KEY") ? "" : ` (got "${given}")`;
    throw new ConfigError(`${key} ${issue?.message ?? "is not valid"}${shown}.`);
  }
  const e = parsed.data;
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError("DATABASE_READ_URL needs DATABASE_URL (the primary server it replicates).");
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    trustProxy: e.TRUST_PROXY,
    secureCookies: e.SECURE_COOKIES === "true",
    mapTiles: mapTilesFrom(e),
    sessionMaxAgeMs: e.SESSION_MAX_AGE,
    uploadDir: path.resolve(e.UPLOAD_DIR ?? path.join(e.DATA_DIR, "uploads")),
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    registerImportMaxBytes: e.REGISTER_IMPORT_MAX_BYTES,
    registerImportMaxRows: e.REGISTER_IMPORT_MAX_ROWS,
    scheduler: e.SCHEDULER === "on",
    retention: {
      signIn: e.RETENTION_SIGN_IN,
      unclaimedUploads: e.RETENTION_UNCLAIMED_UPLOADS,
      reporterContact: e.RETENTION_REPORTER_CONTACT,
      patrolTraces: e.RETENTION_PATROL_TRACES,
    },
    demoMode: false,
    sms: smsFrom(env),
    personalDataKeys: keysFrom(env),
  };
}

/**
 * The tile provider: MAP_TILE_PROVIDER when set, else `custom` with a MAP_TILE_URL, else
 * `tianditu` with a TIANDITU_KEY, else none. A provider drawn in GCJ-02 is refused (see
 * src/shared/contracts/map-tiles.ts): grids and cases would sit hundreds of metres off.
 */
function mapTilesFrom(e: z.infer<typeof EnvSchema>): MapTilesSetting | null {
  const provider = e.MAP_TILE_PROVIDER ?? (e.MAP_TILE_URL ? "custom" : e.TIANDITU_KEY ? "tianditu" : "none");
  switch (provider) {
    case "none":
      return null;
    case "custom": {
      if (!e.MAP_TILE_URL) throw new ConfigError("MAP_TILE_PROVIDER=custom needs MAP_TILE_URL.");
      const gcj = gcj02HostOf(e.MAP_TILE_URL);
      if (gcj) {
        throw new ConfigError(
          `MAP_TILE_URL points at ${gcj}, whose tiles are drawn in GCJ-02 (or BD-09): Microgov's WGS84 ` +
            "points and grids would be drawn hundreds of metres off. Use Tianditu (TIANDITU_KEY) or a " +
            "WGS84 / CGCS2000 tile server.",
        );
      }
      return { provider: "custom", url: e.MAP_TILE_URL, maxZoom: 19 };
    }
    case "tianditu":
    case "tianditu_satellite":
      if (!e.TIANDITU_KEY) throw new ConfigError(`MAP_TILE_PROVIDER=${provider} needs TIANDITU_KEY.`);
      return tiandituTiles(e.TIANDITU_KEY, provider === "tianditu_satellite");
  }
}

function keysFrom(env: NodeJS.ProcessEnv): PersonalDataKeys {
  try {
    return personalDataKeysFromEnv(env);
  } catch (err) {
    if (err instanceof KeyConfigError) throw new ConfigError(err.message);
    throw err;
  }
}

function smsFrom(env: NodeJS.ProcessEnv): SmsSettings | null {
  try {
    return smsSettingsFromEnv(env);
  } catch (err) {
    if (err instanceof SmsSettingsError) throw new ConfigError(err.message);
    throw err;
  }
}
