/**
 * The register's spreadsheet layout, one definition for the template, the export and the import:
 * four sheets (楼栋, 房屋, 住户, 人员) in that order, each with Chinese headers, and an
 * explanation sheet (填写说明) that says what every column takes. Rows of a later sheet point at
 * rows of an earlier one by the earlier row's 编号 (a key that only means something inside the
 * file; an export writes the record's id there, so an export imports back unchanged), or at a
 * record already registered in the importer's area by its id (the 编号 of an export).
 */
import {
  BUILDING_KINDS,
  DWELLING_USES,
  HOUSEHOLD_TYPES,
  ID_DOCUMENT_TYPES,
  RELATIONS,
  SEXES,
} from "./schema.js";

export type Lang = "zh" | "en";

/** The language of the caller: English when Accept-Language asks for it first, else Chinese. */
export function requestLang(acceptLanguage: string | string[] | undefined): Lang {
  const first = [acceptLanguage].flat()[0]?.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh";
}

/** A choice of a column: the stored code and its names (a cell may hold any of the three). */
export interface Choice {
  code: string;
  zh: string;
  en: string;
}

function choices<T extends string>(codes: readonly T[], names: Record<T, [string, string]>): Choice[] {
  return codes.map((code) => ({ code, zh: names[code][0], en: names[code][1] }));
}

export const CHOICES = {
  buildingKind: choices(BUILDING_KINDS, { building: ["楼栋", "Building"], courtyard: ["院落", "Courtyard"] }),
  dwellingUse: choices(DWELLING_USES, {
    owner_occupied: ["自住", "Owner-occupied"],
    rented: ["出租", "Rented"],
    vacant: ["空置", "Vacant"],
    commercial: ["商用", "Commercial"],
  }),
  householdType: choices(HOUSEHOLD_TYPES, {
    registered: ["户籍户", "Registered"],
    floating: ["流动人口户", "Floating"],
    other: ["其他", "Other"],
  }),
  sex: choices(SEXES, { male: ["男", "Male"], female: ["女", "Female"] }),
  idDocumentType: choices(ID_DOCUMENT_TYPES, {
    resident_id: ["居民身份证", "Resident ID card"],
    passport: ["护照", "Passport"],
    hk_macao_permit: ["港澳居民来往内地通行证", "Hong Kong/Macao travel permit"],
    taiwan_permit: ["台湾居民来往大陆通行证", "Taiwan travel permit"],
    foreign_permanent_id: ["外国人永久居留身份证", "Foreigner's permanent residence card"],
    other: ["其他证件", "Other document"],
  }),
  relation: choices(RELATIONS, {
    head: ["户主", "Head"],
    spouse: ["配偶", "Spouse"],
    child: ["子女", "Child"],
    parent: ["父母", "Parent"],
    grandparent: ["祖父母", "Grandparent"],
    grandchild: ["孙子女", "Grandchild"],
    sibling: ["兄弟姐妹", "Sibling"],
    child_in_law: ["儿媳/女婿", "Child-in-law"],
    other: ["其他", "Other"],
  }),
} satisfies Record<string, Choice[]>;

/** The Chinese name of a code, as the export writes it. */
export function choiceName(list: Choice[], code: string | null): string | null {
  if (code === null) return null;
  return list.find((c) => c.code === code)?.zh ?? code;
}

export type ColumnKind = "text" | "int" | "number" | "date" | "list";

export interface ColumnSpec {
  /** The field it fills. */
  field: string;
  zh: string;
  en: string;
  kind: ColumnKind;
  required?: boolean;
  choices?: Choice[];
  /** Written by the export for people to read, skipped by the import. */
  exportOnly?: boolean;
  /** The explanation, in both languages. */
  hint: [string, string];
}

export interface SheetSpec {
  kind: "buildings" | "dwellings" | "households" | "persons";
  zh: string;
  en: string;
  columns: ColumnSpec[];
}

const KEY_HINT: [string, string] = [
  "本文件内的编号（任意文字，本表内不重复），供后面的表引用；导出时为记录的标识",
  "A key of your choice, once per sheet, that later sheets refer to; an export writes the record's id",
];

export const SHEETS: SheetSpec[] = [
  {
    kind: "buildings",
    zh: "楼栋",
    en: "Buildings",
    columns: [
      { field: "key", zh: "编号", en: "Key", kind: "text", required: true, hint: KEY_HINT },
      {
        field: "kind",
        zh: "类型",
        en: "Kind",
        kind: "text",
        required: true,
        choices: CHOICES.buildingKind,
        hint: ["楼栋（城镇）或院落（农村）", "Building (towns) or courtyard (villages)"],
      },
      {
        field: "name",
        zh: "名称",
        en: "Name",
        kind: "text",
        required: true,
        hint: ["如 3号楼", "e.g. 3号楼"],
      },
      { field: "number", zh: "楼号", en: "Number", kind: "text", hint: ["可空", "Optional"] },
      {
        field: "regionCode",
        zh: "区划代码",
        en: "Region code",
        kind: "text",
        required: true,
        hint: [
          "所在村/社区或网格的代码（须在您的管辖范围内）",
          "The code of its village or grid (within your area)",
        ],
      },
      {
        field: "regionName",
        zh: "区划名称",
        en: "Region name",
        kind: "text",
        exportOnly: true,
        hint: ["导出时填写，导入时不读", "Written by the export, not read by the import"],
      },
      {
        field: "floors",
        zh: "层数",
        en: "Floors",
        kind: "int",
        hint: ["1–200 的整数，可空", "A whole number 1–200, optional"],
      },
      {
        field: "units",
        zh: "单元",
        en: "Units",
        kind: "list",
        hint: [
          "单元名称，用顿号或逗号分隔，如 1单元、2单元",
          "Unit names separated by commas, e.g. 1单元, 2单元",
        ],
      },
      {
        field: "lon",
        zh: "经度",
        en: "Longitude",
        kind: "number",
        hint: ["WGS 84，可空", "WGS 84, optional"],
      },
      {
        field: "lat",
        zh: "纬度",
        en: "Latitude",
        kind: "number",
        hint: ["WGS 84，可空", "WGS 84, optional"],
      },
    ],
  },
  {
    kind: "dwellings",
    zh: "房屋",
    en: "Dwellings",
    columns: [
      { field: "key", zh: "编号", en: "Key", kind: "text", required: true, hint: KEY_HINT },
      {
        field: "building",
        zh: "楼栋编号",
        en: "Building key",
        kind: "text",
        required: true,
        hint: [
          "“楼栋”表中该楼栋的编号；或已登记楼栋的标识（导出文件“楼栋”表的“编号”），此时该楼栋不必再填在本文件中",
          "The key of its building on the Buildings sheet; or the id of a building already registered (the Key of an export's Buildings sheet), which then stays out of this file",
        ],
      },
      {
        field: "unit",
        zh: "单元",
        en: "Unit",
        kind: "text",
        hint: ["该楼栋“单元”列中的一个，可空", "One of the building's units, optional"],
      },
      {
        field: "floor",
        zh: "楼层",
        en: "Floor",
        kind: "int",
        hint: ["整数，可空", "A whole number, optional"],
      },
      { field: "room", zh: "房号", en: "Room", kind: "text", required: true, hint: ["如 501", "e.g. 501"] },
      {
        field: "use",
        zh: "用途",
        en: "Use",
        kind: "text",
        required: true,
        choices: CHOICES.dwellingUse,
        hint: ["自住、出租、空置或商用", "Owner-occupied, rented, vacant or commercial"],
      },
    ],
  },
  {
    kind: "households",
    zh: "住户",
    en: "Households",
    columns: [
      { field: "key", zh: "编号", en: "Key", kind: "text", required: true, hint: KEY_HINT },
      {
        field: "dwelling",
        zh: "房屋编号",
        en: "Dwelling key",
        kind: "text",
        required: true,
        hint: [
          "“房屋”表中该房屋的编号；或已登记房屋的标识（导出文件“房屋”表的“编号”），此时该房屋不必再填在本文件中",
          "The key of its dwelling on the Dwellings sheet; or the id of a dwelling already registered (the Key of an export's Dwellings sheet), which then stays out of this file",
        ],
      },
      {
        field: "type",
        zh: "户类型",
        en: "Type",
        kind: "text",
        required: true,
        choices: CHOICES.householdType,
        hint: ["户籍户、流动人口户或其他", "Registered, floating or other"],
      },
      {
        field: "number",
        zh: "户号",
        en: "Number",
        kind: "text",
        hint: ["户口簿上的户号，可空", "The register's household number, optional"],
      },
    ],
  },
  {
    kind: "persons",
    zh: "人员",
    en: "Persons",
    columns: [
      { field: "name", zh: "姓名", en: "Name", kind: "text", required: true, hint: ["", ""] },
      {
        field: "sex",
        zh: "性别",
        en: "Sex",
        kind: "text",
        choices: CHOICES.sex,
        hint: ["男或女；居民身份证号码可推出时可空", "Male or female; optional with a resident ID"],
      },
      {
        field: "birthDate",
        zh: "出生日期",
        en: "Date of birth",
        kind: "date",
        hint: ["如 1980-03-15；居民身份证号码可推出时可空", "e.g. 1980-03-15; optional with a resident ID"],
      },
      {
        field: "idDocumentType",
        zh: "证件类型",
        en: "Document type",
        kind: "text",
        choices: CHOICES.idDocumentType,
        hint: ["空则为居民身份证", "Resident ID card when empty"],
      },
      {
        field: "idNumber",
        zh: "证件号码",
        en: "Document number",
        kind: "text",
        hint: [
          "完整号码，请以文本格式填写；居民身份证须18位且校验码正确；同一号码只能登记一人",
          "The whole number, as text; a resident ID has 18 characters and a correct check digit; one person per number",
        ],
      },
      {
        field: "phone",
        zh: "手机号码",
        en: "Phone",
        kind: "text",
        hint: ["完整号码，7–15 位数字", "The whole number, 7–15 digits"],
      },
      {
        field: "registeredResidence",
        zh: "户籍地",
        en: "Registered residence",
        kind: "text",
        hint: ["可空", "Optional"],
      },
      { field: "workplace", zh: "工作单位", en: "Workplace", kind: "text", hint: ["可空", "Optional"] },
      {
        field: "tags",
        zh: "标签",
        en: "Labels",
        kind: "list",
        hint: ["用顿号或逗号分隔，可空", "Separated by commas, optional"],
      },
      {
        field: "household",
        zh: "住户编号",
        en: "Household key",
        kind: "text",
        hint: [
          "“住户”表中所在住户的编号，或已登记住户的标识（导出文件“住户”表的“编号”）；空则须填区划代码",
          "The key of their household on the Households sheet, or the id of a household already registered (the Key of an export's Households sheet); if empty, give a region code",
        ],
      },
      {
        field: "relation",
        zh: "与户主关系",
        en: "Relation to the head",
        kind: "text",
        choices: CHOICES.relation,
        hint: [
          "有住户时填写，空则为其他；每户一名户主",
          "With a household; other when empty; one head per household",
        ],
      },
      {
        field: "regionCode",
        zh: "区划代码",
        en: "Region code",
        kind: "text",
        hint: ["无住户时所在村/社区或网格的代码", "Without a household: the code of their village or grid"],
      },
    ],
  },
];

/** The explanation sheet's name; the import skips it. */
export const EXPLANATION_SHEET = { zh: "填写说明", en: "Instructions" };

/**
 * The rentals (出租屋) with their tenants: in the export only, after the four sheets (one row per
 * tenant's stay, a rental without tenants on a row of its own); an import passes over it.
 */
export const RENTALS_SHEET = {
  zh: "出租屋",
  en: "Rentals",
  columns: [
    { zh: "编号", en: "Key" },
    { zh: "房屋编号", en: "Dwelling key" },
    { zh: "房屋", en: "Dwelling" },
    { zh: "房东", en: "Landlord" },
    { zh: "房东证件号码", en: "Landlord's ID number" },
    { zh: "房东手机号码", en: "Landlord's phone" },
    { zh: "起租日期", en: "Let from" },
    { zh: "结束日期", en: "Ended on" },
    { zh: "租客", en: "Tenant" },
    { zh: "租客证件号码", en: "Tenant's ID number" },
    { zh: "租客手机号码", en: "Tenant's phone" },
    { zh: "入住日期", en: "Moved in" },
    { zh: "搬离日期", en: "Moved out" },
  ],
} as const;

/** The sheet of a name, in either language. */
export function sheetByName(name: string): SheetSpec | undefined {
  const n = name.trim().toLowerCase();
  return SHEETS.find((s) => s.zh === n || s.en.toLowerCase() === n);
}

/** The column of a header text, in either language. */
export function columnByHeader(sheet: SheetSpec, header: string): ColumnSpec | undefined {
  const h = header.trim().toLowerCase();
  return sheet.columns.find((c) => c.zh === h || c.en.toLowerCase() === h);
}
