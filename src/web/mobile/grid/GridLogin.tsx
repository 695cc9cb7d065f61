/** Sign-in for grid staff: username and password, big fields, the server's message when refused. */
import { Button, Input } from "antd-mobile";
import { useState, type CSSProperties, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../shared/api.js";
import { otherLang } from "../../shared/i18n/setup.js";
import { useI18n } from "../i18n/index.js";
import { useOnline } from "../offline/online.js";
import { gridSignIn, useGridSession } from "./grid-session.js";
import { GridHeader } from "./GridHeader.js";
import { BIG, GRID_THEME } from "./ui.js";

/** Only paths inside the grid pages: `next` comes from the URL and must not lead elsewhere. */
function safeNext(next: string | null): string {
  return next && /^\/grid(\/|$|\?)/.test(next) ? next : "/grid";
}

const field = { border: "1px solid #8c8c8c", borderRadius: 8, padding: "12px", background: "#fff" };

export default function GridLogin() {
  const { t, lang, setLang } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const online = useOnline();
  const session = useGridSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = safeNext(params.get("next"));

  if (session.status === "signed_in" && !params.get("expired")) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setError(t("grid.login.required"));
      return;
    }
    setBusy(true);
    try {
      await gridSignIn(username.trim(), password);
      navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 0) setError(t("grid.login.offline"));
      else if (err instanceof ApiError && err.status === 401) setError(t("grid.login.wrong"));
      else setError(err instanceof ApiError ? err.message : t("state.error"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={GRID_THEME}>
      <GridHeader
        right={
          <Button
            fill="none"
            style={{ minHeight: 44, fontSize: 16, color: "#0958d9" }}
            onClick={() => setLang(otherLang(lang))}
          >
            {t("lang.switch")}
          </Button>
        }
      />
      <main style={{ padding: 24 }}>
        <h2 style={{ fontSize: 24, margin: "8px 0 4px" }}>{t("grid.login.title")}</h2>
        <p style={{ color: "#595959", margin: "0 0 24px" }}>{t("grid.login.hint")}</p>
        {params.get("expired") && (
          <p role="status" style={{ color: "#873800", background: "#fff7e6", padding: 12, borderRadius: 8 }}>
            {t("grid.login.expired")}
          </p>
        )}
        {!online && (
          <p role="status" style={{ color: "#fff", background: "#262626", padding: 12, borderRadius: 8 }}>
            {t("grid.login.offline")}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)} noValidate>
          <label htmlFor="grid-username" style={{ display: "block", fontWeight: 600, margin: "16px 0 8px" }}>
            {t("grid.login.username")}
          </label>
          <div style={field}>
            <Input
              id="grid-username"
              value={username}
              onChange={setUsername}
              autoComplete="username"
              style={{ "--font-size": "18px" } as CSSProperties}
            />
          </div>
          <label htmlFor="grid-password" style={{ display: "block", fontWeight: 600, margin: "16px 0 8px" }}>
            {t("grid.login.password")}
          </label>
          <div style={field}>
            <Input
              id="grid-password"
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
              style={{ "--font-size": "18px" } as CSSProperties}
            />
          </div>
          {error && (
            <p role="alert" style={{ color: "#cf1322", fontWeight: 600, marginTop: 16 }}>
              {error}
            </p>
          )}
          <Button
            type="submit"
            block
            color="primary"
            loading={busy}
            disabled={!online}
            style={{ ...BIG, marginTop: 24 }}
          >
            {t("grid.login.submit")}
          </Button>
        </form>
      </main>
    </div>
  );
}
