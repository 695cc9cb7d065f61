/**
 * Tracking codes for anonymous reporters: 10 characters a person can copy from a screen or
 * read out on the phone, shown once at intake. Only the SHA-256 is stored, so a database dump
 * does not hand out access to anyone's appeal.
 */
import { createHash, randomInt } from "node:crypto";

/** Digits and capitals without the look-alikes 0/O, 1/I/L and U/V: 29 symbols, ~48 bits per code. */
export const TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";

const LENGTH = 10;

/** A fresh code, grouped for reading like "K7QM-9XTR-2B". */
export function generateTrackingCode(): string {
  let raw = "";
  for (let i = 0; i < LENGTH; i++) raw += TRACKING_ALPHABET.charAt(randomInt(TRACKING_ALPHABET.length));
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

/**
 * The canonical form of what a person typed: capitals, no separators or spaces. Null when it
 * cannot be a code (wrong length or a symbol outside the alphabet), so it is a 404 at once.
 */
export function normalizeTrackingCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s\-_.]/g, "");
  if (raw.length !== LENGTH) return null;
  for (const ch of raw) if (!TRACKING_ALPHABET.includes(ch)) return null;
  return raw;
}

/** What the cases table stores: SHA-256 (hex) of the normalised code. */
export function hashTrackingCode(code: string): string {
  const normal = normalizeTrackingCode(code) ?? code;
  return createHash("sha256").update(normal).digest("hex");
}
