/**
 * An uploaded XLSX file read with exceljs's streaming WorkbookReader, the zip taken apart here.
 * The reader's own pass over the zip (unzipper's streaming Parse, iterated by exceljs's
 * `iterateStream`) pauses the zip stream while the consumer works on an entry; unzipper goes on
 * reading meanwhile and entries it finishes while paused are dropped without a word. A consumer
 * that waits between rows (the import waits on the database) lost whole sheets: a file read as
 * fewer sheets than it has (exceljs issue #3064). And it needs the workbook's relations, names and
 * shared strings before the sheets, which exceljs's own writer puts last.
 *
 * So the upload, being a file, is read through its central directory: the entries the import
 * needs are inflated one at a time straight from their bytes in the file (zlib, nothing buffered
 * but a chunk), in the order the reader wants (relations, workbook, shared strings, then the
 * sheets by number), and handed to the reader's own parsers; the zip is never streamed through
 * unzipper. A file without a readable central directory, or with an entry stored other than
 * plainly or deflated, is not a workbook.
 *
 * A second repair: exceljs 4.4.0 decodes each inflated chunk of a part as UTF-8 on its own, so a
 * Chinese character (three bytes) split between two chunks comes out as garbage. The parsers are
 * given text decoded across chunk boundaries instead (they take strings as they are).
 *
 * And limits: a few MB of zip can inflate to gigabytes of XML, and the reader keeps every shared
 * string in memory. The sizes the central directory declares are checked before anything is
 * parsed, and the bytes actually inflated are counted as they come (a zip may lie about its
 * sizes); either over a limit is a PartTooLarge.
 */
import fs from "node:fs";
import { Readable, pipeline } from "node:stream";
import zlib from "node:zlib";
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
  /** Where its local header starts. */
  start: number;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** The inflated size the central directory declares. */
  size: number;
}

const LOCAL = 0x04034b50;

/** The entries of the zip `file`, as its central directory lists them. */
async function zipEntries(file: string): Promise<Entry[]> {
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
    const entries: Entry[] = [];
    let p = 0;
    for (let i = 0; i < count; i += 1) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new NotAZip("bad central directory");
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const compressedSize = cd.readUInt32LE(p + 20);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const start = cd.readUInt32LE(p + 42);
      // Encrypted, or compressed some other way than a workbook's writers use: not a workbook.
      if (flags & 1 || (method !== 0 && method !== 8)) throw new NotAZip("entry encrypted or not deflated");
      if (start + 30 + compressedSize > cdOffset) throw new NotAZip("entry beyond the data");
      entries.push({
        name: cd.toString("utf8", p + 46, p + 46 + nameLength),
        start,
        method,
        compressedSize,
        size: cd.readUInt32LE(p + 24),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/** The inflated bytes of `entry` of the zip `file`, read from the file as they are wanted. */
async function inflated(file: string, entry: Entry): Promise<Readable> {
  const header = Buffer.alloc(30);
  const fh = await fs.promises.open(file, "r");
  try {
    await fh.read(header, 0, 30, entry.start);
  } finally {
    await fh.close();
  }
  if (header.readUInt32LE(0) !== LOCAL) throw new NotAZip("bad local header");
  const dataStart = entry.start + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.compressedSize === 0) return Readable.from([]);
  const raw = fs.createReadStream(file, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
  if (entry.method === 0) return raw;
  const inflate = zlib.createInflateRaw();
  // An error on either side ends both; the reader sees it as the stream's error.
  return pipeline(raw, inflate, () => undefined);
}

const FIRST = ["xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/sharedStrings.xml"];
const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

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

/** The parts of exceljs's WorkbookReader (4.4.0, pinned) that the repairs replace or wrap. */
interface ReaderInternals {
  sharedStrings?: unknown[];
  parse(): AsyncGenerator<unknown>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
}

/**
 * exceljs's streaming WorkbookReader over the workbook at `file`, fed entry by entry from the
 * file (see above). Iterate it for the worksheets; call `close` once done (or failed).
 */
export async function openWorkbookReader(
  file: string,
): Promise<{ reader: ExcelJS.stream.xlsx.WorkbookReader; close: () => void }> {
  const entries = await zipEntries(file);
  const first = FIRST.flatMap((name) => entries.filter((e) => e.name === name));
  const sheets = entries
    .filter((e) => SHEET.test(e.name))
    .sort((a, b) => Number(SHEET.exec(a.name)?.[1]) - Number(SHEET.exec(b.name)?.[1]));
  const sharedStrings = first.find((e) => e.name === "xl/sharedStrings.xml");
  if (sharedStrings && sharedStrings.size > MAX_SHARED_STRINGS_BYTES)
    throw new PartTooLarge("sharedStrings", MAX_SHARED_STRINGS_BYTES);
  if (sheets.reduce((sum, e) => sum + e.size, 0) > MAX_SHEETS_BYTES)
    throw new PartTooLarge("sheets", MAX_SHEETS_BYTES);

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const internals = reader as unknown as ReaderInternals;
  // No shared strings part: say so, or a sheet's shared-string cell has nothing to look in.
  if (!sharedStrings) internals.sharedStrings = [];
  // Every entry opened stays listed until it closes, so `close` can end what a failure left.
  const open = new Set<Readable>();
  const entry = async (e: Entry): Promise<Readable> => {
    const stream = await inflated(file, e);
    open.add(stream);
    stream.once("close", () => open.delete(stream));
    return stream;
  };
  const sheetBudget = new Budget("sheets", MAX_SHEETS_BYTES);
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  const parseRels = internals._parseRels.bind(reader);
  const parseWorkbook = internals._parseWorkbook.bind(reader);
  internals.parse = async function* parse() {
    for (const e of first) {
      if (e.name === "xl/_rels/workbook.xml.rels") await parseRels(await entry(e));
      else if (e.name === "xl/workbook.xml") await parseWorkbook(await entry(e));
      else
        yield* parseSharedStrings(
          Readable.from(utf8(await entry(e), new Budget("sharedStrings", MAX_SHARED_STRINGS_BYTES))),
        );
    }
    for (const e of sheets) {
      yield* parseWorksheet(utf8(await entry(e), sheetBudget), SHEET.exec(e.name)?.[1] ?? "");
    }
  };
  return {
    reader,
    close: () => {
      for (const stream of open) stream.destroy();
    },
  };
}
