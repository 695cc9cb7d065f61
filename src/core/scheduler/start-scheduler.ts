import type { Db } from "../../db/client.js";
import type { NotificationChannel } from "../notifications/channels.js";
import { deliverPending } from "../notifications/deliver-pending.js";
import type { DeadlineScan } from "./deadline-scan.js";

/** The part of a pino / Fastify logger the scheduler writes to. */
export interface SchedulerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SchedulerOptions {
  /** Pause between the end of one tick and the start of the next. */
  intervalMs: number;
  /** Outbox channels to deliver SMS / WeChat rows through after each scan; none by default. */
  channels?: readonly NotificationChannel[];
  log?: SchedulerLog;
  batchSize?: number;
  /** The deadline marks the workflows register, each run on every tick. */
  deadlineScans?: readonly DeadlineScan[];
  /** More work for every tick, in turn, after the scan and delivery (e.g. retention, hourly). */
  tasks?: readonly ((db: Db) => Promise<unknown>)[];
}

export interface Scheduler {
  /** Stops the loop; resolves once a tick in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs the workflows' deadline scans, then outbox delivery, every `intervalMs`, starting at once. Ticks never
 * overlap (the next is scheduled when one ends), and a failing tick is logged and retried next
 * time. Any number of processes may run this against one PostgreSQL server: a scan claims each
 * mark once, and its advisory lock makes a second process skip a tick the first is working.
 * The timer does not keep the process alive.
 */
export function startScheduler(db: Db, options: SchedulerOptions): Scheduler {
  const channels = options.channels ?? [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      for (const scan of options.deadlineScans ?? []) {
        const counts = await scan.run(db, { exclusive: true, batchSize: options.batchSize });
        const { skipped, ...marked } = counts;
        if (Object.values(marked).some((n) => typeof n === "number" && n > 0))
          options.log?.info({ workflow: scan.name, ...marked, skipped }, "deadline scan");
      }
      if (channels.length > 0) {
        const sent = await deliverPending(db, channels);
        if (sent.delivered + sent.failed > 0) options.log?.info({ ...sent }, "notification delivery");
      }
      for (const task of options.tasks ?? []) await task(db);
    } catch (err) {
      options.log?.error({ err }, "scheduler tick failed");
    }
  };

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      running = tick().then(() => {
        if (!stopped) schedule(options.intervalMs);
      });
    }, delayMs);
    timer.unref();
  };
  schedule(0);

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
