/**
 * The printed-document kit: an A4 sheet in the style of a Chinese office form (办理单, 督办单,
 * 调解协议书…) built top to bottom from a few blocks — masthead, section headings, label/value
 * grids, paragraphs, ruled tables, a signatures row with an optional seal placeholder. Content
 * that does not fit flows onto new pages (a table repeats its header; a tall row is split between
 * its lines); every page carries the document's reference and "第 x 页 / 共 n 页".
 *
 * No HTML anywhere: text is set line by line with the CJK font of ./fonts.ts, wrapped by
 * ./wrap-text.ts, so what is printed is exactly the strings given, never markup.
 */
import PDFDocument from "pdfkit";
import { pdfFonts, type FontWeight } from "./fonts.js";
import { wrapText } from "./wrap-text.js";

/** What a sheet says about itself: its heading, the PDF's metadata and the running lines. */
export interface SheetMeta {
  /** The document's name, e.g. 群众诉求办理单. */
  title: string;
  /** The unit that issues it, shown above the title (and the PDF's author). */
  issuer: string;
  /** What identifies a loose page, e.g. "编号 261127020001": in the running header and footer. */
  reference: string;
  /** Who printed it and when, at the foot of every page. */
  printedBy: string;
  /** The PDF's subject line (metadata). */
  subject?: string;
}

/** One label/value pair of a grid row; a row holds one field across the width or two side by side. */
export interface Field {
  label: string;
  value: string;
}

/** A table column: its header and its share of the width (shares are relative to each other). */
export interface Column {
  header: string;
  share: number;
  align?: "left" | "center";
}

/** A box of the signatures row: what is signed there, and a hint printed at its foot (年 月 日). */
export interface SignatureBox {
  label: string;
  hint?: string;
}

interface Cell {
  x: number;
  width: number;
  lines: string[];
  weight: FontWeight;
  fill?: string;
  align?: "left" | "center";
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 56.7, right: 56.7, top: 54, bottom: 56 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
/** 五号字 (10.5 pt), the body size of Chinese office documents. */
const BODY = 10.5;
const SMALL = 9;
const LINE = 1.5;
const PAD = { x: 5, y: 3.5 };
const LABEL_WIDTH = 74;
const LABEL_FILL = "#efefef";
const RULE = "#000000";
const GREY = "#555555";

/** Rows taller than this share of a fresh page are split rather than moved whole to the next page. */
const MOVE_WHOLE_MAX = 1 / 3;

/** The height of a row of cells set at `size`. */
const rowHeight = (cells: Cell[], size: number): number =>
  Math.max(1, ...cells.map((c) => c.lines.length)) * size * LINE + 2 * PAD.y;

/** The text of a cell: never empty, so every row keeps its height. */
const shown = (value: string): string => (value.trim() === "" ? "—" : value);

const HEADING = { size: 12, before: 2, height: 19 };

export class PdfSheet {
  private y = MARGIN.top;
  /** A section heading waiting for its first block, so that the two always share a page. */
  private heading: string | null = null;

  private constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly meta: SheetMeta,
    private readonly chunks: Buffer[],
    private readonly ended: Promise<void>,
  ) {}

  /** A new sheet on its first page. */
  static open(meta: SheetMeta): PdfSheet {
    const doc = new PDFDocument({
      size: "A4",
      margins: MARGIN,
      bufferPages: true,
      lang: "zh-CN",
      displayTitle: true,
      info: {
        Title: `${meta.title} ${meta.reference}`,
        Author: meta.issuer,
        Subject: meta.subject ?? meta.title,
        Creator: "Microgov",
        Producer: "Microgov",
      },
    });
    const fonts = pdfFonts();
    // pdfkit (0.20) takes a parsed fontkit font as well as a file; its types predate that. Sharing
    // the parsed font saves parsing 16 MB of font for every document.
    for (const weight of ["regular", "bold"] as const) {
      doc.registerFont(weight, fonts[weight] as unknown as Uint8Array);
    }
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve, reject) => {
      doc.on("end", resolve);
      doc.on("error", reject);
    });
    return new PdfSheet(doc, meta, chunks, ended);
  }

  // ---- measuring and setting text ----

  private use(weight: FontWeight, size: number): void {
    this.doc.font(weight).fontSize(size);
  }

  private lines(text: string, width: number, weight: FontWeight, size: number): string[] {
    this.use(weight, size);
    return wrapText(text, width, (s) => this.doc.widthOfString(s));
  }

  /**
   * Sets one line so that its ideographs sit in the middle of a band `height` high starting at
   * `top` (pdfkit places text by the top of the font's ascent, which is taller than the ink).
   */
  private line(
    text: string,
    x: number,
    top: number,
    height: number,
    weight: FontWeight,
    size: number,
    options: { width?: number; align?: "left" | "center" | "right"; color?: string; spacing?: number } = {},
  ): void {
    this.use(weight, size);
    const font = pdfFonts()[weight];
    // Ideographic ink runs from 0.88 em above the baseline to 0.12 em below it: its middle is
    // 0.38 em above the baseline, and the baseline is `ascent` below pdfkit's y.
    const ascent = font.ascent / font.unitsPerEm;
    const y = top + height / 2 - (ascent - 0.38) * size;
    const spacing = options.spacing ?? 0;
    const textWidth = this.doc.widthOfString(text, { characterSpacing: spacing });
    const width = options.width ?? textWidth;
    const left =
      options.align === "center"
        ? x + (width - textWidth) / 2
        : options.align === "right"
          ? x + width - textWidth
          : x;
    this.doc
      .fillColor(options.color ?? "#000000")
      .text(text, left, y, { lineBreak: false, characterSpacing: spacing });
  }

  // ---- pages ----

  private newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
  }

  /** Starts a new page unless `height` still fits on this one. */
  private keep(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  /** Vertical space. */
  space(height: number): this {
    this.y = Math.min(this.y + height, BOTTOM);
    return this;
  }

  // ---- blocks ----

  /**
   * The head of the first page: the issuer, the title (and a subtitle), then the document's
   * number set large enough to read out on the phone, with a short note on the right.
   */
  masthead(opts: { subtitle?: string; number: Field; aside?: string }): this {
    this.line(this.meta.issuer, MARGIN.left, this.y, 20, "bold", 15, {
      width: CONTENT_WIDTH,
      align: "center",
    });
    this.y += 22;
    // No letter spacing: a viewer would read the title back as 群 众 诉 求, and searching fails.
    this.line(this.meta.title, MARGIN.left, this.y, 30, "bold", 23, {
      width: CONTENT_WIDTH,
      align: "center",
    });
    this.y += 32;
    if (opts.subtitle) {
      this.line(opts.subtitle, MARGIN.left, this.y, 16, "regular", 11, {
        width: CONTENT_WIDTH,
        align: "center",
      });
      this.y += 20;
    }
    this.y += 2;
    this.use("regular", 11);
    const labelWidth = this.doc.widthOfString(opts.number.label) + 8;
    this.line(opts.number.label, MARGIN.left, this.y, 30, "regular", 11);
    this.line(opts.number.value, MARGIN.left + labelWidth, this.y, 30, "bold", 21, { spacing: 1.5 });
    if (opts.aside) {
      this.line(opts.aside, MARGIN.left, this.y, 30, "regular", SMALL, {
        width: CONTENT_WIDTH,
        align: "right",
        color: GREY,
      });
    }
    this.y += 32;
    this.doc
      .moveTo(MARGIN.left, this.y)
      .lineTo(MARGIN.left + CONTENT_WIDTH, this.y)
      .lineWidth(1.2)
      .strokeColor(RULE)
      .stroke();
    this.y += 8;
    return this;
  }

  /** A numbered part of the document (一、诉求信息), set with its first block: never alone at a page's foot. */
  section(title: string): this {
    this.placeHeading(0);
    this.heading = title;
    return this;
  }

  /** Sets the waiting heading where `firstBlock` (the height of what follows it) fits too. */
  private placeHeading(firstBlock: number): void {
    if (this.heading === null) return;
    const title = this.heading;
    this.heading = null;
    this.keep(HEADING.before + HEADING.height + firstBlock);
    this.y += HEADING.before;
    this.line(title, MARGIN.left, this.y, HEADING.height - 4, "bold", HEADING.size);
    this.y += HEADING.height;
  }

  /** Free text across the width; `indent` sets the first line in by two characters (公文 style). */
  paragraph(text: string, opts: { weight?: FontWeight; size?: number; indent?: boolean } = {}): this {
    const weight = opts.weight ?? "regular";
    const size = opts.size ?? BODY;
    const height = size * LINE;
    // The indent is two ideographic spaces in the text itself, so wrapping accounts for it.
    const lines = this.lines(opts.indent ? `\u3000\u3000${text}` : text, CONTENT_WIDTH, weight, size);
    this.placeHeading(Math.min(lines.length, 2) * height);
    for (const l of lines) {
      this.keep(height);
      this.line(l, MARGIN.left, this.y, height, weight, size);
      this.y += height;
    }
    this.y += 4;
    return this;
  }

  /** A ruled grid of label/value pairs: each row one field across the width, or two side by side. */
  fields(rows: Field[][]): this {
    const half = CONTENT_WIDTH / 2;
    const cellRows = rows.map((row) => {
      const slot = row.length > 1 ? half : CONTENT_WIDTH;
      return row.flatMap((field, i) => {
        const x = MARGIN.left + i * half;
        return [
          this.cell(x, LABEL_WIDTH, field.label, "regular", LABEL_FILL),
          this.cell(x + LABEL_WIDTH, slot - LABEL_WIDTH, shown(field.value), "regular"),
        ];
      });
    });
    this.placeHeading(cellRows[0] ? rowHeight(cellRows[0], BODY) : 0);
    for (const cells of cellRows) this.row(cells, BODY);
    this.y += 6;
    return this;
  }

  /**
   * A ruled table. Its header is repeated at the top of every page it continues on; a row taller
   * than what is left of a page is split between two of its lines.
   */
  table(columns: Column[], rows: string[][], opts: { size?: number } = {}): this {
    const size = opts.size ?? SMALL + 0.5;
    const total = columns.reduce((sum, c) => sum + c.share, 0);
    const xs: { x: number; width: number }[] = [];
    let x = MARGIN.left;
    for (const c of columns) {
      const width = (CONTENT_WIDTH * c.share) / total;
      xs.push({ x, width });
      x += width;
    }
    const place = (i: number) => xs[i] ?? { x: MARGIN.left, width: 0 };
    const header = () =>
      this.row(
        columns.map((c, i) => ({
          ...this.cell(place(i).x, place(i).width, c.header, "bold", LABEL_FILL, size),
          align: "center" as const,
        })),
        size,
      );
    const cellRows = rows.map((values) =>
      columns.map((c, i) => ({
        ...this.cell(place(i).x, place(i).width, shown(values[i] ?? ""), "regular", undefined, size),
        align: c.align ?? "left",
      })),
    );
    // The header and the first row (or its first lines) go together.
    const start = size * LINE + 2 * PAD.y + Math.min(cellRows[0] ? rowHeight(cellRows[0], size) : 0, 80);
    this.placeHeading(start);
    this.keep(start);
    header();
    for (const cells of cellRows) this.row(cells, size, header);
    this.y += 6;
    return this;
  }

  /**
   * The signatures row: one box per signer (name, date…), and, when `seal` names a unit, a wider
   * box with a dashed circle where that unit's seal goes (盖章处). Kept whole on one page.
   */
  signatures(boxes: SignatureBox[], opts: { seal?: string } = {}): this {
    const height = opts.seal ? 96 : 52;
    this.placeHeading(height);
    this.keep(height + 4);
    const sealWidth = opts.seal ? 150 : 0;
    const width = (CONTENT_WIDTH - sealWidth) / boxes.length;
    const top = this.y;
    this.doc.lineWidth(0.6).strokeColor(RULE);
    boxes.forEach((box, i) => {
      const x = MARGIN.left + i * width;
      this.doc.rect(x, top, width, height).stroke();
      this.line(box.label, x + PAD.x, top + PAD.y, BODY * LINE, "regular", BODY);
      if (box.hint) {
        this.line(box.hint, x, top + height - BODY * LINE - PAD.y, BODY * LINE, "regular", BODY, {
          width: width - PAD.x * 2,
          align: "right",
        });
      }
    });
    if (opts.seal) {
      const x = MARGIN.left + CONTENT_WIDTH - sealWidth;
      this.doc.rect(x, top, sealWidth, height).stroke();
      const cx = x + sealWidth / 2;
      const r = 34;
      const cy = top + 8 + r;
      this.doc.circle(cx, cy, r).dash(3, { space: 2.5 }).strokeColor(GREY).stroke().undash();
      this.line("（盖章）", x, cy - 9, 18, "regular", SMALL, {
        width: sealWidth,
        align: "center",
        color: GREY,
      });
      const name = this.lines(opts.seal, sealWidth - 2 * PAD.x, "regular", SMALL)[0] ?? "";
      this.line(name, x, top + height - 18, 14, "regular", SMALL, { width: sealWidth, align: "center" });
    }
    this.y = top + height + 6;
    return this;
  }

  // ---- rows ----

  private cell(
    x: number,
    width: number,
    text: string,
    weight: FontWeight,
    fill?: string,
    size: number = BODY,
  ): Cell {
    return { x, width, weight, fill, lines: this.lines(text, width - 2 * PAD.x, weight, size) };
  }

  private drawCells(cells: Cell[], lineCount: number, size: number): void {
    const lineHeight = size * LINE;
    const height = lineCount * lineHeight + 2 * PAD.y;
    for (const c of cells) {
      if (c.fill) this.doc.rect(c.x, this.y, c.width, height).fill(c.fill);
      this.doc.lineWidth(0.6).strokeColor(RULE).rect(c.x, this.y, c.width, height).stroke();
      c.lines.slice(0, lineCount).forEach((text, i) => {
        this.line(text, c.x + PAD.x, this.y + PAD.y + i * lineHeight, lineHeight, c.weight, size, {
          width: c.width - 2 * PAD.x,
          align: c.align ?? "left",
        });
      });
    }
    this.y += height;
  }

  /** Draws one row of cells, moving it to or splitting it across the next page as needed. */
  private row(cells: Cell[], size: number, onNewPage?: () => void): void {
    const lineHeight = size * LINE;
    const freshRoom = BOTTOM - MARGIN.top;
    let rest = cells;
    for (;;) {
      const count = Math.max(1, ...rest.map((c) => c.lines.length));
      const need = rowHeight(rest, size);
      const room = BOTTOM - this.y;
      if (need <= room) {
        this.drawCells(rest, count, size);
        return;
      }
      const fitting = Math.floor((room - 2 * PAD.y) / lineHeight);
      const moveWhole = need <= freshRoom * MOVE_WHOLE_MAX;
      if (moveWhole || fitting < 2) {
        this.newPage();
        onNewPage?.();
        continue;
      }
      this.drawCells(rest, fitting, size);
      rest = rest.map((c) => ({ ...c, lines: c.lines.slice(fitting) }));
      this.newPage();
      onNewPage?.();
    }
  }

  // ---- finishing ----

  /** Every page's running header (from page 2) and footer; then the PDF's bytes and page count. */
  async finish(): Promise<{ pdf: Buffer; pages: number }> {
    this.placeHeading(0);
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      const page = i - start + 1;
      if (page > 1) {
        this.line(`${this.meta.title} · ${this.meta.reference}`, MARGIN.left, 30, 14, "regular", SMALL, {
          color: GREY,
        });
        this.doc
          .moveTo(MARGIN.left, 46)
          .lineTo(MARGIN.left + CONTENT_WIDTH, 46)
          .lineWidth(0.4)
          .strokeColor(GREY)
          .stroke();
      }
      const footTop = PAGE.height - MARGIN.bottom + 18;
      const printedBy =
        this.lines(this.meta.printedBy, CONTENT_WIDTH * 0.55, "regular", SMALL - 0.5)[0] ?? "";
      this.line(printedBy, MARGIN.left, footTop, 14, "regular", SMALL - 0.5, { color: GREY });
      this.line(
        `${this.meta.reference} · 第 ${page} 页 / 共 ${count} 页`,
        MARGIN.left,
        footTop,
        14,
        "regular",
        SMALL - 0.5,
        { width: CONTENT_WIDTH, align: "right", color: GREY },
      );
    }
    this.doc.end();
    await this.ended;
    return { pdf: Buffer.concat(this.chunks), pages: count };
  }
}
