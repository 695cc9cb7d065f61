/**
 * The demo register: buildings, dwellings, households and persons in the grids of the demo
 * community (the first village of the demo county's first township, where the demo grid worker
 * works) and of its three neighbours, generated deterministically: plausible names, valid resident ID
 * numbers (GB 11643 check digit), phones, some rentals with tenants, and a realistic share of key
 * and care population tags. Numbers are sealed with the keys the server runs with (DATA_KEY /
 * DATA_INDEX_KEY, or the development pair). Runs once: a village that already has buildings is
 * left alone.
 */
import { and, asc, count, eq, inArray, like } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { grids, regions } from "../../db/schema.js";
import { personalDataKeysFromEnv, type PersonalDataKeys } from "../../core/personal-data/keys.js";
import { residentIdCheckChar } from "../../core/personal-data/id-number.js";
import { seededRandom } from "../grids/index.js";
import { addressLabel } from "./addresses.js";
import { sealIdentity } from "./persons.js";
import {
  addresses,
  buildings,
  buildingUnits,
  dwellings,
  householdMembers,
  households,
  personEvents,
  personPopulationTags,
  persons,
  rentals,
  rentalTenants,
  type Relation,
} from "./schema.js";

const DEMO_COUNTY = "131002";
const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩亮建国志文海峰俊东兴宇振晨博";
const FEMALE = "芳娜敏静丽艳娟霞秀英华慧巧美娅玲桂兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛";
const ROADS = ["和平路", "建设路", "新华路", "光明道", "永兴路", "爱民道", "金光道", "银河路"];
const WORKPLACES = [
  "廊坊市人民医院",
  "新奥集团",
  "安次区实验小学",
  "万达广场",
  "个体经营",
  "务农",
  "廊坊开发区物流园",
  "退休",
];

/** Tags per type: the share of persons carrying it (roughly the national figures' shape). */
const TAG_SHARES: readonly (readonly [string, number])[] = [
  ["elderly_alone", 0.03],
  ["disabled", 0.02],
  ["subsistence_allowance", 0.015],
  ["left_behind_child", 0.008],
  ["child_in_difficulty", 0.003],
  ["released_prisoner", 0.003],
  ["community_correction", 0.002],
  ["severe_mental_disorder", 0.003],
  ["drug_user", 0.002],
  ["key_youth", 0.003],
];

interface DemoPlace {
  code: string;
  name: string;
  path: string;
  countyCode: string;
  villageName: string;
  box: [number, number, number, number];
}

/** The grids of the demo community and its three neighbours, with their boxes. */
async function demoGrids(db: Db): Promise<DemoPlace[]> {
  const villages = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.level, "village"), like(regions.code, `${DEMO_COUNTY}%`)))
    .orderBy(asc(regions.code))
    .limit(4);
  if (villages.length === 0) return [];
  const rows = await db
    .select({
      code: grids.code,
      name: regions.name,
      path: grids.path,
      countyCode: grids.countyCode,
      villageCode: grids.villageCode,
      minLon: grids.minLon,
      minLat: grids.minLat,
      maxLon: grids.maxLon,
      maxLat: grids.maxLat,
    })
    .from(grids)
    .innerJoin(regions, eq(regions.code, grids.code))
    .where(
      inArray(
        grids.villageCode,
        villages.map((v) => v.code),
      ),
    )
    .orderBy(asc(grids.code));
  return rows.map((g) => ({
    code: g.code,
    name: g.name,
    path: g.path,
    countyCode: g.countyCode,
    villageName: villages.find((v) => v.code === g.villageCode)?.name ?? "",
    box: [g.minLon, g.minLat, g.maxLon, g.maxLat],
  }));
}

export interface DemoRegisterResult {
  buildings: number;
  dwellings: number;
  households: number;
  persons: number;
}

/** Generates the demo register (see the file's comment); answers what it made (zeros: nothing to do). */
export async function generateDemoRegister(
  db: Db,
  keys: PersonalDataKeys = personalDataKeysFromEnv(process.env),
): Promise<DemoRegisterResult> {
  const result = { buildings: 0, dwellings: 0, households: 0, persons: 0 };
  const places = await demoGrids(db);
  if (places.length === 0) return result;
  const [existing] = await db
    .select({ n: count() })
    .from(buildings)
    .where(
      inArray(
        buildings.regionCode,
        places.map((p) => p.code),
      ),
    );
  if ((existing?.n ?? 0) > 0) return result;
  const random = seededRandom(20261206);
  const pick = <T>(list: readonly T[] | string): T => list[Math.floor(random() * list.length)] as T;
  const usedIds = new Set<string>();
  const usedPhones = new Set<string>();

  function residentId(birth: Date, male: boolean): string {
    for (;;) {
      const ymd = birth.toISOString().slice(0, 10).replaceAll("-", "");
      const serial = Math.floor(random() * 500) * 2 + (male ? 1 : 0);
      const first17 = `${DEMO_COUNTY}${ymd}${String(serial).padStart(3, "0")}`;
      const id = first17 + residentIdCheckChar(first17);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  }
  function phone(): string {
    for (;;) {
      const p = `1${pick("3578")}${String(Math.floor(random() * 1e9)).padStart(9, "0")}`;
      if (!usedPhones.has(p)) {
        usedPhones.add(p);
        return p;
      }
    }
  }
  function person(age: number, male: boolean, surname: string) {
    const today = new Date(Date.UTC(2026, 11, 1));
    const birth = new Date(today.getTime() - (age * 365.25 + random() * 360) * 86_400_000);
    const given =
      pick<string>(male ? MALE : FEMALE) + (random() < 0.6 ? pick<string>(male ? MALE : FEMALE) : "");
    const id = residentId(birth, male);
    return {
      name: surname + given,
      age,
      ...sealIdentity(keys, { idNumber: id, phone: age >= 16 && random() < 0.85 ? phone() : undefined }),
      workplace: age >= 18 ? pick(WORKPLACES) : null,
      registeredResidence:
        random() < 0.8
          ? "河北省廊坊市安次区"
          : `${pick(["河北省保定市", "山东省德州市", "河南省周口市", "天津市武清区"])}`,
    };
  }

  type Placed = { regionCode: string; regionPath: string; countyCode: string; gridCode: string };
  /** The `persons` row of a generated person living at `placed`. */
  function personRow(p: ReturnType<typeof person>, placed: Placed, registeredResidence: string) {
    return {
      name: p.name,
      sex: p.sex ?? null,
      birthDate: p.birthDate ?? null,
      idDocumentType: p.idDocumentType ?? null,
      idNumberCipher: p.idNumberCipher ?? null,
      idNumberIndex: p.idNumberIndex ?? null,
      idNumberMasked: p.idNumberMasked ?? null,
      phoneCipher: p.phoneCipher ?? null,
      phoneIndex: p.phoneIndex ?? null,
      phoneMasked: p.phoneMasked ?? null,
      registeredResidence,
      workplace: p.workplace,
      ...placed,
    };
  }

  /** Rentals made below, and vacant dwellings: the second pass gives some a tenant who moved out. */
  const lets: { rentalId: string; landlordId: string; startsOn: string; placed: Placed }[] = [];
  const vacants: { dwellingId: string; placed: Placed }[] = [];

  await db.transaction(async (tx: Tx) => {
    for (const [gi, place] of places.entries()) {
      const village = !place.villageName.endsWith("社区");
      const placed = {
        regionCode: place.code,
        regionPath: place.path,
        countyCode: place.countyCode,
        gridCode: place.code,
      };
      const buildingCount = village ? 25 : 8;
      for (let b = 0; b < buildingCount; b += 1) {
        const [minLon, minLat, maxLon, maxLat] = place.box;
        const lon = minLon + (maxLon - minLon) * (0.2 + 0.6 * random());
        const lat = minLat + (maxLat - minLat) * (0.2 + 0.6 * random());
        const parts = village
          ? { villageGroup: `${place.villageName}${(gi % 6) + 1}组`, houseNumber: `${b + 1}号` }
          : { road: ROADS[gi % ROADS.length] ?? "和平路", houseNumber: `${10 + b * 2}号` };
        const [address] = await tx
          .insert(addresses)
          .values({ ...parts, label: addressLabel(parts), lon, lat, ...placed })
          .returning({ id: addresses.id });
        const [building] = await tx
          .insert(buildings)
          .values({
            kind: village ? "courtyard" : "building",
            name: village ? `${parts.houseNumber}院` : `${b + 1}号楼`,
            number: String(b + 1),
            addressId: address?.id ?? null,
            floors: village ? 1 : 6,
            lon,
            lat,
            ...placed,
          })
          .returning({ id: buildings.id });
        if (!building) continue;
        result.buildings += 1;
        const units = village
          ? [null]
          : await tx
              .insert(buildingUnits)
              .values([1, 2].map((u) => ({ buildingId: building.id, name: `${u}单元` })))
              .returning({ id: buildingUnits.id, name: buildingUnits.name });
        const rooms: { unitId: string | null; floor: number; room: string }[] = [];
        for (const unit of units) {
          if (village) {
            rooms.push({ unitId: null, floor: 1, room: "正房" });
            // Some courtyards let a side room (厢房) to a floating household.
            if (random() < 0.25) rooms.push({ unitId: null, floor: 1, room: "东厢房" });
          } else
            for (let f = 1; f <= 6; f += 1)
              for (const r of [1, 2]) rooms.push({ unitId: unit?.id ?? null, floor: f, room: `${f}0${r}` });
        }
        for (const room of rooms) {
          const roll = random();
          const use =
            roll < 0.68 ? "owner_occupied" : roll < 0.86 ? "rented" : roll < 0.96 ? "vacant" : "commercial";
          const [dwelling] = await tx
            .insert(dwellings)
            .values({
              buildingId: building.id,
              unitId: room.unitId,
              floor: room.floor,
              room: room.room,
              use,
              ...placed,
            })
            .returning({ id: dwellings.id });
          if (!dwelling) continue;
          result.dwellings += 1;
          if (use === "vacant") vacants.push({ dwellingId: dwelling.id, placed });
          if (use === "vacant" || use === "commercial") continue;
          await populate(tx, dwelling.id, use === "rented");
        }
      }

      async function populate(t: Tx, dwellingId: string, rented: boolean) {
        const [household] = await t
          .insert(households)
          .values({ dwellingId, type: rented ? "floating" : "registered", ...placed })
          .returning({ id: households.id });
        if (!household) return;
        result.households += 1;
        const surname = pick<string>(SURNAMES);
        const headAge = 25 + Math.floor(random() * 55);
        const members: { p: ReturnType<typeof person>; relation: Relation }[] = [];
        const headMale = random() < 0.7;
        members.push({ p: person(headAge, headMale, surname), relation: "head" });
        const alone = headAge > 65 && random() < 0.3;
        if (!alone && random() < 0.85) {
          members.push({
            p: person(headAge + Math.floor(random() * 6) - 3, !headMale, pick<string>(SURNAMES)),
            relation: "spouse",
          });
        }
        if (!alone && headAge < 60) {
          const children = Math.floor(random() * 3);
          for (let c = 0; c < children; c += 1) {
            members.push({
              p: person(Math.max(0, headAge - 22 - Math.floor(random() * 12)), random() < 0.5, surname),
              relation: "child",
            });
          }
        }
        if (!alone && headAge < 50 && random() < 0.25) {
          members.push({
            p: person(headAge + 25 + Math.floor(random() * 8), random() < 0.5, surname),
            relation: "parent",
          });
        }
        const inserted = await t
          .insert(persons)
          .values(
            members.map((m) => personRow(m.p, placed, rented ? "河南省周口市" : m.p.registeredResidence)),
          )
          .returning({ id: persons.id });
        result.persons += inserted.length;
        const joinedOn = `20${String(10 + Math.floor(random() * 16))}-0${1 + Math.floor(random() * 9)}-15`;
        await t.insert(householdMembers).values(
          inserted.map((row, i) => ({
            householdId: household.id,
            personId: row.id,
            relation: members[i]?.relation ?? "other",
            joinedOn,
          })),
        );
        await t.insert(personEvents).values(
          inserted.map((row) => ({
            personId: row.id,
            kind: "registered" as const,
            toHouseholdId: household.id,
            toRegionPath: place.path,
          })),
        );
        const tags: (typeof personPopulationTags.$inferInsert)[] = [];
        inserted.forEach((row, i) => {
          const age = members[i]?.p.age ?? 40;
          for (const [code, share] of TAG_SHARES) {
            const fits =
              code === "elderly_alone"
                ? age >= 65 && alone
                : code === "left_behind_child" || code === "child_in_difficulty"
                  ? age < 16
                  : code === "key_youth"
                    ? age >= 14 && age < 25
                    : age >= 18;
            const boosted =
              code === "elderly_alone" && fits ? 0.9 : share * (code === "left_behind_child" && fits ? 8 : 1);
            if (fits && random() < boosted) {
              tags.push({
                personId: row.id,
                typeCode: code,
                riskLevel: code === "severe_mental_disorder" ? Math.floor(random() * 4) : null,
                since: `202${Math.floor(random() * 6)}-0${1 + Math.floor(random() * 9)}-01`,
              });
            }
          }
        });
        if (tags.length > 0) await t.insert(personPopulationTags).values(tags);
        if (rented && inserted[0]) {
          // The landlord: a person of the register living elsewhere (the first registered person so far).
          const [landlord] = await t
            .select({ id: persons.id })
            .from(persons)
            .where(
              and(eq(persons.regionCode, place.code), eq(persons.registeredResidence, "河北省廊坊市安次区")),
            )
            .limit(1);
          const [rental] = await t
            .insert(rentals)
            .values({
              dwellingId,
              landlordPersonId: landlord?.id ?? inserted[0].id,
              startsOn: joinedOn,
              ...placed,
            })
            .returning({ id: rentals.id });
          if (rental) {
            lets.push({
              rentalId: rental.id,
              landlordId: landlord?.id ?? inserted[0].id,
              startsOn: joinedOn,
              placed,
            });
            await t
              .insert(rentalTenants)
              .values(
                inserted.map((row) => ({ rentalId: rental.id, personId: row.id, movedInOn: joinedOn })),
              );
            // Each tenant's move in, on their history, as the rentals API records it.
            await t.insert(personEvents).values(
              inserted.map((row) => ({
                personId: row.id,
                kind: "rented_in" as const,
                toRegionPath: place.path,
                detail: { on: joinedOn, rentalId: rental.id, dwellingId },
              })),
            );
          }
        }
      }
    }
    await formerTenants(tx);
  });
  return result;

  /**
   * Rental history (after the main pass, so its draws leave the register above unchanged): every
   * third rental had a tenant before the household living there now, who moved out the day they
   * moved in; every fourth vacant dwelling was let once, and that rental has ended.
   */
  async function formerTenants(tx: Tx) {
    async function former(placed: Placed, movedInOn: string, movedOutOn: string, rentalId: string) {
      const male = random() < 0.6;
      const p = person(20 + Math.floor(random() * 30), male, pick<string>(SURNAMES));
      const [row] = await tx
        .insert(persons)
        .values(personRow(p, placed, pick(["河南省周口市", "山东省德州市", "河北省保定市"])))
        .returning({ id: persons.id });
      if (!row) return;
      result.persons += 1;
      await tx
        .insert(personEvents)
        .values({ personId: row.id, kind: "registered", toRegionPath: placed.regionPath });
      await tx.insert(rentalTenants).values({ rentalId, personId: row.id, movedInOn, movedOutOn });
      await tx.insert(personEvents).values(
        (["rented_in", "rented_out"] as const).map((kind) => ({
          personId: row.id,
          kind,
          ...(kind === "rented_in"
            ? { toRegionPath: placed.regionPath, detail: { on: movedInOn, rentalId } }
            : { fromRegionPath: placed.regionPath, detail: { on: movedOutOn, rentalId } }),
        })),
      );
    }
    /** The first of the month `years` from `day` (negative: before). */
    const yearsFrom = (day: string, years: number) =>
      `${Number(day.slice(0, 4)) + years}${day.slice(4, 8)}01`;
    for (const [i, l] of lets.entries()) {
      if (i % 3 !== 0) continue;
      const movedInOn = yearsFrom(l.startsOn, -1 - Math.floor(random() * 3));
      await tx.update(rentals).set({ startsOn: movedInOn }).where(eq(rentals.id, l.rentalId));
      await former(l.placed, movedInOn, l.startsOn, l.rentalId);
    }
    for (const [i, v] of vacants.entries()) {
      if (i % 4 !== 0) continue;
      const landlord = lets.find((l) => l.placed.regionCode === v.placed.regionCode)?.landlordId;
      if (!landlord) continue;
      const startsOn = `20${String(18 + Math.floor(random() * 5))}-0${1 + Math.floor(random() * 9)}-01`;
      const endsOn = yearsFrom(startsOn, 1 + Math.floor(random() * 2));
      const [rental] = await tx
        .insert(rentals)
        .values({ dwellingId: v.dwellingId, landlordPersonId: landlord, startsOn, endsOn, ...v.placed })
        .returning({ id: rentals.id });
      if (rental) await former(v.placed, startsOn, endsOn, rental.id);
    }
  }
}
