/**
 * Document and phone numbers: normalising, the GB 11643-1999 check digit of the 18-digit
 * resident ID (公民身份号码), and the masked forms every answer shows.
 */

/** Weights of the first 17 digits (GB 11643-1999, ISO 7064 MOD 11-2). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";

/** Upper case, no spaces: how a document number is stored, indexed and compared. */
export function normaliseDocumentNumber(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

/** The check character of the first 17 digits of a resident ID. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? "";
}

export interface ResidentIdFacts {
  birthDate: string;
  sex: "male" | "female";
}

/**
 * Why an 18-digit resident ID is not valid (null when it is): shape, birth date (a real day,
 * not in the future, not before 1800) and the check digit. Returns what the number says of
 * its holder on success.
 */
export function checkResidentId(
  value: string,
  today: Date = new Date(),
): { ok: true; facts: ResidentIdFacts } | { ok: false; reason: string } {
  const id = normaliseDocumentNumber(value);
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) {
    return { ok: false, reason: "A resident ID number is 17 digits and a check digit or X (18 characters)." };
  }
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1800 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date > today) {
    return { ok: false, reason: "The birth date inside this resident ID number is not a real past day." };
  }
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) {
    return {
      ok: false,
      reason: "The check digit of this resident ID number is wrong (GB 11643): check for a typo.",
    };
  }
  return {
    ok: true,
    facts: {
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      sex: Number(id[16]) % 2 === 1 ? "male" : "female",
    },
  };
}

/** Digits only, without a leading +86 / 0086 / 86 on a mobile number. */
export function normalisePhone(value: string): string {
  const digits = value.replace(/[^\d]/g, "");
  const local = digits.replace(/^(0086|86)(?=1\d{10}$)/, "");
  return local;
}

/** `1101**********1234`: the first four and last four characters, the rest starred. */
export function maskDocumentNumber(value: string): string {
  const v = normaliseDocumentNumber(value);
  if (v.length >= 10) return `${v.slice(0, 4)}${"*".repeat(v.length - 8)}${v.slice(-4)}`;
  if (v.length <= 2) return "*".repeat(v.length);
  return `${v[0]}${"*".repeat(v.length - 2)}${v.slice(-1)}`;
}

/** `138****5678` for a mobile; otherwise all but the last four digits starred. */
export function maskPhone(value: string): string {
  const v = normalisePhone(value);
  if (/^1\d{10}$/.test(v)) return `${v.slice(0, 3)}****${v.slice(-4)}`;
  if (v.length <= 4) return "*".repeat(v.length);
  return `${"*".repeat(v.length - 4)}${v.slice(-4)}`;
}
