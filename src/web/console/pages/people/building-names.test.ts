import { describe, expect, it } from "vitest";
import { distinguishers } from "./building-names.js";

const b = (id: string, name: string, more: { number?: string; address?: string; region?: string } = {}) => ({
  id,
  name,
  number: more.number ?? null,
  address: more.address ? { label: more.address } : null,
  region: { name: more.region ?? "吉祥社区" },
});

describe("same-name buildings in the place tree", () => {
  it("tells apart buildings of one name by address, else number, else village; a unique name needs nothing", () => {
    const shown = distinguishers([
      b("1", "3号楼", { address: "幸福路8号" }),
      b("2", "3号楼", { address: "光明道21号" }),
      b("3", "张家院", { number: "12" }),
      b("4", "张家院", { region: "红旗村" }),
      b("5", "5号楼", { address: "幸福路8号" }),
    ]);
    expect([...shown]).toEqual([
      ["1", "幸福路8号"],
      ["2", "光明道21号"],
      ["3", "12"],
      ["4", "红旗村"],
      ["5", null],
    ]);
  });
});
