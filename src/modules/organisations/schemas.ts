import { z } from "zod";
import { ORGANISATION_KINDS } from "../../db/schema.js";
import { DEPARTMENT_TYPE_CODES } from "./department-types.js";

const regionCode = z.string().regex(/^\d{4,15}$/, "a region code is 4 to 15 digits");
const name = z.string().trim().min(1, "a name is required").max(100);
const departmentType = z.enum(DEPARTMENT_TYPE_CODES, {
  error: "not a known department type (see /api/v1/organisations/department-types)",
});

export const OrganisationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(ORGANISATION_KINDS),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  /** Codes from the city down to the unit's region, e.g. `1310.131002`. */
  regionPath: z.string(),
  countyCode: z.string().nullable(),
  departmentType: z.string().nullable(),
  /** zh-CN name of the department type; null for other kinds. */
  departmentTypeName: z.string().nullable(),
  /** Accounts that belong to this unit. */
  memberCount: z.number().int(),
});
export type Organisation = z.infer<typeof OrganisationSchema>;

export const OrganisationListSchema = z.object({
  items: z.array(OrganisationSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type OrganisationList = z.infer<typeof OrganisationListSchema>;

export const OrganisationListQuery = z.object({
  kind: z.enum(ORGANISATION_KINDS).optional(),
  /** Only units in this region's subtree (the region itself included). */
  region: regionCode.optional(),
  /** Part of the name. */
  q: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type OrganisationListReq = z.infer<typeof OrganisationListQuery>;

export const OrganisationIdParams = z.object({ id: z.uuid("an organisation id is a UUID") });

export const CreateOrganisationBody = z
  .strictObject({
    kind: z.enum(ORGANISATION_KINDS),
    name,
    regionCode,
    /** Required for a department, refused for any other kind. */
    departmentType: departmentType.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.kind === "department" && body.departmentType === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["departmentType"],
        message: "a department needs a department type",
      });
    }
    if (body.kind !== "department" && body.departmentType !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["departmentType"],
        message: "only a department has a department type",
      });
    }
  });
export type CreateOrganisationReq = z.infer<typeof CreateOrganisationBody>;

/** Kind and region are fixed once created: move a unit by creating a new one. */
export const UpdateOrganisationBody = z
  .strictObject({ name: name.optional(), departmentType: departmentType.optional() })
  .refine((body) => body.name !== undefined || body.departmentType !== undefined, {
    message: "give a name or a departmentType to change",
  });
export type UpdateOrganisationReq = z.infer<typeof UpdateOrganisationBody>;

export const DepartmentTypeListSchema = z.object({
  items: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })),
});
