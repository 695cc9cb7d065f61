/**
 * What the resident pages keep on the phone (localStorage): the unsent draft of an appeal, the
 * tracking codes of appeals raised anonymously, and the large-text choice. Storage may be
 * disabled (private mode): then everything lasts for the page only.
 */
import type { UploadedAttachment } from "../shared/upload.js";

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the value lasts for this page only
  }
}

/** A random id for the Idempotency-Key; randomUUID exists only on secure origins. */
export function randomKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export type Place =
  | { kind: "gps" | "map"; lon: number; lat: number; accuracy?: number }
  | { kind: "region"; code: string; names: string[] };

/** An appeal being written: kept until the server answers 201, so nothing typed is lost. */
export interface Draft {
  /** Made when the form opened; sent as Idempotency-Key on every try. */
  key: string;
  step: number;
  categoryCode: string | null;
  description: string;
  address: string;
  photos: UploadedAttachment[];
  place: Place | null;
  name: string;
  phone: string;
  updatedAt: string;
}

const DRAFT_KEY = "mg.resident.draft";

export function newDraft(): Draft {
  return {
    key: randomKey(),
    step: 0,
    categoryCode: null,
    description: "",
    address: "",
    photos: [],
    place: null,
    name: "",
    phone: "",
    updatedAt: new Date().toISOString(),
  };
}

export function loadDraft(): Draft | null {
  const draft = read<Draft | null>(DRAFT_KEY, null);
  return draft && typeof draft.key === "string" ? draft : null;
}

export function saveDraft(draft: Draft): void {
  write(DRAFT_KEY, { ...draft, updatedAt: new Date().toISOString() });
}

export function clearDraft(): void {
  write(DRAFT_KEY, undefined);
}

/** An anonymous appeal's tracking code, saved on this phone. */
export interface SavedCode {
  code: string;
  number: string;
  category: string | null;
  savedAt: string;
}

const CODES_KEY = "mg.resident.codes";

export function loadSavedCodes(): SavedCode[] {
  const codes = read<SavedCode[]>(CODES_KEY, []);
  return Array.isArray(codes) ? codes : [];
}

export function saveCode(entry: SavedCode): void {
  write(CODES_KEY, [entry, ...loadSavedCodes().filter((c) => c.code !== entry.code)].slice(0, 50));
}

export function forgetCode(code: string): void {
  write(
    CODES_KEY,
    loadSavedCodes().filter((c) => c.code !== code),
  );
}

export function isCodeSaved(code: string): boolean {
  return loadSavedCodes().some((c) => c.code === code);
}
