import type { ComponentType, LazyExoticComponent, ReactNode } from "react";
import type { MenuGroup as ServerMenuGroup } from "../../shared/contracts/menu.js";
import type { ConsoleKey } from "./i18n/index.js";

/** The console's menu groups, in menu order, and their names. */
export const MENU_GROUPS = {
  work: "nav.work",
  cockpit: "nav.cockpit",
  admin: "nav.admin",
} as const satisfies Record<ServerMenuGroup, ConsoleKey>;
export type MenuGroup = keyof typeof MENU_GROUPS;

/** One page of the console: where it lives, how the menu names it, who may open it. */
export interface ConsolePage {
  /** The menu entry's id as the module manifests name it on the server (`cases.dispatch`). */
  id: string;
  /** Path under /console, without the leading slash (e.g. "dispatch", "cases/:id"). */
  path: string;
  group: MenuGroup;
  /** The menu label and page title. */
  labelKey: ConsoleKey;
  icon?: ReactNode;
  /** Reachable when the person holds any of these permissions (empty: anyone signed in). */
  anyOf: readonly string[];
  /** Lazily loaded so each page is its own chunk. */
  component: LazyExoticComponent<ComponentType>;
  /** False for pages reached from another (a case's page); default true. */
  menu?: boolean;
}

/** A module's console pages: one entry of the registry (./registry.ts). */
export interface ConsoleModule {
  /** The server module that serves these pages (`cases`, `rates`, `grids`…). */
  module: string;
  pages: readonly ConsolePage[];
  /** The words of the notification kinds the module's manifest declares (the bell shows them). */
  notificationKinds?: Readonly<Record<string, ConsoleKey>>;
}

export function mayOpen(page: ConsolePage, can: (permission: string) => boolean): boolean {
  return page.anyOf.length === 0 || page.anyOf.some(can);
}
