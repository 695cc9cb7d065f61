import type { ComponentType, LazyExoticComponent, ReactNode } from "react";

/** One page of the console: where it lives, how the menu names it, who may open it. */
export interface ConsolePage {
  /** Path under /console, without the leading slash (e.g. "dispatch", "cases/:id"). */
  path: string;
  /** i18n key of the menu label and page title. */
  labelKey: string;
  icon?: ReactNode;
  /** Shown and reachable when the person holds any of these permissions (empty: anyone signed in). */
  anyOf: readonly string[];
  /** Lazily loaded so each page is its own chunk. */
  component: LazyExoticComponent<ComponentType>;
  /** False for pages reached from another (a case's page); default true. */
  menu?: boolean;
}

export function mayOpen(page: ConsolePage, can: (permission: string) => boolean): boolean {
  return page.anyOf.length === 0 || page.anyOf.some(can);
}
