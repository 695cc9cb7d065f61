/**
 * Names of codes and errors in the person's language, for both apps: `name("role", "admin")`
 * and `errorText(err)`. An error shows the UI's own words for its code; the server's message
 * only for a code the UI does not know (a newer server), so what people read is in their language.
 */
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { isErrorCode } from "../../../shared/contracts/error-codes.js";
import { ApiError } from "../api.js";
import { domainKey, isCodeOf, type CodeOf, type DomainKind } from "./domain.js";

export type NameOf = <K extends DomainKind>(kind: K, code: CodeOf<K>) => string;

/** `name(kind, code)`: the code's name in the current language. */
export function useNames(): NameOf {
  const { t } = useTranslation("domain");
  return useCallback<NameOf>((kind, code) => t(domainKey(kind, code)), [t]);
}

/** The name of a code the server sends as a plain string, or the code itself when it has none. */
export function useLooseName(): (kind: DomainKind, code: string) => string {
  const name = useNames();
  return useCallback((kind, code) => (isCodeOf(kind, code) ? name(kind, code) : code), [name]);
}

/**
 * The words for an error — an `ApiError`, or a refusal kept as `{ code, message }` (the phone's
 * outbox): the UI's own for a known code, else the server's message.
 */
export function errorTextOf(name: NameOf, err: unknown): string {
  const { code, message } = (typeof err === "object" && err !== null ? err : {}) as {
    code?: unknown;
    message?: unknown;
  };
  if (err instanceof ApiError || typeof code === "string") {
    if (code === "network") return name("error", "network");
    if (typeof code === "string" && isErrorCode(code)) return name("error", code);
  }
  if (typeof message === "string") return message;
  return String(err);
}

export function useErrorText(): (err: unknown) => string {
  const name = useNames();
  return useCallback((err: unknown) => errorTextOf(name, err), [name]);
}

/** A thing the catalogue names in both languages (a category). */
export interface TwoNames {
  name: string;
  nameEn: string;
}

/** `localName(category)`: its name in the current language (the catalogue carries both). */
export function useLocalName(): (named: TwoNames) => string {
  const { i18n } = useTranslation();
  const english = i18n.language === "en";
  return useCallback((named: TwoNames) => (english ? named.nameEn : named.name), [english]);
}

/**
 * Who took a timeline step that no account took, from the event's `label` (`resident`,
 * `system`, `open311:<client>`): its name in the current language, or the label as written when
 * it names something else (an Open311 client's own name stays as the server sent it).
 */
export function useEventActorName(): (label: string) => string {
  const name = useNames();
  return useCallback(
    (label: string) => {
      const kind = label.split(":")[0] ?? "";
      return isCodeOf("eventActor", kind) ? name("eventActor", kind) : label;
    },
    [name],
  );
}
