/** A mobile page's route element with the browser tab's title: `页面 · 微治理`. */
import type { ReactNode } from "react";
import { useDocumentTitle } from "../shared/useDocumentTitle.js";
import { useI18n } from "./i18n/index.js";

/** The words that name a mobile page (plain texts, no interpolation). */
export type PageTitleKey =
  | "resident.tab.raise"
  | "track.title"
  | "my.title"
  | "page.myCase"
  | "signin.title"
  | "grid.login.title"
  | "grid.tab.work"
  | "page.gridCase"
  | "grid.patrol.title"
  | "grid.outbox.title"
  | "grid.visits.title"
  | "mydata.title"
  | "disputes.title"
  | "page.myDispute"
  | "grid.mediation.title"
  | "homes.title";

export function Titled({ title, children }: { title: PageTitleKey; children: ReactNode }) {
  const { t } = useI18n();
  useDocumentTitle(t(title), t("app.short"));
  return children;
}
