import { defineModule } from "../../core/modules/manifest.js";
import { generateDemoRegister } from "./demo-register.js";
import { PEOPLE_LABELS } from "./labels.js";
import { PEOPLE_PERMISSIONS } from "./permissions.js";

/** People and places: the demo community's register (buildings, dwellings, households, persons, tags). */
export const PEOPLE_MODULE = defineModule({
  name: "people",
  permissions: PEOPLE_PERMISSIONS,
  labels: PEOPLE_LABELS,
  menu: [{ id: "people.register", group: "work", order: 60, anyOf: ["people.read"] }],
  demo: {
    async run(db) {
      const r = await generateDemoRegister(db);
      return [
        `demo register: ${r.buildings} buildings, ${r.dwellings} dwellings, ${r.households} households, ${r.persons} persons`,
      ];
    },
  },
});
