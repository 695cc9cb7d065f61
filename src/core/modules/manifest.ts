/**
 * How a module registers itself (after Decidim's component manifest): one `ModuleManifest` per
 * module, listed once in `src/modules/registry.ts`. The scheduler (deadline marks) and the demo
 * loader read the registry; they never name a module. `installModules` puts what the manifests
 * declare for the core (permissions, …) in force: the app, the CLI and the test setup call it
 * once with the registry before anything asks.
 */
import type { Db } from "../../db/client.js";
import type { Actor } from "../access/actor.js";
import { MENU_GROUPS, type MenuEntryView, type MenuGroup } from "../../shared/contracts/menu.js";
import { installPermissions, type Permission, type PermissionDeclarations } from "../access/policy.js";
import { installNotificationKinds, type NotificationKind } from "../notifications/kinds.js";
import { installSubjectLabels, type SubjectLabeller } from "../notifications/subject-labels.js";
import type { DeadlineScan } from "../scheduler/deadline-scan.js";
import type { Workflow } from "../workflow/workflow.js";

/** One step of the demo data set, run in registry order; each step is its own work and safe to repeat. */
export interface DemoStep {
  /** Does the step's work (or nothing, when its data is there); answers lines for the log. */
  run(db: Db, demo: { city: string }): Promise<string[]>;
}

/**
 * Whether the actor, or the holder of `token` (say, a case's tracking code), may read what belongs
 * to one of the workflow's subjects: its photos (the attachments module asks it).
 */
export type SubjectReadCheck = (request: {
  db: Db;
  actor: Actor | null;
  subjectId: string;
  token: string | undefined;
}) => Promise<boolean>;

/** A workflow and the deadline marks it has the scheduler run. */
export interface WorkflowRegistration {
  // The state and action type parameters are the module's own; the registry only reads them.
  workflow: Workflow<string, string>;
  deadlineScan?: DeadlineScan;
  /** How people see its subjects named (a case's number), many at once: the inbox uses it. */
  labels?: SubjectLabeller;
  /** Who may read its subjects' attachments; without it, nobody once they are claimed. */
  mayRead?: SubjectReadCheck;
}

/** The registration of the workflow of `subjectType`, if a module registers one. */
export function workflowOf(
  modules: readonly ModuleManifest[],
  subjectType: string,
): WorkflowRegistration | undefined {
  return modules.flatMap((m) => m.workflows ?? []).find((w) => w.workflow.subjectType === subjectType);
}

/** An entry of the console's menu: the web maps its id to the page (src/web/console/registry.ts). */
export interface MenuEntry {
  /** `<module>.<page>`, as the web's page registry names it. */
  id: string;
  group: MenuGroup;
  /** Place within the group (ascending); the groups' order is MENU_GROUPS'. */
  order: number;
  /** Shown to whoever holds any of these permissions (empty: anyone signed in). */
  anyOf: readonly Permission[];
}

/**
 * Figures a module puts on the cockpit: their definition (how they are computed for a scope and
 * period) and their drill-down (the subjects behind one figure). The cockpit asks every
 * registered set; it names none. The type parameters are the module's own shapes.
 */
export interface CockpitFigureSet<Scope = never, Values = unknown, DrillQuery = never, Page = unknown> {
  /** The figures the set computes, by name (a drill-down names one of them). */
  figures: readonly string[];
  /** Refuses a scope the actor may not ask for (401/403/404) before any figure is computed. */
  check(db: Db, actor: Actor | null, scope: Scope): Promise<void>;
  /** The figures of a scope and period (each month of a trend is one call). */
  compute(db: Db, actor: Actor | null, scope: Scope, now: Date): Promise<Values>;
  /** The subjects behind one of `figures`, paged. */
  drillDown(db: Db, actor: Actor | null, query: DrillQuery, now: Date): Promise<Page>;
}

export interface ModuleManifest {
  /** The module's folder name under src/modules. */
  name: string;
  /** The module's permissions and the roles carrying each (its `permissions.ts`). */
  permissions?: PermissionDeclarations;
  workflows?: readonly WorkflowRegistration[];
  /**
   * How the module's other things are named where rows point at them by id (the audit log's
   * entities): one labeller per entity type. A workflow's subjects are named by its `labels`.
   */
  labels?: readonly { subjectType: string; labels: SubjectLabeller }[];
  /** The module's console pages on the menu (the session's `menu`, filtered to the person). */
  menu?: readonly MenuEntry[];
  /** The module's cockpit figures (definition and drill-down). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each set's shapes are its own
  cockpit?: readonly CockpitFigureSet<any, unknown, any, unknown>[];
  /** The kinds of notification the module writes (and which go out by SMS). */
  notificationKinds?: readonly NotificationKind[];
  demo?: DemoStep;
}

/** Declares a manifest (the identity, typed). */
export function defineModule(manifest: ModuleManifest): ModuleManifest {
  return manifest;
}

/** Every deadline scan the registered workflows ask for, in registry order. */
export function deadlineScansOf(modules: readonly ModuleManifest[]): DeadlineScan[] {
  return modules.flatMap((m) => (m.workflows ?? []).flatMap((w) => (w.deadlineScan ? [w.deadlineScan] : [])));
}

/** The menu entries of the modules that `holds` opens, by group then order. */
export function menuFor(
  modules: readonly ModuleManifest[],
  holds: (permission: Permission) => boolean,
): MenuEntryView[] {
  return modules
    .flatMap((m) => m.menu ?? [])
    .filter((e) => e.anyOf.length === 0 || e.anyOf.some(holds))
    .sort((a, b) => MENU_GROUPS.indexOf(a.group) - MENU_GROUPS.indexOf(b.group) || a.order - b.order)
    .map(({ id, group }) => ({ id, group }));
}

/**
 * Puts the registered modules' declarations in force in the core: permissions, notification kinds
 * and the workflows' subject labels.
 */
export function installModules(modules: readonly ModuleManifest[]): void {
  installPermissions(
    modules.flatMap((m) => (m.permissions ? [{ module: m.name, permissions: m.permissions }] : [])),
  );
  installNotificationKinds(
    modules.flatMap((m) => (m.notificationKinds ? [{ module: m.name, kinds: m.notificationKinds }] : [])),
  );
  installSubjectLabels(
    modules.flatMap((m) => [
      ...(m.workflows ?? []).flatMap((w) =>
        w.labels ? [{ subjectType: w.workflow.subjectType, labels: w.labels }] : [],
      ),
      ...(m.labels ?? []),
    ]),
  );
}

/** Every registered cockpit figure set, in registry order. */
export function cockpitFiguresOf(
  modules: readonly ModuleManifest[],
): CockpitFigureSet<never, unknown, never, unknown>[] {
  return modules.flatMap((m) => m.cockpit ?? []);
}
