/**
 * Register a dispute (纠纷登记): a walk-in at a talk station, a screening finding or a visit. The
 * place is chosen from the region tree of one's scope; the parties are taken from the register
 * (search by name, for those who may read it) or entered on the spot. The dispute goes to the
 * committee of its place; a repeat of the same parties is said at once (民转刑 prevention).
 */
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Radio, Select, Typography } from "antd";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { api } from "../../../shared/api.js";
import type {
  CaseDetail,
  DisputeCreated,
  DisputeFromCase,
  DisputeTypeList,
  PersonPage,
  RegisterDispute,
} from "../../../shared/contracts.js";
import { randomKey } from "../../../shared/idempotency-key.js";
import { useErrorText } from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { applyFieldErrors } from "../../components/formErrors.js";
import { useRequired } from "../../components/required.js";
import { StateView } from "../../components/StateView.js";
import { RegionPicker } from "../../components/RegionPicker.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { RISK_KEYS, ROLE_KEYS, SOURCE_KEYS } from "./words.js";
import { isChinesePhone } from "../../../../shared/contracts/phone.js";

interface PartyValues {
  role: "applicant" | "respondent" | "other";
  name?: string;
  phone?: string;
  personId?: string;
}
interface Values {
  source: "walk_in" | "screening" | "visit";
  regionCode?: string;
  typeCode?: string;
  facts?: string;
  amountInDispute?: number | null;
  riskLevel: "general" | "significant" | "major";
  parties: PartyValues[];
}

/** Search the register by name and add the person picked as a party. */
function PersonSearch({ onPick }: { onPick: (p: { id: string; name: string }) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const found = useGet<PersonPage>(name.length > 0 ? "/persons" : null, { name, pageSize: 10 });
  return (
    <Select
      showSearch
      filterOption={false}
      value={null}
      style={{ minWidth: 280 }}
      aria-label={t("mediation.register.fromRegister")}
      placeholder={t("mediation.register.fromRegister")}
      onSearch={(v) => setName(v.trim())}
      loading={found.isFetching}
      notFoundContent={name ? t("mediation.register.noPerson") : null}
      options={(found.data?.items ?? []).map((p) => ({
        value: p.id,
        label: [p.name, p.region.name, p.address].filter(Boolean).join(" · "),
      }))}
      onSelect={(id: string | null) => {
        const p = found.data?.items.find((x) => x.id === id);
        if (p) onPick({ id: p.id, name: p.name });
        setName("");
      }}
    />
  );
}

export default function RegisterDisputePage() {
  const { t, lang } = useI18n();
  const { can, session } = useSession();
  // A village clerk's disputes arise in their village: the place starts there (a person with
  // several places, or a township's or county's, chooses it).
  const regionScopes = new Set(
    (session?.roles ?? [])
      .filter((r) => r.scope.kind === "region")
      .map((r) => `${r.scope.level}:${r.scope.code}`),
  );
  const onlyVillage = regionScopes.size === 1 ? [...regionScopes][0] : undefined;
  const ownVillage = onlyVillage?.startsWith("village:") ? onlyVillage.slice("village:".length) : undefined;
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  // From the screening page (登记发现的纠纷): a finding of the village's monthly screening task.
  const [params] = useSearchParams();
  const screeningTaskId = params.get("source") === "screening" ? params.get("screeningTask") : null;
  const screeningMonth = params.get("month");
  // From a case page (转人民调解): the appeal becomes this dispute and ends as transferred.
  const fromCase = params.get("fromCase");
  const appeal = useGet<CaseDetail>(fromCase === null ? null : `/cases/${encodeURIComponent(fromCase)}`);
  const [key] = useState(randomKey);
  const [error, setError] = useState<unknown>();
  const types = useGet<DisputeTypeList>("/mediation/dispute-types");
  const register = useWrite<RegisterDispute, DisputeCreated>(
    (body) =>
      api<DisputeCreated>("/mediation/disputes", {
        method: "POST",
        body,
        headers: { "idempotency-key": key },
      }),
    // A screening finding records (or joins) the village's task: its page shows it at once.
    ["/mediation/disputes", "/mediation/screening-tasks"],
  );
  const convert = useWrite<DisputeFromCase, DisputeCreated>(
    (body) =>
      api<DisputeCreated>("/mediation/disputes/from-case", {
        method: "POST",
        body,
        headers: { "idempotency-key": key },
      }),
    ["/mediation/disputes", "/cases", "/worklist"],
  );
  const need = useRequired();
  // Checked before sending, in the page's language (the server's schema words are English).
  const phoneRule = {
    validator: (_: unknown, value: string | undefined) =>
      !value?.trim() || isChinesePhone(value)
        ? Promise.resolve()
        : Promise.reject(new Error(t("work.form.phoneInvalid"))),
  };

  const parties = (v: Values) =>
    v.parties.map((p) => ({
      role: p.role,
      name: p.name ?? "",
      phone: p.phone?.trim() ? p.phone.trim() : null,
      personId: p.personId ?? null,
    }));
  const done = {
    onSuccess: (created: DisputeCreated) => void navigate(`/mediation/disputes/${created.number}`),
    onError: (err: unknown) => {
      if (!applyFieldErrors(form, err, undefined, errorText)) setError(err);
    },
  };

  const submit = (v: Values) => {
    setError(undefined);
    if (fromCase && appeal.data) {
      convert.mutate(
        {
          caseRef: appeal.data.number,
          caseVersion: appeal.data.version,
          typeCode: v.typeCode ?? "",
          facts: v.facts ?? "",
          amountInDispute: v.amountInDispute ?? null,
          riskLevel: v.riskLevel,
          parties: parties(v),
        },
        done,
      );
      return;
    }
    const body: RegisterDispute = {
      source: v.source,
      regionCode: v.regionCode ?? "",
      typeCode: v.typeCode ?? "",
      facts: v.facts ?? "",
      amountInDispute: v.amountInDispute ?? null,
      riskLevel: v.riskLevel,
      parties: parties(v),
      ...(screeningTaskId && v.source === "screening" ? { screeningTaskId } : {}),
    };
    register.mutate(body, done);
  };

  // The form waits for the appeal it starts from (its facts and reporter fill the form).
  if (fromCase && appeal.data === undefined) {
    return <StateView query={appeal}>{() => null}</StateView>;
  }

  return (
    <Flex vertical gap={16} style={{ maxWidth: 860 }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t("mediation.register.title")}
      </Typography.Title>
      <Form<Values>
        form={form}
        name="register-dispute"
        layout="vertical"
        initialValues={{
          source: screeningTaskId ? "screening" : "walk_in",
          regionCode: (screeningTaskId && params.get("region")) || ownVillage,
          riskLevel: "general",
          facts: appeal.data?.description,
          parties: [
            // The reporter applies; their phone stays with the appeal (shown masked here).
            appeal.data?.reporter.name && !appeal.data.reporter.masked
              ? { role: "applicant", name: appeal.data.reporter.name }
              : { role: "applicant" },
            { role: "respondent" },
          ],
        }}
        onFinish={submit}
      >
        {fromCase && appeal.data && (
          <Alert
            type="warning"
            showIcon
            data-testid="from-case"
            title={t("mediation.fromCase.title", { number: appeal.data.number })}
            description={t("mediation.fromCase.effect")}
            style={{ marginBottom: 16 }}
          />
        )}
        {screeningTaskId && (
          <Alert
            type="info"
            showIcon
            data-testid="from-screening"
            title={t("mediation.screening.fromTask", { month: screeningMonth ?? "" })}
            style={{ marginBottom: 16 }}
          />
        )}
        <Card size="small" title={t("mediation.register.dispute")}>
          {/* An appeal's dispute comes from the appeal and arose where the appeal is placed. */}
          {!fromCase && (
            <Form.Item
              name="source"
              label={t("mediation.field.source")}
              rules={need(t("mediation.field.source"), "choose")}
            >
              <Radio.Group
                options={(["walk_in", "screening", "visit"] as const).map((s) => ({
                  value: s,
                  label: t(SOURCE_KEYS[s]),
                }))}
              />
            </Form.Item>
          )}
          {!fromCase && (
            <Form.Item
              name="regionCode"
              label={t("mediation.field.place")}
              rules={need(t("mediation.field.place"), "choose")}
            >
              <RegionPicker aria-label={t("mediation.field.place")} style={{ width: "100%" }} />
            </Form.Item>
          )}
          <Form.Item
            name="typeCode"
            label={t("mediation.field.type")}
            rules={need(t("mediation.field.type"), "choose")}
          >
            <Select
              loading={types.isPending}
              options={(types.data?.items ?? [])
                .filter((x) => x.active)
                .map((x) => ({ value: x.code, label: lang === "en" ? x.nameEn : x.nameZh }))}
            />
          </Form.Item>
          <Form.Item
            name="facts"
            label={t("mediation.field.facts")}
            rules={need(t("mediation.field.facts"), "text")}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item name="amountInDispute" label={t("mediation.field.amount")}>
              <InputNumber min={0} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="riskLevel" label={t("mediation.field.risk")}>
              <Radio.Group
                options={(["general", "significant", "major"] as const).map((r) => ({
                  value: r,
                  label: t(RISK_KEYS[r]),
                }))}
              />
            </Form.Item>
          </Flex>
        </Card>
        <Form.List name="parties">
          {(fields, { add, remove }) => (
            <Card
              size="small"
              title={t("mediation.parties")}
              style={{ marginTop: 16 }}
              extra={
                <Flex gap={8} wrap>
                  {can("people.read") && (
                    <PersonSearch
                      onPick={(p) => {
                        // The person fills the first row still without a name (the applicant, then
                        // the respondent); with every row named, they come as a further party.
                        const rows = (form.getFieldValue("parties") ?? []) as PartyValues[];
                        const empty = rows.findIndex((r) => !r.name?.trim() && !r.personId);
                        if (empty === -1)
                          add({ role: "other", name: p.name, personId: p.id } satisfies PartyValues);
                        else {
                          form.setFieldValue(["parties", empty], {
                            ...rows[empty],
                            name: p.name,
                            personId: p.id,
                          });
                          void form.validateFields([["parties", empty, "name"]]);
                        }
                      }}
                    />
                  )}
                  <Button onClick={() => add({ role: "other" })} data-testid="add-party">
                    {t("mediation.register.addParty")}
                  </Button>
                </Flex>
              }
            >
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="start" wrap data-testid="party-row">
                  <Form.Item
                    name={[f.name, "role"]}
                    label={t("mediation.register.role")}
                    rules={need(t("mediation.register.role"), "choose")}
                    style={{ marginBottom: 8 }}
                  >
                    <Select
                      style={{ width: 140 }}
                      aria-label={t("mediation.register.role")}
                      options={(["applicant", "respondent", "other"] as const).map((r) => ({
                        value: r,
                        label: t(ROLE_KEYS[r]),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "name"]}
                    label={t("mediation.register.name")}
                    rules={need(t("mediation.register.name"), "text")}
                    style={{ marginBottom: 8 }}
                  >
                    <Input
                      style={{ width: 160 }}
                      placeholder={t("mediation.register.name")}
                      aria-label={t("mediation.register.name")}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "phone"]}
                    label={t("mediation.register.phone")}
                    rules={[phoneRule]}
                    style={{ marginBottom: 8 }}
                  >
                    <Input
                      style={{ width: 180 }}
                      inputMode="tel"
                      placeholder={t("mediation.register.phone")}
                      aria-label={t("mediation.register.phone")}
                    />
                  </Form.Item>
                  {/* The register person picked for this row: a field of its own, so it is sent. */}
                  <Form.Item name={[f.name, "personId"]} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(["parties", f.name, "personId"]) ? (
                        <Typography.Text type="secondary" style={{ lineHeight: "32px" }}>
                          {t("mediation.register.inRegister")}
                        </Typography.Text>
                      ) : null
                    }
                  </Form.Item>
                  {fields.length > 1 && (
                    // Level with the fields, below their labels.
                    <Button onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                      {t("mediation.register.removeParty")}
                    </Button>
                  )}
                </Flex>
              ))}
            </Card>
          )}
        </Form.List>
        {error !== undefined && (
          <Alert type="error" showIcon role="alert" title={errorText(error)} style={{ marginTop: 16 }} />
        )}
        <Button
          type="primary"
          htmlType="submit"
          loading={register.isPending}
          style={{ marginTop: 16 }}
          data-testid="register-dispute"
        >
          {t("mediation.register.submit")}
        </Button>
      </Form>
    </Flex>
  );
}
