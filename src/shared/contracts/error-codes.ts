/**
 * Every `error.code` the API can answer with, in one list. The error family takes only these
 * (`AppError`'s `code` is an `ErrorCode`), so a new code must be added here first — and the web's
 * error texts are a `Record<ErrorCode, string>` per language, so it cannot ship without a name in
 * both. Shared with the web: values only, no server code.
 */
export const ERROR_CODES = [
  // Any request
  "validation_failed",
  "malformed_json",
  "bad_content_length",
  "payload_too_large",
  "unsupported_media_type",
  "bad_request",
  "not_found",
  "forbidden",
  "unauthorized",
  "too_many_requests",
  "csrf_failed",
  "invalid_text",
  "concurrent_update",
  "internal",
  "database_unavailable",
  "web_not_built",
  // Sign-in and accounts
  "invalid_credentials",
  "account_locked",
  "account_disabled",
  "invalid_current_password",
  "weak_password",
  "invalid_username",
  "username_taken",
  "cannot_disable_self",
  "last_role",
  "role_exists",
  "invalid_scope",
  "wrong_region_level",
  // One-time codes (residents)
  "code_expired",
  "wrong_code",
  "too_many_attempts",
  "sms_failed",
  "sms_unavailable",
  // Regions, grids, organisations
  "invalid_city",
  "unknown_city",
  "unknown_region",
  "invalid_geojson",
  "grids_overlap",
  "grid_in_use",
  "organisation_exists",
  "organisation_in_use",
  // People and places
  "invalid_id_number",
  "person_exists",
  "person_name_mismatch",
  "record_in_use",
  "risk_level_required",
  "import_rejected",
  "bad_file",
  "workbook_too_large",
  "too_many_rows",
  "rental_open",
  "rental_ended",
  "already_moved_out",
  // Catalogue
  "category_exists",
  "open311_service_code_taken",
  "parent_inactive",
  "has_active_children",
  "unknown_category",
  // Attachments
  "missing_file",
  "too_many_files",
  "malformed_multipart",
  "attachment_unavailable",
  // Appeals: intake and triage
  "no_city",
  "location_outside_city",
  "outside_scope",
  "bad_idempotency_key",
  "idempotency_mismatch",
  "idempotency_in_progress",
  // Appeals: actions
  "stale_case",
  "illegal_transition",
  "not_assigned_unit",
  "unit_elsewhere",
  "already_assigned",
  "no_dispatcher",
  "no_higher_level",
  "merge_into_self",
  "primary_not_open",
  "primary_not_replied",
  "already_evaluated",
  "extension_pending",
  "extension_decided",
  "already_whistled",
  "not_whistled",
  "already_reported",
  "own_reply",
  // Rates, cockpit, exports, API keys
  "no_denominator",
  "period_too_long",
  "export_too_large",
  "region_required",
  // Printed documents
  "no_issuing_centre",
  "case_not_open",
  // Mediation
  "stale_dispute",
  "extension_used",
  "mediator_elsewhere",
  "no_higher_committee",
  "no_committee",
  "unknown_dispute_type",
  // Visits
  "stale_visit",
  // Residents' rights (my data)
  "stale_correction",
  "phone_not_proven",
  "too_many_open_corrections",
  "appeal_already_raised",
  "dispute_already_raised",
  // Case links to the register
  "already_linked",
  // Mediation
  "committee_exists",
  "mediator_exists",
  "dispute_type_exists",
  "unknown_account",
  "not_committee_mediator",
  // Mediation: monthly screening (排查)
  "stale_screening",
  "screening_recorded",
  "screening_month_closed",
  "dispute_not_linkable",
  // Mediation: risk re-assessment
  "risk_unchanged",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}
