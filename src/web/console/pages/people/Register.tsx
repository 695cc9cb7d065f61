/**
 * The register of people for staff: persons of the area by name, address or key/care group,
 * an exact look-up by ID or phone number (recorded as a personal data read), and the person's
 * file with the numbers masked; the full numbers only on request, with a reason, recorded.
 * The server decides everything shown: scope, masks, and which groups this role may see at all.
 * A second tab walks the same register by place: building → unit → dwelling → household →
 * members, with each dwelling's rental and tenants (PlaceTree).
 */
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Input,
  Space,
  Tabs,
  Timeline,
  Typography,
  Tooltip,
} from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../../../shared/api.js";
import type {
  PersonFile,
  PersonLookup,
  PersonSummary,
  PopulationTypeList,
  RevealedNumbers,
} from "../../../shared/contracts.js";
import { useErrorText } from "../../../shared/i18n/names.js";
import { keyOf, useGet } from "../../../shared/query.js";
import { ResourcePage } from "../../components/ResourcePage.js";
import { ToneTag } from "../../components/ToneTag.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { chinaTime } from "../cockpit/period.js";
import { usePunctuation } from "../../../shared/i18n/punctuation.js";
import { PersonRecords } from "./PersonRecords.js";
import { PlaceTree } from "./PlaceTree.js";
import { RegisterFiles } from "./RegisterFiles.js";

type Tags = PersonSummary["populationTags"];

function GroupTags({ tags }: { tags: Tags }) {
  const { t, lang } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {tags.map((tag) => (
        <ToneTag key={tag.id} tone={tag.type.group === "key" ? "bad" : "neutral"}>
          {lang === "zh-CN" ? tag.type.nameZh : tag.type.nameEn}
          {tag.riskLevel !== null ? ` · ${t("people.riskLevel", { level: tag.riskLevel })}` : ""}
        </ToneTag>
      ))}
    </Space>
  );
}

function Reveal({ personId }: { personId: string }) {
  const { t } = useI18n();
  const punct = usePunctuation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [reason, setReason] = useState("");
  const [numbers, setNumbers] = useState<RevealedNumbers | null>(null);
  if (numbers) {
    return (
      <Typography.Text data-testid="revealed">
        {punct.labelled(t("people.revealed"), `${numbers.idNumber ?? "—"} · ${numbers.phone ?? "—"}`)}
      </Typography.Text>
    );
  }
  return (
    <Flex vertical gap={4}>
      <Space.Compact>
        <Input
          placeholder={t("people.revealReason")}
          aria-label={t("people.revealReason")}
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.target.value)}
        />
        <Tooltip title={reason.trim() === "" ? t("people.revealNeedsReason") : undefined}>
          <Button
            disabled={reason.trim() === ""}
            onClick={() =>
              void api<RevealedNumbers>(`/persons/${personId}/reveal`, { method: "POST", body: { reason } })
                .then(setNumbers)
                .catch((err: unknown) => void message.error(errorText(err)))
            }
          >
            {t("people.reveal")}
          </Button>
        </Tooltip>
      </Space.Compact>
      <Typography.Text type="secondary">{t("people.revealHint")}</Typography.Text>
    </Flex>
  );
}

function PersonDrawer({ personId, onClose }: { personId: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const punct = usePunctuation();
  const file = useGet<PersonFile>(personId ? `/persons/${personId}` : null);
  const p = file.data;
  // The server refuses a reveal to anyone else; the button is hidden so nobody is offered it.
  const canReveal = useSession().can("people.reveal");
  return (
    <Drawer open={personId !== null} title={p?.name ?? t("people.card")} onClose={onClose} size={560}>
      {p && (
        <Flex vertical gap={16} data-testid="person-card">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("people.sex")}>
              {p.sex ? t(`people.sex.${p.sex}` as ConsoleKey) : "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("people.birthDate")}>{p.birthDate ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("people.idNumber")}>
              {p.idDocumentType ? `${t(`people.docType.${p.idDocumentType}` as ConsoleKey)} ` : ""}
              {p.idNumber ?? "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("people.phone")}>{p.phone ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("people.address")}>{p.address ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("people.region")}>{p.region.name}</Descriptions.Item>
            <Descriptions.Item label={t("people.household")}>
              {p.household
                ? `${t(`people.householdType.${p.household.type}` as ConsoleKey)} · ${punct.labelled(t("people.relation"), t(`people.relation.${p.household.relation}` as ConsoleKey))}`
                : "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("people.registeredResidence")}>
              {p.registeredResidence ?? "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("people.workplace")}>{p.workplace ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("people.tags")}>
              <GroupTags tags={p.populationTags} />
            </Descriptions.Item>
          </Descriptions>
          {canReveal && (p.idNumber ?? p.phone) !== null && <Reveal key={p.id} personId={p.id} />}
          <PersonRecords key={`records-${p.id}`} personId={p.id} />
          <Typography.Title level={5}>{t("people.history")}</Typography.Title>
          <Timeline
            items={p.history.map((h) => ({
              key: h.id,
              content: `${chinaTime(h.at)} ${t(`people.event.${h.kind}` as ConsoleKey)}${h.actor ? ` · ${h.actor}` : ""}`,
            }))}
          />
        </Flex>
      )}
    </Drawer>
  );
}

function Lookup({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [found, setFound] = useState<PersonLookup["items"] | null>(null);
  const search = (value: string) => {
    const v = value.trim();
    if (v === "") return;
    // A phone is digits (maybe +86, spaces, dashes); anything else is a document number.
    const body =
      /^[+\d][\d\s-]{5,19}$/.test(v) && v.replace(/\D/g, "").length <= 13 ? { phone: v } : { idNumber: v };
    void api<PersonLookup>("/persons/lookup", { method: "POST", body })
      .then((r) => setFound(r.items))
      .catch((err: unknown) => void message.error(errorText(err)));
  };
  return (
    <Flex vertical gap={4}>
      <Input.Search
        aria-label={t("people.lookup")}
        placeholder={t("people.lookupPlaceholder")}
        enterButton={t("people.lookup")}
        onSearch={search}
        style={{ maxWidth: 520 }}
      />
      <Typography.Text type="secondary">{t("people.lookupHint")}</Typography.Text>
      {found?.length === 0 && <Typography.Text>{t("people.lookupNone")}</Typography.Text>}
      {found?.map((p) => (
        <Button key={p.id} type="link" onClick={() => onOpen(p.id)} style={{ alignSelf: "flex-start" }}>
          {p.name} · {p.address ?? p.region.name}
        </Button>
      ))}
    </Flex>
  );
}

export default function Register() {
  const { t, lang } = useI18n();
  // The open file is in the URL (?person=…), so another page (a dispute's party) links to it.
  const [params, setParams] = useSearchParams();
  const open = params.get("person");
  const setOpen = (id: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id === null) next.delete("person");
        else next.set("person", id);
        return next;
      },
      { replace: true },
    );
  const client = useQueryClient();
  const types = useGet<PopulationTypeList>("/population-types");
  const typeOptions = (types.data?.items ?? []).map((x) => ({
    value: x.code,
    label: lang === "zh-CN" ? x.nameZh : x.nameEn,
  }));
  const persons = (
    <ResourcePage<PersonSummary>
      title="people.title"
      path="/persons"
      pageSize={20}
      rowKey={(r) => r.id}
      filters={[
        { kind: "search", name: "name", label: "people.byName", width: 160 },
        { kind: "search", name: "address", label: "people.byAddress", width: 200 },
        { kind: "select", name: "type", label: "people.byType", options: typeOptions, width: 200 },
      ]}
      table={{ testId: "persons-table" }}
      columns={[
        {
          title: t("people.name"),
          key: "name",
          render: (_: unknown, r) => (
            <Button type="link" onClick={() => setOpen(r.id)}>
              {r.name}
            </Button>
          ),
        },
        {
          title: t("people.sex"),
          key: "sex",
          render: (_: unknown, r) => (r.sex ? t(`people.sex.${r.sex}` as ConsoleKey) : "—"),
        },
        { title: t("people.birthDate"), dataIndex: "birthDate", key: "birthDate" },
        { title: t("people.idNumber"), key: "idNumber", render: (_: unknown, r) => r.idNumber ?? "—" },
        { title: t("people.phone"), key: "phone", render: (_: unknown, r) => r.phone ?? "—" },
        { title: t("people.address"), key: "address", render: (_: unknown, r) => r.address ?? "—" },
        { title: t("people.region"), key: "region", render: (_: unknown, r) => r.region.name },
        {
          title: t("people.tags"),
          key: "tags",
          render: (_: unknown, r) => <GroupTags tags={r.populationTags} />,
        },
      ]}
    >
      <Lookup onOpen={setOpen} />
      <RegisterFiles onImported={() => void client.invalidateQueries({ queryKey: keyOf("/persons") })} />
    </ResourcePage>
  );
  return (
    <>
      <Tabs
        size="large"
        items={[
          { key: "persons", label: t("places.tabPersons"), children: persons },
          { key: "places", label: t("places.tabPlaces"), children: <PlaceTree onOpenPerson={setOpen} /> },
        ]}
      />
      <PersonDrawer personId={open} onClose={() => setOpen(null)} />
    </>
  );
}
