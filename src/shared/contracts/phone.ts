/**
 * A Chinese phone number, loosely: a mobile (1[3-9] + 9 digits) or a landline with area code
 * (0 + 2–3 digits, 7–8 digits), optionally +86, spaces or hyphens anywhere. One rule for the
 * server's schemas and the forms that check before sending.
 */
export function isChinesePhone(value: string): boolean {
  const digits = value
    .trim()
    .replace(/[\s-]/g, "")
    .replace(/^(\+86|0086)/, "");
  return /^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits);
}
