/**
 * What tells apart buildings of the same name in one list of the place tree (two "3号楼" of two
 * courtyards or roads): the building's standard address when it has one, else its number, else
 * its village or community. A name that is unique in the list needs nothing more (null).
 */
export interface NamedBuilding {
  id: string;
  name: string;
  number: string | null;
  address: { label: string } | null;
  region: { name: string };
}

export function distinguishers(buildings: readonly NamedBuilding[]): Map<string, string | null> {
  const count = new Map<string, number>();
  for (const b of buildings) count.set(b.name, (count.get(b.name) ?? 0) + 1);
  return new Map(
    buildings.map((b) => [
      b.id,
      (count.get(b.name) ?? 0) > 1 ? (b.address?.label ?? b.number ?? b.region.name) : null,
    ]),
  );
}
