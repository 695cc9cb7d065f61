/**
 * Bench-only preload for the app process (`node --import tsx --import ./bench/lib/memory-probe.ts
 * src/server/main.ts`, added by startApp's `memoryProbe`): appends the process's own
 * `process.memoryUsage()` and V8's old/new space figures as one JSON line every
 * BENCH_MEMORY_EVERY_MS (default 2,000) to BENCH_MEMORY_FILE. It adds nothing to the app itself:
 * no route, no code path in production; the bench reads the file (readMemoryProbe in server.ts).
 */
import fs from "node:fs";
import v8 from "node:v8";

const file = process.env.BENCH_MEMORY_FILE;
const every = Number(process.env.BENCH_MEMORY_EVERY_MS ?? 2000);

if (file) {
  const write = () => {
    const m = process.memoryUsage();
    const spaces = Object.fromEntries(
      v8
        .getHeapSpaceStatistics()
        .filter((s) => s.space_name === "old_space" || s.space_name === "new_space")
        .map((s) => [s.space_name, { used: s.space_used_size, size: s.space_size }]),
    );
    const line = {
      at: Date.now(),
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      oldUsed: spaces.old_space?.used ?? null,
      oldSize: spaces.old_space?.size ?? null,
      newSize: spaces.new_space?.size ?? null,
    };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
  write();
  setInterval(write, every).unref();
}
