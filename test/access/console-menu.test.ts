/**
 * The console's menu has two halves: the server's manifests name the entries and who may see
 * them (the session's `menu`), the web's page registry maps each id to its page. Both halves
 * must name the same pages, or an entry would show nothing or a page would never show.
 */
import { describe, expect, it } from "vitest";
import { MODULES } from "../../src/modules/registry.js";

/** The web's page registry, as far as this test reads it (the server's tsconfig does not take the web's .tsx). */
interface WebModule {
  pages: readonly { id: string; group: string; anyOf: readonly string[]; menu?: boolean }[];
  notificationKinds?: Record<string, string>;
}
const WEB_REGISTRY = "../../src/web/console/registry.js";
const { CONSOLE_MODULES } = (await import(WEB_REGISTRY)) as { CONSOLE_MODULES: readonly WebModule[] };

describe("console menu: manifests and the web's page registry", () => {
  it("name the same menu pages, in the same groups", () => {
    const server = MODULES.flatMap((m) => m.menu ?? []).map((e) => `${e.group} ${e.id}`);
    const web = CONSOLE_MODULES.flatMap((m) => m.pages)
      .filter((p) => p.menu !== false)
      .map((p) => `${p.group} ${p.id}`);
    expect(server.sort()).toEqual(web.sort());
  });

  it("place each entry at an order of its own within its group (no two modules tie)", () => {
    const places = MODULES.flatMap((m) => m.menu ?? []).map((e) => `${e.group} ${e.order}`);
    expect(places.filter((p, i) => places.indexOf(p) !== i)).toEqual([]);
  });

  it("give each page the same permissions on both sides", () => {
    const server = new Map(MODULES.flatMap((m) => m.menu ?? []).map((e) => [e.id, [...e.anyOf].sort()]));
    for (const page of CONSOLE_MODULES.flatMap((m) => m.pages).filter((p) => p.menu !== false)) {
      expect([...page.anyOf].sort(), page.id).toEqual(server.get(page.id));
    }
  });

  it("give a word to every notification kind the manifests declare but the sign-in code", () => {
    const words = new Set(CONSOLE_MODULES.flatMap((m) => Object.keys(m.notificationKinds ?? {})));
    const kinds = MODULES.flatMap((m) => m.notificationKinds ?? []).map((k) => k.kind);
    // login_code goes out by SMS only; received reaches the reporter by SMS, not the console.
    expect(kinds.filter((k) => !words.has(k) && k !== "login_code" && k !== "received")).toEqual([]);
  });
});
