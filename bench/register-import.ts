/**
 * The register workbook import and export at size: writes a generated workbook of N persons
 * (default 50,000; about 2.5 per household, 20 households per building) with exceljs's
 * streaming writer, imports it into an empty register on PGlite (on disk) through the same
 * function the API calls, and exports it again (masked). Prints rows/s and the process's peak
 * resident memory for each step (sampled every 20 ms); a figure, not a test.
 *
 *   npm run bench:register                 # 50,000 persons
 *   npm run bench:register -- --persons 200000
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { asc, eq } from "drizzle-orm";
import { openPglite } from "../src/db/client.js";
import { regions, users } from "../src/db/schema.js";
import { importRegions } from "../src/modules/regions/import-regions.js";
import { residentIdCheckChar } from "../src/core/personal-data/id-number.js";
import { personalDataKeysFromEnv } from "../src/core/personal-data/keys.js";
import type { Actor } from "../src/core/access/actor.js";
import { importRegister } from "../src/modules/people/import-register.js";
import { exportRegister } from "../src/modules/people/export-register.js";
import { installRegisteredModules } from "../src/modules/registry.js";

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Peak resident memory while `work` runs, and the peak of the JavaScript heap (the import's own
 * objects; the in-memory database lives outside it, in PGlite's WASM memory), sampled every 20 ms.
 */
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; peakMb: number; peakHeapMb: number }> {
  let peak = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  const started = performance.now();
  try {
    const value = await work();
    sample();
    return {
      value,
      seconds: (performance.now() - started) / 1000,
      peakMb: peak / 1024 / 1024,
      peakHeapMb: heap / 1024 / 1024,
    };
  } finally {
    clearInterval(timer);
  }
}

/** A building every 20 households, spread over `villages` round the county (about 1,000 persons each). */
async function writeWorkbook(file: string, villages: string[], personCount: number): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const households = Math.ceil(personCount / 2.5);
  const buildings = Math.ceil(households / 20);
  let rows = 0;
  const sheet = async (
    name: string,
    header: string[],
    each: (add: (r: (string | number)[]) => void) => void,
  ) => {
    const ws = workbook.addWorksheet(name);
    ws.addRow(header).commit();
    each((r) => {
      ws.addRow(r).commit();
      rows += 1;
    });
    await ws.commit();
  };
  await sheet("楼栋", ["编号", "类型", "名称", "区划代码", "单元"], (add) => {
    for (let b = 0; b < buildings; b += 1)
      add([`B${b}`, "楼栋", `${b + 1}号楼`, villages[b % villages.length] ?? "", "1单元、2单元"]);
  });
  await sheet("房屋", ["编号", "楼栋编号", "单元", "楼层", "房号", "用途"], (add) => {
    for (let h = 0; h < households; h += 1) {
      const floor = 1 + (Math.floor(h / 2) % 10);
      add([
        `D${h}`,
        `B${Math.floor(h / 20)}`,
        h % 2 ? "2单元" : "1单元",
        floor,
        `${floor}0${1 + (h % 2)}`,
        "自住",
      ]);
    }
  });
  await sheet("住户", ["编号", "房屋编号", "户类型"], (add) => {
    for (let h = 0; h < households; h += 1) add([`H${h}`, `D${h}`, h % 7 ? "户籍户" : "流动人口户"]);
  });
  const surnames = "王李张刘陈杨赵黄周吴";
  await sheet("人员", ["姓名", "证件号码", "手机号码", "住户编号", "与户主关系"], (add) => {
    for (let p = 0; p < personCount; p += 1) {
      const h = Math.floor(p / 2.5);
      const head = p === Math.ceil(h * 2.5);
      // A unique number for each of 4.5 million persons: 4,500 birth days × a serial of 1,000.
      const day = p % 4500;
      const birth = `19${50 + (day % 50)}0${1 + (Math.floor(day / 50) % 9)}1${Math.floor(day / 450) % 10}`;
      const first17 = `131002${birth}${String(Math.floor(p / 4500) % 1000).padStart(3, "0")}`;
      const id = first17 + residentIdCheckChar(first17);
      add([
        `${surnames[p % 10] ?? "王"}某${p}`,
        id,
        `139${String(p).padStart(8, "0")}`,
        `H${h}`,
        head ? "户主" : "子女",
      ]);
    }
  });
  await workbook.commit();
  return rows;
}

async function main(): Promise<void> {
  const personCount = argument("persons", 50_000);
  // The policy knows the modules' permissions once they are installed, as at the server's start.
  installRegisteredModules();
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown"})`);
  // On disk, as the server runs it (DATA_DIR): in-memory PGlite grows its files by copying them.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mg-bench-register-"));
  const database = await openPglite(path.join(dir, "pgdata"));
  await importRegions(database.db, { city: "1310", counties: ["131002"] });
  const villages = await database.db
    .select()
    .from(regions)
    .where(eq(regions.level, "village"))
    .orderBy(asc(regions.code))
    .limit(Math.max(1, Math.ceil(personCount / 1000)));
  const [county] = await database.db.select().from(regions).where(eq(regions.code, "131002"));
  if (!county || villages.length === 0) throw new Error("no county");
  const [user] = await database.db
    .insert(users)
    .values({ username: "bench", displayName: "bench", passwordHash: "!" })
    .returning();
  if (!user) throw new Error("no user");
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    organisationId: null,
    bindings: [
      { role: "admin", scopePath: county.path, scopeRegionCode: county.code, scopeDepartmentId: null },
    ],
  };
  const keys = personalDataKeysFromEnv({});
  const file = path.join(dir, "register.xlsx");
  try {
    const written = await measured(() =>
      writeWorkbook(
        file,
        villages.map((v) => v.code),
        personCount,
      ),
    );
    const mb = fs.statSync(file).size / 1024 / 1024;
    console.log(
      `generated ${written.value.toLocaleString("en")} rows (${personCount.toLocaleString("en")} persons), ` +
        `${mb.toFixed(1)} MB, in ${written.seconds.toFixed(1)} s`,
    );
    const baseline = process.memoryUsage().rss / 1024 / 1024;
    const baselineHeap = process.memoryUsage().heapUsed / 1024 / 1024;
    const imported = await measured(() =>
      importRegister(database.db, actor, keys, file, { lang: "en", maxRows: Number.MAX_SAFE_INTEGER }),
    );
    console.log(
      `import: ${imported.value.rows.toLocaleString("en")} rows in ${imported.seconds.toFixed(1)} s = ` +
        `${Math.round(imported.value.rows / imported.seconds).toLocaleString("en")} rows/s; ` +
        `RSS before ${baseline.toFixed(0)} MB, peak ${imported.peakMb.toFixed(0)} MB; ` +
        `JS heap before ${baselineHeap.toFixed(0)} MB, peak ${imported.peakHeapMb.toFixed(0)} MB`,
    );
    const out = fs.createWriteStream(path.join(dir, "export.xlsx"));
    const exported = await measured(async () => {
      await exportRegister(database.db, actor, keys, { full: false, lang: "zh" }, out);
      await new Promise<void>((resolve) =>
        out.writableFinished ? resolve() : out.once("finish", () => resolve()),
      );
    });
    console.log(
      `export (masked): ${written.value.toLocaleString("en")} rows in ${exported.seconds.toFixed(1)} s = ` +
        `${Math.round(written.value / exported.seconds).toLocaleString("en")} rows/s; peak RSS ${exported.peakMb.toFixed(0)} MB`,
    );
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(
      err,
      JSON.stringify((err as { details?: unknown }).details ?? null, null, 1)?.slice(0, 2000),
    );
    process.exit(1);
  });
}
