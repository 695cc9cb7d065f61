import { z } from "zod";
import { MENU_GROUPS } from "../../shared/contracts/menu.js";
import { REGION_LEVELS, ROLES } from "../../db/schema.js";
import { PASSWORD_MAX_LENGTH } from "./passwords.js";

/** 3–32 characters of a-z, 0-9, `_`, `.`, `-`; accepted in any case and stored lower-case. */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_.-]{3,32}$/, "a username is 3 to 32 characters of a-z, 0-9, _ . -");

/** Checked for strength by the service (weak_password), not here, so the rule lives in one place. */
const PasswordSchema = z.string().max(PASSWORD_MAX_LENGTH);

const PhoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, "a phone number is 5 to 20 digits, spaces or dashes");

const DisplayNameSchema = z.string().trim().min(1).max(100);

export const LoginSchema = z.object({
  // Not UsernameSchema: a malformed name must get the same 401 as an unknown one.
  username: z.string().max(200),
  password: z.string().max(1000),
});
export type LoginReq = z.infer<typeof LoginSchema>;

export const ChangePasswordSchema = z.object({
  currentPassword: z.string().max(1000),
  newPassword: PasswordSchema,
});

/** One role to grant: exactly one of a region code or a department id. */
export const RoleGrantSchema = z
  .object({
    role: z.enum(ROLES),
    regionCode: z
      .string()
      .regex(/^\d{4,20}$/, "a region code is digits")
      .optional(),
    departmentId: z.uuid().optional(),
  })
  .refine((r) => (r.regionCode === undefined) !== (r.departmentId === undefined), {
    message: "give exactly one of regionCode or departmentId",
  });
export type RoleGrant = z.infer<typeof RoleGrantSchema>;

export const CreateUserSchema = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  phone: PhoneSchema.optional(),
  organisationId: z.uuid().optional(),
  password: PasswordSchema,
  roles: z.array(RoleGrantSchema).min(1, "an account needs at least one role").max(20),
});
export type CreateUserReq = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({
    displayName: DisplayNameSchema.optional(),
    phone: PhoneSchema.nullable().optional(),
    organisationId: z.uuid().nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: "nothing to change" });
export type UpdateUserReq = z.infer<typeof UpdateUserSchema>;

export const ResetPasswordSchema = z.object({ password: PasswordSchema });

export const UserIdParams = z.object({ id: z.uuid() });
export const BindingParams = z.object({ id: z.uuid(), bindingId: z.uuid() });

export const ListUsersQuery = z.object({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  region: z
    .string()
    .regex(/^\d{4,20}$/, "a region code is digits")
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListUsersReq = z.infer<typeof ListUsersQuery>;

/** A role binding as clients see it, with its scope named. */
export const RoleBindingViewSchema = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  scope: z.object({
    kind: z.enum(["region", "department"]),
    /** Region code, or the department's organisation id. */
    code: z.string(),
    name: z.string(),
    path: z.string(),
    /** The region's level (a grid is below the public tree); null for a department. */
    level: z.enum(REGION_LEVELS).nullable(),
  }),
});
export type RoleBindingView = z.infer<typeof RoleBindingViewSchema>;

export const UserViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** Full for those who manage the account (and the account itself), masked for others. */
  phone: z.string().nullable(),
  organisationId: z.string().nullable(),
  disabled: z.boolean(),
  /** Locked by failed sign-ins (from at least one address) until this time (null: not locked). */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  roles: z.array(RoleBindingViewSchema),
  /** Whether the caller may change this account: the client hides what the server would refuse. */
  canManage: z.boolean(),
});
export type UserView = z.infer<typeof UserViewSchema>;

export const UserPageSchema = z.object({
  items: z.array(UserViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const SessionViewSchema = z.object({
  user: UserViewSchema,
  roles: z.array(RoleBindingViewSchema),
  permissions: z.array(z.string()),
  /** The console menu (src/shared/contracts/menu.ts): the registered entries this person may open. */
  menu: z.array(z.object({ id: z.string(), group: z.enum(MENU_GROUPS) })),
  csrfToken: z.string(),
  /**
   * Signed in by phone with a one-time code: the pages of one's own register data and disputes
   * open (they answer 403 phone_not_proven to every other account, so the phone asks only then).
   */
  phoneProven: z.boolean(),
});

/** The answer to a phone sign-in: the session, and how many earlier appeals it linked. */
export const OtpSignedInSchema = SessionViewSchema.extend({
  /** Appeals raised earlier with this phone (anonymously, or by a call) now linked to the account. */
  linkedAppeals: z.number().int(),
});

/** The answer to a one-time code request (POST /auth/otp/request). */
export const OtpSentSchema = z.object({
  /** The number the code went to, masked. */
  sentTo: z.string(),
  expiresAt: z.string(),
  resendAfterSeconds: z.number().int(),
  /** Demo mode only (no real SMS): the code itself, for the page to show. */
  demoCode: z.string().optional(),
});
