/**
 * The register as an XLSX workbook in the template's layout (./register-sheets.ts), streamed:
 * exceljs's WorkbookWriter commits every row as it is written and each table is read a page at
 * a time, so memory stays flat whatever the register's size. Also the empty template.
 *
 * After the four sheets of the template, the 出租屋 sheet lists the rentals with their tenants
 * (export only; an import passes over it).
 *
 * ID and phone numbers are exported masked, as every answer shows them. A full export is for a
 * role that may reveal numbers (people.reveal, in the scope where it holds that permission), with
 * a reason, and is a logged full read: one `personal_data_reads` row per person whose numbers it
 * holds, written before that person's row leaves.
 */
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { and, asc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { personalDataReads, regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import { openField } from "../../core/personal-data/field-crypto.js";
import { BadRequestError } from "../../shared/errors.js";
import { inRegisterScope, requireRegister, type RegisterPermission } from "./policy.js";
import { inRegion } from "./records.js";
import { alias } from "drizzle-orm/pg-core";
import { dwellingLabelSql } from "./buildings.js";
import {
  buildingUnits,
  buildings,
  dwellings,
  householdMembers,
  households,
  persons,
  rentals,
  rentalTenants,
} from "./schema.js";
import {
  CHOICES,
  EXPLANATION_SHEET,
  RENTALS_SHEET,
  SHEETS,
  choiceName,
  type Lang,
  type SheetSpec,
} from "./register-sheets.js";

/** Rows read per query while exporting. */
const PAGE = 2000;

/** What the personal-data reads audit records as the fields of a full export. */
export const FULL_EXPORT_FIELDS = "register_export";

export interface ExportOptions {
  /** Only this region (any level) of the actor's scope. */
  region?: string;
  /** Numbers in full (people.reveal, with `reason`); masked otherwise. */
  full: boolean;
  reason?: string;
  lang: Lang;
}

type Cell = string | number | null;

function newWorkbook(stream: Writable) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "Microgov";
  workbook.created = new Date();
  return workbook;
}

type WorkbookWriter = ReturnType<typeof newWorkbook>;

/** The explanation sheet: what every column of every sheet takes, in the caller's language. */
async function writeExplanation(workbook: WorkbookWriter, lang: Lang): Promise<void> {
  const i = lang === "zh" ? 0 : 1;
  const sheet = workbook.addWorksheet(EXPLANATION_SHEET[lang]);
  sheet.columns = [{ width: 12 }, { width: 16 }, { width: 8 }, { width: 90 }];
  const head = sheet.addRow(
    lang === "zh" ? ["工作表", "列", "必填", "说明"] : ["Sheet", "Column", "Required", "What it takes"],
  );
  head.font = { bold: true };
  head.commit();
  const general =
    lang === "zh"
      ? "按“楼栋 → 房屋 → 住户 → 人员”的顺序填写，后面的表用编号引用前面的表。要引用已登记的楼栋、房屋或住户（如以前导入的），填写它的标识（导出文件中该表“编号”列的值），不必把它再填一遍；先在本文件中找，找不到再在您管辖范围内已登记的记录中找。导入时全部检查：只要有一行有误，整个文件都不导入，并列出每个错误的工作表、行、列和原因。"
      : "Fill in Buildings → Dwellings → Households → Persons in that order; later sheets refer to earlier rows by their key. To refer to a building, dwelling or household already registered (imported earlier, say), give its id (the Key column of that sheet in an export) instead of listing it again: a key is looked for in this file first, then among the records registered in your area. The import checks everything: if any row is wrong nothing is imported, and every error is listed by sheet, row, column and reason.";
  sheet.addRow(["", "", "", general]).commit();
  sheet
    .addRow([
      RENTALS_SHEET.zh,
      "",
      "",
      lang === "zh"
        ? "导出时附上的出租屋及其租客（每次入住一行），只供查看：导入时不读这张表。"
        : "The rentals and their tenants (one row per stay), added to an export to read: an import does not read this sheet.",
    ])
    .commit();
  for (const s of SHEETS) {
    for (const c of s.columns) {
      const allowed = c.choices
        ? ` (${c.choices.map((x) => (lang === "zh" ? x.zh : x.en)).join(" / ")})`
        : "";
      sheet
        .addRow([
          s.zh,
          c.zh,
          c.required ? (lang === "zh" ? "是" : "yes") : "",
          `${lang === "en" ? `${c.en}. ` : ""}${c.hint[i]}${allowed}`.trim(),
        ])
        .commit();
    }
  }
  await sheet.commit();
}

function addDataSheet(workbook: WorkbookWriter, spec: SheetSpec) {
  const sheet = workbook.addWorksheet(spec.zh, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({
    key: c.field,
    width: c.kind === "text" || c.kind === "list" ? Math.max(12, c.zh.length * 3) : 10,
    // Numbers of documents stay text, so Excel keeps every digit of an 18-digit ID.
    style: c.kind === "text" || c.kind === "list" ? { numFmt: "@" } : {},
  }));
  const head = sheet.addRow(spec.columns.map((c) => c.zh));
  head.font = { bold: true };
  head.commit();
  return {
    add(values: Record<string, Cell>) {
      sheet.addRow(spec.columns.map((c) => values[c.field] ?? null)).commit();
    },
    commit: () => sheet.commit(),
  };
}

function specOf(kind: SheetSpec["kind"]): SheetSpec {
  const spec = SHEETS.find((s) => s.kind === kind);
  if (!spec) throw new Error(`no sheet ${kind}`);
  return spec;
}

/** The empty template: the explanation and the four sheets with their headers. */
export async function writeTemplate(stream: Writable, lang: Lang): Promise<void> {
  const workbook = newWorkbook(stream);
  await writeExplanation(workbook, lang);
  for (const spec of SHEETS) await addDataSheet(workbook, spec).commit();
  await workbook.commit();
}

/**
 * The rows `fetch` reads, a page at a time in `id` order: each call gets the condition "after the
 * last id seen" (keyset, so no page re-reads the ones before it).
 */
async function* pages<T extends { id: string }>(
  id: PgColumn,
  fetch: (after: SQL | undefined) => Promise<T[]>,
): AsyncGenerator<T[]> {
  let last: string | undefined;
  for (;;) {
    const rows = await fetch(last === undefined ? undefined : gt(id, last));
    if (rows.length === 0) return;
    yield rows;
    last = rows[rows.length - 1]?.id;
    if (rows.length < PAGE) return;
  }
}

/**
 * Writes the register of the actor's scope (or of `region` within it) to `stream`. Throws
 * before anything is written when the actor may not (403) or a full export lacks a reason (400).
 */
export async function exportRegister(
  db: Db,
  actor: Actor,
  keys: PersonalDataKeys,
  opts: ExportOptions,
  stream: Writable,
): Promise<void> {
  const permission: RegisterPermission = opts.full ? "people.reveal" : "people.read";
  requireRegister(actor, permission);
  const reason = opts.reason?.trim() ?? "";
  if (opts.full && reason.length === 0) {
    throw new BadRequestError("validation_failed", "A full export needs a reason.", [
      { field: "reason", message: "required for a full export" },
    ]);
  }
  const scoped = (path: PgColumn) =>
    and(inRegisterScope(path, actor, permission), inRegion(path, opts.region));

  const workbook = newWorkbook(stream);
  await writeExplanation(workbook, opts.lang);

  const b = addDataSheet(workbook, specOf("buildings"));
  for await (const rows of pages(buildings.id, (after) =>
    db
      .select({
        id: buildings.id,
        kind: buildings.kind,
        name: buildings.name,
        number: buildings.number,
        regionCode: buildings.regionCode,
        regionName: regions.name,
        floors: buildings.floors,
        lon: buildings.lon,
        lat: buildings.lat,
        units: sql<
          string | null
        >`(select string_agg(u.name, '、' order by u.name) from ${buildingUnits} u where u.building_id = ${buildings.id})`,
      })
      .from(buildings)
      .innerJoin(regions, eq(regions.code, buildings.regionCode))
      .where(and(scoped(buildings.regionPath), after))
      .orderBy(asc(buildings.id))
      .limit(PAGE),
  )) {
    for (const r of rows) {
      b.add({ ...r, key: r.id, kind: choiceName(CHOICES.buildingKind, r.kind) });
    }
  }
  await b.commit();

  const d = addDataSheet(workbook, specOf("dwellings"));
  for await (const rows of pages(dwellings.id, (after) =>
    db
      .select({
        id: dwellings.id,
        building: dwellings.buildingId,
        unit: buildingUnits.name,
        floor: dwellings.floor,
        room: dwellings.room,
        use: dwellings.use,
      })
      .from(dwellings)
      .leftJoin(buildingUnits, eq(buildingUnits.id, dwellings.unitId))
      .where(and(scoped(dwellings.regionPath), after))
      .orderBy(asc(dwellings.id))
      .limit(PAGE),
  )) {
    for (const r of rows) d.add({ ...r, key: r.id, use: choiceName(CHOICES.dwellingUse, r.use) });
  }
  await d.commit();

  const h = addDataSheet(workbook, specOf("households"));
  for await (const rows of pages(households.id, (after) =>
    db
      .select({
        id: households.id,
        dwelling: households.dwellingId,
        type: households.type,
        number: households.number,
      })
      .from(households)
      .where(and(scoped(households.regionPath), after))
      .orderBy(asc(households.id))
      .limit(PAGE),
  )) {
    for (const r of rows) h.add({ ...r, key: r.id, type: choiceName(CHOICES.householdType, r.type) });
  }
  await h.commit();

  const p = addDataSheet(workbook, specOf("persons"));
  for await (const rows of pages(persons.id, (after) =>
    db
      .select({
        id: persons.id,
        name: persons.name,
        sex: persons.sex,
        birthDate: persons.birthDate,
        idDocumentType: persons.idDocumentType,
        idNumberMasked: persons.idNumberMasked,
        idNumberCipher: persons.idNumberCipher,
        phoneMasked: persons.phoneMasked,
        phoneCipher: persons.phoneCipher,
        registeredResidence: persons.registeredResidence,
        workplace: persons.workplace,
        tags: persons.tags,
        regionCode: persons.regionCode,
        household: householdMembers.householdId,
        relation: householdMembers.relation,
      })
      .from(persons)
      .leftJoin(
        householdMembers,
        and(eq(householdMembers.personId, persons.id), sql`${householdMembers.leftOn} is null`),
      )
      .where(and(scoped(persons.regionPath), after))
      .orderBy(asc(persons.id))
      .limit(PAGE),
  )) {
    if (opts.full) {
      // The log first: no number leaves without its read on record.
      const read = rows.filter((r) => r.idNumberCipher || r.phoneCipher);
      if (read.length > 0) {
        await db
          .insert(personalDataReads)
          .values(
            read.map((r) => ({ userId: actor.userId, personId: r.id, fields: FULL_EXPORT_FIELDS, reason })),
          );
      }
    }
    for (const r of rows) {
      p.add({
        name: r.name,
        sex: choiceName(CHOICES.sex, r.sex),
        birthDate: r.birthDate,
        idDocumentType: choiceName(CHOICES.idDocumentType, r.idDocumentType),
        idNumber: opts.full
          ? r.idNumberCipher && openField(keys, "id_number", r.idNumberCipher)
          : r.idNumberMasked,
        phone: opts.full ? r.phoneCipher && openField(keys, "phone", r.phoneCipher) : r.phoneMasked,
        registeredResidence: r.registeredResidence,
        workplace: r.workplace,
        tags: r.tags.join("、") || null,
        household: r.household,
        relation: r.household ? choiceName(CHOICES.relation, r.relation) : null,
        regionCode: r.household ? null : r.regionCode,
      });
    }
  }
  await p.commit();
  await writeRentals(db, actor, workbook, scoped, permission);
  await workbook.commit();
}

const landlord = alias(persons, "export_landlord");
const tenant = alias(persons, "export_tenant");

/**
 * The 出租屋 sheet: each rental of the scope with its tenants, one row per stay. Landlords and
 * tenants by name with their numbers masked, in every export (a full export's numbers are on the
 * 人员 sheet, each read logged there); a person living outside the export's scope is left blank,
 * as the rentals API shows them as null.
 */
async function writeRentals(
  db: Db,
  actor: Actor,
  workbook: WorkbookWriter,
  scoped: (path: PgColumn) => SQL | undefined,
  permission: RegisterPermission,
): Promise<void> {
  const sheet = workbook.addWorksheet(RENTALS_SHEET.zh, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = RENTALS_SHEET.columns.map((c) => ({
    width: Math.max(12, c.zh.length * 3),
    style: { numFmt: "@" },
  }));
  const head = sheet.addRow(RENTALS_SHEET.columns.map((c) => c.zh));
  head.font = { bold: true };
  head.commit();
  for await (const rows of pages(rentals.id, (after) =>
    db
      .select({
        id: rentals.id,
        dwellingId: rentals.dwellingId,
        dwelling: dwellingLabelSql,
        startsOn: rentals.startsOn,
        endsOn: rentals.endsOn,
        landlordName: landlord.name,
        landlordId: landlord.idNumberMasked,
        landlordPhone: landlord.phoneMasked,
      })
      .from(rentals)
      .innerJoin(dwellings, eq(dwellings.id, rentals.dwellingId))
      .leftJoin(
        landlord,
        and(
          eq(landlord.id, rentals.landlordPersonId),
          inRegisterScope(landlord.regionPath, actor, permission),
        ),
      )
      .where(and(scoped(rentals.regionPath), after))
      .orderBy(asc(rentals.id))
      .limit(PAGE),
  )) {
    const stays = await db
      .select({
        rentalId: rentalTenants.rentalId,
        movedInOn: rentalTenants.movedInOn,
        movedOutOn: rentalTenants.movedOutOn,
        name: tenant.name,
        idNumber: tenant.idNumberMasked,
        phone: tenant.phoneMasked,
      })
      .from(rentalTenants)
      .leftJoin(
        tenant,
        and(eq(tenant.id, rentalTenants.personId), inRegisterScope(tenant.regionPath, actor, permission)),
      )
      .where(
        inArray(
          rentalTenants.rentalId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(rentalTenants.movedInOn), asc(rentalTenants.id));
    for (const r of rows) {
      const rental: Cell[] = [
        r.id,
        r.dwellingId,
        r.dwelling,
        r.landlordName,
        r.landlordId,
        r.landlordPhone,
        r.startsOn,
        r.endsOn,
      ];
      const of = stays.filter((x) => x.rentalId === r.id);
      if (of.length === 0) sheet.addRow([...rental, null, null, null, null, null]).commit();
      for (const x of of) {
        sheet.addRow([...rental, x.name, x.idNumber, x.phone, x.movedInOn, x.movedOutOn]).commit();
      }
    }
  }
  await sheet.commit();
}
