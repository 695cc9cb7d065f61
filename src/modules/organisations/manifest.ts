import { count } from "drizzle-orm";
import { organisations } from "../../db/schema.js";
import { defineModule } from "../../core/modules/manifest.js";
import { columnLabeller } from "../../core/notifications/subject-labels.js";
import { ORGANISATION_PERMISSIONS } from "./permissions.js";
import { seedDemoOrganisations } from "./seed-demo-organisations.js";

/** Organisations: the centres, departments, village committees and grid posts of the demo city. */
export const ORGANISATIONS_MODULE = defineModule({
  name: "organisations",
  labels: [
    {
      subjectType: "organisation",
      labels: columnLabeller(organisations, organisations.id, organisations.name),
    },
  ],
  permissions: ORGANISATION_PERMISSIONS,
  menu: [{ id: "organisations.admin", group: "admin", order: 20, anyOf: ["organisations.manage"] }],
  demo: {
    async run(db) {
      const [existing] = await db.select({ n: count() }).from(organisations);
      if (existing && existing.n > 0) return [];
      const orgs = await seedDemoOrganisations(db);
      return [
        `demo organisations: ${orgs.cityCentres + orgs.countyCentres + orgs.townshipCentres} centres, ` +
          `${orgs.departments} departments, ${orgs.villageCommittees} village committees, ${orgs.gridPosts} grid posts`,
      ];
    },
  },
});
