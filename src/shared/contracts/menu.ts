/**
 * The console's menu as the server sends it in the session (`menu`): the entries the module
 * manifests register, filtered to what the person may open, in registry order. The web maps each
 * id to its page (src/web/console/registry.ts) and groups them in this order.
 */
export const MENU_GROUPS = ["work", "cockpit", "admin"] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];

/** One entry of the session's menu. */
export interface MenuEntryView {
  /** The page's id, `<module>.<page>` (e.g. `cases.dispatch`). */
  id: string;
  group: MenuGroup;
}
