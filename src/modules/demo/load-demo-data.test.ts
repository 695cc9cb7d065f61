/**
 * The demo loader runs the demo step of each registered module in registry order, once: a
 * second call finds the marker and runs nothing. The registry itself lists the demo steps the
 * platform's demo needs, in an order where each finds what it builds on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/helpers/db.js";
import type { Database } from "../../db/client.js";
import { defineModule } from "../../core/modules/manifest.js";
import { MODULES } from "../registry.js";
import { DEMO_CITY, loadDemoData } from "./load-demo-data.js";

describe("demo loader", () => {
  let database: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.close();
  });

  it("runs each module's step in order, once", async () => {
    const ran: string[] = [];
    const step = (name: string) =>
      defineModule({
        name,
        demo: {
          async run(_db, { city }) {
            ran.push(`${name}:${city}`);
            return [`${name} done`];
          },
        },
      });
    const modules = [step("first"), defineModule({ name: "no demo" }), step("second")];
    const log: string[] = [];
    expect(await loadDemoData(database.db, (m) => log.push(m), modules)).toBe(true);
    expect(ran).toEqual([`first:${DEMO_CITY}`, `second:${DEMO_CITY}`]);
    expect(log).toEqual(["first done", "second done"]);
    expect(await loadDemoData(database.db, (m) => log.push(m), modules)).toBe(false);
    expect(ran).toHaveLength(2);
  });

  it("registers the platform's demo steps, places before what is placed in them", () => {
    const withDemo = MODULES.filter((m) => m.demo).map((m) => m.name);
    expect(withDemo).toEqual([
      "regions",
      "grids",
      "organisations",
      "catalogue",
      "cases",
      "open311",
      "accounts",
      "mediation",
      "people",
      "visits",
      "my_data",
    ]);
  });
});
