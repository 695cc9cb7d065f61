/**
 * Imports a register workbook (the template's layout, ./register-sheets.ts): all or nothing.
 * The file is read with exceljs's streaming WorkbookReader, one row at a time; every row is
 * checked and every problem named (sheet, row, column, reason in the caller's language). The
 * whole file is read and checked outside any transaction, keeping the valid rows (at most
 * REGISTER_IMPORT_MAX_ROWS of them) while no problem has been found; the first problem stops the
 * keeping and the reading goes on to name the others. Only a file without problems opens the
 * write transaction, which holds just the inserts (on PGlite a transaction holds the one
 * connection, so every other request waits for it). Ids are made here, so a later sheet can
 * point at a row not yet written; besides the kept rows, memory holds one entry per building,
 * dwelling and household key and one blind index per document number (to hold "one person, one
 * record" inside the file).
 *
 * A reference (楼栋编号, 房屋编号, 住户编号) names a row of an earlier sheet first; failing that,
 * a record already in the register by its id (what an export writes as 编号), looked up in the
 * importer's people.manage scope a chunk of rows at a time (one query per chunk, not per row).
 * A record outside that scope is "not found" like a missing one, so the answer never tells that
 * it exists. The write transaction looks the records up once more and holds them (FOR KEY SHARE)
 * so none is deleted under the import. After the commit, the tables that took many rows are
 * analysed: their statistics would otherwise wait for autovacuum, and the blind-index and GIN
 * look-ups plan badly until then.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { z } from "zod";
import { and, getTableColumns, getTableName, inArray, isNull, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import { blindIndexes } from "../../core/personal-data/field-crypto.js";
import { normaliseDocumentNumber } from "../../core/personal-data/id-number.js";
import { AppError, BadRequestError } from "../../shared/errors.js";
import { sealIdentity } from "./persons.js";
import { NotAZip, PartTooLarge, openWorkbookReader } from "./workbook-stream.js";
import { resolvePlace, type Place } from "./place.js";
import { inRegisterScope, requireRegister } from "./policy.js";
import { CreateBuildingBody, CreateDwellingBody, CreateHouseholdBody, CreatePersonBody } from "./schemas.js";
import {
  buildingUnits,
  buildings,
  dwellings,
  householdMembers,
  households,
  personEvents,
  persons,
  type BuildingKind,
  type DwellingUse,
  type HouseholdType,
  type IdDocumentType,
  type Relation,
  type Sex,
} from "./schema.js";
import {
  EXPLANATION_SHEET,
  RENTALS_SHEET,
  SHEETS,
  columnByHeader,
  sheetByName,
  type ColumnSpec,
  type Lang,
  type SheetSpec,
} from "./register-sheets.js";

/** Rows written per INSERT, and rows whose references are looked up per query. */
const BATCH = 500;
/** A table that took at least this many rows is analysed after the commit. */
export const ANALYZE_AFTER_ROWS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The record a sheet's own key names. */
const OWN_KINDS: Partial<Record<SheetSpec["kind"], Referenced>> = {
  buildings: "building",
  dwellings: "dwelling",
  households: "household",
};
/** Problems listed at most; the count says how many there were. */
export const MAX_LISTED_PROBLEMS = 1000;

/** One problem of the file: where (sheet, 1-based row, column header) and why. */
export interface ImportProblem {
  sheet: string | null;
  row: number | null;
  column: string | null;
  reason: string;
  message: string;
}

export interface ImportCounts {
  buildings: number;
  dwellings: number;
  households: number;
  persons: number;
}

const REASONS = {
  required: ["必填", "Required"],
  not_a_choice: ["应为以下之一：{choices}", "Must be one of: {choices}"],
  not_an_integer: ["应为整数", "Must be a whole number"],
  out_of_range: ["超出允许范围", "Out of the allowed range"],
  too_long: ["最多 {max} 个字符", "At most {max} characters"],
  not_a_number: ["应为数字", "Must be a number"],
  not_a_date: ["应为日期，如 1980-03-15", "Must be a date, e.g. 1980-03-15"],
  registered_key: [
    "编号是已登记记录的标识（来自导出），导入只新增记录；已登记的请在人口房屋页面上修改",
    "The key is a registered record's id (from an export): the import only adds records; change registered ones on their page",
  ],
  duplicate_key: ["编号在本表中重复（第 {first} 行已用）", "The key repeats (already on row {first})"],
  unknown_key: [
    "前面的表中没有编号为“{key}”的{what}，您的管辖范围内也没有该标识的已登记{what}",
    "No {what} with the key “{key}” on an earlier sheet, nor a registered {what} with that id in your area",
  ],
  unknown_region: ["区划代码不存在或不在您的管辖范围内", "No such region code, or it is outside your area"],
  wrong_region_level: ["区划须为村/社区或网格", "The region must be a village or a grid"],
  unknown_unit: ["不是该楼栋“单元”列中的单元", "Not one of the building's units"],
  repeated_unit: ["单元名称重复", "A unit name repeats"],
  invalid_id_number: ["证件号码无效：{detail}", "Invalid document number: {detail}"],
  number_as_number: [
    "证件号码须以文本格式填写（数字格式会丢失位数）",
    "Enter the document number as text (a number cell loses digits)",
  ],
  masked_number: [
    "号码是遮蔽后的形式，不能导入（需要完整号码的导出）",
    "The number is masked and cannot be imported (use a full export)",
  ],
  invalid_phone: ["手机号码应为 7–15 位数字", "A phone number has 7 to 15 digits"],
  person_exists: ["该证件号码的人员已登记（一人一档）", "A person with this number is already registered"],
  person_repeated: [
    "该证件号码在本文件第 {first} 行已出现（一人一档）",
    "This number is already on row {first} of the file",
  ],
  second_head: ["该住户已有户主", "The household already has a head"],
  no_place: ["须填住户编号或区划代码", "Give a household key or a region code"],
  unknown_column: ["不是模板中的列", "Not a column of the template"],
  missing_column: ["缺少必填列“{column}”", "The required column “{column}” is missing"],
  unknown_sheet: [
    "不是模板中的工作表（应为 楼栋、房屋、住户、人员 或 填写说明）",
    "Not a sheet of the template (Buildings, Dwellings, Households, Persons or Instructions)",
  ],
  sheet_out_of_order: [
    "工作表顺序应为 楼栋、房屋、住户、人员",
    "The sheets must come in the order Buildings, Dwellings, Households, Persons",
  ],
  no_sheets: ["文件中没有模板的工作表", "The file has none of the template's sheets"],
} as const satisfies Record<string, readonly [string, string]>;

type Reason = keyof typeof REASONS;

const WHAT = {
  building: ["楼栋", "building"],
  dwelling: ["房屋", "dwelling"],
  household: ["住户", "household"],
} as const;

/** The file's own fault: 400 with every problem named in `details`. */
export class ImportRejected extends BadRequestError {
  constructor(problems: ImportProblem[], total: number, lang: Lang) {
    super(
      "import_rejected",
      lang === "zh"
        ? `文件有 ${total} 处错误，未导入任何记录。`
        : `The file has ${total} problem${total === 1 ? "" : "s"}; nothing was imported.`,
      { problems, total },
    );
  }
}

/** Not a workbook the reader can open. */
function badFile(lang: Lang): BadRequestError {
  return new BadRequestError(
    "bad_file",
    lang === "zh" ? "文件不是可读取的 XLSX 工作簿。" : "The file is not a readable XLSX workbook.",
  );
}

/** A workbook whose XML inflates past a limit (./workbook-stream.ts): refused before any more is read. */
function tooLarge(err: PartTooLarge, lang: Lang): BadRequestError {
  const mb = `${Math.round(err.limit / (1024 * 1024))} MB`;
  const zh = lang === "zh";
  const message =
    err.part === "sharedStrings"
      ? zh
        ? `工作簿的共享文本部分（xl/sharedStrings.xml）解压后超过 ${mb}，请拆分后分批导入。`
        : `The workbook's shared text (xl/sharedStrings.xml) inflates to more than ${mb}: split it and import the parts.`
      : zh
        ? `工作簿的工作表解压后共超过 ${mb}，请拆分后分批导入。`
        : `The workbook's sheets inflate to more than ${mb} in all: split it and import the parts.`;
  return new BadRequestError("workbook_too_large", message, { part: err.part, limit: err.limit });
}

/** More data rows than one import takes: refused as a whole. */
function tooManyRows(maxRows: number, lang: Lang): BadRequestError {
  return new BadRequestError(
    "too_many_rows",
    lang === "zh"
      ? `文件超过 ${maxRows} 行数据，未导入任何记录，请拆分后分批导入。`
      : `The file has more than ${maxRows} data rows; nothing was imported. Split it and import the parts.`,
    { limit: maxRows },
  );
}

/** An error the workbook reader raised about the bytes (not one of ours, nor the database's). */
class ReaderFailure extends Error {}

/** Iterates `source`, turning whatever the reader throws into a ReaderFailure. */
async function* guarded<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  for (;;) {
    let step: IteratorResult<T>;
    try {
      step = await it.next();
    } catch (err) {
      if (err instanceof AppError || err instanceof PartTooLarge) throw err;
      throw new ReaderFailure(err instanceof Error ? err.message : String(err));
    }
    if (step.done) return;
    yield step.value;
  }
}

/** The text of a cell, whatever exceljs made of it (rich text, formula result, hyperlink, date). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (v.richText)
      return v.richText
        .map((r) => r.text)
        .join("")
        .trim();
    if ("result" in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
  }
  return "";
}

type Values = Map<string, { text: string; raw: unknown }>;

type Referenced = "building" | "dwelling" | "household";

/** The column of each sheet that names a row of the sheet before it, and what it names. */
const REFERENCES: Partial<Record<SheetSpec["kind"], { field: string; what: Referenced }>> = {
  dwellings: { field: "building", what: "building" },
  households: { field: "dwelling", what: "dwelling" },
  persons: { field: "household", what: "household" },
};

/** A record of the register that a row names instead of a row of the file. */
interface ExistingRef {
  sheet: string;
  row: number;
  what: Referenced;
  key: string;
  /** A head joins it from the file: it must still have none at the write. */
  head: boolean;
}

/** The longest text a string schema (or a list of them, optional or not) takes; null without a limit. */
function maxLength(schema: z.ZodType | undefined): number | null {
  let s: unknown = schema;
  for (;;) {
    if (s instanceof z.ZodString) return s.maxLength;
    if (s instanceof z.ZodArray) s = s.element;
    else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault)
      s = s.unwrap();
    else return null;
  }
}

/**
 * The API's length limits of each sheet's text columns (per item for lists), taken from the
 * create bodies' schemas so a row imports only what the API would accept.
 */
const MAX_LENGTHS = Object.fromEntries(
  Object.entries({
    buildings: CreateBuildingBody.shape,
    dwellings: CreateDwellingBody.shape,
    households: CreateHouseholdBody.shape,
    persons: CreatePersonBody.shape,
  }).map(([kind, shape]) => [
    kind,
    new Map(
      Object.entries(shape as Record<string, z.ZodType>).flatMap(([field, schema]) => {
        const max = maxLength(schema);
        return max === null ? [] : [[field, max] as const];
      }),
    ),
  ]),
) as Record<SheetSpec["kind"], Map<string, number>>;

/** The rows of one sheet, checked; each kind's own rules come after the column checks. */
class RegisterImport {
  readonly problems: ImportProblem[] = [];
  total = 0;
  /** Every problem counted by its reason, the listed and the unlisted (for the audit of a refusal). */
  readonly reasons: Partial<Record<Reason, number>> = {};
  readonly counts: ImportCounts = { buildings: 0, dwellings: 0, households: 0, persons: 0 };
  private readonly places = new Map<string, Place | Reason>();
  private readonly buildingsByKey = new Map<
    string,
    { id: string; place: Place; units: Map<string, string> } | null
  >();
  private readonly dwellingsByKey = new Map<string, { id: string; place: Place } | null>();
  private readonly householdsByKey = new Map<string, { id: string; place: Place; head: boolean } | null>();
  /** Records of the register named by id, as looked up in scope: null when not found. */
  /** Own keys of rows that are ids of records already registered in scope (refused). */
  private readonly registeredKeys = new Set<string>();
  private readonly existing = {
    building: new Map<string, { id: string; place: Place; units: Map<string, string> } | null>(),
    dwelling: new Map<string, { id: string; place: Place } | null>(),
    household: new Map<string, { id: string; place: Place; head: boolean } | null>(),
  };
  private readonly keyRows = new Map<string, number>();
  private readonly documents = new Map<string, number>();
  private sheet: SheetSpec | null = null;
  private sheetName = "";
  private columns: (ColumnSpec | null)[] = [];
  private readonly today = new Date().toISOString().slice(0, 10);
  private batch = {
    buildings: [] as (typeof buildings.$inferInsert)[],
    units: [] as (typeof buildingUnits.$inferInsert)[],
    dwellings: [] as (typeof dwellings.$inferInsert)[],
    households: [] as (typeof households.$inferInsert)[],
    persons: [] as (typeof persons.$inferInsert)[],
    /** Document numbers to hold against the register, with their rows: checked even once writing stops. */
    documents: [] as { row: number; key: string; indexes: string[] }[],
    members: [] as (typeof householdMembers.$inferInsert)[],
    /** Register records the batch's rows point at, to look up again in the write transaction. */
    existing: [] as ExistingRef[],
  };

  /** Checked batches waiting for the write (at most the row limit's worth of rows). */
  private pending: RegisterImport["batch"][] = [];

  constructor(
    /** For reading only: the rows are checked before the write transaction opens. */
    private readonly db: Tx,
    private readonly actor: Actor,
    private readonly keys: PersonalDataKeys,
    private readonly lang: Lang,
  ) {}

  problem(
    row: number | null,
    column: ColumnSpec | string | null,
    reason: Reason,
    vars: Record<string, string | number> = {},
    sheet: string | null = this.sheet ? this.sheetName : null,
  ) {
    this.total += 1;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
    if (this.problems.length >= MAX_LISTED_PROBLEMS) return;
    const template = REASONS[reason][this.lang === "zh" ? 0 : 1] as string;
    const message = template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ""));
    this.problems.push({
      sheet,
      row,
      column: typeof column === "string" ? column : column ? column.zh : null,
      reason,
      message,
    });
  }

  private get writing(): boolean {
    return this.total === 0;
  }

  /** Starts a sheet: the header row names the columns (in either language, any order). */
  startSheet(spec: SheetSpec, name: string, header: unknown[]) {
    this.sheet = spec;
    this.sheetName = name;
    this.keyRows.clear();
    this.columns = [];
    const seen = new Set<string>();
    header.forEach((raw, i) => {
      const text = cellText(raw);
      if (i === 0 || text === "") return;
      const column = columnByHeader(spec, text);
      if (!column) this.problem(1, text, "unknown_column");
      else seen.add(column.field);
      this.columns[i] = column ?? null;
    });
    for (const c of spec.columns) {
      if (c.required && !seen.has(c.field)) this.problem(1, c, "missing_column", { column: c.zh });
    }
  }

  /** The typed values of a row by field; null where a cell is wrong (already named). */
  private read(rowNumber: number, values: Values) {
    const out: Record<string, string | number | string[] | null> = {};
    let ok = true;
    for (const c of this.sheet?.columns ?? []) {
      if (c.exportOnly) continue;
      const text = values.get(c.field)?.text ?? "";
      if (text === "") {
        if (c.required) {
          this.problem(rowNumber, c, "required");
          ok = false;
        }
        out[c.field] = c.kind === "list" ? [] : null;
        continue;
      }
      if (c.choices) {
        const t = text.toLowerCase();
        const hit = c.choices.find((x) => x.code === t || x.zh === text || x.en.toLowerCase() === t);
        if (!hit) {
          // In English each with the Chinese word the template itself uses (both are accepted).
          const names = c.choices
            .map((x) => (this.lang === "zh" ? x.zh : `${x.en} (${x.zh})`))
            .join(this.lang === "zh" ? "、" : ", ");
          this.problem(rowNumber, c, "not_a_choice", { choices: names });
          ok = false;
        }
        out[c.field] = hit?.code ?? null;
        continue;
      }
      switch (c.kind) {
        case "int": {
          const n = Number(text);
          if (!Number.isInteger(n)) {
            this.problem(rowNumber, c, "not_an_integer");
            ok = false;
          } else if (Math.abs(n) > 10_000) {
            this.problem(rowNumber, c, "out_of_range");
            ok = false;
          }
          out[c.field] = n;
          break;
        }
        case "number": {
          const n = Number(text);
          if (!Number.isFinite(n)) {
            this.problem(rowNumber, c, "not_a_number");
            ok = false;
          }
          out[c.field] = n;
          break;
        }
        case "date": {
          const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
          const iso = m ? `${m[1]}-${m[2]?.padStart(2, "0")}-${m[3]?.padStart(2, "0")}` : "";
          const d = new Date(`${iso}T00:00:00Z`);
          if (!m || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso || iso > this.today) {
            this.problem(rowNumber, c, "not_a_date");
            ok = false;
          }
          out[c.field] = iso;
          break;
        }
        case "list": {
          const items = text
            .split(/[、,，;；]/)
            .map((s) => s.trim())
            .filter((s) => s.length > 0);
          const max = this.maxLength(c);
          if (max !== null && items.some((item) => item.length > max)) {
            this.problem(rowNumber, c, "too_long", { max });
            ok = false;
          }
          out[c.field] = items;
          break;
        }
        default: {
          const max = this.maxLength(c);
          if (max !== null && text.length > max) {
            this.problem(rowNumber, c, "too_long", { max });
            ok = false;
            out[c.field] = null;
          } else out[c.field] = text;
        }
      }
    }
    return { out, ok };
  }

  /** The API's limit for the column's text (each item's, for a list), if it has one. */
  private maxLength(c: ColumnSpec): number | null {
    return this.sheet ? (MAX_LENGTHS[this.sheet.kind].get(c.field) ?? null) : null;
  }

  private column(field: string): ColumnSpec {
    const c = this.sheet?.columns.find((x) => x.field === field);
    if (!c) throw new Error(`no column ${field}`);
    return c;
  }

  /** The key of a row, once per sheet; never a registered record's id (a row copied from an export). */
  private claimKey(rowNumber: number, key: string): boolean {
    if (this.registeredKeys.has(key)) {
      this.problem(rowNumber, this.column("key"), "registered_key");
      return false;
    }
    const first = this.keyRows.get(key);
    if (first !== undefined) {
      this.problem(rowNumber, this.column("key"), "duplicate_key", { first });
      return false;
    }
    this.keyRows.set(key, rowNumber);
    return true;
  }

  private async place(rowNumber: number, code: string): Promise<Place | null> {
    let place = this.places.get(code);
    if (place === undefined) {
      try {
        place = await resolvePlace(this.db, this.actor, code);
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        place = err.code === "wrong_region_level" ? "wrong_region_level" : "unknown_region";
      }
      this.places.set(code, place);
    }
    if (typeof place === "string") {
      this.problem(rowNumber, this.column("regionCode"), place);
      return null;
    }
    return place;
  }

  /**
   * A key of an earlier sheet: known (null when its own row was wrong, already named); else a
   * record of the register in scope (looked up by `prefetch`); else named now.
   */
  private ref<T>(
    rowNumber: number,
    map: Map<string, T | null>,
    field: string,
    key: string,
    what: Referenced,
  ): T | null | undefined {
    if (map.has(key)) return map.get(key) ?? null;
    const found = (this.existing[what] as Map<string, T | null>).get(key);
    if (found) {
      this.batch.existing.push({ sheet: this.sheetName, row: rowNumber, what, key, head: false });
      return found;
    }
    this.problem(rowNumber, this.column(field), "unknown_key", {
      key,
      what: WHAT[what][this.lang === "zh" ? 0 : 1],
    });
    return undefined;
  }

  /** Checks a chunk of the sheet's rows, after looking up the register records they name. */
  async rows(chunk: readonly { number: number; values: unknown[] }[]): Promise<void> {
    await this.prefetch(chunk);
    for (const r of chunk) await this.row(r.number, r.values);
  }

  /**
   * Looks up, in one query, the register records that the chunk's references name and the file
   * does not: by id, in the importer's people.manage scope. A key that is not an id, or an id
   * not found in scope, is remembered as not found.
   */
  private async prefetch(chunk: readonly { number: number; values: unknown[] }[]): Promise<void> {
    await this.prefetchRegisteredKeys(chunk);
    const reference = this.sheet ? REFERENCES[this.sheet.kind] : undefined;
    if (!reference) return;
    const index = this.columns.findIndex((c) => c?.field === reference.field);
    if (index < 0) return;
    const inFile: Map<string, unknown> = {
      building: this.buildingsByKey,
      dwelling: this.dwellingsByKey,
      household: this.householdsByKey,
    }[reference.what];
    const known = this.existing[reference.what];
    const wanted = new Set<string>();
    for (const r of chunk) {
      const key = cellText(r.values[index]);
      if (key === "" || inFile.has(key) || known.has(key)) continue;
      if (UUID.test(key)) wanted.add(key);
      else known.set(key, null);
    }
    if (wanted.size === 0) return;
    const ids = [...wanted];
    for (const id of ids) known.set(id, null);
    const found = await lookUpExisting(this.db, this.actor, reference.what, ids);
    for (const [id, record] of found) known.set(id, record as never);
  }

  /**
   * The rows' own keys that are ids of records registered in the importer's scope: a row copied
   * from an export would register the building, dwelling or household a second time.
   */
  private async prefetchRegisteredKeys(
    chunk: readonly { number: number; values: unknown[] }[],
  ): Promise<void> {
    const what = this.sheet ? OWN_KINDS[this.sheet.kind] : undefined;
    const index = this.columns.findIndex((c) => c?.field === "key");
    if (!what || index < 0) return;
    const ids = [...new Set(chunk.map((r) => cellText(r.values[index])).filter((k) => UUID.test(k)))];
    if (ids.length === 0) return;
    for (const id of (await lookUpExisting(this.db, this.actor, what, ids)).keys())
      this.registeredKeys.add(id);
  }

  async row(rowNumber: number, raw: unknown[]): Promise<void> {
    const spec = this.sheet;
    if (!spec) return;
    const values: Values = new Map();
    let empty = true;
    raw.forEach((v, i) => {
      const c = this.columns[i];
      if (!c) return;
      const text = cellText(v);
      if (text !== "") empty = false;
      values.set(c.field, { text, raw: v });
    });
    if (empty) return;
    const { out, ok } = this.read(rowNumber, values);
    switch (spec.kind) {
      case "buildings":
        return this.building(rowNumber, out, ok);
      case "dwellings":
        return this.dwelling(rowNumber, out, ok);
      case "households":
        return this.household(rowNumber, out, ok);
      case "persons":
        return this.person(rowNumber, out, values, ok);
    }
  }

  private async building(n: number, v: Record<string, unknown>, ok: boolean) {
    const key = v.key as string | null;
    if (key === null || !this.claimKey(n, key)) return;
    this.buildingsByKey.set(key, null);
    const place = v.regionCode ? await this.place(n, v.regionCode as string) : null;
    const units = v.units as string[];
    if (new Set(units).size !== units.length) {
      this.problem(n, this.column("units"), "repeated_unit");
      ok = false;
    }
    const floors = v.floors as number | null;
    if (floors !== null && (floors < 1 || floors > 200)) {
      this.problem(n, this.column("floors"), "out_of_range");
      ok = false;
    }
    const lon = v.lon as number | null;
    const lat = v.lat as number | null;
    if (lon !== null && (lon < -180 || lon > 180)) {
      this.problem(n, this.column("lon"), "out_of_range");
      ok = false;
    }
    if (lat !== null && (lat < -90 || lat > 90)) {
      this.problem(n, this.column("lat"), "out_of_range");
      ok = false;
    }
    if (!ok || !place) return;
    const id = randomUUID();
    const unitIds = new Map(units.map((u) => [u, randomUUID()]));
    this.buildingsByKey.set(key, { id, place, units: unitIds });
    this.counts.buildings += 1;
    if (!this.writing) return;
    this.batch.buildings.push({
      id,
      kind: v.kind as BuildingKind,
      name: v.name as string,
      number: (v.number as string | null) ?? null,
      floors,
      lon,
      lat,
      ...place,
    });
    for (const [name, unitId] of unitIds) this.batch.units.push({ id: unitId, buildingId: id, name });
    if (this.batch.buildings.length >= BATCH) await this.flush();
  }

  private async dwelling(n: number, v: Record<string, unknown>, ok: boolean) {
    const key = v.key as string | null;
    if (key === null || !this.claimKey(n, key)) return;
    this.dwellingsByKey.set(key, null);
    const building = v.building
      ? this.ref(n, this.buildingsByKey, "building", v.building as string, "building")
      : undefined;
    let unitId: string | null = null;
    if (building && v.unit) {
      unitId = building.units.get(v.unit as string) ?? null;
      if (!unitId) {
        this.problem(n, this.column("unit"), "unknown_unit");
        ok = false;
      }
    }
    if (!ok || !building) return;
    const id = randomUUID();
    this.dwellingsByKey.set(key, { id, place: building.place });
    this.counts.dwellings += 1;
    if (!this.writing) return;
    this.batch.dwellings.push({
      id,
      buildingId: building.id,
      unitId,
      floor: (v.floor as number | null) ?? null,
      room: v.room as string,
      use: v.use as DwellingUse,
      ...building.place,
    });
    if (this.batch.dwellings.length >= BATCH) await this.flush();
  }

  private async household(n: number, v: Record<string, unknown>, ok: boolean) {
    const key = v.key as string | null;
    if (key === null || !this.claimKey(n, key)) return;
    this.householdsByKey.set(key, null);
    const dwelling = v.dwelling
      ? this.ref(n, this.dwellingsByKey, "dwelling", v.dwelling as string, "dwelling")
      : undefined;
    if (!ok || !dwelling) return;
    const id = randomUUID();
    this.householdsByKey.set(key, { id, place: dwelling.place, head: false });
    this.counts.households += 1;
    if (!this.writing) return;
    this.batch.households.push({
      id,
      dwellingId: dwelling.id,
      type: v.type as HouseholdType,
      number: (v.number as string | null) ?? null,
      ...dwelling.place,
    });
    if (this.batch.households.length >= BATCH) await this.flush();
  }

  private async person(n: number, v: Record<string, unknown>, cells: Values, ok: boolean) {
    const idCell = cells.get("idNumber");
    const idNumber = v.idNumber as string | null;
    const phone = v.phone as string | null;
    let sealed: ReturnType<typeof sealIdentity> = {};
    // The API's own rule for a phone number, named whatever else the row gets wrong.
    const phoneRefused =
      phone !== null && !phone.includes("*") && !CreatePersonBody.shape.phone.safeParse(phone).success;
    if (idNumber !== null && typeof idCell?.raw === "number" && idNumber.length > 15) {
      this.problem(n, this.column("idNumber"), "number_as_number");
      ok = false;
    } else if ((idNumber ?? "").includes("*") || (phone ?? "").includes("*")) {
      this.problem(n, this.column((idNumber ?? "").includes("*") ? "idNumber" : "phone"), "masked_number");
      ok = false;
    } else {
      try {
        sealed = sealIdentity(this.keys, {
          idDocumentType: (v.idDocumentType as IdDocumentType | null) ?? undefined,
          idNumber: idNumber ?? undefined,
          phone: phoneRefused ? undefined : (phone ?? undefined),
          sex: (v.sex as Sex | null) ?? undefined,
          birthDate: (v.birthDate as string | null) ?? undefined,
        });
      } catch (err) {
        if (!(err instanceof BadRequestError)) throw err;
        const field = (err.details as { field?: string }[] | undefined)?.[0]?.field ?? "idNumber";
        if (err.code === "invalid_id_number") {
          this.problem(n, this.column(field), "invalid_id_number", {
            detail: this.lang === "en" ? err.message : idDetailZh(err.message),
          });
        } else this.problem(n, this.column("phone"), "invalid_phone");
        ok = false;
      }
    }
    if (phoneRefused) {
      this.problem(n, this.column("phone"), "invalid_phone");
      ok = false;
    }
    if (sealed.idNumberIndex) {
      const doc = `${sealed.idDocumentType ?? "resident_id"}:${sealed.idNumberIndex}`;
      const first = this.documents.get(doc);
      if (first !== undefined) {
        this.problem(n, this.column("idNumber"), "person_repeated", { first });
        ok = false;
      } else {
        this.documents.set(doc, n);
        // Under every index key: a rotation may not have reached the register's row yet.
        const indexes = blindIndexes(this.keys, "id_number", normaliseDocumentNumber(idNumber ?? ""));
        this.batch.documents.push({ row: n, key: doc, indexes });
        if (this.batch.documents.length >= BATCH) await this.flush();
      }
    }
    let place: Place | null = null;
    let household: { id: string; place: Place; head: boolean } | null | undefined;
    const relation = (v.relation as Relation | null) ?? "other";
    if (v.household) {
      household = this.ref(n, this.householdsByKey, "household", v.household as string, "household");
      if (household) {
        place = household.place;
        if (relation === "head") {
          if (household.head) {
            this.problem(n, this.column("relation"), "second_head");
            ok = false;
          } else {
            household.head = true;
            const named = this.batch.existing.at(-1);
            if (named?.row === n) named.head = true;
          }
        }
      }
    } else if (v.regionCode) {
      place = await this.place(n, v.regionCode as string);
    } else {
      this.problem(n, this.column("household"), "no_place");
      ok = false;
    }
    if (!ok || !place) return;
    this.counts.persons += 1;
    if (!this.writing) return;
    const id = randomUUID();
    this.batch.persons.push({
      id,
      name: v.name as string,
      sex: (v.sex as Sex | null) ?? null,
      birthDate: (v.birthDate as string | null) ?? null,
      registeredResidence: (v.registeredResidence as string | null) ?? null,
      workplace: (v.workplace as string | null) ?? null,
      tags: v.tags as string[],
      ...sealed,
      ...place,
    });
    if (household) {
      this.batch.members.push({ householdId: household.id, personId: id, relation, joinedOn: this.today });
    }
    if (this.batch.persons.length >= BATCH) await this.flush();
  }

  /**
   * One person, one record: numbers of the file already in the register (anywhere, in scope or
   * not) are named by row. Checked whether or not anything is still being written.
   */
  private async checkDocuments(
    db: Tx,
    docs: { row: number; key: string; indexes: string[] }[],
  ): Promise<void> {
    if (docs.length === 0) return;
    const taken = await db
      .select({ index: persons.idNumberIndex, type: persons.idDocumentType })
      .from(persons)
      .where(
        inArray(
          persons.idNumberIndex,
          docs.flatMap((d) => d.indexes),
        ),
      );
    const hit = new Set(taken.map((r) => `${r.type}:${r.index}`));
    for (const d of docs) {
      const type = d.key.slice(0, d.key.indexOf(":"));
      if (d.indexes.some((i) => hit.has(`${type}:${i}`))) {
        this.problem(d.row, this.column("idNumber"), "person_exists");
      }
    }
  }

  /**
   * The register records the rows point at, looked up again in the write transaction and held
   * there (FOR KEY SHARE: not deleted before the commit); one gone since the check, or a
   * household that has taken a head since, is named at the row that points at it.
   */
  private async checkExisting(tx: Tx, refs: readonly ExistingRef[]): Promise<void> {
    for (const what of ["building", "dwelling", "household"] as const) {
      const named = refs.filter((r) => r.what === what);
      if (named.length === 0) continue;
      const found = await lookUpExisting(tx, this.actor, what, [...new Set(named.map((r) => r.key))], true);
      for (const r of named) {
        const record = found.get(r.key);
        const sheet = SHEETS.find((s) => REFERENCES[s.kind]?.what === what);
        const column = sheet?.columns.find((c) => c.field === REFERENCES[sheet.kind]?.field) ?? null;
        if (!record) {
          this.problem(
            r.row,
            column,
            "unknown_key",
            { key: r.key, what: WHAT[what][this.lang === "zh" ? 0 : 1] },
            r.sheet,
          );
        } else if (r.head && "head" in record && record.head) {
          const relation = sheet?.columns.find((c) => c.field === "relation") ?? null;
          this.problem(r.row, relation, "second_head", {}, r.sheet);
        }
      }
    }
  }

  /** Checks the batch's document numbers and keeps its rows for `write`, while nothing is wrong. */
  async flush(): Promise<void> {
    await this.checkDocuments(this.db, this.batch.documents);
    if (this.writing) this.pending.push(this.batch);
    this.batch = {
      buildings: [],
      units: [],
      dwellings: [],
      households: [],
      persons: [],
      documents: [],
      members: [],
      existing: [],
    };
  }

  /**
   * Writes the kept batches in `tx`, parents first, after checking their document numbers once
   * more (another request may have registered one since): false, with the hits named, if any.
   */
  async write(tx: Tx): Promise<boolean> {
    for (const b of this.pending) {
      await this.checkDocuments(tx, b.documents);
      await this.checkExisting(tx, b.existing);
    }
    if (!this.writing) return false;
    for (const b of this.pending) {
      await insertRows(tx, buildings, b.buildings);
      await insertRows(tx, buildingUnits, b.units);
      await insertRows(tx, dwellings, b.dwellings);
      await insertRows(tx, households, b.households);
      if (b.persons.length) {
        await insertRows(tx, persons, b.persons);
        await insertRows(tx, householdMembers, b.members);
        const members = new Map(b.members.map((m) => [m.personId, m.householdId]));
        await insertRows(
          tx,
          personEvents,
          b.persons.map((p) => ({
            personId: p.id ?? "",
            kind: "registered" as const,
            actorUserId: this.actor.userId,
            toHouseholdId: members.get(p.id ?? "") ?? null,
            toRegionPath: p.regionPath,
            detail: { via: "import" },
          })),
        );
      }
    }
    this.pending = [];
    return true;
  }
}

/**
 * The buildings (with their units), dwellings or households of `ids` in the actor's
 * people.manage scope, by id; a household says whether it has a head now. With `hold`, the rows
 * are locked FOR KEY SHARE until the transaction ends.
 */
async function lookUpExisting(
  db: Tx,
  actor: Actor,
  what: Referenced,
  ids: readonly string[],
  hold = false,
): Promise<Map<string, { id: string; place: Place; units?: Map<string, string>; head?: boolean }>> {
  const table = { building: buildings, dwelling: dwellings, household: households }[what];
  const out = new Map<string, { id: string; place: Place; units?: Map<string, string>; head?: boolean }>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const slice = ids.slice(i, i + BATCH);
    const query = db
      .select({
        id: table.id,
        regionCode: table.regionCode,
        regionPath: table.regionPath,
        countyCode: table.countyCode,
        gridCode: table.gridCode,
      })
      .from(table)
      .where(and(inArray(table.id, slice), inRegisterScope(table.regionPath, actor, "people.manage")));
    const rows = hold ? await query.for("key share") : await query;
    for (const r of rows) {
      const { id, ...place } = r;
      out.set(id, { id, place });
    }
  }
  const found = [...out.keys()];
  if (found.length === 0) return out;
  if (what === "building") {
    for (const r of out.values()) r.units = new Map();
    for (let i = 0; i < found.length; i += BATCH) {
      const units = await db
        .select({ buildingId: buildingUnits.buildingId, id: buildingUnits.id, name: buildingUnits.name })
        .from(buildingUnits)
        .where(inArray(buildingUnits.buildingId, found.slice(i, i + BATCH)));
      for (const u of units) out.get(u.buildingId)?.units?.set(u.name, u.id);
    }
  }
  if (what === "household") {
    for (const r of out.values()) r.head = false;
    for (let i = 0; i < found.length; i += BATCH) {
      const heads = await db
        .select({ householdId: householdMembers.householdId })
        .from(householdMembers)
        .where(
          and(
            inArray(householdMembers.householdId, found.slice(i, i + BATCH)),
            sql`${householdMembers.relation} = 'head'`,
            isNull(householdMembers.leftOn),
          ),
        );
      for (const m of heads) {
        const r = out.get(m.householdId);
        if (r) r.head = true;
      }
    }
  }
  return out;
}

/**
 * Inserts a batch as one JSON parameter expanded by json_populate_recordset: the query builder's
 * per-value work was most of an import's time; columns the rows leave out get their defaults.
 */
async function insertRows<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: readonly T["$inferInsert"][],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(columns).filter((k) =>
    rows.some((r) => (r as Record<string, unknown>)[k] !== undefined),
  );
  const names = keys.map((k) => columns[k]?.name ?? k);
  const json = JSON.stringify(
    rows.map((r) =>
      Object.fromEntries(keys.map((k, i) => [names[i], (r as Record<string, unknown>)[k] ?? null])),
    ),
  );
  const list = sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  );
  const name = sql.identifier(getTableName(table));
  await tx.execute(
    sql`insert into ${name} (${list}) select ${list} from json_populate_recordset(null::${name}, ${json}::json)`,
  );
}

/** The reader's English reason for a resident ID, in Chinese. */
function idDetailZh(message: string): string {
  if (message.includes("check digit")) return "校验码不正确（GB 11643），请检查是否有输错";
  if (message.includes("birth date inside")) return "号码中的出生日期不是真实的日期";
  if (message.includes("differs")) return "与所填性别或出生日期不符";
  return "居民身份证号码为17位数字加1位校验码（数字或X）";
}

/**
 * Imports the workbook at `file` into the actor's people.manage scope, all or nothing. Answers
 * the counts written; a file with any problem is 400 import_rejected with every problem, a file
 * that is not a workbook is 400 bad_file.
 */
export async function importRegister(
  db: Db,
  actor: Actor,
  keys: PersonalDataKeys,
  file: string,
  opts: {
    lang: Lang;
    maxRows: number;
    requestId?: string;
    /** Told when the analysis after the commit fails (the import stands; autovacuum will do it). */
    warn?: (err: unknown, message: string) => void;
    /** A table that took at least this many rows is analysed after the commit. */
    analyzeAfterRows?: number;
  },
): Promise<ImportCounts & { rows: number }> {
  requireRegister(actor, "people.manage");
  const { lang } = opts;
  const head = Buffer.alloc(4);
  const fd = await fs.promises.open(file, "r");
  try {
    await fd.read(head, 0, 4, 0);
  } finally {
    await fd.close();
  }
  // Every XLSX is a zip: anything else is refused before a parser sees it.
  if (head.toString("latin1") !== "PK\u0003\u0004") throw badFile(lang);

  let opened: Awaited<ReturnType<typeof openWorkbookReader>>;
  try {
    opened = await openWorkbookReader(file);
  } catch (err) {
    if (err instanceof NotAZip) throw badFile(lang);
    if (err instanceof PartTooLarge) throw tooLarge(err, lang);
    throw err;
  }
  const { reader, close } = opened;

  let rows = 0;
  /** Thrown when the file had problems (inside the transaction: to roll it back). */
  class Rollback extends Error {}
  const run = new RegisterImport(db, actor, keys, lang);
  try {
    // Read and check the whole file first, outside any transaction ...
    let order = -1;
    let sheets = 0;
    for await (const worksheet of guarded(reader)) {
      const name = String((worksheet as unknown as { name?: string }).name ?? "");
      const spec = sheetByName(name);
      // The instructions, and the rentals an export adds after the four sheets: not imported.
      const explanation = [EXPLANATION_SHEET, RENTALS_SHEET].some(
        (sheet) => name === sheet.zh || name.toLowerCase() === sheet.en.toLowerCase(),
      );
      const index = spec ? SHEETS.indexOf(spec) : -1;
      if (spec && index < order) {
        run.problem(null, null, "sheet_out_of_order");
      }
      if (!spec && !explanation) {
        run.problem(null, name, "unknown_sheet");
      }
      if (spec) {
        sheets += 1;
        order = Math.max(order, index);
      }
      let header = true;
      let chunk: { number: number; values: unknown[] }[] = [];
      for await (const row of guarded(worksheet)) {
        if (!spec) continue;
        const values = row.values as unknown[];
        if (header) {
          run.startSheet(spec, name, values);
          header = false;
          continue;
        }
        rows += 1;
        if (rows > opts.maxRows) throw tooManyRows(opts.maxRows, lang);
        chunk.push({ number: row.number, values });
        if (chunk.length >= BATCH) {
          await run.rows(chunk);
          chunk = [];
        }
      }
      if (chunk.length > 0) await run.rows(chunk);
      if (spec && header) run.startSheet(spec, name, []);
      await run.flush();
    }
    if (sheets === 0 && run.total === 0) run.problem(null, null, "no_sheets");
    if (run.total > 0) throw new Rollback();
    // ... then one transaction holds just the inserts.
    await db.transaction(async (tx) => {
      if (!(await run.write(tx))) throw new Rollback();
      await recordAudit(tx, {
        actor,
        action: "register.import",
        entityType: "register",
        after: { ...run.counts, rows },
        requestId: opts.requestId,
      });
    });
  } catch (err) {
    if (err instanceof Rollback) {
      // A refused file is audited too: it names the rows whose ID numbers are registered
      // anywhere ("one person, one record"), so who tried which files must be on record.
      // (One autocommitted row: no write transaction opens for a refused file.)
      await recordAudit(db, {
        actor,
        action: "register.import_rejected",
        entityType: "register",
        after: { rows, problems: run.total, reasons: run.reasons },
        requestId: opts.requestId,
      });
      throw new ImportRejected(run.problems, run.total, lang);
    }
    if (err instanceof ReaderFailure) throw badFile(lang);
    if (err instanceof PartTooLarge) throw tooLarge(err, lang);
    throw err;
  } finally {
    close();
  }
  await analyzeWritten(db, run.counts, opts.analyzeAfterRows ?? ANALYZE_AFTER_ROWS, opts.warn);
  return { ...run.counts, rows };
}

/**
 * ANALYZE on the tables that took at least `threshold` rows, after the commit: until their
 * statistics catch up, the planner takes the big tables for small ones and the blind-index and
 * GIN look-ups go slow. A failure is told to `warn` and passed over (the rows are in).
 */
async function analyzeWritten(
  db: Db,
  counts: ImportCounts,
  threshold: number,
  warn?: (err: unknown, message: string) => void,
): Promise<string[]> {
  const tables: PgTable[] = [];
  if (counts.buildings >= threshold) tables.push(buildings, buildingUnits);
  if (counts.dwellings >= threshold) tables.push(dwellings);
  if (counts.households >= threshold) tables.push(households);
  if (counts.persons >= threshold) tables.push(persons, householdMembers, personEvents);
  if (tables.length === 0) return [];
  const names = tables.map((t) => getTableName(t));
  try {
    await db.execute(
      sql`analyze ${sql.join(
        names.map((n) => sql.identifier(n)),
        sql`, `,
      )}`,
    );
  } catch (err) {
    warn?.(err, `register import: analyze ${names.join(", ")} failed`);
  }
  return names;
}
