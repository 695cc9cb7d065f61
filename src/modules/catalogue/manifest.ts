import { defineModule } from "../../core/modules/manifest.js";
import { seedDemoCatalogue } from "./seed-demo-catalogue.js";

/** Catalogue: the dispatch catalogue and the holiday calendar. */
export const CATALOGUE_MODULE = defineModule({
  name: "catalogue",
  demo: {
    async run(db) {
      return [`demo catalogue: ${JSON.stringify(await seedDemoCatalogue(db))}`];
    },
  },
});
