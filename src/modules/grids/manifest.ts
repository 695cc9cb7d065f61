import { defineModule } from "../../core/modules/manifest.js";
import { generateDemoGrids } from "./demo-grids.js";

/** Grids: about 6,000 generated grid polygons in the demo city's villages. */
export const GRIDS_MODULE = defineModule({
  name: "grids",
  demo: {
    async run(db, { city }) {
      const grids = await generateDemoGrids(db, { city });
      return [`demo grids: ${grids.grids}`];
    },
  },
});
