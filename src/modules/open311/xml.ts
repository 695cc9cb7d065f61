/**
 * A small XML writer for Open311 GeoReport v2 documents. The spec's XML is schemaless, without
 * namespaces or attributes: elements holding text, elements holding elements, and lists whose
 * items repeat a singular element name (`<services><service>…</service></services>`). JSON is the
 * same tree under the Spark convention, so one value serves both formats.
 */

/** A value of a GeoReport document: a scalar, a list, or a record of named fields. */
export type XmlValue =
  string | number | boolean | null | readonly XmlValue[] | { readonly [field: string]: XmlValue };

/** The element that each item of a list is written as, by the list's element name (spec names). */
const ITEM_ELEMENTS: Readonly<Record<string, string>> = {
  services: "service",
  service_requests: "request",
  attributes: "attribute",
  values: "value",
  endpoints: "endpoint",
  formats: "format",
  errors: "error",
};

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Characters XML 1.0 cannot carry at all, even escaped: C0 controls other than tab, newline and
 * carriage return, lone surrogates, U+FFFE and U+FFFF. A resident's description may hold any of
 * them (pasted text); they are dropped so the document stays well-formed.
 */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as element content: markup characters escaped, characters XML cannot hold removed. */
export function escapeXmlText(text: string): string {
  return text
    .replace(NOT_XML_CHAR, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function element(name: string, value: XmlValue): string {
  // Names come from this module's callers, never from input; a bad one is a programming error.
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === null) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_ELEMENTS[name];
    if (item === undefined) throw new Error(`no item element known for list <${name}>`);
    return `<${name}>${value.map((v: XmlValue) => element(item, v)).join("")}</${name}>`;
  }
  if (typeof value === "object") {
    const fields = Object.entries(value as { readonly [field: string]: XmlValue });
    return `<${name}>${fields.map(([k, v]) => element(k, v)).join("")}</${name}>`;
  }
  return `<${name}>${escapeXmlText(String(value))}</${name}>`;
}

/** A whole document: the UTF-8 declaration the spec requires, then `value` as element `root`. */
export function xmlDocument(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}\n`;
}
