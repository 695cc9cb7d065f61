/**
 * Residents' rights API: the resident's own register data, who read it, and correction requests
 * (under /me/register); the staff's list of requests and their two actions (under
 * /register/corrections). Each route reads top to bottom: authenticate → validate (the schema) →
 * load in scope → authorise → act → present.
 */
import type { App, AppContext } from "../../server/context.js";
import { handleCorrection, myCorrections, scopeCorrections, submitCorrection } from "./corrections.js";
import { myReads, myRegister } from "./my-register.js";
import {
  CorrectionBody,
  CorrectionListQuery,
  CorrectionListSchema,
  CorrectionParams,
  CorrectionSchema,
  DeclineBody,
  DoneBody,
  MyReadsSchema,
  MyRegisterSchema,
} from "./schemas.js";

const security = [{ session: [] }];
const MINE = ["my data"];
const STAFF = ["people"];
const PHONE_NOTE =
  "Needs my_data.view (a resident account) with a proven phone: 403 phone_not_proven for an account " +
  "signed in without one (sign in by phone first).";

export async function myDataRoutes(app: App, ctx: AppContext): Promise<void> {
  const keys = ctx.config.personalDataKeys;

  app.get(
    "/me/register",
    {
      schema: {
        tags: MINE,
        summary: "What the register holds about the persons of your phone (numbers masked)",
        description:
          `${PHONE_NOTE} The persons whose phone is yours: name, sex, birth date, ID and phone masked, ` +
          "household (other members' names masked), address, registered residence and care-population " +
          "tags (key and control population types are never shown). Audited as register.view_own.",
        security,
        response: { 200: MyRegisterSchema },
      },
    },
    async (request) => myRegister(ctx.db, request.actor, keys, request.id),
  );

  app.get(
    "/me/register/reads",
    {
      schema: {
        tags: MINE,
        summary: "Who in the government read the persons of your phone in full: when, unit, roles, reason",
        description: `${PHONE_NOTE} Never the staff member's own name. Newest first, at most 200.`,
        security,
        response: { 200: MyReadsSchema },
      },
    },
    async (request) => myReads(ctx.db, request.actor, keys),
  );

  app.get(
    "/me/register/corrections",
    {
      schema: {
        tags: MINE,
        summary: "Your correction requests and their state",
        description: PHONE_NOTE,
        security,
        querystring: CorrectionListQuery,
        response: { 200: CorrectionListSchema },
      },
    },
    async (request) => myCorrections(ctx.db, request.actor, request.query),
  );

  app.post(
    "/me/register/corrections",
    {
      schema: {
        tags: MINE,
        summary: "Ask for a correction of what the register holds about a person of your phone",
        description:
          `${PHONE_NOTE} A person not of your phone is 404. The grid post of the person's place is ` +
          "notified and handles it; you are notified when it is done or declined.",
        security,
        body: CorrectionBody,
        response: { 201: CorrectionSchema },
      },
    },
    async (request, reply) => {
      const made = await submitCorrection(ctx.db, request.actor, keys, request.body);
      return reply.code(201).send(made);
    },
  );

  app.get(
    "/register/corrections",
    {
      schema: {
        tags: STAFF,
        summary: "Residents' correction requests about persons of your register scope (更正申请)",
        description:
          "Needs people.read; only requests about persons whose place is in your scope. `actions` says " +
          "what you may do (people.manage where it lies).",
        security,
        querystring: CorrectionListQuery,
        response: { 200: CorrectionListSchema },
      },
    },
    async (request) => scopeCorrections(ctx.db, request.actor, request.query),
  );

  app.post(
    "/register/corrections/:id/done",
    {
      schema: {
        tags: STAFF,
        summary: "Mark a correction request done (after correcting the register); the resident is told",
        description:
          "Needs people.manage in the scope of the request (404 outside it); 409 stale_correction or " +
          "illegal_transition.",
        security,
        params: CorrectionParams,
        body: DoneBody,
        response: { 200: CorrectionSchema },
      },
    },
    async (request) => handleCorrection(ctx.db, request.actor, request.params.id, "done", request.body),
  );

  app.post(
    "/register/corrections/:id/decline",
    {
      schema: {
        tags: STAFF,
        summary: "Decline a correction request with the reason the resident reads",
        description: "As done; the reason is required.",
        security,
        params: CorrectionParams,
        body: DeclineBody,
        response: { 200: CorrectionSchema },
      },
    },
    async (request) => handleCorrection(ctx.db, request.actor, request.params.id, "decline", request.body),
  );
}
