/**
 * Who read personal data in the admin's area: every reveal of a reporter's contact (and every case
 * found by a phone search), every reveal and look-up of a person of the register, newest first, by appeal, by the resident's phone, by reader and by
 * time. The server answers only the reads of cases in the admin's scope and never the data itself.
 */
import type { PersonalDataRead, UserPage } from "../../../shared/contracts.js";
import { useGet } from "../../../shared/query.js";
import { ResourcePage } from "../../components/ResourcePage.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { chinaTime } from "../cockpit/period.js";
import { usePunctuation } from "../../../shared/i18n/punctuation.js";
import { CaseNumberLink } from "../../components/CaseNumberLink.js";
import { Link } from "react-router";

const FIELDS: Record<string, ConsoleKey> = {
  name: "admin.reads.field.name",
  phone: "admin.reads.field.phone",
  email: "admin.reads.field.email",
  id_number: "admin.reads.field.idNumber",
  id_number_lookup: "admin.reads.field.idNumberLookup",
  register_export: "admin.reads.field.registerExport",
  phone_lookup: "admin.reads.field.phoneLookup",
  party_phone: "admin.reads.field.partyPhone",
};

/** What personal_data_reads records as the reason of a phone search (cases/contact-search). */
const PHONE_SEARCH = "search:phone";

export default function PersonalDataReads() {
  const { t } = useI18n();
  const punct = usePunctuation();
  // The readers to filter by: the accounts of the admin's scope (the server decides which).
  const users = useGet<UserPage>("/users", { pageSize: 100 });
  const readers = (users.data?.items ?? []).map((u) => ({
    value: u.id,
    label: punct.aside(u.displayName, u.username),
  }));
  return (
    <ResourcePage<PersonalDataRead>
      title="admin.reads.title"
      path="/personal-data-reads"
      pageSize={50}
      rowKey={(r) => String(r.id)}
      filters={[
        { kind: "search", name: "case", label: "admin.reads.byCase", width: 200 },
        { kind: "search", name: "phone", label: "admin.reads.byPhone", width: 200 },
        { kind: "select", name: "reader", label: "admin.reads.reader", options: readers, width: 240 },
        { kind: "period", from: "since", to: "until", label: "admin.reads.period" },
      ]}
      table={{ testId: "reads-table" }}
      columns={[
        { title: t("admin.reads.at"), dataIndex: "at", key: "at", render: chinaTime },
        {
          title: t("admin.reads.reader"),
          key: "reader",
          render: (_: unknown, r) => punct.aside(r.reader.displayName, r.reader.username),
        },
        {
          title: t("admin.reads.subject"),
          key: "case",
          // A reporter's contact is filed under the appeal; an ID or phone number under the person.
          render: (_: unknown, r) =>
            r.case ? (
              <CaseNumberLink to={r.case.number} number={r.case.number} />
            ) : r.dispute ? (
              <Link to={`/mediation/disputes/${r.dispute.number}`}>
                {punct.labelled(t("admin.reads.dispute"), r.dispute.number)}
              </Link>
            ) : (
              punct.labelled(t("admin.reads.person"), r.person?.name ?? "—")
            ),
        },
        {
          title: t("admin.reads.region"),
          key: "region",
          render: (_: unknown, r) => (r.case ?? r.dispute ?? r.person)?.region.name ?? "—",
        },
        {
          title: t("admin.reads.fields"),
          key: "fields",
          render: (_: unknown, r) =>
            punct.list(r.fields.map((f) => (Object.hasOwn(FIELDS, f) ? t(FIELDS[f] as ConsoleKey) : f))),
        },
        {
          title: t("admin.reads.reason"),
          dataIndex: "reason",
          key: "reason",
          render: (v: string | null) => (v === PHONE_SEARCH ? t("admin.reads.phoneSearch") : (v ?? "—")),
        },
      ]}
    />
  );
}
