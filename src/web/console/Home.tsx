/** The landing page after sign-in: who you are, your roles, and the pages you may open. */
import { Card, Col, Empty, Row, Tag, Typography } from "antd";
import { Link } from "react-router";
import { useNames } from "../shared/i18n/names.js";
import { useI18n } from "./i18n/index.js";
import { useSession } from "./session.js";

export default function Home() {
  const { t } = useI18n();
  const name = useNames();
  const { session, menu } = useSession();
  if (!session) return null;
  const pages = menu.sections.flatMap((s) => s.pages);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t("home.welcome", { name: session.user.displayName })}
      </Typography.Title>
      <Card title={t("home.roles")} style={{ marginBottom: 16 }}>
        {session.roles.map((r) => (
          <Tag key={r.id}>
            {name("role", r.role)} · {r.scope.name}
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
