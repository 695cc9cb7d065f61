/**
 * An uploaded XLSX file as the stream exceljs's streaming WorkbookReader reads best. The reader
 * takes the zip's entries in file order and needs the workbook's relations and names and the
 * shared strings before a sheet to parse it at once; when they come after the sheets (as
 * exceljs's own WorkbookWriter and several other writers put them) it parks every sheet in a
 * temporary file and, for workbooks of several sheets, loses track of their names. Since the
 * upload is a file, this reads the zip's central directory and streams just the entries the
 * import needs, in the order the reader wants: relations, workbook, shared strings, then the
 * sheets by number. The entries' bytes are passed through untouched (the reader inflates them).
 * A file without a readable central directory is not a workbook.
 *
 * And a second repair: exceljs 4.4.0 decodes each inflated chunk of a part as UTF-8 on its own,
 * so a Chinese character (three bytes) split between two chunks comes out as garbage — a
 * random cell in every few thousand. The reader below hands its XML parser text decoded across
 * chunk boundaries instead (the parser takes strings as they are).
 *
 * And limits: a few MB of zip can inflate to gigabytes of XML, and the reader keeps every shared
 * string in memory. The sizes the central directory declares are checked before anything is
 * parsed, and the bytes the reader actually inflates are counted as it goes (a zip may lie about
 * its sizes); either over a limit is a PartTooLarge.
 */
import fs from "node:fs";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";

const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CENTRAL = 0x02014b50;
/** The end-of-central-directory record and the largest comment it may carry. */
const TAIL = 22 + 0xffff;

export class NotAZip extends Error {}

/**
 * Most bytes of XML the shared strings part may inflate to. The reader holds every shared
 * string in memory (and a JS string of N UTF-8 bytes takes up to 2N, plus some 50 bytes per
 * string), so this is kept small: 16 MB is about 2.5 times what an import at the row limit
 * needs even when every cell of 20,000 persons (name, numbers, 户籍地 and 工作单位 at full
 * length) is a distinct string, and costs at most some 100 MB of memory.
 */
export const MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024;
/**
 * Most bytes of XML all sheets together may inflate to. Sheets are streamed (nothing is kept),
 * so this bounds parsing time rather than memory: 20,000 rows of the persons sheet with inline
 * text at the column limits are under 40 MB; 128 MB parses in some 8 seconds.
 */
export const MAX_SHEETS_BYTES = 128 * 1024 * 1024;

/** A part of the workbook inflates to more than its limit. */
export class PartTooLarge extends Error {
  constructor(
    readonly part: "sharedStrings" | "sheets",
    readonly limit: number,
  ) {
    super(`${part} larger than ${limit} bytes`);
  }
}

interface Entry {
  name: string;
  start: number;
  end: number;
  /** The inflated size the central directory declares. */
  size: number;
}

/**
 * The entries of the zip `file`, each with the byte span of its local header and data, and the
 * span of the zip's closing records (central directory and end record).
 */
async function zipEntries(
  file: string,
): Promise<{ entries: Entry[]; closing: { start: number; end: number } }> {
  const fh = await fs.promises.open(file, "r");
  try {
    const { size } = await fh.stat();
    const tailLength = Math.min(size, TAIL);
    const tail = Buffer.alloc(tailLength);
    await fh.read(tail, 0, tailLength, size - tailLength);
    const at = tail.lastIndexOf(EOCD);
    if (at < 0 || at + 22 > tailLength) throw new NotAZip("no end of central directory");
    const count = tail.readUInt16LE(at + 10);
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (cdOffset + cdSize > size) throw new NotAZip("central directory beyond the file");
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const raw: { name: string; start: number; size: number }[] = [];
    let p = 0;
    for (let i = 0; i < count; i += 1) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new NotAZip("bad central directory");
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const size = cd.readUInt32LE(p + 24);
      const start = cd.readUInt32LE(p + 42);
      if (start >= cdOffset) throw new NotAZip("entry beyond the data");
      raw.push({ name: cd.toString("utf8", p + 46, p + 46 + nameLength), start, size });
      p += 46 + nameLength + extraLength + commentLength;
    }
    const byOffset = [...raw].sort((a, b) => a.start - b.start);
    return {
      entries: byOffset.map((e, i) => ({ ...e, end: byOffset[i + 1]?.start ?? cdOffset })),
      closing: { start: cdOffset, end: size },
    };
  } finally {
    await fh.close();
  }
}

const FIRST = ["xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/sharedStrings.xml"];
const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * The entries of the workbook at `file` the import reads, in the reader's order, as one stream;
 * `hasSharedStrings` says whether the workbook has a shared strings part (without one the
 * reader must be told there are none, or it parks the sheets again).
 */
export async function orderedWorkbook(
  file: string,
): Promise<{ stream: Readable; hasSharedStrings: boolean }> {
  const { entries, closing } = await zipEntries(file);
  const first = FIRST.flatMap((name) => entries.filter((e) => e.name === name));
  const sheets = entries
    .filter((e) => SHEET.test(e.name))
    .sort((a, b) => Number(SHEET.exec(a.name)?.[1]) - Number(SHEET.exec(b.name)?.[1]));
  // The zip's own closing records last: the reader's unzipper then ends on the end record. Ended
  // right after the last part instead, a reader slower than the file (waiting on the database
  // between rows) asked for the next record after the stream had finished: FILE_ENDED.
  const parts = [...first, ...sheets, closing];
  const sharedStrings = first.find((e) => e.name === "xl/sharedStrings.xml");
  if (sharedStrings && sharedStrings.size > MAX_SHARED_STRINGS_BYTES)
    throw new PartTooLarge("sharedStrings", MAX_SHARED_STRINGS_BYTES);
  if (sheets.reduce((sum, e) => sum + e.size, 0) > MAX_SHEETS_BYTES)
    throw new PartTooLarge("sheets", MAX_SHEETS_BYTES);
  const out = new PassThrough();
  void (async () => {
    for (const part of parts) {
      const piece = fs.createReadStream(file, { start: part.start, end: part.end - 1 });
      for await (const chunk of piece) {
        if (out.destroyed) return;
        if (!out.write(chunk))
          await new Promise((resolve) => {
            out.once("drain", resolve);
            out.once("close", resolve);
          });
      }
    }
    out.end();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return { stream: out, hasSharedStrings: entries.some((e) => e.name === "xl/sharedStrings.xml") };
}

/** Counts inflated bytes against a limit shared by the parts it is given to. */
class Budget {
  private used = 0;
  constructor(
    private readonly part: PartTooLarge["part"],
    private readonly limit: number,
  ) {}
  spend(chunk: Buffer | string): void {
    this.used += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    if (this.used > this.limit) throw new PartTooLarge(this.part, this.limit);
  }
}

/** Text of `chunks`, UTF-8 decoded across chunk boundaries, counted against `budget`. */
async function* utf8(chunks: AsyncIterable<Buffer | string>, budget: Budget): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of chunks) {
    budget.spend(chunk);
    yield typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The parts of exceljs's WorkbookReader (4.4.0, pinned) that the repairs wrap. */
interface ReaderInternals {
  sharedStrings?: unknown[];
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
}

/**
 * exceljs's streaming WorkbookReader over the workbook at `file`, with the entries in the order
 * it needs and text decoded across chunks (see above). Iterate it for the worksheets; call
 * `close` once done (or failed).
 */
export async function openWorkbookReader(
  file: string,
): Promise<{ reader: ExcelJS.stream.xlsx.WorkbookReader; close: () => void }> {
  const { stream, hasSharedStrings } = await orderedWorkbook(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const internals = reader as unknown as ReaderInternals;
  // No shared strings part: say so, or the reader parks every sheet in a temporary file.
  if (!hasSharedStrings) internals.sharedStrings = [];
  const sheets = new Budget("sheets", MAX_SHEETS_BYTES);
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(utf8(iterator, sheets), sheetNo);
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  internals._parseSharedStrings = (entry) =>
    parseSharedStrings(Readable.from(utf8(entry, new Budget("sharedStrings", MAX_SHARED_STRINGS_BYTES))));
  // The reader stops at the first error without draining its input: `close` ends the reading.
  return { reader, close: () => stream.destroy() };
}
