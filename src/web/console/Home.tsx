/**
 * The landing page after sign-in: what waits for this person today, counted (to dispatch, sent
 * back, due today, overdue, awaiting evaluation, overdue in their scope), each count opening the
 * list it was counted from; and their roles by name.
 */
import { Button, Card, Col, Empty, Flex, Row, Statistic, Tag, Typography } from "antd";
import { Link, useNavigate } from "react-router";
import type { Today } from "../shared/contracts.js";
import { useNames } from "../shared/i18n/names.js";
import { useGet } from "../shared/query.js";
import type { ConsoleKey } from "./i18n/index.js";
import { useDocumentTitle } from "../shared/useDocumentTitle.js";
import { useI18n } from "./i18n/index.js";
import { useSession } from "./session.js";

type Count = keyof Today;

/** The pages a count may open, as the menu gives them (null: not this person's). */
const dispatchPage = (can: (p: string) => boolean, narrow = "") =>
  can("cases.dispatch") ? `/dispatch${narrow}` : null;
const workListPage = (can: (p: string) => boolean, view: string) =>
  can("cases.handle") || can("cases.verify") ? `/worklist?view=${view}` : null;

/**
 * Each count: its words, the list it opens (narrowed to what was counted), and whether a number
 * above zero needs attention.
 */
const COUNTS: readonly {
  key: Count;
  label: ConsoleKey;
  /**
   * The list the count opens, or null when the person may not open it: then the count is not
   * shown (a supervisor's own unit's work they cannot act on is noise on their page).
   */
  to: (can: (p: string) => boolean) => string | null;
  alert?: boolean;
}[] = [
  { key: "toDispatch", label: "home.today.toDispatch", to: (can) => dispatchPage(can) },
  {
    key: "sentBack",
    label: "home.today.sentBack",
    to: (can) => dispatchPage(can, "?sentBack=true"),
    alert: true,
  },
  { key: "dueToday", label: "home.today.dueToday", to: (can) => workListPage(can, "dueToday") },
  { key: "overdue", label: "home.today.overdue", to: (can) => workListPage(can, "overdue"), alert: true },
  {
    key: "awaitingEvaluation",
    label: "home.today.awaitingEvaluation",
    to: (can) => (can("cases.follow_up") ? "/follow-ups" : workListPage(can, "awaitingEvaluation")),
  },
  {
    key: "overdueInScope",
    label: "home.today.overdueInScope",
    to: (can) => (can("cases.supervise") ? "/supervision?state=overdue" : null),
    alert: true,
  },
];

export default function Home() {
  const { t } = useI18n();
  useDocumentTitle(t("home.title"), t("app.short"));
  const name = useNames();
  const { session, can } = useSession();
  const navigate = useNavigate();
  const today = useGet<Today>(session ? "/today" : null, undefined, { refetchInterval: 60_000 });
  if (!session) return null;
  const shown = COUNTS.filter((c) => today.data && today.data[c.key] !== null && c.to(can) !== null);
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t("home.welcome", { name: session.user.displayName })}
        </Typography.Title>
        {can("cases.intake") && (
          <Button
            type="primary"
            size="large"
            onClick={() => void navigate("/intake")}
            data-testid="home-take-call"
          >
            {t("intake.nav.desk")}
          </Button>
        )}
      </Flex>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t("home.today")}
      </Typography.Title>
      {today.data && shown.length === 0 ? (
        <Empty description={t("home.today.nothing")} style={{ marginBottom: 16 }} />
      ) : (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="today">
          {shown.map((c) => {
            const n = today.data?.[c.key] ?? 0;
            return (
              <Col key={c.key} xs={24} sm={12} md={8} lg={6}>
                <Link to={c.to(can) ?? "/"} data-testid={`today-${c.key}`}>
                  <Card hoverable data-testid={`today-card-${c.key}`}>
                    <Statistic
                      title={t(c.label)}
                      value={n}
                      styles={c.alert && n > 0 ? { content: { color: "#a8071a" } } : undefined}
                    />
                  </Card>
                </Link>
              </Col>
            );
          })}
        </Row>
      )}
      <Card title={t("home.roles")}>
        {session.roles.map((r) => (
          <Tag key={r.id}>
            {name("role", r.role)} · {r.scope.name}
          </Tag>
        ))}
      </Card>
    </>
  );
}
