/**
 * What the audit log records: every action and every kind of thing it is about. The console names
 * each in both languages (src/web/shared/i18n/domain.ts), so a new action is a type error there
 * until it has a name; `recordAudit` takes only these.
 */
export const AUDIT_ACTIONS = [
  "user.create",
  "user.update",
  "user.password_reset",
  "user.password_change",
  "role.grant",
  "role.revoke",
  "organisation.create",
  "organisation.update",
  "organisation.delete",
  "category.create",
  "category.update",
  "holidays.replace",
  "settings.update",
  "grids.import",
  "grids.delete",
  "api_key.create",
  "api_key.revoke",
  "case.print",
  "dispute.print",
  "address.create",
  "address.update",
  "address.delete",
  "building.create",
  "building.update",
  "building.delete",
  "dwelling.create",
  "dwelling.update",
  "dwelling.delete",
  "household.create",
  "household.update",
  "household.delete",
  "population_type.create",
  "population_type.update",
  "register.import",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITY_TYPES = [
  "user",
  "organisation",
  "category",
  "holidays",
  "setting",
  "grid",
  "api_key",
  "case",
  "dispute",
  "address",
  "building",
  "dwelling",
  "household",
  "population_type",
  "register",
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
