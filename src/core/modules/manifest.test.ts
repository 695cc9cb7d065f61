/**
 * The module registry in force: permissions, menu entries and notification kinds come from the
 * manifests (src/modules/registry.ts), and a second owner of a name is refused.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MODULES } from "../../modules/registry.js";
import { PERMISSIONS, roleHas, type Permission } from "../access/policy.js";
import { notificationKind } from "../notifications/kinds.js";
import { defineModule, installModules, menuFor, workflowOf } from "./manifest.js";

afterEach(() => installModules(MODULES));

describe("installModules", () => {
  it("puts every registered module's permissions in force, and only those", () => {
    installModules(MODULES);
    const declared = MODULES.flatMap((m) => Object.keys(m.permissions ?? {}));
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...declared].sort());
    expect(roleHas("township_dispatcher", "cases.dispatch")).toBe(true);
    expect(roleHas("resident", "cases.dispatch")).toBe(false);
  });

  it("answers from the installed set: without the module, its permission is unknown (throws)", () => {
    installModules(MODULES.filter((m) => m.name !== "rates"));
    expect(() => roleHas("admin", "rates.read")).toThrow(/not installed/);
    expect(roleHas("admin", "cases.read")).toBe(true);
  });

  it("refuses a permission or a notification kind declared by two modules", () => {
    const twin = defineModule({ name: "twin", permissions: { "cases.read": ["admin"] } });
    expect(() => installModules([...MODULES, twin])).toThrow(
      /cases\.read is declared by both cases and twin/,
    );
    const kin = defineModule({ name: "kin", notificationKinds: [{ kind: "urge" }] });
    expect(() => installModules([...MODULES, kin])).toThrow(/urge is declared by both cases and kin/);
  });

  it("installs the notification kinds with their SMS templates", () => {
    installModules(MODULES);
    expect(notificationKind("reply")?.sms).toEqual({ templateVar: "SMS_TEMPLATE_REPLY", param: "number" });
    expect(notificationKind("login_code")?.sms?.param).toBe("code");
    expect(notificationKind("urge")).toEqual({ kind: "urge", module: "cases" });
    expect(notificationKind("no_such_kind")).toBeUndefined();
  });

  it("finds a workflow's registration by subject type", () => {
    expect(workflowOf(MODULES, "case")?.mayRead).toBeTypeOf("function");
    expect(workflowOf(MODULES, "case")?.labels).toBeTypeOf("function");
    expect(workflowOf(MODULES, "dispute")?.mayRead).toBeTypeOf("function");
    expect(workflowOf(MODULES, "hazard")).toBeUndefined();
  });
});

describe("menuFor", () => {
  const holding =
    (...ps: Permission[]) =>
    (p: Permission) =>
      ps.includes(p);

  it("lists the entries the permissions open, by group then order", () => {
    expect(menuFor(MODULES, holding("cases.read", "cases.handle", "rates.read")).map((e) => e.id)).toEqual([
      "cases.worklist",
      "cases.cannedReplies",
      "cases.search",
      "cases.map",
      "rates.cockpit",
    ]);
    expect(
      menuFor(MODULES, holding("users.manage", "audit.read", "cases.dispatch", "grids.manage")).map(
        (e) => e.id,
      ),
    ).toEqual(["cases.dispatch", "grids.admin", "accounts.users", "open311.api-keys", "audit.log"]);
    expect(menuFor(MODULES, holding())).toEqual([]);
  });

  it("picks up a new module's entries without any other edit", () => {
    const mediation = defineModule({
      name: "mediation",
      menu: [{ id: "mediation.disputes", group: "work", order: 15, anyOf: ["cases.read"] }],
    });
    expect(menuFor([...MODULES, mediation], holding("cases.read", "cases.dispatch"))).toEqual([
      { id: "cases.dispatch", group: "work" },
      { id: "mediation.disputes", group: "work" },
      { id: "cases.search", group: "work" },
      { id: "cases.map", group: "work" },
    ]);
  });
});
