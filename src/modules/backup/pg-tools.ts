/**
 * PostgreSQL's own client programs (pg_dump, pg_restore, psql), run with a database URL. The
 * password goes to the child in PGPASSWORD, never on its command line, where `ps` would show it.
 */
import { spawn } from "node:child_process";
import { BackupError } from "./backup-error.js";

export type PgTool = "pg_dump" | "pg_restore" | "psql";

/** `url` without its password, and the password for PGPASSWORD. */
function splitPassword(url: string): { url: string; password: string | undefined } {
  const u = new URL(url);
  const password = u.password === "" ? undefined : decodeURIComponent(u.password);
  u.password = "";
  return { url: u.toString(), password };
}

/** The last lines of a tool's stderr: its error, without the noise before it. */
function lastLines(text: string, n = 2): string {
  return text.trim().split("\n").slice(-n).join(" ").replace(/\s+/g, " ");
}

/**
 * Runs `tool` with `args`, against the database at `url` (passed as `--dbname`) when given,
 * standard output to `stdout` when given. Resolves when it exits 0; a tool that is not installed
 * or that fails is a BackupError naming the tool and its last words.
 */
export async function runPgTool(
  tool: PgTool,
  url: string | undefined,
  args: readonly string[],
  opts: { stdout?: NodeJS.WritableStream } = {},
): Promise<void> {
  const { url: bare, password } =
    url === undefined ? { url: undefined, password: undefined } : splitPassword(url);
  const child = spawn(tool, bare === undefined ? [...args] : [...args, `--dbname=${bare}`], {
    env: { ...process.env, ...(password === undefined ? {} : { PGPASSWORD: password }) },
    stdio: ["ignore", opts.stdout ? "pipe" : "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  if (opts.stdout && child.stdout) child.stdout.pipe(opts.stdout, { end: false });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "ENOENT"
          ? new BackupError(
              `${tool} is not installed; install the PostgreSQL client programs (Debian: postgresql-client)`,
            )
          : err,
      ),
    );
    child.once("close", resolve);
  });
  if (code !== 0)
    throw new BackupError(`${tool} failed: ${lastLines(stderr) || `exit code ${String(code)}`}`);
}
