/**
 * The browser tab names the page the person is on, in their language: `页面 · 应用` /
 * `Page · App`. Screen readers announce it on navigation and a row of tabs stays readable.
 */
import { useEffect } from "react";

export function useDocumentTitle(page: string | null, app: string): void {
  useEffect(() => {
    document.title = page ? `${page} · ${app}` : app;
  }, [page, app]);
}
