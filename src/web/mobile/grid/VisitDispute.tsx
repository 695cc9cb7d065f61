/**
 * "Register a dispute for mediation" on a recorded visit (a quarrel the grid worker found): the
 * dispute type, who the visited person is in it, the other party as far as known, what it is
 * about (the findings unless more is written). Kept in the outbox like the visit's record and
 * appeal, so it works on a village road without signal; the committee of the place receives it.
 */
import { Button, Input, Selector, TextArea } from "antd-mobile";
import { useState, type CSSProperties } from "react";
import type { DisputeTypeList, VisitDetail } from "../../shared/contracts.js";
import { useI18n } from "../i18n/index.js";
import { useKeptQuery } from "../offline/kept-query.js";
import { recordAndSend, type SubmitOutcome } from "../offline/outbox.js";
import { loadWithSnapshot } from "../offline/snapshots.js";
import { useIdentity } from "./grid-session.js";
import { snapshotKeys } from "./phone.js";
import { BIG, FormProblem, Section } from "./ui.js";

type Role = "applicant" | "respondent";
const ROLES: readonly Role[] = ["applicant", "respondent"];

const box: CSSProperties = { border: "1px solid #8c8c8c", borderRadius: 8, padding: 10, marginBottom: 12 };
const label: CSSProperties = { display: "block", fontWeight: 600, marginBottom: 8 };
const required = (
  <span aria-hidden="true" style={{ color: "#cf1322", marginInlineStart: 4 }}>
    *
  </span>
);

export function DisputeForm(props: {
  visit: Pick<VisitDetail, "id" | "version" | "findings" | "person">;
  onDone: (o: SubmitOutcome) => void;
}) {
  const { t, lang } = useI18n();
  const identity = useIdentity();
  const types = useKeptQuery(["dispute-types"], () =>
    loadWithSnapshot<DisputeTypeList>(snapshotKeys.disputeTypes(), "/mediation/dispute-types"),
  );
  const [type, setType] = useState<string | null>(null);
  const [role, setRole] = useState<Role>("applicant");
  const [other, setOther] = useState("");
  const [otherPhone, setOtherPhone] = useState("");
  const [facts, setFacts] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const active = (types.data?.data.items ?? []).filter((x) => x.active);

  const submit = async () => {
    if (!type) {
      setProblem(t("grid.visits.disputeTypeRequired"));
      return;
    }
    if (otherPhone.trim() && !/^[\d\s+-]{7,20}$/.test(otherPhone.trim())) {
      setProblem(t("grid.visits.disputePhoneInvalid"));
      return;
    }
    setProblem(null);
    const name = other.trim();
    const body: Record<string, unknown> = {
      version: props.visit.version,
      typeCode: type,
      role,
      ...(facts.trim() ? { facts: facts.trim() } : {}),
      otherParties: name
        ? [
            {
              role: role === "applicant" ? "respondent" : "applicant",
              name,
              ...(otherPhone.trim() ? { phone: otherPhone.trim() } : {}),
            },
          ]
        : [],
    };
    setBusy(true);
    try {
      props.onDone(
        await recordAndSend({
          kind: "visit",
          userId: identity.userId,
          visitId: props.visit.id,
          personName: props.visit.person?.name ?? "",
          action: "dispute",
          body,
          photos: [],
          summary: facts.trim() || (props.visit.findings ?? ""),
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      aria-label={t("grid.visits.dispute")}
      data-testid="visit-dispute-form"
    >
      <Section title={t("grid.visits.dispute")}>
        <p style={{ margin: "0 0 12px", color: "#595959" }}>{t("grid.visits.disputeHint")}</p>
        <fieldset style={{ border: "none", padding: 0, margin: "0 0 12px" }}>
          <legend style={label}>
            {t("grid.visits.disputeType")}
            {required}
          </legend>
          {active.length === 0 ? (
            <p style={{ margin: 0, color: "#595959" }}>{t("grid.visits.disputeTypesUnavailable")}</p>
          ) : (
            <Selector
              columns={2}
              value={type ? [type] : []}
              onChange={(v) => setType(v[0] ?? null)}
              options={active.map((x) => ({ label: lang === "en" ? x.nameEn : x.nameZh, value: x.code }))}
              style={{ "--padding": "12px 8px" } as CSSProperties}
              data-testid="visit-dispute-type"
            />
          )}
        </fieldset>
        <fieldset style={{ border: "none", padding: 0, margin: "0 0 12px" }}>
          <legend style={label}>
            {t("grid.visits.disputeRole", { name: props.visit.person?.name ?? "" })}
          </legend>
          <Selector
            columns={2}
            value={[role]}
            onChange={(v) => v[0] && setRole(v[0])}
            options={ROLES.map((r) => ({
              label: t(
                r === "applicant" ? "grid.visits.disputeRoleApplicant" : "grid.visits.disputeRoleRespondent",
              ),
              value: r,
            }))}
            style={{ "--padding": "12px 8px" } as CSSProperties}
          />
        </fieldset>
        <label htmlFor="visit-dispute-other" style={label}>
          {t("grid.visits.disputeOther")}
        </label>
        <div style={box}>
          <Input
            id="visit-dispute-other"
            value={other}
            onChange={setOther}
            maxLength={100}
            style={{ "--font-size": "17px" } as CSSProperties}
          />
        </div>
        <label htmlFor="visit-dispute-phone" style={label}>
          {t("grid.visits.disputeOtherPhone")}
        </label>
        <div style={box}>
          <Input
            id="visit-dispute-phone"
            type="tel"
            value={otherPhone}
            onChange={setOtherPhone}
            maxLength={20}
            style={{ "--font-size": "17px" } as CSSProperties}
          />
        </div>
        <label htmlFor="visit-dispute-facts" style={label}>
          {t("grid.visits.disputeFacts")}
        </label>
        <div style={box}>
          <TextArea
            id="visit-dispute-facts"
            value={facts}
            onChange={setFacts}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={4000}
            style={{ "--font-size": "17px" } as CSSProperties}
          />
        </div>
        <FormProblem problem={problem} />
        <Button type="submit" block loading={busy} style={BIG} data-testid="visit-dispute-submit">
          {t("grid.visits.disputeSubmit")}
        </Button>
      </Section>
    </form>
  );
}
