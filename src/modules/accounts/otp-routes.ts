import "@fastify/rate-limit";
import { z } from "zod";
import type { App, AppContext } from "../../server/context.js";
import { AppError, UnauthorizedError } from "../../shared/errors.js";
import { SESSION_COOKIE, setSessionCookie } from "../../server/auth.js";
import { AliyunSmsGateway } from "../../core/notifications/aliyun-sms.js";
import { LogSmsChannel, type NotificationChannel } from "../../core/notifications/channels.js";
import { SmsChannel } from "../../core/notifications/sms.js";
import {
  consumeLoginCode,
  issueLoginCode,
  maskMobile,
  normaliseMobile,
  OTP_RESEND_MS,
  OTP_TTL_MS,
} from "./otp-codes.js";
import { findOrCreateResident } from "./otp-resident-account.js";
import { sendLoginCode } from "./otp-sms.js";
import { linkAppealsToResident } from "../cases/index.js";
import { OtpSentSchema, OtpSignedInSchema } from "./schemas.js";
import { sessionView } from "./auth-routes.js";
import { createSession, deleteSession, loadActor } from "./sessions.js";

/** Code requests and checks per client IP per minute (the database adds per-phone and hourly limits). */
export const OTP_RATE_LIMIT = { max: 10, timeWindow: 60_000 };

const MobileSchema = z
  .string({ error: "phone is required" })
  .max(30, "must be a Chinese mobile number, e.g. 13812345678")
  .transform((v, ctx) => {
    const phone = normaliseMobile(v);
    if (phone === null) {
      ctx.addIssue({ code: "custom", message: "must be a Chinese mobile number, e.g. 13812345678" });
      return z.NEVER;
    }
    return phone;
  });

export const OtpRequestBody = z.object({ phone: MobileSchema });
export const OtpVerifyBody = z.object({
  phone: MobileSchema,
  code: z
    .string({ error: "code is required" })
    .trim()
    .regex(/^\d{6}$/, "the code is 6 digits"),
});

export interface OtpRouteOptions {
  /**
   * Where codes are sent; default: the SMS provider when SMS_PROVIDER is set, else the log in
   * demo mode, else none (503 sms_unavailable).
   */
  sms?: NotificationChannel | null;
}

/**
 * Residents sign in with their mobile number and a one-time code (an account is made on the
 * first sign-in). The session is the same cookie as a password sign-in.
 */
export async function otpRoutes(app: App, ctx: AppContext, options: OtpRouteOptions = {}): Promise<void> {
  const { demoMode } = ctx.config;
  const configured = ctx.config.sms;
  const sms =
    options.sms !== undefined
      ? options.sms
      : configured
        ? new SmsChannel(ctx.db, new AliyunSmsGateway(configured), configured.templates)
        : demoMode
          ? new LogSmsChannel(app.log)
          : null;
  const minutes = OTP_TTL_MS / 60_000;

  app.post(
    "/auth/otp/request",
    {
      config: { rateLimit: OTP_RATE_LIMIT, csrf: false },
      schema: {
        tags: ["auth"],
        summary: "Send a one-time sign-in code by SMS to a resident's mobile",
        description:
          `Six digits, valid ${minutes} minutes, five guesses. One request a minute and five an hour per phone; ` +
          "429 with details.retryAfterSeconds beyond. In demo mode the answer carries the code (`demoCode`).",
        body: OtpRequestBody,
        response: { 200: OtpSentSchema },
      },
    },
    async (request) => {
      const { phone } = request.body;
      if (!sms) throw new AppError(503, "sms_unavailable", "Sign-in by SMS code is not available here.");
      const issued = await issueLoginCode(ctx.db, { phone, ip: request.ip ?? null });
      try {
        await sendLoginCode(sms, phone, issued.code, minutes);
      } catch (err) {
        request.log.error({ err }, "login code SMS failed");
        throw new AppError(503, "sms_failed", "The SMS could not be sent; try again in a minute.");
      }
      return {
        sentTo: maskMobile(phone),
        expiresAt: issued.expiresAt.toISOString(),
        resendAfterSeconds: OTP_RESEND_MS / 1000,
        ...(demoMode ? { demoCode: issued.code } : {}),
      };
    },
  );

  app.post(
    "/auth/otp/verify",
    {
      config: { rateLimit: OTP_RATE_LIMIT, csrf: false },
      schema: {
        tags: ["auth"],
        summary: "Sign in with a mobile number and its one-time code; sets the mg_session cookie",
        description:
          "The first sign-in of a number creates its resident account. Appeals raised earlier with the " +
          "number and linked to no account become the account's (`linkedAppeals` says how many). 401 " +
          "code_expired, wrong_code (details.attemptsLeft) or too_many_attempts.",
        body: OtpVerifyBody,
        response: { 200: OtpSignedInSchema },
      },
    },
    async (request, reply) => {
      const { phone, code } = request.body;
      await consumeLoginCode(ctx.db, { phone, code });
      const userId = await findOrCreateResident(ctx.db, phone, request.id);
      const actor = await loadActor(ctx.db, userId);
      if (!actor) throw new UnauthorizedError("This account is disabled.", "account_disabled");
      const session = await createSession(ctx.db, {
        userId,
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      });
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await deleteSession(ctx.db, previous);
      setSessionCookie(reply, session.token, ctx.config.secureCookies);
      // The code proved the phone: its earlier appeals are this resident's.
      const linkedAppeals = await linkAppealsToResident(ctx.db, userId, phone);
      return { ...(await sessionView(ctx.db, actor, session.csrfToken)), linkedAppeals };
    },
  );
}
