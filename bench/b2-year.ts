/**
 * B2 a Langfang year: `appeals` appeals replayed through the whole loop over HTTP, `concurrency`
 * stories at a time, against one app process on the PostgreSQL server. Each appeal is a story:
 * intake on a channel (anonymous app/web residents, hotline and talk-station calls entered by an
 * operator, grid workers' patrol findings, Open311), dispatch when it lands in triage, the odd
 * send-back (退单), respond, the odd escalation (上报) and whistle (吹哨报到, with the department
 * reporting in), reply, then the resident's evaluation (by tracking code, or on the operator's
 * follow-up call) with reopens (重办) and supervisor decisions, or a close without evaluation.
 * Shares follow the demo history (src/modules/cases/demo-history.ts), which follows the source
 * document. The generator keeps its own record of what it did; at the end the three rates read
 * from GET /api/v1/rates must equal the rates computed from that record.
 */
import os from "node:os";
import type { BenchContext } from "./b1-intake.js";
import { DEMO_PASSWORD } from "./b1-intake.js";
import { call, HttpError, login, percentile, type Session } from "./lib/http.js";
import { description, pointIn } from "./lib/load.js";
import { appAndServerCpu, cpuMsPer } from "./lib/cpu.js";
import { createDatabaseFrom, withClient } from "./lib/pg.js";
import { goal, type Figure } from "./lib/report.js";
import { formatMemory, MemorySampler, startApp, summarizeMemory } from "./lib/server.js";
import { createReplayAccounts, type GridInfo, type Org, type World } from "./lib/world.js";

export interface B2Sizes {
  appeals: number;
  concurrency: number;
  /** Stop starting new stories after this many minutes (stories under way finish). */
  maxMinutes?: number;
}

type Satisfaction = "satisfied" | "basically_satisfied" | "unsatisfied";

/** What the generator knows of a case: its own record, from what it sent and was answered. */
interface CaseRecord {
  status: string;
  responseDueAt: string | null;
  respondedAt: string | null;
  evaluation: { resolved: boolean; satisfaction: Satisfaction } | null;
}

interface ActionCase {
  id: string;
  number: string;
  status: string;
  /** The version last seen; undefined when an answer did not say (the tracking view). */
  version: number | undefined;
  assignedOrgId: string | null;
  responseDueAt: string | null;
  respondedAt: string | null;
}

const LEVEL_WEIGHTS: [string, number][] = [
  ["grid", 0.56],
  ["village", 0.37],
  ["township", 0.04],
  ["department", 0.03],
];
const CHANNEL_WEIGHTS: [string, number][] = [
  ["app", 0.3],
  ["hotline", 0.24],
  ["patrol", 0.15],
  ["web", 0.08],
  ["talk_station", 0.09],
  ["talk_site", 0.07],
  ["talk_box", 0.04],
  ["open311", 0.03],
];

function pickWeighted<T>(random: () => number, weights: readonly [T, number][]): T {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let u = random() * total;
  for (const [v, w] of weights) {
    u -= w;
    if (u <= 0) return v;
  }
  const last = weights[weights.length - 1];
  if (!last) throw new Error("empty weights");
  return last[0];
}

/** A small seeded generator (mulberry32), so a size replays the same stories. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A resident's own address, sent in X-Forwarded-For (the app runs with TRUST_PROXY=loopback). */
const residentIp = (i: number) => `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;

export interface B2Result {
  figures: Figure[];
  details: Record<string, unknown>;
}

export async function runB2(ctx: BenchContext, sizes: B2Sizes): Promise<B2Result> {
  const url = await createDatabaseFrom(ctx.pg, "bench_b2", ctx.template);
  const accounts = await withClient(url, createReplayAccounts);
  // The generator stands in for the residents' proxy: it writes each resident's address in
  // X-Forwarded-For from loopback, and the app must be told to trust it there.
  const app = await startApp({
    port: ctx.nextPort(),
    databaseUrl: url,
    scheduler: true,
    env: { TRUST_PROXY: "loopback" },
    // The app's own heap figures every 2 s (bench/lib/memory-probe.ts), for B5's series.
    memoryProbe: 2000,
  });
  const memory = new MemorySampler([app.pid]);
  try {
    const supervisor = await login(app.url, "supervisor", DEMO_PASSWORD);
    const admin = await login(app.url, "admin", DEMO_PASSWORD);
    const keyCount = Math.max(2, Math.ceil(sizes.appeals / 5000));
    const apiKeys = ["demo-open311-key"];
    for (let i = 1; i < keyCount; i++) {
      const made = await call<{ key: string }>(
        app.url,
        "POST",
        "/api/v1/api-keys",
        { name: `bench year integration ${i}`, kind: "open311" },
        { session: admin },
      );
      apiKeys.push(made.body.key);
    }
    const replay = new Replay(app.url, ctx.world, accounts.byOrg, accounts.operator, supervisor, apiKeys);
    // CPU seconds of the app, the server and this generator over the loop (bench/lib/cpu.ts): on
    // 2 shared cores the three take turns, so what each spends per appeal says where time goes.
    const cpuAt = () => {
      const own = process.cpuUsage();
      return { ...appAndServerCpu(app.pid, ctx.pg.dir), generator: (own.user + own.system) / 1e6 };
    };
    const cpuBefore = cpuAt();
    const started = performance.now();
    const startedAt = Date.now();
    const deadline = sizes.maxMinutes ? started + sizes.maxMinutes * 60_000 : Infinity;
    let next = 0;
    let lastLog = started;
    const runner = async () => {
      for (;;) {
        const i = next++;
        if (i >= sizes.appeals || performance.now() > deadline) return;
        await replay.story(i);
        if (performance.now() - lastLog > 30_000) {
          lastLog = performance.now();
          ctx.log(
            `  B2: ${replay.done.toLocaleString("en")} stories, ${replay.requests.toLocaleString("en")} requests, ` +
              `${((performance.now() - started) / 60_000).toFixed(1)} min, ${replay.failed} failed`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: sizes.concurrency }, runner));
    const minutes = (performance.now() - started) / 60_000;
    const cpuAfter = cpuAt();
    const peakRssMb = memory.stop();
    const memorySeries = summarizeMemory(app.memory(), startedAt, Date.now());
    if (memorySeries) for (const line of formatMemory(memorySeries)) ctx.log(`  B2 ${line}`);

    // The three rates, as the API reads them and as the generator's record says.
    const rates = await call<{
      scope: { asOf: string };
      figures: Record<string, { value: number | null; numerator: number | null; denominator: number | null }>;
      weights: { basicWeight: number };
    }>(app.url, "GET", "/api/v1/rates", undefined, { session: supervisor, what: "GET /rates" });
    const expected = replay.expectedRates(rates.body.scope.asOf, rates.body.weights.basicWeight);
    const compare = (["responseRate", "resolutionRate", "satisfactionRate"] as const).map((name) => {
      const api = rates.body.figures[name];
      const mine = expected[name];
      const equal =
        api !== undefined &&
        api.denominator === mine.denominator &&
        Math.abs((api.numerator ?? Number.NaN) - mine.numerator) < 1e-9 &&
        (api.value === null
          ? mine.value === null
          : mine.value !== null && Math.abs(api.value - mine.value) < 1e-12);
      return { name, api, generator: mine, equal };
    });
    const allEqual = compare.every((c) => c.equal);
    const byAction = Object.fromEntries(
      [...replay.latency.entries()].map(([label, list]) => [
        label,
        { n: list.length, p50: percentile(list, 50), p99: percentile(list, 99) },
      ]),
    );
    const all = [...replay.latency.values()].flat();
    const done = replay.done;
    const cpuMs = cpuMsPer(cpuBefore, cpuAfter, done);
    const cpuPerAppeal = { appMs: cpuMs.app, postgresMs: cpuMs.postgres ?? 0, generatorMs: cpuMs.generator };
    const cpuTotalMs = cpuPerAppeal.appMs + cpuPerAppeal.postgresMs + cpuPerAppeal.generatorMs;
    const busyShare = (cpuTotalMs * done) / (os.cpus().length * minutes * 60_000);
    const fullProjection = sizes.appeals > done ? (minutes * sizes.appeals) / Math.max(1, done) : minutes;
    const figures: Figure[] = [
      goal(
        {
          bench: "B2",
          name: `${sizes.appeals.toLocaleString("en")} appeals through the loop`,
          value: fullProjection,
          unit: "min",
          note:
            done < sizes.appeals
              ? `stopped after ${done.toLocaleString("en")} appeals in ${minutes.toFixed(1)} min; projected`
              : `${(done / (minutes * 60)).toFixed(0)} appeals/s, ${(replay.requests / (minutes * 60)).toFixed(0)} requests/s, ${sizes.concurrency} at a time`,
        },
        "≤",
        10,
      ),
      {
        bench: "B2",
        name: "requests over HTTP",
        value: replay.requests,
        unit: "",
        note: `p50 ${percentile(all, 50).toFixed(0)} ms, p99 ${percentile(all, 99).toFixed(0)} ms`,
      },
      {
        bench: "B2",
        name: "CPU per appeal, app + PostgreSQL + generator",
        value: cpuTotalMs,
        unit: "ms",
        note:
          `app ${cpuPerAppeal.appMs.toFixed(1)} ms, PostgreSQL ${cpuPerAppeal.postgresMs.toFixed(1)} ms, ` +
          `generator ${cpuPerAppeal.generatorMs.toFixed(1)} ms; ${(busyShare * 100).toFixed(0)} % of the ` +
          `${os.cpus().length} cores busy with the three`,
      },
      {
        bench: "B2",
        name: "rates from the API equal the generator's",
        value: compare.filter((c) => c.equal).length,
        unit: "of 3",
        goal: "3 of 3",
        pass: allEqual,
        note: compare
          .map(
            (c) =>
              `${c.name} ${c.api?.numerator ?? "?"}/${c.api?.denominator ?? "?"} vs ${c.generator.numerator}/${c.generator.denominator}`,
          )
          .join("; "),
      },
      {
        bench: "B2",
        name: "failed requests",
        value: replay.failed,
        unit: "",
        ...(replay.failed > 0 ? { note: replay.failures[0], error: true } : {}),
      },
      goal(
        { bench: "B5", name: "server resident memory, peak during B2", value: peakRssMb, unit: "MB" },
        "≤",
        400,
      ),
      ...(memorySeries
        ? [
            {
              bench: "B5",
              name: "server RSS trend, second half of B2",
              value: memorySeries.secondHalfSlope.rss,
              unit: "MB/min",
              note: `heapUsed ${memorySeries.secondHalfSlope.heapUsed ?? "?"} MB/min; at the end RSS ${memorySeries.deciles[10]?.rssMb ?? "?"} MB, heapUsed ${memorySeries.deciles[10]?.heapUsedMb ?? "?"} MB, heapTotal ${memorySeries.deciles[10]?.heapTotalMb ?? "?"} MB`,
            },
          ]
        : []),
    ];
    ctx.log(`  B2: ${done} stories in ${minutes.toFixed(2)} min; rates equal: ${allEqual}`);
    return {
      figures,
      details: {
        appeals: sizes.appeals,
        completed: done,
        minutes,
        requests: replay.requests,
        failed: replay.failed,
        failures: replay.failures,
        counts: replay.counts,
        latencyByAction: byAction,
        rates: compare,
        peakRssMb,
        memory: memorySeries,
        cpuPerAppeal,
        cpuBusyShare: busyShare,
      },
    };
  } finally {
    memory.stop();
    await app.stop();
  }
}

/** The stories and the generator's record. */
class Replay {
  readonly records = new Map<string, CaseRecord>();
  readonly latency = new Map<string, number[]>();
  readonly counts: Record<string, number> = {};
  readonly failures: string[] = [];
  requests = 0;
  failed = 0;
  done = 0;
  private keyTurn = 0;
  private readonly leavesByLevel: Map<string, { code: string; open311ServiceCode: string | null }[]>;

  constructor(
    private readonly base: string,
    private readonly world: World,
    private readonly units: Map<string, Session>,
    private readonly operator: Session,
    private readonly supervisor: Session,
    private readonly apiKeys: string[],
  ) {
    this.leavesByLevel = world.categoriesByLevel;
  }

  private count(what: string): void {
    this.counts[what] = (this.counts[what] ?? 0) + 1;
  }

  private async http<T>(
    label: string,
    method: string,
    path: string,
    body: unknown,
    session: Session | null,
    headers: Record<string, string> = {},
  ): Promise<T> {
    this.requests++;
    const r = await call<T>(this.base, method, path, body, { session, headers, what: label });
    let list = this.latency.get(label);
    if (!list) this.latency.set(label, (list = []));
    list.push(r.ms);
    this.count(label);
    return r.body;
  }

  private session(orgId: string | null): Session {
    const s = orgId ? this.units.get(orgId) : undefined;
    if (!s) throw new Error(`no account for unit ${orgId ?? "(none)"}`);
    return s;
  }

  private unit(regionCode: string, kind: string): Org {
    const o = this.world.unitAt.get(`${regionCode}|${kind}`);
    if (!o) throw new Error(`no ${kind} at ${regionCode}`);
    return o;
  }

  /** Applies an action's answer to the record. */
  private note(c: ActionCase): ActionCase {
    const rec = this.records.get(c.id);
    if (rec) {
      rec.status = c.status;
      rec.responseDueAt = c.responseDueAt;
      rec.respondedAt = c.respondedAt;
    }
    return c;
  }

  private async act(
    label: string,
    c: ActionCase,
    session: Session,
    body: Record<string, unknown>,
  ): Promise<ActionCase> {
    const answer = await this.http<{ case: ActionCase }>(
      label,
      "POST",
      `/api/v1/cases/${c.id}/actions/${label}`,
      c.version === undefined ? body : { ...body, version: c.version },
      session,
    );
    return this.note(answer.case);
  }

  async story(i: number): Promise<void> {
    try {
      await this.tell(i);
      this.done++;
    } catch (err) {
      this.failed++;
      if (this.failures.length < 10) this.failures.push(err instanceof HttpError ? err.message : String(err));
      this.done++;
    }
  }

  private async tell(i: number): Promise<void> {
    const random = seeded(i * 7919 + 17);
    const grid: GridInfo | undefined = this.world.grids[Math.floor(random() * this.world.grids.length)];
    if (!grid) throw new Error("no grids: seed first");
    const level = pickWeighted(
      random,
      LEVEL_WEIGHTS.filter(([l]) => this.leavesByLevel.has(l)),
    );
    const leaves = this.leavesByLevel.get(level) ?? [];
    const category = leaves[Math.floor(random() * leaves.length)];
    const channel = pickWeighted(random, CHANNEL_WEIGHTS);
    // A vague call or talk-box slip: no category, so the centre's triage queue takes it first.
    const vague = channel !== "open311" && channel !== "patrol" && random() < 0.06;
    const ip = residentIp(i);
    const at = pointIn(grid);
    const fields = {
      categoryCode: vague ? null : (category?.code ?? null),
      description: description(),
      location: at,
      reporter: { name: "王女士", phone: `139${String(i).padStart(8, "0")}` },
    };

    // Intake.
    let c: ActionCase;
    let trackingCode: string | null = null;
    if (channel === "open311") {
      const key = this.apiKeys[this.keyTurn++ % this.apiKeys.length] ?? "";
      const form = new URLSearchParams({
        api_key: key,
        service_code: category?.open311ServiceCode ?? "other",
        lat: String(at.lat),
        long: String(at.lon),
        description: fields.description,
        first_name: "王",
        phone: fields.reporter.phone,
      });
      const made = await this.http<{ service_request_id: string }[]>(
        "intake_open311",
        "POST",
        "/open311/v2/requests.json",
        form.toString(),
        null,
        { "content-type": "application/x-www-form-urlencoded", "idempotency-key": `b2-${i}` },
      );
      const number = made[0]?.service_request_id ?? "";
      // The unit opens the case it received (its id, state and version).
      const detail = await this.http<{
        id: string;
        number: string;
        status: string;
        version: number;
        assignedUnit: { id: string } | null;
        responseDueAt: string | null;
        respondedAt: string | null;
      }>("read_case", "GET", `/api/v1/cases/${number}`, undefined, this.operator);
      c = {
        id: detail.id,
        number: detail.number,
        status: detail.status,
        version: detail.version,
        assignedOrgId: detail.assignedUnit?.id ?? null,
        responseDueAt: detail.responseDueAt,
        respondedAt: detail.respondedAt,
      };
    } else {
      const anonymous = channel === "app" || channel === "web";
      const session = anonymous
        ? null
        : channel === "patrol"
          ? this.session(this.unit(grid.code, "grid_post").id)
          : this.operator;
      const created = await this.http<{
        id: string;
        number: string;
        trackingCode: string | null;
        status: string;
        assignedUnit: { id: string } | null;
        responseDueAt: string | null;
      }>(
        anonymous ? "intake_anonymous" : `intake_${channel === "patrol" ? "patrol" : "operator"}`,
        "POST",
        "/api/v1/cases",
        { ...fields, channel },
        session,
        { "idempotency-key": `b2-${i}`, ...(anonymous ? { "x-forwarded-for": ip } : {}) },
      );
      trackingCode = created.trackingCode;
      c = {
        id: created.id,
        number: created.number,
        status: created.status,
        // A new case is at version 1.
        version: 1,
        assignedOrgId: created.assignedUnit?.id ?? null,
        responseDueAt: created.responseDueAt,
        respondedAt: null,
      };
    }
    this.records.set(c.id, {
      status: c.status,
      responseDueAt: c.responseDueAt,
      respondedAt: null,
      evaluation: null,
    });

    // Triage: the centre dispatches to the village committee (it knows its grids).
    const committee = this.unit(grid.villageCode, "village_committee");
    if (c.status === "triage") {
      c = await this.act("dispatch", c, this.session(c.assignedOrgId), { orgId: committee.id });
    }

    // 退单: a wrongly dispatched small matter goes back to the township centre, which sends it on.
    const kindOf = (id: string | null) => (id ? this.world.orgs.get(id)?.kind : undefined);
    if (
      random() < 0.02 &&
      (kindOf(c.assignedOrgId) === "grid_post" || kindOf(c.assignedOrgId) === "village_committee")
    ) {
      const wasGrid = kindOf(c.assignedOrgId) === "grid_post";
      c = await this.act("send_back", c, this.session(c.assignedOrgId), { reason: "不属于本网格职责范围" });
      const target = wasGrid ? committee.id : this.unit(grid.townshipCode, "township_centre").id;
      c = await this.act("dispatch", c, this.session(c.assignedOrgId), {
        orgId: target,
        note: "退单后重新派单",
      });
    }

    c = await this.act("respond", c, this.session(c.assignedOrgId), {
      contactMethod: "phone",
      note: "已电话联系群众",
    });

    // 上报: one level up when the unit cannot solve it; the unit above contacts the resident again.
    // The ladder ends at the county centre: a county centre, the city centre and a city
    // department have nothing above them (the app answers 409 no_higher_level).
    const kind = kindOf(c.assignedOrgId);
    const cityLevel = c.assignedOrgId !== null && this.world.orgs.get(c.assignedOrgId)?.countyCode === null;
    if (random() < 0.03 && kind !== "county_centre" && kind !== "city_centre" && !cityLevel) {
      c = await this.act("escalate", c, this.session(c.assignedOrgId), {
        reason: "本级难以解决，提请上级处理",
      });
      c = await this.act("respond", c, this.session(c.assignedOrgId), { contactMethod: "visit" });
    }

    // 吹哨报到: townships and departments call a department of the county in.
    const now = kindOf(c.assignedOrgId);
    const whistleChance =
      now === "township_centre" || now === "department" || now === "county_centre" ? 0.2 : 0.004;
    if (random() < whistleChance) {
      const departments = (this.world.departmentsByCounty.get(grid.countyCode) ?? []).filter(
        (d) => d.id !== c.assignedOrgId,
      );
      const invited = departments[Math.floor(random() * departments.length)];
      if (invited) {
        c = await this.act("whistle", c, this.session(c.assignedOrgId), {
          orgIds: [invited.id],
          note: "需多部门联合处置",
        });
        c = await this.act("report", c, this.session(invited.id), { note: "已报到，派员到场" });
      }
    }

    c = await this.act("reply", c, this.session(c.assignedOrgId), { result: "已现场处理完毕" });

    // No answer to the follow-up calls: closed without an evaluation.
    if (random() < 0.12) {
      await this.act("close", c, this.operator, { note: "三次回访均未接通，按规定办结" });
      return;
    }

    const u = random();
    const final: { resolved: boolean; satisfaction: Satisfaction } =
      u < 0.022
        ? { resolved: random() >= 0.75, satisfaction: "unsatisfied" }
        : u < 0.03
          ? { resolved: false, satisfaction: "basically_satisfied" }
          : u < 0.078
            ? { resolved: true, satisfaction: "basically_satisfied" }
            : { resolved: true, satisfaction: "satisfied" };
    const happy = final.resolved && final.satisfaction !== "unsatisfied";
    const plan: { resolved: boolean; satisfaction: Satisfaction }[] =
      !happy || random() < 0.02 ? [{ resolved: false, satisfaction: "unsatisfied" }, final] : [final];

    for (let step = 0; ; step++) {
      const evaluation = plan[step];
      if (!evaluation) {
        // Reopened again past the plan: the unit replied, the resident is not reached again.
        await this.act("close", c, this.operator, { note: "回访未接通，按规定办结" });
        return;
      }
      c = await this.evaluate(c, trackingCode, evaluation, ip);
      if (c.status === "handling") {
        c = await this.act("reply", c, this.session(c.assignedOrgId), { result: "重新处理，已解决" });
        continue;
      }
      if (c.status === "supervisor_review") {
        await this.act("supervisor_decide", c, this.supervisor, {
          decision: "close",
          note: "经复核予以办结",
        });
      }
      return;
    }
  }

  /** The resident's word: by tracking code when they have one, else on the operator's call. */
  private async evaluate(
    c: ActionCase,
    trackingCode: string | null,
    evaluation: { resolved: boolean; satisfaction: Satisfaction },
    ip: string,
  ): Promise<ActionCase> {
    const rec = this.records.get(c.id);
    if (trackingCode) {
      const view = await this.http<{ status: string; assignedUnit: string | null }>(
        "evaluate_tracking",
        "POST",
        `/api/v1/track/${trackingCode}/evaluate`,
        { ...evaluation, comment: "谢谢" },
        null,
        { "x-forwarded-for": ip },
      );
      if (rec) {
        rec.evaluation = evaluation;
        rec.status = view.status;
      }
      // The tracking view carries no version: the next action goes without one.
      return { ...c, status: view.status, version: undefined };
    }
    const answer = await this.act("evaluate", c, this.operator, { ...evaluation, comment: "回访记录" });
    if (rec) rec.evaluation = evaluation;
    return answer;
  }

  /** The three rates by the definitions in src/modules/rates/figures.ts, over the record. */
  expectedRates(asOf: string, basicWeight: number) {
    const now = Date.parse(asOf);
    let responseNum = 0;
    let responseDen = 0;
    let evaluated = 0;
    let resolved = 0;
    let satisfied = 0;
    let basically = 0;
    for (const r of this.records.values()) {
      const due = r.responseDueAt === null ? null : Date.parse(r.responseDueAt);
      const responded = r.respondedAt === null ? null : Date.parse(r.respondedAt);
      if (r.status !== "rejected" && due !== null && (responded !== null || due <= now)) {
        responseDen++;
        if (responded !== null && responded <= due) responseNum++;
      }
      if (r.evaluation) {
        evaluated++;
        if (r.evaluation.resolved) resolved++;
        if (r.evaluation.satisfaction === "satisfied") satisfied++;
        if (r.evaluation.satisfaction === "basically_satisfied") basically++;
      }
    }
    const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
    const satisfactionNum = satisfied + basicWeight * basically;
    return {
      responseRate: {
        numerator: responseNum,
        denominator: responseDen,
        value: ratio(responseNum, responseDen),
      },
      resolutionRate: { numerator: resolved, denominator: evaluated, value: ratio(resolved, evaluated) },
      satisfactionRate: {
        numerator: satisfactionNum,
        denominator: evaluated,
        value: ratio(satisfactionNum, evaluated),
      },
    };
  }
}
