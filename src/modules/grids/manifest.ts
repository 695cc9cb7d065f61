import { regions } from "../../db/schema.js";
import { defineModule } from "../../core/modules/manifest.js";
import { columnLabeller } from "../../core/notifications/subject-labels.js";
import { GRID_PERMISSIONS } from "./permissions.js";
import { generateDemoGrids } from "./demo-grids.js";

/** Grids: about 6,000 generated grid polygons in the demo city's villages. */
export const GRIDS_MODULE = defineModule({
  name: "grids",
  labels: [{ subjectType: "grid", labels: columnLabeller(regions, regions.code, regions.name) }],
  permissions: GRID_PERMISSIONS,
  menu: [{ id: "grids.admin", group: "admin", order: 10, anyOf: ["grids.manage"] }],
  demo: {
    async run(db, { city }) {
      const grids = await generateDemoGrids(db, { city });
      return [`demo grids: ${grids.grids}`];
    },
  },
});
