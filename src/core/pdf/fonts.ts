/**
 * The fonts of every printed document: Noto Sans Hans (Google and Adobe's Source Han Sans SC,
 * SIL Open Font License 1.1), regular and bold, from the npm package `@embedpdf/fonts-sc`, so a
 * fresh `npm install` prints Chinese without any system font. It covers the 20,900-odd common
 * CJK ideographs, Latin and full-width punctuation.
 *
 * Each face is parsed once per process (about a second for the pair; the files are 8 MB each) and
 * shared by every document: pdfkit embeds only the glyphs a document uses (a subset), so a
 * one-page sheet carries tens of kilobytes of font, not megabytes.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as fontkit from "fontkit";

/** The package and files, named in the README. */
export const FONT_PACKAGE = "@embedpdf/fonts-sc";
const FILES = { regular: "NotoSansHans-Regular.otf", bold: "NotoSansHans-Bold.otf" } as const;

export type FontWeight = keyof typeof FILES;
export type PdfFonts = Record<FontWeight, fontkit.Font>;

let loaded: PdfFonts | null = null;

/** Where the package keeps its font files (its exports name only its script, so via its entry). */
function fontDirectory(): string {
  const entry = createRequire(import.meta.url).resolve(FONT_PACKAGE);
  return join(dirname(entry), "..", "fonts");
}

function open(file: string): fontkit.Font {
  const font = fontkit.openSync(join(fontDirectory(), file));
  if (!("layout" in font)) throw new Error(`${file} is a font collection, not one face`);
  return font;
}

/** The regular and bold faces, opened on first use. */
export function pdfFonts(): PdfFonts {
  loaded ??= { regular: open(FILES.regular), bold: open(FILES.bold) };
  return loaded;
}
