import { categories } from "../../db/schema.js";
import { defineModule } from "../../core/modules/manifest.js";
import { columnLabeller } from "../../core/notifications/subject-labels.js";
import { CATALOGUE_PERMISSIONS } from "./permissions.js";
import { seedDemoCatalogue } from "./seed-demo-catalogue.js";

/** Catalogue: the dispatch catalogue and the holiday calendar. */
export const CATALOGUE_MODULE = defineModule({
  name: "catalogue",
  labels: [
    {
      subjectType: "category",
      labels: columnLabeller(categories, categories.code, categories.name, categories.nameEn),
    },
  ],
  permissions: CATALOGUE_PERMISSIONS,
  menu: [
    { id: "catalogue.categories", group: "admin", order: 30, anyOf: ["catalogue.manage"] },
    { id: "catalogue.holidays", group: "admin", order: 31, anyOf: ["catalogue.manage"] },
  ],
  demo: {
    async run(db) {
      return [`demo catalogue: ${JSON.stringify(await seedDemoCatalogue(db))}`];
    },
  },
});
