/** The landing page after sign-in: who you are, your roles, and the pages you may open. */
import { Card, Col, Empty, Row, Tag, Typography } from "antd";
import { Link } from "react-router";
import { useI18n } from "./i18n/index.js";
import { mayOpen } from "./pages.js";
import { PAGE_GROUPS } from "./Shell.js";
import { useSession } from "./session.js";

export default function Home() {
  const { t } = useI18n();
  const { session, can } = useSession();
  if (!session) return null;
  const pages = PAGE_GROUPS.flatMap((g) => g.pages).filter((p) => p.menu !== false && mayOpen(p, can));
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t("home.welcome", { name: session.user.displayName })}
      </Typography.Title>
      <Card title={t("home.roles")} style={{ marginBottom: 16 }}>
        {session.roles.map((r) => (
          <Tag key={r.id}>
            {r.role} · {r.scope.name}
          </Tag>
        ))}
      </Card>
      {pages.length === 0 ? (
        <Empty description={t("state.empty")} />
      ) : (
        <Row gutter={[16, 16]}>
          {pages.map((p) => (
            <Col key={p.path} xs={24} sm={12} md={8} lg={6}>
              <Link to={`/${p.path}`}>
                <Card hoverable>
                  {p.icon} {t(p.labelKey)}
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}
