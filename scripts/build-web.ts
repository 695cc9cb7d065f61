/**
 * Builds the web apps with Vite when their sources changed since the last build (or always with
 * `--force`), then prints each app's first-load JavaScript and CSS, gzipped: what a browser must
 * fetch before the first page shows (the entry chunk, everything it imports statically, and the
 * chunk of the landing page). `npm start` and the browser tests call it; `npm run build:web`
 * forces a build.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = path.join(ROOT, "dist/web");
const STAMP = path.join(OUT, ".build-stamp");
const INPUTS = ["src/web", "vite.config.ts", "tsconfig.web.json", "package-lock.json"];

/** Each app's entry and the page a first visitor lands on (lazy chunks counted in first load). */
export const APPS = [
  { name: "console", entry: "console/index.html", landing: ["console/Login.tsx"], budgetKb: 700 },
  {
    name: "mobile (resident)",
    entry: "mobile/index.html",
    landing: ["mobile/resident/ResidentLayout.tsx", "mobile/resident/RaisePage.tsx"],
    budgetKb: 200,
  },
] as const;

function newestMtime(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function webBuildIsStale(): boolean {
  const stamp = fs.statSync(STAMP, { throwIfNoEntry: false });
  if (!stamp) return true;
  return INPUTS.some((input) => newestMtime(path.join(ROOT, input)) > stamp.mtimeMs);
}

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

export interface FirstLoad {
  app: string;
  jsGzipBytes: number;
  cssGzipBytes: number;
  files: string[];
  budgetKb: number;
}

/** The gzipped first-load size of each app, from Vite's manifest. */
export function firstLoadSizes(): FirstLoad[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(OUT, ".vite/manifest.json"), "utf8")) as Record<
    string,
    ManifestChunk
  >;
  return APPS.map((app) => {
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const css of chunk.css ?? []) files.add(css);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    visit(app.entry);
    for (const page of app.landing) visit(page);
    let js = 0;
    let css = 0;
    for (const file of files) {
      const size = gzipSync(fs.readFileSync(path.join(OUT, file)), { level: 9 }).length;
      if (file.endsWith(".css")) css += size;
      else if (file.endsWith(".js")) js += size;
    }
    return { app: app.name, jsGzipBytes: js, cssGzipBytes: css, files: [...files], budgetKb: app.budgetKb };
  });
}

export function printFirstLoad(sizes: FirstLoad[]): void {
  for (const s of sizes) {
    const kb = (s.jsGzipBytes / 1024).toFixed(1);
    const verdict = s.jsGzipBytes <= s.budgetKb * 1024 ? "within" : "OVER";
    process.stdout.write(
      `first-load JS (gzip) ${s.app}: ${kb} KB (${verdict} the ${s.budgetKb} KB aim), CSS ${(s.cssGzipBytes / 1024).toFixed(1)} KB, ${s.files.length} files\n`,
    );
  }
}

/** Builds when stale (or forced); returns whether a build ran. */
export async function ensureWebBuild(options: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (!options.force && !webBuildIsStale()) return false;
  const { build } = await import("vite");
  // Build beside the live folder and swap it in, so a server already serving dist/web (a test
  // run, a started platform) never sees a half-written build.
  const fresh = `${OUT}.building-${process.pid}`;
  // Always a production build (React's production bundle), also when called from a test run
  // where NODE_ENV is "test".
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  await build({
    configFile: path.join(ROOT, "vite.config.ts"),
    logLevel: options.quiet ? "warn" : "info",
    mode: "production",
    build: { manifest: true, outDir: fresh, emptyOutDir: true },
  }).finally(() => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  });
  fs.writeFileSync(path.join(fresh, ".build-stamp"), new Date().toISOString());
  const old = `${OUT}.old-${process.pid}`;
  if (fs.existsSync(OUT)) fs.renameSync(OUT, old);
  fs.renameSync(fresh, OUT);
  fs.rmSync(old, { recursive: true, force: true });
  return true;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const force = process.argv.includes("--force");
  const built = await ensureWebBuild({ force });
  if (!built) process.stdout.write("web apps are up to date (dist/web)\n");
  printFirstLoad(firstLoadSizes());
}
