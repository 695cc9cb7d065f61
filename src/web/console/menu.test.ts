/** The console's menu: the server's list when the session carries one, else the permissions. */
import { createElement, lazy } from "react";
import { describe, expect, it } from "vitest";
import type { SessionView } from "../shared/contracts.js";
import { menuOf } from "./menu.js";
import type { ConsolePage } from "./pages.js";

const component = lazy(() => Promise.resolve({ default: () => createElement("div") }));
const page = (id: string, group: ConsolePage["group"], anyOf: string[], menu?: boolean): ConsolePage => ({
  id,
  path: id.replace(".", "/"),
  group,
  labelKey: "nav.work",
  anyOf,
  component,
  menu,
});
const REGISTRY = [
  page("cases.dispatch", "work", ["cases.dispatch"]),
  page("cases.worklist", "work", ["cases.handle"]),
  page("cases.case", "work", ["cases.read"], false),
  page("rates.cockpit", "cockpit", ["rates.read"]),
  page("audit.log", "admin", ["audit.read"]),
];

function session(permissions: string[], menu?: { id: string; group: string }[]): SessionView {
  const user = {
    id: "u1",
    username: "someone",
    displayName: "Someone",
    phone: null,
    organisationId: null,
    disabled: false,
    lockedUntil: null,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    roles: [],
    canManage: false,
  };
  return {
    user,
    roles: [],
    permissions,
    csrfToken: "x",
    phoneProven: false,
    ...(menu ? { menu } : {}),
  } as SessionView;
}

const ids = (m: ReturnType<typeof menuOf>) => m.sections.map((s) => [s.group, s.pages.map((p) => p.id)]);

describe("console menu", () => {
  it("without a server menu, shows the pages the permissions open, grouped, none off-menu", () => {
    const m = menuOf(session(["cases.read", "cases.handle", "rates.read"]), REGISTRY);
    expect(ids(m)).toEqual([
      ["work", ["cases.worklist"]],
      ["cockpit", ["rates.cockpit"]],
    ]);
    expect(m.mayOpen(REGISTRY[0] as ConsolePage)).toBe(false);
    expect(m.mayOpen(REGISTRY[2] as ConsolePage)).toBe(true);
  });

  it("with a server menu, shows its entries in its order and opens only those (and off-menu pages by permission)", () => {
    const m = menuOf(
      session(
        ["cases.read", "cases.dispatch", "cases.handle", "rates.read"],
        [
          { id: "rates.cockpit", group: "cockpit" },
          { id: "cases.dispatch", group: "work" },
          { id: "some.future.page", group: "work" },
        ],
      ),
      REGISTRY,
    );
    expect(ids(m)).toEqual([
      ["work", ["cases.dispatch"]],
      ["cockpit", ["rates.cockpit"]],
    ]);
    // Permitted, but not in the server's menu: not offered and not opened.
    expect(m.mayOpen(REGISTRY[1] as ConsolePage)).toBe(false);
    expect(m.mayOpen(REGISTRY[0] as ConsolePage)).toBe(true);
    expect(m.mayOpen(REGISTRY[2] as ConsolePage)).toBe(true);
  });
});
