/**
 * The case page's people: "raised from a visit" with a link to the visit (GET /visits?caseId=),
 * and the persons and households the case is linked to, masked as the register shows them; the
 * handler (the server says `canLink`) finds a person of their area by name to link (the person, or
 * the household they live in), or unlinks.
 */
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Input,
  List,
  Popconfirm,
  Space,
  Typography,
} from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../../shared/api.js";
import type { CaseLinkList, PersonFile, PersonPage, VisitList } from "../../../shared/contracts.js";
import { useErrorText } from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { chinaTime } from "../cockpit/period.js";

const HOUSEHOLD_TYPE_KEYS = {
  registered: "people.householdType.registered",
  floating: "people.householdType.floating",
  other: "people.householdType.other",
} as const satisfies Record<string, ConsoleKey>;

/** "Raised from a visit": the visit this appeal came from, when there is one the reader may see. */
export function CaseFromVisit({ caseId }: { caseId: string }) {
  const { t, lang } = useI18n();
  const session = useSession();
  const visits = useGet<VisitList>(session.can("visits.read") ? "/visits" : null, { caseId });
  const visit = visits.data?.items[0];
  if (!visit) return null;
  return (
    <div data-testid="case-from-visit">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: "visit",
            label: t("links.case.fromVisit"),
            children: (
              <Link to={`/visits/${visit.id}`}>
                {t("links.case.fromVisitLine", {
                  date: chinaTime(visit.visitedAt ?? visit.dueAt),
                  type: lang === "en" ? visit.type.nameEn : visit.type.nameZh,
                  person: visit.person?.name ?? t("visits.hiddenPerson"),
                })}
              </Link>
            ),
          },
        ]}
      />
    </div>
  );
}

function LinkPerson({ caseId, linkPath }: { caseId: string; linkPath: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [name, setName] = useState("");
  const found = useGet<PersonPage>(name ? "/persons" : null, { name, pageSize: 10 });
  const link = useWrite(
    (personId: string) => api(`/cases/${caseId}/links`, { method: "POST", body: { personId } }),
    [linkPath],
  );
  // The household the person lives in now (from their file), when the appeal is the family's.
  const linkHousehold = useWrite(
    async (householdId: string) => {
      await api(`/cases/${caseId}/links`, { method: "POST", body: { householdId } });
    },
    [linkPath],
  );
  const toHousehold = async (personId: string) => {
    try {
      const file = await api<PersonFile>(`/persons/${personId}`);
      if (!file.household) {
        void message.warning(t("links.case.noHousehold"));
        return;
      }
      await linkHousehold.mutateAsync(file.household.id);
      void message.success(t("links.case.linked"));
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  return (
    <Flex vertical gap={8}>
      <Input.Search
        placeholder={t("links.case.search")}
        aria-label={t("links.case.search")}
        allowClear
        onSearch={(v) => setName(v.trim())}
        data-testid="case-link-search"
      />
      {name && (
        <List
          size="small"
          dataSource={found.data?.items ?? []}
          locale={{ emptyText: t("links.case.noMatch") }}
          renderItem={(p) => (
            <List.Item
              key={p.id}
              actions={[
                <Button
                  key="link"
                  size="small"
                  data-testid="case-link-person"
                  loading={link.isPending}
                  onClick={() =>
                    link.mutate(p.id, {
                      onSuccess: () => void message.success(t("links.case.linked")),
                      onError: (err) => void message.error(errorText(err)),
                    })
                  }
                >
                  {t("links.case.link")}
                </Button>,
                <Button
                  key="household"
                  size="small"
                  data-testid="case-link-household"
                  loading={linkHousehold.isPending}
                  onClick={() => void toHousehold(p.id)}
                >
                  {t("links.case.linkHousehold")}
                </Button>,
              ]}
            >
              <Space wrap>
                <span>{p.name}</span>
                {p.phone && <Typography.Text type="secondary">{p.phone}</Typography.Text>}
                {p.address && <Typography.Text type="secondary">{p.address}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}

/** The persons and households the case is linked to (absent for a reader without the register). */
export function CaseLinks({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const session = useSession();
  const path = `/cases/${caseId}/links`;
  const links = useGet<CaseLinkList>(session.can("people.read") ? path : null);
  const unlink = useWrite((linkId: string) => api(`${path}/${linkId}`, { method: "DELETE" }), [path]);
  if (!links.data) return null;
  const { items, canLink } = links.data;
  return (
    <Card title={t("links.case.title")} size="small" style={{ marginTop: 16 }} data-testid="case-links">
      {items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("links.case.none")} />
      )}
      <List
        size="small"
        dataSource={items}
        renderItem={(l) => (
          <List.Item
            key={l.id}
            data-testid="case-link"
            actions={
              canLink
                ? [
                    <Popconfirm
                      key="unlink"
                      title={t("links.case.unlinkConfirm")}
                      onConfirm={() =>
                        unlink.mutate(l.id, {
                          onSuccess: () => void message.success(t("links.case.unlinked")),
                          onError: (err) => void message.error(errorText(err)),
                        })
                      }
                    >
                      <Button size="small" danger>
                        {t("links.case.unlink")}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Flex vertical gap={2}>
              {l.person && (
                <Space wrap>
                  <strong>{l.person.name}</strong>
                  {l.person.phone && <span>{l.person.phone}</span>}
                  {l.person.address && <Typography.Text type="secondary">{l.person.address}</Typography.Text>}
                </Space>
              )}
              {l.household && (
                <Space wrap>
                  <strong>{t("links.case.household")}</strong>
                  <span>{t(HOUSEHOLD_TYPE_KEYS[l.household.type])}</span>
                  {l.household.number && <span>{l.household.number}</span>}
                  <Typography.Text type="secondary">{l.household.region.name}</Typography.Text>
                </Space>
              )}
              <Typography.Text type="secondary">
                {t("links.case.linkedBy", { name: l.linkedBy ?? "—", time: chinaTime(l.linkedAt) })}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      {canLink && <LinkPerson caseId={caseId} linkPath={path} />}
    </Card>
  );
}
