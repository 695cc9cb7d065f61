import { z } from "zod";
import { isoDay } from "../../shared/contracts/days.js";
import { DEADLINE_KINDS, HANDLING_LEVELS, HOLIDAY_KINDS } from "../../db/schema.js";
import { DEPARTMENT_TYPE_CODES } from "../organisations/index.js";

/** `sanitation`, `sanitation.garbage`: lower-case segments joined by dots; a stable id. */
const CATEGORY_CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

export const categoryCode = z
  .string()
  .max(64, "a category code is at most 64 characters")
  .regex(CATEGORY_CODE, "a category code is lower-case letters, digits and _ in dot-separated segments");

const name = z.string().trim().min(1, "a name is required").max(100);
/** A year is the longest deadline that makes sense; longer is a typo. */
const hours = z
  .number()
  .positive("hours must be more than 0")
  .max(8_760, "at most 8760 hours (a year)")
  .refine((h) => Number.isInteger(h * 60), "hours must be a whole number of minutes");
const departmentType = z.enum(DEPARTMENT_TYPE_CODES, {
  error: "not a known department type (see /api/v1/organisations/department-types)",
});
const open311ServiceCode = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_.-]{0,63}$/,
    "an Open311 service code is 1–64 lower-case letters, digits, '-', '_' or '.'",
  );
const open311Keywords = z.string().trim().max(500);
const icon = z.string().regex(/^[a-z0-9-]{1,32}$/, "an icon is a short name such as trash (a-z, 0-9, -)");
const sortOrder = z.number().int().min(-1_000_000).max(1_000_000);

/** A category as the API shows it. */
export const CategorySchema = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  name: z.string(),
  nameEn: z.string(),
  handlingLevel: z.enum(HANDLING_LEVELS),
  departmentType: z.string().nullable(),
  /** zh-CN name of the department type; null below the department level. */
  departmentTypeName: z.string().nullable(),
  responseHours: z.number(),
  handleHours: z.number(),
  deadlineKind: z.enum(DEADLINE_KINDS),
  open311ServiceCode: z.string().nullable(),
  open311Keywords: z.string().nullable(),
  icon: z.string().nullable(),
  active: z.boolean(),
  sortOrder: z.number().int(),
  /** 0 for a top-level category. */
  depth: z.number().int(),
  /** A leaf of the active tree: only these can receive cases. */
  acceptsCases: z.boolean(),
  updatedAt: z.string(),
});
export type Category = z.infer<typeof CategorySchema>;

export const CategoryListSchema = z.object({
  /** Depth-first in tree order (sortOrder, then code): a parent comes right before its children. */
  items: z.array(CategorySchema),
});

export const CategoryListQuery = z.object({
  /** Inactive categories too: for catalogue administrators only. */
  includeInactive: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});

export const CategoryCodeParams = z.object({ code: categoryCode });

/** The fields the cross-field rules look at. */
export interface CategoryRuleFields {
  handlingLevel: string;
  departmentType: string | null;
  responseHours: number;
  handleHours: number;
}

/**
 * The rules every category keeps across fields, each named by the field to fix: a department
 * type exactly at the department level, and no handling deadline before the response deadline.
 */
export function categoryRuleViolations(c: CategoryRuleFields): { field: string; message: string }[] {
  const violations: { field: string; message: string }[] = [];
  if (c.handlingLevel === "department" && c.departmentType === null) {
    violations.push({
      field: "departmentType",
      message: "a department-level category needs a department type",
    });
  }
  if (c.handlingLevel !== "department" && c.departmentType !== null) {
    violations.push({
      field: "departmentType",
      message: "only a department-level category has a department type",
    });
  }
  if (c.handleHours < c.responseHours) {
    violations.push({
      field: "handleHours",
      message: "the handling deadline cannot come before the response deadline",
    });
  }
  return violations;
}

export const CreateCategoryBody = z
  .strictObject({
    code: categoryCode,
    /** Omitted or null: a top-level category. */
    parentCode: categoryCode.nullable().optional(),
    name,
    nameEn: name,
    handlingLevel: z.enum(HANDLING_LEVELS),
    /** Required for the department level, refused for the others. */
    departmentType: departmentType.nullable().optional(),
    responseHours: hours,
    handleHours: hours,
    deadlineKind: z.enum(DEADLINE_KINDS),
    open311ServiceCode: open311ServiceCode.nullable().optional(),
    open311Keywords: open311Keywords.nullable().optional(),
    icon: icon.nullable().optional(),
    active: z.boolean().default(true),
    sortOrder: sortOrder.default(0),
  })
  .superRefine((body, ctx) => {
    for (const v of categoryRuleViolations({ ...body, departmentType: body.departmentType ?? null })) {
      ctx.addIssue({ code: "custom", path: [v.field], message: v.message });
    }
  });
export type CreateCategoryReq = z.infer<typeof CreateCategoryBody>;

/**
 * Any subset of the fields; the code is fixed (cases keep it). Leaving the department level
 * clears the department type; the merged category must keep `categoryRuleViolations`.
 */
export const UpdateCategoryBody = z
  .strictObject({
    parentCode: categoryCode.nullable().optional(),
    name: name.optional(),
    nameEn: name.optional(),
    handlingLevel: z.enum(HANDLING_LEVELS).optional(),
    departmentType: departmentType.nullable().optional(),
    responseHours: hours.optional(),
    handleHours: hours.optional(),
    deadlineKind: z.enum(DEADLINE_KINDS).optional(),
    open311ServiceCode: open311ServiceCode.nullable().optional(),
    open311Keywords: open311Keywords.nullable().optional(),
    icon: icon.nullable().optional(),
    active: z.boolean().optional(),
    sortOrder: sortOrder.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "give at least one field to change" });
export type UpdateCategoryReq = z.infer<typeof UpdateCategoryBody>;

export const HolidaySchema = z.object({
  date: isoDay("a date is YYYY-MM-DD"),
  kind: z.enum(HOLIDAY_KINDS),
  name: z.string().trim().min(1, "a name is required").max(50),
});
export type Holiday = z.infer<typeof HolidaySchema>;

const year = z.coerce
  .number({ error: "a year is a number such as 2026" })
  .int("a year is a whole number")
  .min(2000, "a year from 2000")
  .max(2100, "a year up to 2100");

export const HolidayListQuery = z.object({ year: year.optional() });

export const HolidayYearQuery = z.object({ year });

export const HolidayListSchema = z.object({
  /** The year asked for; null when all years are listed. */
  year: z.number().int().nullable(),
  items: z.array(HolidaySchema),
});
export type HolidayList = z.infer<typeof HolidayListSchema>;

/** The whole list of a year's exceptions, as the State Council's notice gives them. */
export const ReplaceHolidaysBody = z.strictObject({
  items: z.array(HolidaySchema).max(366, "a year has at most 366 days"),
});
export type ReplaceHolidaysReq = z.infer<typeof ReplaceHolidaysBody>;
