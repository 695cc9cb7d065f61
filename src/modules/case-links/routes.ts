/**
 * The case links API: which persons and households a case is linked to (the case page), link and
 * unlink (the handler), and a person's appeals (their file). Each route reads top to bottom:
 * authenticate → validate (the schema) → load in scope → authorise → act → present.
 */
import type { App, AppContext } from "../../server/context.js";
import { findPersonCases } from "./person-cases.js";
import { linkCase, listCaseLinks, unlinkCase } from "./link-case.js";
import {
  CaseLinkDeleteParams,
  CaseLinkListSchema,
  CaseLinkParams,
  CaseLinkSchema,
  CreateCaseLinkBody,
  PersonCasesParams,
  PersonCasesSchema,
} from "./schemas.js";

const security = [{ session: [] }];

export async function caseLinkRoutes(app: App, ctx: AppContext): Promise<void> {
  const keys = ctx.config.personalDataKeys;

  app.get(
    "/cases/:id/links",
    {
      schema: {
        tags: ["cases"],
        summary: "The persons and households a case is linked to, masked as in the register",
        description:
          "Needs cases.read where the case lies (else 404). Only the links whose person or household lies in your " +
          "register scope (people.read) are listed; `canLink` says whether you may link the case.",
        security,
        params: CaseLinkParams,
        response: { 200: CaseLinkListSchema },
      },
    },
    async (request) => listCaseLinks(ctx.db, request.actor, request.params.id),
  );

  app.post(
    "/cases/:id/links",
    {
      schema: {
        tags: ["cases"],
        summary: "Link a case you handle to a person or household of the register",
        description:
          "Needs case_links.manage and people.read. The case must be visible to you for cases.handle (else 404) and " +
          "handled by one of your units (else 403); the person or household must lie in your register scope " +
          "(else 404). A second link to the same one is 409 already_linked. Audited (case.link).",
        security,
        params: CaseLinkParams,
        body: CreateCaseLinkBody,
        response: { 201: CaseLinkSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await linkCase(ctx.db, request.actor, request.params.id, request.body)),
  );

  app.delete(
    "/cases/:id/links/:linkId",
    {
      schema: {
        tags: ["cases"],
        summary: "Remove a link of a case you handle",
        description: "The same rules as linking; audited (case.unlink).",
        security,
        params: CaseLinkDeleteParams,
      },
    },
    async (request, reply) => {
      await unlinkCase(ctx.db, request.actor, request.params.id, request.params.linkId);
      return reply.status(204).send();
    },
  );

  app.get(
    "/persons/:id/cases",
    {
      schema: {
        tags: ["people"],
        summary: "A person's appeals: linked to them or their household, and raised with their phone",
        description:
          "Needs people.read where the person lives (else 404); cases only as far as your cases.read scope. " +
          "`raised` is matched on the server by the person's phone and is null unless your role may search cases " +
          "by a reporter's phone; each case found is logged as a personal-data read.",
        security,
        params: PersonCasesParams,
        response: { 200: PersonCasesSchema },
      },
    },
    async (request) => findPersonCases(ctx.db, request.actor, keys, request.params.id),
  );
}
