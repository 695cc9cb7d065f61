/**
 * Our records in GeoReport v2's words: field names, order and value shapes as the spec's
 * examples show them. Absent values are null (JSON) or empty elements (XML), so every request
 * carries every field.
 */
import { deadlineWords, type Open311Service } from "./find-services.js";
import { open311Status, type ServiceRequestRow } from "./find-service-requests.js";
import type { Jurisdiction } from "./jurisdiction.js";
import type { XmlValue } from "./xml.js";

/** W3C date-time in UTC, whole seconds: `2010-01-01T00:00:00Z` as in the spec. */
export function w3cDateTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** One entry of the service list. We define no attributes, so `metadata` is false. */
export function presentService(s: Open311Service): XmlValue {
  return {
    service_code: s.serviceCode,
    service_name: s.name,
    description: `${s.nameEn}: ${deadlineWords(s)}.`,
    metadata: false,
    type: "realtime",
    keywords: s.keywords,
    group: s.group,
  };
}

/** A service definition: the spec's extra form fields; none of our services has any. */
export function presentServiceDefinition(s: Open311Service): XmlValue {
  return { service_code: s.serviceCode, attributes: [] };
}

/** Public wording of the rejection reasons (the reject action's fixed codes). */
const REJECT_REASON_TEXT: Record<string, string> = {
  in_court: "the matter is before a court",
  redirect_110: "please call the police on 110",
  duplicate: "it repeats a request already being handled",
  out_of_scope: "the matter lies outside what this service handles",
  other: "the platform does not handle this matter",
};

/** What the city will do about a request of this service, in words. */
export function serviceNotice(
  s: Pick<Open311Service, "responseHours" | "handleHours" | "deadlineKind">,
): string {
  return `The responsible unit will contact the reporter and handle the request: ${deadlineWords(s)}.`;
}

function statusNotes(r: ServiceRequestRow): string {
  const unit = r.agency ?? "the responsible unit";
  switch (r.status) {
    case "triage":
      return "Received; being routed to the unit responsible.";
    case "dispatched":
      return `Dispatched to ${unit}.`;
    case "handling":
      return `Being handled by ${unit}.`;
    case "replied":
      return `${unit} has replied; awaiting the reporter's evaluation.`;
    case "supervisor_review":
      return "Under review by a supervisor.";
    case "closed":
      return r.resolved === false ? "Closed; not resolved." : "Closed; resolved.";
    case "rejected":
      return `Not taken up: ${REJECT_REASON_TEXT[r.rejectReason ?? ""] ?? "the platform does not handle this matter"}.`;
    case "merged":
      return r.mergedIntoNumber
        ? `Duplicate request: merged into ${r.mergedIntoNumber}.`
        : "Duplicate request: merged into another request.";
  }
}

/**
 * One service request as GET requests shows it: never a name, phone, email or account. What the
 * reporter wrote and where exactly is shown only for requests that came in through Open311,
 * whose clients publish them knowingly; an appeal made by hotline, at a talk station or on the
 * web (a family dispute, a neighbour's flat) shows its service, status, unit and village only.
 */
export function presentServiceRequest(r: ServiceRequestRow): XmlValue {
  const status = open311Status(r.status);
  const updated = status === "closed" && r.closedAt ? r.closedAt : r.updatedAt;
  const published = r.channel === "open311";
  return {
    service_request_id: r.number,
    status,
    status_notes: statusNotes(r),
    service_name: r.serviceName,
    service_code: r.serviceCode,
    description: published ? r.description : null,
    agency_responsible: r.agency,
    service_notice: serviceNotice(r),
    requested_datetime: w3cDateTime(r.createdAt),
    updated_datetime: w3cDateTime(updated),
    expected_datetime: r.handleDueAt ? w3cDateTime(r.handleDueAt) : null,
    address: published ? (r.address ?? r.regionName) : r.regionName,
    address_id: null,
    zipcode: null,
    lat: published ? r.lat : null,
    long: published ? r.lon : null,
    media_url: published ? r.mediaUrl : null,
  };
}

/** The service discovery document (wiki.open311.org/Service_Discovery) of this endpoint. */
export function presentDiscovery(opts: {
  endpointUrl: string;
  changeset: string;
  jurisdictions: readonly Jurisdiction[];
}): XmlValue {
  const ids = opts.jurisdictions.map((j) => `${j.ids.join(" or ")} (${j.name})`).join("; ");
  return {
    changeset: opts.changeset,
    contact:
      "Microgov Open311 GeoReport v2. jurisdiction_id is optional; when given it must be " +
      `${ids || "a city code"}. POST requests needs an api_key; locations by lat & long or address_string.`,
    key_service: "API keys are issued by the platform's administrators (POST /api/v1/api-keys).",
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: opts.endpointUrl,
        changeset: opts.changeset,
        type: "production",
        formats: ["text/xml", "application/json"],
      },
    ],
  };
}
