/**
 * The person's file (一人一档), beyond the register's card: their visits (date, how, who, what
 * was found) of the population types the reader may see — the visits API leaves the others out —
 * and their appeals: those linked to them or their household, and those raised with their phone
 * (the server matches the number; null for a role that may not search appeals by phone).
 */
import { Empty, Flex, List, Table, Tag, Typography } from "antd";
import { Link } from "react-router";
import type { PersonCases, VisitList, VisitListItem } from "../../../shared/contracts.js";
import { useLooseName } from "../../../shared/i18n/names.js";
import { useGet } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { chinaTime } from "../cockpit/period.js";
import { METHOD_KEYS } from "../visits/words.js";

function CaseList({ items }: { items: PersonCases["linked"] }) {
  const { t } = useI18n();
  const looseName = useLooseName();
  if (items.length === 0)
    return <Typography.Text type="secondary">{t("links.person.noCases")}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(c) => (
        <List.Item key={c.id} data-testid="person-case">
          <Flex gap={8} wrap align="baseline">
            <Link to={`/cases/${c.number}`}>{c.number}</Link>
            <Tag>{looseName("caseStatus", c.status)}</Tag>
            <Typography.Text type="secondary">{chinaTime(c.createdAt)}</Typography.Text>
            <Typography.Text ellipsis style={{ maxWidth: 320 }}>
              {c.description}
            </Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}

export function PersonRecords({ personId }: { personId: string }) {
  const { t, lang } = useI18n();
  const session = useSession();
  const visits = useGet<VisitList>(session.can("visits.read") ? "/visits" : null, {
    personId,
    pageSize: 50,
  });
  const cases = useGet<PersonCases>(session.can("cases.read") ? `/persons/${personId}/cases` : null);
  return (
    <Flex vertical gap={16}>
      {session.can("visits.read") && (
        <section data-testid="person-visits">
          <Typography.Title level={5}>{t("links.person.visits")}</Typography.Title>
          <Table<VisitListItem>
            size="small"
            rowKey="id"
            pagination={false}
            loading={visits.isLoading}
            dataSource={visits.data?.items ?? []}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("links.person.noVisits")} />
              ),
            }}
            columns={[
              {
                key: "date",
                title: t("links.col.date"),
                render: (_, v) =>
                  v.visitedAt ? (
                    <Link to={`/visits/${v.id}`}>{chinaTime(v.visitedAt)}</Link>
                  ) : (
                    <Link to={`/visits/${v.id}`}>
                      {t("links.person.visitDue", { time: chinaTime(v.dueAt) })}
                    </Link>
                  ),
              },
              {
                key: "type",
                title: t("links.col.type"),
                render: (_, v) => (lang === "en" ? v.type.nameEn : v.type.nameZh),
              },
              {
                key: "method",
                title: t("links.col.method"),
                render: (_, v) => (v.method ? t(METHOD_KEYS[v.method]) : "—"),
              },
              { key: "who", title: t("links.col.who"), render: (_, v) => v.visitedBy ?? "—" },
              {
                key: "findings",
                title: t("links.col.findings"),
                render: (_, v) => v.findings ?? "—",
              },
            ]}
          />
        </section>
      )}
      {cases.data && (
        <section data-testid="person-cases">
          <Typography.Title level={5}>{t("links.person.cases")}</Typography.Title>
          <Typography.Text strong>{t("links.person.linkedCases")}</Typography.Text>
          <CaseList items={cases.data.linked} />
          <Typography.Text strong>{t("links.person.raisedCases")}</Typography.Text>
          {cases.data.raised ? (
            <CaseList items={cases.data.raised} />
          ) : (
            <Typography.Text type="secondary" style={{ display: "block" }}>
              {t("links.person.raisedHidden")}
            </Typography.Text>
          )}
        </section>
      )}
    </Flex>
  );
}
