import type { App, AppContext } from "../../server/context.js";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "../../shared/errors.js";
import { createCategory } from "./create-category.js";
import { findCategories, getCategory } from "./find-categories.js";
import { findHolidays } from "./find-holidays.js";
import { canReadCatalogueAdmin, requireCatalogueManager } from "./policy.js";
import { replaceHolidays } from "./replace-holidays.js";
import {
  CategoryCodeParams,
  CategoryListQuery,
  CategoryListSchema,
  CategorySchema,
  CreateCategoryBody,
  HolidayListQuery,
  HolidayListSchema,
  HolidayYearQuery,
  ReplaceHolidaysBody,
  UpdateCategoryBody,
} from "./schemas.js";
import { updateCategory } from "./update-category.js";

const secured = [{ session: [] }];

/** The dispatch catalogue (派单目录) and the holiday calendar its working-hour deadlines use. */
export async function catalogueRoutes(app: App, ctx: AppContext): Promise<void> {
  // Public: residents pick a category before anyone signs in.
  app.get(
    "/categories",
    {
      schema: {
        tags: ["catalogue"],
        summary: "The active category tree, depth-first, with levels and deadlines",
        querystring: CategoryListQuery,
        response: { 200: CategoryListSchema },
      },
    },
    async (request) => {
      const { includeInactive } = request.query;
      if (includeInactive && !canReadCatalogueAdmin(request.actor)) {
        if (!request.actor) throw new UnauthorizedError();
        throw new ForbiddenError("Only catalogue administrators see inactive categories.");
      }
      return { items: await findCategories(ctx.db, { includeInactive }) };
    },
  );

  app.get(
    "/categories/:code",
    {
      schema: {
        tags: ["catalogue"],
        summary: "One category (an inactive one only for catalogue administrators)",
        params: CategoryCodeParams,
        response: { 200: CategorySchema },
      },
    },
    async (request) => {
      const includeInactive = canReadCatalogueAdmin(request.actor);
      const found = await getCategory(ctx.db, request.params.code, { includeInactive });
      if (!found) throw new NotFoundError("Category", request.params.code);
      return found;
    },
  );

  app.post(
    "/categories",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Add a category (city-wide administrators)",
        security: secured,
        body: CreateCategoryBody,
        response: { 201: CategorySchema },
      },
    },
    async (request, reply) => {
      const { actor, binding } = requireCatalogueManager(request.actor);
      const created = await createCategory(ctx.db, {
        actor,
        binding,
        input: request.body,
        requestId: request.id,
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    "/categories/:code",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Change a category's fields, parent or activity (city-wide administrators)",
        security: secured,
        params: CategoryCodeParams,
        body: UpdateCategoryBody,
        response: { 200: CategorySchema },
      },
    },
    async (request) => {
      const { actor, binding } = requireCatalogueManager(request.actor);
      return updateCategory(ctx.db, {
        actor,
        binding,
        code: request.params.code,
        input: request.body,
        requestId: request.id,
      });
    },
  );

  app.get(
    "/holidays",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Holidays and adjusted workdays of a year (all years without ?year=)",
        security: secured,
        querystring: HolidayListQuery,
        response: { 200: HolidayListSchema },
      },
    },
    async (request) => {
      if (!request.actor) throw new UnauthorizedError();
      if (!canReadCatalogueAdmin(request.actor)) throw new ForbiddenError();
      const year = request.query.year ?? null;
      return { year, items: await findHolidays(ctx.db, year ?? undefined) };
    },
  );

  app.put(
    "/holidays",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Replace a year's holidays and adjusted workdays (city-wide administrators)",
        security: secured,
        querystring: HolidayYearQuery,
        body: ReplaceHolidaysBody,
        response: { 200: HolidayListSchema },
      },
    },
    async (request) => {
      const { actor, binding } = requireCatalogueManager(request.actor);
      const { year } = request.query;
      const items = await replaceHolidays(ctx.db, {
        actor,
        binding,
        year,
        items: request.body.items,
        requestId: request.id,
      });
      return { year, items };
    },
  );
}
