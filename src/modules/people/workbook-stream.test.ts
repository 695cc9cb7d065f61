/**
 * The workbook reader under a slow consumer: every sheet and every row arrives, whatever the
 * reader waits for between rows (the import waits on the database). exceljs's own streaming
 * pass paused its zip stream around each entry it handed out, and entries the zip parser
 * finished while paused were dropped without a word: a sheet went missing now and then.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { openWorkbookReader } from "./workbook-stream.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mg-wb-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A workbook of `sheets` sheets of `rows` rows each, written by exceljs (workbook.xml last). */
async function workbookFile(sheets: number, rows: number): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (let s = 1; s <= sheets; s += 1) {
    const ws = wb.addWorksheet(`表${s}`);
    ws.addRow(["编号", "名称"]);
    for (let r = 1; r <= rows; r += 1) ws.addRow([`S${s}-${r}`, `第${s}张表的第${r}行，居民姓名张三`]);
  }
  const file = path.join(dir, `${sheets}x${rows}.xlsx`);
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

/** Each sheet's name and the first cells of its rows, read with a pause after every row. */
async function readSlowly(file: string, pauseMs: number): Promise<Map<string, string[]>> {
  const { reader, close } = await openWorkbookReader(file);
  const out = new Map<string, string[]>();
  try {
    for await (const worksheet of reader) {
      const cells: string[] = [];
      out.set(String((worksheet as unknown as { name?: string }).name), cells);
      for await (const row of worksheet) {
        cells.push(String((row.values as unknown[])[1]));
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  } finally {
    close();
  }
  return out;
}

describe("the workbook reader", () => {
  it("hands over every sheet and row, in order, to a consumer that waits between rows", async () => {
    const file = await workbookFile(6, 40);
    for (const pauseMs of [0, 1, 3]) {
      const read = await readSlowly(file, pauseMs);
      expect([...read.keys()]).toEqual(["表1", "表2", "表3", "表4", "表5", "表6"]);
      for (const [name, cells] of read) {
        const s = name.slice(1);
        expect(cells).toEqual(["编号", ...Array.from({ length: 40 }, (_, i) => `S${s}-${i + 1}`)]);
      }
    }
  }, 60_000);
});
