/**
 * How a module registers itself (after Decidim's component manifest): one `ModuleManifest` per
 * module, listed once in `src/modules/registry.ts`. The scheduler (deadline marks) and the demo
 * loader read the registry; they never name a module.
 */
import type { Db } from "../../db/client.js";
import type { DeadlineScan } from "../scheduler/deadline-scan.js";
import type { Workflow } from "../workflow/workflow.js";

/** One step of the demo data set, run in registry order; each step is its own work and safe to repeat. */
export interface DemoStep {
  /** Does the step's work (or nothing, when its data is there); answers lines for the log. */
  run(db: Db, demo: { city: string }): Promise<string[]>;
}

/** A workflow and the deadline marks it has the scheduler run. */
export interface WorkflowRegistration {
  // The state and action type parameters are the module's own; the registry only reads them.
  workflow: Workflow<string, string>;
  deadlineScan?: DeadlineScan;
}

export interface ModuleManifest {
  /** The module's folder name under src/modules. */
  name: string;
  workflows?: readonly WorkflowRegistration[];
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
