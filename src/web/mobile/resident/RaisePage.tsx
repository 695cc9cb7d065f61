/**
 * Raise an appeal in three steps: what (category), describe it (words and photos), where (and,
 * optionally, who). Anyone may; an anonymous resident gets a tracking code to keep. The draft
 * lives on the phone until the server has the case, and its Idempotency-Key is made when the
 * form opens, so a retry after a lost answer returns the same case instead of a second one.
 */
import { Button, DotLoading } from "antd-mobile";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { ApiError } from "../../shared/api.js";
import { useErrorText } from "../../shared/i18n/names.js";
import { useWrite } from "../../shared/query.js";
import { useI18n } from "../i18n/index.js";
import { raiseAppeal, useCategories, type CaseCreated, type Category, type NewCase } from "./api.js";
import { CategoryIcon } from "./icons.js";
import { categoryIconName } from "../../shared/category-icons.js";
import { RequiredMark } from "../shared/RequiredMark.js";
import { PhotoField } from "./PhotoField.js";
import { PlacePicker } from "./PlacePicker.js";
import { RaisedResult } from "./RaisedResult.js";
import { useResidentSession } from "./session.js";
import { clearDraft, loadDraft, newDraft, saveDraft, type Draft } from "./storage.js";

const STEPS = ["raise.step.what", "raise.step.describe", "raise.step.where"] as const;
const MIN_DESCRIPTION = 5;

function toAppeal(draft: Draft): NewCase {
  const place = draft.place;
  const reporter = {
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
  };
  return {
    categoryCode: draft.categoryCode ?? "",
    description: draft.description.trim(),
    ...(draft.address.trim() ? { address: draft.address.trim() } : {}),
    ...(place && place.kind !== "region" ? { location: { lon: place.lon, lat: place.lat } } : {}),
    ...(place && place.kind === "region" ? { regionCode: place.code } : {}),
    ...(Object.keys(reporter).length > 0 ? { reporter } : {}),
    attachmentIds: draft.photos.map((p) => p.id),
    // Anonymous photos are claimed with their upload tokens (the proof they are this resident's).
    ...(draft.photos.some((p) => p.uploadToken)
      ? { attachmentTokens: draft.photos.flatMap((p) => (p.uploadToken ? [p.uploadToken] : [])) }
      : {}),
  };
}

type SendState =
  | { status: "idle" }
  | { status: "sending" }
  | { status: "failed"; network: boolean; message: string; field?: string };

/** A top-level tile's icon: the shared map by code (distinct per category), else the catalogue's. */
function topIcon(c: Category): string | null {
  const mapped = categoryIconName(c.code);
  return mapped === "fallback" ? c.icon : mapped;
}

export default function RaisePage() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const session = useResidentSession();
  const [restored] = useState(() => loadDraft());
  const [draft, setDraft] = useState<Draft>(() => restored ?? newDraft());
  const catalogue = useCategories();
  const categories = catalogue.data?.items ?? null;
  const categoriesFailed = catalogue.isError;
  const raise = useWrite(({ draft: d }: { draft: Draft }) => raiseAppeal(toAppeal(d), d.key), ["/my"]);
  const [parentCode, setParentCode] = useState<string | null>(null);
  const [send, setSend] = useState<SendState>({ status: "idle" });
  const [created, setCreated] = useState<CaseCreated | null>(null);
  const [descriptionError, setDescriptionError] = useState<string | null>(null);

  const update = useCallback((change: Partial<Draft>) => {
    setDraft((d) => {
      const next = { ...d, ...change };
      saveDraft(next);
      return next;
    });
  }, []);

  const fetchCategories = () => void catalogue.refetch();

  // Each step (and the result) starts at the top: the phone may be scrolled down to "Next".
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [draft.step, created]);

  const byCode = useMemo(() => new Map((categories ?? []).map((c) => [c.code, c])), [categories]);
  const name = (c: Category) => (lang === "zh-CN" ? c.name : c.nameEn);
  const chosen = draft.categoryCode ? byCode.get(draft.categoryCode) : undefined;

  async function submit() {
    setSend({ status: "sending" });
    try {
      const answer = await raise.mutateAsync({ draft });
      clearDraft();
      setCreated(answer);
      setSend({ status: "idle" });
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, "network", String(err));
      // Nothing is lost: the draft (and its key) stays on the phone until the server says 201.
      setSend({
        status: "failed",
        network: error.status === 0,
        message:
          error.status === 0
            ? t("error.network.submit")
            : error.status === 429
              ? t("error.tooMany")
              : error.code === "location_outside_city"
                ? t("place.outside")
                : errorText(error),
        field: error.details[0]?.field,
      });
    }
  }

  if (created) {
    return (
      <RaisedResult
        created={created}
        category={chosen ? name(chosen) : null}
        onAnother={() => {
          setCreated(null);
          setParentCode(null);
          setDraft(newDraft());
        }}
      />
    );
  }

  const step = draft.step;
  const topLevel = (categories ?? []).filter((c) => c.depth === 0);
  const leaves = (categories ?? []).filter((c) => c.parentCode === parentCode && c.acceptsCases);
  const canSubmit = draft.categoryCode && draft.description.trim().length >= MIN_DESCRIPTION && draft.place;

  return (
    <div data-testid="raise-page">
      {restored && step === restored.step && (restored.description || restored.categoryCode) && (
        <p className="mg-alert mg-info" data-testid="draft-restored">
          {t("raise.draftRestored")}
        </p>
      )}
      <ol className="mg-steps" aria-label={t("raise.steps")}>
        {STEPS.map((key, i) => (
          <li
            key={key}
            aria-current={i === step ? "step" : undefined}
            className={i <= step ? "mg-step-done" : ""}
          >
            <span className="mg-step-n">{i + 1}</span> {t(key)}
          </li>
        ))}
      </ol>

      {step === 0 && (
        <section className="mg-card" aria-labelledby="what-title">
          <h2 id="what-title">{t("raise.what.title")}</h2>
          {categoriesFailed && (
            <div className="mg-alert" role="alert">
              {t("error.network")}{" "}
              <Button size="mini" onClick={fetchCategories}>
                {t("state.retry")}
              </Button>
            </div>
          )}
          {!categories && !categoriesFailed && <DotLoading />}
          {categories && parentCode === null && (
            <div className="mg-categories">
              {topLevel.map((c) => (
                <button
                  key={c.code}
                  type="button"
                  className="mg-tile"
                  aria-pressed={chosen?.parentCode === c.code || chosen?.code === c.code}
                  onClick={() =>
                    c.acceptsCases ? update({ categoryCode: c.code, step: 1 }) : setParentCode(c.code)
                  }
                >
                  <CategoryIcon name={topIcon(c)} />
                  {name(c)}
                </button>
              ))}
            </div>
          )}
          {categories && parentCode !== null && (
            <>
              <p className="mg-muted">
                {byCode.get(parentCode) ? name(byCode.get(parentCode) as Category) : ""}
              </p>
              <div className="mg-choice-list">
                {leaves.map((c) => (
                  <button
                    key={c.code}
                    type="button"
                    className="mg-choice"
                    aria-pressed={draft.categoryCode === c.code}
                    onClick={() => update({ categoryCode: c.code, step: 1 })}
                  >
                    <CategoryIcon name={c.icon} size={28} />
                    {name(c)}
                  </button>
                ))}
              </div>
              <div className="mg-actions">
                <Button onClick={() => setParentCode(null)}>{t("common.back")}</Button>
              </div>
            </>
          )}
        </section>
      )}

      {step === 1 && (
        <section className="mg-card" aria-labelledby="describe-title">
          <h2 id="describe-title">{t("raise.describe.title")}</h2>
          {chosen && (
            <p className="mg-muted">
              {t("raise.category")}: {name(chosen)}
            </p>
          )}
          <div className="mg-field">
            <label htmlFor="description">
              <RequiredMark />
              {t("raise.description")}
            </label>
            <textarea
              id="description"
              className="mg-textarea"
              maxLength={4000}
              value={draft.description}
              placeholder={t("raise.description.placeholder")}
              aria-required="true"
              aria-invalid={descriptionError ? true : undefined}
              aria-describedby={descriptionError ? "description-error" : undefined}
              onChange={(e) => {
                setDescriptionError(null);
                update({ description: e.target.value });
              }}
            />
            {descriptionError && (
              <p id="description-error" className="mg-field-error" role="alert">
                {descriptionError}
              </p>
            )}
          </div>
          <PhotoField
            photos={draft.photos}
            onChange={(change) =>
              setDraft((d) => {
                const next = { ...d, photos: change(d.photos) };
                saveDraft(next);
                return next;
              })
            }
          />
          <div className="mg-actions">
            <Button size="large" onClick={() => update({ step: 0 })}>
              {t("common.back")}
            </Button>
            <Button
              size="large"
              color="primary"
              onClick={() => {
                if (draft.description.trim().length < MIN_DESCRIPTION) {
                  setDescriptionError(t("raise.description.short", { n: MIN_DESCRIPTION }));
                  return;
                }
                update({ step: 2 });
              }}
            >
              {t("common.next")}
            </Button>
          </div>
        </section>
      )}

      {step === 2 && (
        <section className="mg-card" aria-labelledby="where-title">
          <h2 id="where-title">{t("raise.where.title")}</h2>
          <PlacePicker place={draft.place} onChange={(place) => update({ place })} />
          <div className="mg-field">
            <label htmlFor="address">{t("raise.address")}</label>
            <input
              id="address"
              className="mg-input"
              maxLength={300}
              value={draft.address}
              placeholder={t("raise.address.placeholder")}
              onChange={(e) => update({ address: e.target.value })}
            />
          </div>
          {session.status === "ready" && session.session ? (
            <p className="mg-muted">{t("raise.signedInAs", { name: session.session.user.displayName })}</p>
          ) : (
            <>
              <p className="mg-muted">{t("raise.anonymousHint")}</p>
              <div className="mg-field">
                <label htmlFor="reporter-name">{t("raise.name")}</label>
                <input
                  id="reporter-name"
                  className="mg-input"
                  maxLength={50}
                  autoComplete="name"
                  value={draft.name}
                  onChange={(e) => update({ name: e.target.value })}
                />
              </div>
              <div className="mg-field">
                <label htmlFor="reporter-phone">{t("raise.phone")}</label>
                <input
                  id="reporter-phone"
                  className="mg-input"
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  maxLength={20}
                  value={draft.phone}
                  aria-invalid={send.status === "failed" && send.field?.includes("phone") ? true : undefined}
                  onChange={(e) => update({ phone: e.target.value })}
                />
              </div>
            </>
          )}
          {send.status === "failed" && (
            <div className="mg-alert" role="alert" data-testid="submit-error">
              <p style={{ margin: "0 0 8px" }}>{send.message}</p>
              <Button color="primary" onClick={() => void submit()} data-testid="retry-submit">
                {t("raise.retry")}
              </Button>
            </div>
          )}
          <div className="mg-actions">
            <Button size="large" onClick={() => update({ step: 1 })}>
              {t("common.back")}
            </Button>
            <Button
              size="large"
              color="primary"
              disabled={!canSubmit}
              loading={send.status === "sending"}
              onClick={() => void submit()}
              data-testid="submit"
            >
              {t("raise.submit")}
            </Button>
          </div>
          {!draft.place && <p className="mg-muted">{t("raise.placeNeeded")}</p>}
        </section>
      )}

      <p className="mg-muted" style={{ textAlign: "center" }}>
        <Link to="/track">{t("raise.haveCode")}</Link>
      </p>
    </div>
  );
}
