/**
 * Sign in with a mobile number and a one-time code. In demo mode (no SMS gateway) the server
 * answers with the code, and the page shows it on screen.
 */
import { Button } from "antd-mobile";
import { useEffect, useState, type FormEvent } from "react";
import { useLocation, useNavigate } from "react-router";
import { ApiError } from "../../shared/api.js";
import { errorTextOf, useNames, type NameOf } from "../../shared/i18n/names.js";
import { useI18n, type MobileT } from "../i18n/index.js";
import { requestOtp, verifyOtp, type OtpSent } from "./api.js";
import { landingAfterSignIn } from "./landing.js";
import { setResidentSession } from "./session.js";

/** A wrong code's answer carries `details.attemptsLeft`. */
function attemptsLeft(err: ApiError): number {
  const details = err.body.details as { attemptsLeft?: unknown } | undefined;
  return typeof details?.attemptsLeft === "number" ? details.attemptsLeft : 0;
}

/** The sign-in page's own words for what goes wrong with a code; the UI's word for any other refusal. */
function errorText(err: unknown, t: MobileT, name: NameOf): string {
  if (!(err instanceof ApiError)) return t("state.error");
  if (err.status === 0) return t("error.network");
  switch (err.code) {
    case "validation_failed":
      return err.details.some((d) => d.field?.includes("phone")) ? t("signin.badPhone") : t("signin.badCode");
    case "wrong_code":
      return t("signin.wrongCode", { n: attemptsLeft(err) });
    case "code_expired":
      return t("signin.expired");
    case "too_many_attempts":
      return t("signin.tooManyAttempts");
    case "too_many_requests":
      return t("signin.tooSoon");
    case "sms_unavailable":
      return t("signin.smsUnavailable");
    default:
      return errorTextOf(name, err);
  }
}

export default function SignInPage() {
  const { t } = useI18n();
  const name = useNames();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: unknown } | null)?.from;
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState<OtpSent | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [wait, setWait] = useState(0);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  async function askCode() {
    setBusy(true);
    setError(null);
    try {
      const answer = await requestOtp(phone);
      setSent(answer);
      setWait(answer.resendAfterSeconds);
    } catch (err) {
      setError(errorText(err, t, name));
    } finally {
      setBusy(false);
    }
  }

  async function signIn(event: FormEvent) {
    event.preventDefault();
    if (!sent) {
      await askCode();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { linkedAppeals, ...session } = await verifyOtp(phone, code);
      setResidentSession(session);
      // Land on what they have (see landing.ts); "my appeals" says how many earlier appeals of this phone the sign-in linked.
      void navigate(await landingAfterSignIn(from, linkedAppeals), { state: { linkedAppeals } });
    } catch (err) {
      setError(errorText(err, t, name));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="mg-card" onSubmit={(e) => void signIn(e)} data-testid="signin-page">
      <h2>{t("signin.title")}</h2>
      <p className="mg-muted">{t("signin.hint")}</p>
      <div className="mg-field">
        <label htmlFor="signin-phone">{t("signin.phone")}</label>
        <input
          id="signin-phone"
          className="mg-input"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={20}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
      </div>
      <Button
        block
        size="large"
        disabled={busy || wait > 0 || phone.trim() === ""}
        onClick={() => void askCode()}
        data-testid="request-code"
      >
        {wait > 0 ? t("signin.resendIn", { n: wait }) : sent ? t("signin.resend") : t("signin.getCode")}
      </Button>
      {sent && (
        <>
          <p className="mg-alert mg-info" aria-live="polite">
            {t("signin.sent", { phone: sent.sentTo })}
          </p>
          {sent.demoCode && (
            <p className="mg-alert mg-info">
              {t("signin.demoCode")}
              <output className="mg-code" data-testid="demo-code">
                {sent.demoCode}
              </output>
            </p>
          )}
          <div className="mg-field">
            <label htmlFor="signin-code">{t("signin.code")}</label>
            <input
              id="signin-code"
              className="mg-input"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
            />
          </div>
        </>
      )}
      {error && (
        <div className="mg-alert" role="alert" data-testid="signin-error">
          {error}
        </div>
      )}
      {sent && (
        <Button type="submit" block size="large" color="primary" loading={busy} disabled={code.length !== 6}>
          {t("signin.submit")}
        </Button>
      )}
    </form>
  );
}
