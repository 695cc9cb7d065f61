/**
 * The menu of what this person may open. When the session carries the server's `menu` (the
 * entries the module manifests register, already filtered to the person), that list decides which
 * pages show and in what order, each id mapped to its page in the registry; until then the
 * registry's pages are filtered by the session's permissions.
 */
import type { SessionView } from "../shared/contracts.js";
import { MENU_GROUPS, mayOpen, type ConsolePage, type MenuGroup } from "./pages.js";

/** A menu entry as the session carries it: `{ id, group, … }` (see the module manifests). */
interface ServerMenuEntry {
  id: string;
}

export interface MenuSection {
  group: MenuGroup;
  pages: ConsolePage[];
}

export interface ConsoleMenu {
  sections: MenuSection[];
  /** Whether a route of the registry may open: in the menu, or (pages off the menu) by permission. */
  mayOpen(page: ConsolePage): boolean;
}

function serverMenu(session: SessionView): ServerMenuEntry[] | null {
  const menu: unknown = (session as { menu?: unknown }).menu;
  if (!Array.isArray(menu)) return null;
  return menu.filter(
    (e): e is ServerMenuEntry =>
      typeof e === "object" && e !== null && typeof (e as ServerMenuEntry).id === "string",
  );
}

function sectionsOf(pages: ConsolePage[]): MenuSection[] {
  return (Object.keys(MENU_GROUPS) as MenuGroup[])
    .map((group) => ({ group, pages: pages.filter((p) => p.group === group) }))
    .filter((s) => s.pages.length > 0);
}

export function menuOf(session: SessionView, registry: readonly ConsolePage[]): ConsoleMenu {
  const can = (permission: string) => session.permissions.includes(permission);
  const entries = serverMenu(session);
  if (entries === null) {
    const pages = registry.filter((p) => p.menu !== false && mayOpen(p, can));
    return { sections: sectionsOf(pages), mayOpen: (page) => mayOpen(page, can) };
  }
  const byId = new Map(registry.map((p) => [p.id, p]));
  const listed = entries.flatMap((e) => byId.get(e.id) ?? []).filter((p) => p.menu !== false);
  const ids = new Set(listed.map((p) => p.id));
  return {
    sections: sectionsOf(listed),
    mayOpen: (page) => (page.menu === false ? mayOpen(page, can) : ids.has(page.id)),
  };
}
