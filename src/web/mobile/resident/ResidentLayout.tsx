/** The frame of the resident pages: title, language and large-text switches, and the tabs. */
import { Button } from "antd-mobile";
import { NavLink, Outlet } from "react-router";
import { otherLang } from "../../shared/i18n/setup.js";
import { useI18n } from "../i18n/index.js";
import { useLargeText } from "../shared/large-text.js";
import "./resident.css";

export default function ResidentLayout() {
  const { t, lang, setLang } = useI18n();
  const [large, setLarge] = useLargeText();
  return (
    <div className="mg-page">
      <header className="mg-header">
        <h1>{t("app.title")}</h1>
        <div className="mg-header-tools">
          {/* Pressed: filled in the brand colour with a tick (not only aria-pressed). */}
          <Button
            size="small"
            fill={large ? "solid" : "outline"}
            color={large ? "primary" : "default"}
            aria-pressed={large}
            onClick={() => setLarge(!large)}
            data-testid="large-text"
          >
            {large && <span aria-hidden>✓ </span>}
            {t("resident.largeText")}
          </Button>
          <Button
            size="small"
            fill="outline"
            onClick={() => setLang(otherLang(lang))}
            data-testid="lang-switch"
          >
            {t("lang.switch")}
          </Button>
        </div>
      </header>
      <main className="mg-main">
        <Outlet />
      </main>
      <nav className="mg-tabbar" aria-label={t("resident.nav")}>
        <NavLink to="/" end>
          <svg
            width="22"
            height="22"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <path d="M12 5v14M5 12h14" strokeLinecap="round" />
          </svg>
          {t("resident.tab.raise")}
        </NavLink>
        <NavLink to="/my">
          <svg
            width="22"
            height="22"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <path d="M5 4h14v16H5zM9 9h6M9 13h6M9 17h3" strokeLinejoin="round" />
          </svg>
          {t("resident.tab.mine")}
        </NavLink>
        <NavLink to="/disputes">
          <svg
            width="22"
            height="22"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <path d="M12 4v16M6 20h12M4 8h16M4 8l-2 6h6zM20 8l-2 6h6z" strokeLinejoin="round" />
          </svg>
          {t("resident.tab.disputes")}
        </NavLink>
      </nav>
    </div>
  );
}
