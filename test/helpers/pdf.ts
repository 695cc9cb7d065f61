/**
 * Reading a PDF back in tests: the text of each page as a viewer extracts it (pdf.js, the engine
 * of Firefox's viewer), so a test sees what a person copying from the document would get.
 */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface PdfText {
  pages: string[];
  /** All pages, in order. */
  text: string;
  /** The same without any whitespace: what a reader sees when the layout splits a line. */
  squeezed: string;
  info: Record<string, unknown>;
}

export async function readPdfText(bytes: Uint8Array): Promise<PdfText> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
  }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    pages.push(
      content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join(""),
    );
  }
  const { info } = await pdf.getMetadata();
  await pdf.destroy();
  const text = pages.join("\n");
  return { pages, text, squeezed: text.replace(/\s+/g, ""), info: info as Record<string, unknown> };
}
