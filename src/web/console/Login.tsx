/** Sign-in: username and password; back to the page the person came from. */
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { otherLang } from "../shared/i18n/setup.js";
import { useErrorText } from "../shared/i18n/names.js";
import { useDocumentTitle } from "../shared/useDocumentTitle.js";
import { useI18n } from "./i18n/index.js";
import { useSession } from "./session.js";

/** Only paths inside the console: `next` must not lead to another site. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export default function Login() {
  const { t, lang, setLang } = useI18n();
  useDocumentTitle(t("login.title"), t("app.short"));
  const errorText = useErrorText();
  const { session, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get("next"));

  if (session) return <Navigate to={next} replace />;

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(values.username, values.password);
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: "100vh", display: "grid", placeItems: "center", background: "#f0f2f5" }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t("login.title")}
        </Typography.Title>
        {params.get("expired") && (
          <Alert type="warning" showIcon title={t("login.expired")} style={{ marginBottom: 16 }} />
        )}
        {error !== undefined && (
          <Alert type="error" showIcon title={errorText(error)} role="alert" style={{ marginBottom: 16 }} />
        )}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t("login.username")} rules={[{ required: true }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t("login.password")} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t("login.submit")}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t("login.demoHint")}
        </Typography.Paragraph>
        <Button type="link" onClick={() => setLang(otherLang(lang))} style={{ padding: 0 }}>
          {t("lang.switch")}
        </Button>
      </Card>
    </main>
  );
}
