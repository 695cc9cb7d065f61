import { defineModule } from "../../core/modules/manifest.js";
import { generateDemoRegister } from "./demo-register.js";

/** People and places: the demo community's register (buildings, dwellings, households, persons, tags). */
export const PEOPLE_MODULE = defineModule({
  name: "people",
  demo: {
    async run(db) {
      const r = await generateDemoRegister(db);
      return [
        `demo register: ${r.buildings} buildings, ${r.dwellings} dwellings, ${r.households} households, ${r.persons} persons`,
      ];
    },
  },
});
