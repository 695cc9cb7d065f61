/**
 * Bench-only preload for the app process (`node --import tsx --import ./bench/lib/memory-probe.ts
 * src/server/main.ts`, added by startApp's `memoryProbe`): appends the process's own
 * `process.memoryUsage()` and V8's old/new space figures as one JSON line every
 * BENCH_MEMORY_EVERY_MS (default 2,000) to BENCH_MEMORY_FILE. It adds nothing to the app itself:
 * no route, no code path in production; the bench reads the file (readMemoryProbe in server.ts).
 * With the heap figures go the garbage collector's pauses so far (ms on the main thread, by kind),
 * so that a heap setting's cost shows next to what it saves.
 */
import fs from "node:fs";
import { constants, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import v8 from "node:v8";

const file = process.env.BENCH_MEMORY_FILE;
const every = Number(process.env.BENCH_MEMORY_EVERY_MS ?? 2000);

if (file) {
  const gc = { minorMs: 0, majorMs: 0, incrementalMs: 0, count: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      gc.count++;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minorMs += e.duration;
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.majorMs += e.duration;
      else if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) gc.incrementalMs += e.duration;
    }
  }).observe({ entryTypes: ["gc"] });
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
      gcMinorMs: Math.round(gc.minorMs),
      gcMajorMs: Math.round(gc.majorMs),
      gcIncrementalMs: Math.round(gc.incrementalMs),
      gcCount: gc.count,
    };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
  write();
  setInterval(write, every).unref();
}
