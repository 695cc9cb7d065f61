/**
 * The POSIX ustar format, as much of it as a backup needs: regular files with relative paths.
 * Written here rather than taken from a package because the reader must be strict (a bad header
 * checksum, a short file or a missing end is a damaged backup, said in one line) and the writer
 * must stream large files without holding them; both are short. GNU tar reads what this writes
 * (`tar -tzf backup.tar.gz`), sizes above 8 GiB included (base-256, as GNU and star write them).
 */

const BLOCK = 512;
/** The largest size the 11 octal digits of a plain ustar header can say. */
const OCTAL_SIZE_MAX = 8 ** 11 - 1;

/** What the archive says about one file. */
export interface TarEntryHeader {
  path: string;
  size: number;
  /** Modification time, whole seconds since 1970. */
  mtime: number;
}

/** A damaged, truncated or foreign archive; the message is one line a person can read. */
export class TarFormatError extends Error {}

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length > length) throw new Error(`tar field too long: ${value}`);
  bytes.copy(header, offset);
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  writeString(header, offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
}

/** A size beyond the octal field: base-256, big-endian, high bit of the first byte set. */
function writeBase256(header: Buffer, offset: number, length: number, value: number): void {
  let rest = BigInt(value);
  for (let i = offset + length - 1; i > offset; i--) {
    header[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  header[offset] = 0x80;
}

/** Splits a long path into ustar's prefix (≤155 bytes) and name (≤100 bytes) at a slash. */
function splitPath(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: "", name: path };
  for (let cut = path.indexOf("/"); cut !== -1; cut = path.indexOf("/", cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`path too long for a tar header: ${path}`);
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum;
}

/** The 512-byte header of a regular file. */
export function tarHeader(entry: TarEntryHeader): Buffer {
  const header = Buffer.alloc(BLOCK);
  const { prefix, name } = splitPath(entry.path);
  writeString(header, 0, 100, name);
  writeOctal(header, 100, 8, 0o600); // Personal data: owner only, whoever extracts it.
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  if (entry.size > OCTAL_SIZE_MAX) writeBase256(header, 124, 12, entry.size);
  else writeOctal(header, 124, 12, entry.size);
  writeOctal(header, 136, 12, entry.mtime);
  header[156] = 0x30; // '0': a regular file
  writeString(header, 257, 6, "ustar\0");
  writeString(header, 263, 2, "00");
  writeString(header, 345, 155, prefix);
  writeString(header, 148, 8, `${checksum(header).toString(8).padStart(6, "0")}\0 `);
  return header;
}

/** The zero bytes that fill a file of `size` bytes up to the next block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Two zero blocks: the end of an archive. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

function readString(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString("utf8");
}

function readNumber(header: Buffer, offset: number, length: number, what: string): number {
  const first = header[offset] ?? 0;
  if (first & 0x80) {
    let value = BigInt(first & 0x7f);
    for (let i = offset + 1; i < offset + length; i++) value = (value << 8n) | BigInt(header[i] ?? 0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new TarFormatError(`tar header ${what} is too large`);
    return Number(value);
  }
  const text = readString(header, offset, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError(`tar header ${what} is not a number`);
  return text === "" ? 0 : Number.parseInt(text, 8);
}

/**
 * Pulls exact byte counts out of a stream of chunks (a gunzip stream). Ends of input come out as
 * TarFormatError("… ends early"): a truncated archive.
 */
class ByteReader {
  #chunks: AsyncIterator<Buffer>;
  #pending: Buffer = Buffer.alloc(0);

  constructor(source: AsyncIterable<Buffer>) {
    this.#chunks = source[Symbol.asyncIterator]();
  }

  async #fill(): Promise<boolean> {
    const next = await this.#chunks.next();
    if (next.done) return false;
    this.#pending = this.#pending.length === 0 ? next.value : Buffer.concat([this.#pending, next.value]);
    return true;
  }

  /** Exactly `n` bytes; undefined when the input ended before the first of them. */
  async read(n: number): Promise<Buffer | undefined> {
    while (this.#pending.length < n) {
      if (!(await this.#fill())) {
        if (this.#pending.length === 0) return undefined;
        throw new TarFormatError("the archive ends early (truncated)");
      }
    }
    const out = this.#pending.subarray(0, n);
    this.#pending = this.#pending.subarray(n);
    return out;
  }

  /**
   * `budget.left` bytes handed on in the pieces they arrive in, so a large file never sits in
   * memory; `budget.left` counts down as they go, so a consumer that stops early leaves behind
   * exactly what is still to skip.
   */
  async *stream(budget: { left: number }): AsyncGenerator<Buffer> {
    while (budget.left > 0) {
      if (this.#pending.length === 0 && !(await this.#fill())) {
        throw new TarFormatError("the archive ends early (truncated)");
      }
      const piece = this.#pending.subarray(0, Math.min(budget.left, this.#pending.length));
      this.#pending = this.#pending.subarray(piece.length);
      budget.left -= piece.length;
      yield piece;
    }
  }
}

/** A path that stays inside the directory it is extracted to. */
function checkPath(path: string): void {
  const parts = path.split("/");
  if (path === "" || path.startsWith("/") || parts.some((p) => p === "" || p === "." || p === "..")) {
    throw new TarFormatError(`the archive holds an unsafe path: ${JSON.stringify(path)}`);
  }
}

/**
 * The entries of an uncompressed tar stream, in order. Each entry's `data` must be consumed
 * (or drained) before the next is asked for. Anything but regular files, a header whose
 * checksum does not add up, or an archive without its end blocks throws TarFormatError.
 */
export async function* readTar(
  source: AsyncIterable<Buffer>,
): AsyncGenerator<TarEntryHeader & { data: AsyncGenerator<Buffer> }> {
  const reader = new ByteReader(source);
  for (;;) {
    const header = await reader.read(BLOCK);
    if (header === undefined) throw new TarFormatError("the archive ends early (no end marker)");
    if (header.every((b) => b === 0)) {
      const second = await reader.read(BLOCK);
      if (second === undefined || !second.every((b) => b === 0)) {
        throw new TarFormatError("the archive ends early (truncated end marker)");
      }
      return;
    }
    if (readNumber(header, 148, 8, "checksum") !== checksum(header)) {
      throw new TarFormatError("a tar header is damaged (checksum mismatch)");
    }
    const type = header[156];
    if (type !== 0x30 && type !== 0) {
      throw new TarFormatError(`the archive holds something other than plain files (type ${String(type)})`);
    }
    const prefix = readString(header, 345, 155);
    const name = readString(header, 0, 100);
    const path = prefix === "" ? name : `${prefix}/${name}`;
    checkPath(path);
    const size = readNumber(header, 124, 12, "size");
    const mtime = readNumber(header, 136, 12, "mtime");
    const budget = { left: size };
    yield { path, size, mtime, data: reader.stream(budget) };
    // Whatever the consumer left unread, then the padding up to the next block.
    for await (const piece of reader.stream(budget)) void piece;
    if (size % BLOCK !== 0) await reader.read(BLOCK - (size % BLOCK));
  }
}
