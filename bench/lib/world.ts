/**
 * What the load generators need to know about the seeded city, read once from the database:
 * grids (with their village, township and county), the units (organisations) by kind and place,
 * the catalogue's leaf categories by handling level; and the staff accounts of the replay —
 * one per unit, with a session each — made in bulk (setup, not measured).
 */
import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";
import type { Session } from "./http.js";

export interface GridInfo {
  code: string;
  villageCode: string;
  townshipCode: string;
  countyCode: string;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface Org {
  id: string;
  kind: string;
  regionCode: string;
  countyCode: string | null;
  departmentType: string | null;
}

export interface CategoryInfo {
  code: string;
  handlingLevel: string;
  open311ServiceCode: string | null;
}

export interface World {
  grids: GridInfo[];
  orgs: Map<string, Org>;
  /** Non-department units by region code and kind, e.g. `131002001007|village_committee`. */
  unitAt: Map<string, Org>;
  departmentsByCounty: Map<string, Org[]>;
  categoriesByLevel: Map<string, CategoryInfo[]>;
}

export async function loadWorld(client: pg.Client): Promise<World> {
  const grids = await client.query<{
    code: string;
    path: string;
    minlon: number;
    minlat: number;
    maxlon: number;
    maxlat: number;
  }>(`select code, path::text as path, min_lon as minlon, min_lat as minlat, max_lon as maxlon,
            max_lat as maxlat
       from grids
      order by code`);
  const orgRows = await client.query<{
    id: string;
    kind: string;
    region_code: string;
    county_code: string | null;
    department_type: string | null;
  }>("select id, kind, region_code, county_code, department_type from organisations order by id");
  const categoryRows = await client.query<{
    code: string;
    handling_level: string;
    open311_service_code: string | null;
  }>(`select c.code, c.handling_level, c.open311_service_code from categories c
       where c.active and not exists (select 1 from categories k where k.parent_code = c.code and k.active)
       order by c.code`);

  const world: World = {
    grids: grids.rows.map((g) => {
      const parts = g.path.split(".");
      return {
        code: g.code,
        countyCode: parts[1] ?? "",
        townshipCode: parts[2] ?? "",
        villageCode: parts[3] ?? "",
        minLon: g.minlon,
        minLat: g.minlat,
        maxLon: g.maxlon,
        maxLat: g.maxlat,
      };
    }),
    orgs: new Map(),
    unitAt: new Map(),
    departmentsByCounty: new Map(),
    categoriesByLevel: new Map(),
  };
  for (const r of orgRows.rows) {
    const org: Org = {
      id: r.id,
      kind: r.kind,
      regionCode: r.region_code,
      countyCode: r.county_code,
      departmentType: r.department_type,
    };
    world.orgs.set(org.id, org);
    if (org.kind === "department") {
      const key = org.regionCode;
      const list = world.departmentsByCounty.get(key) ?? [];
      list.push(org);
      world.departmentsByCounty.set(key, list);
    } else {
      world.unitAt.set(`${org.regionCode}|${org.kind}`, org);
    }
  }
  for (const c of categoryRows.rows) {
    const list = world.categoriesByLevel.get(c.handling_level) ?? [];
    list.push({ code: c.code, handlingLevel: c.handling_level, open311ServiceCode: c.open311_service_code });
    world.categoriesByLevel.set(c.handling_level, list);
  }
  return world;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The role an account of a unit of `kind` holds there. */
const ROLE_OF_KIND: Record<string, string> = {
  grid_post: "grid_worker",
  village_committee: "village_staff",
  township_centre: "township_dispatcher",
  county_centre: "township_dispatcher",
  city_centre: "township_dispatcher",
  department: "department_handler",
};

export interface ReplayAccounts {
  /** One session per unit (organisation id). */
  byOrg: Map<string, Session>;
  /** A call-centre operator of the whole city: hotline intake and follow-up calls. */
  operator: Session;
}

/**
 * Makes one staff account per unit (grid worker of each grid post, village staff of each
 * committee, a dispatcher at each centre, a handler in each department) and a city-wide
 * operator, each with a fresh session, in three bulk statements. Sign-in by password is
 * rate-limited per address and hashes with argon2: ~10,000 sign-ins would measure the password
 * hash, not the loop. Passwords are copied from the demo admin's hash (never used to sign in).
 */
export async function createReplayAccounts(client: pg.Client): Promise<ReplayAccounts> {
  await client.query("begin");
  try {
    const city = await client.query<{ code: string }>(
      "select code from regions where level = 'city' limit 1",
    );
    const cityCode = city.rows[0]?.code;
    if (!cityCode) throw new Error("no city region: seed first");
    const made = await client.query<{ id: string; organisation_id: string | null }>(
      `with o as (select id, name, row_number() over (order by id) as n from organisations)
       insert into users (username, display_name, organisation_id, password_hash)
       select 'bench_u' || o.n, 'bench ' || o.name, o.id,
              (select password_hash from users where username = 'admin')
         from o
       union all
       select 'bench_operator', 'bench operator', null, (select password_hash from users where username = 'admin')
       returning id, organisation_id`,
    );
    await client.query(
      `insert into role_bindings (user_id, role, scope_region_code, scope_department_id, scope_path)
       select u.id,
              case o.kind ${Object.entries(ROLE_OF_KIND)
                .map(([k, r]) => `when '${k}' then '${r}'`)
                .join(" ")} end,
              case when o.kind = 'department' then null else o.region_code end,
              case when o.kind = 'department' then o.id else null end,
              o.region_path
         from users u join organisations o on o.id = u.organisation_id
        where u.username like 'bench\\_u%'`,
    );
    await client.query(
      `insert into role_bindings (user_id, role, scope_region_code, scope_path)
       select u.id, 'operator', r.code, r.path from users u, regions r
        where u.username = 'bench_operator' and r.code = $1`,
      [cityCode],
    );
    const ids: string[] = [];
    const hashes: string[] = [];
    const csrfs: string[] = [];
    const byOrg = new Map<string, Session>();
    let operator: Session | null = null;
    for (const row of made.rows) {
      const token = randomBytes(32).toString("base64url");
      const csrfToken = randomBytes(24).toString("base64url");
      ids.push(row.id);
      hashes.push(sha256(token));
      csrfs.push(csrfToken);
      const session: Session = { cookie: `mg_session=${token}`, csrfToken, userId: row.id };
      if (row.organisation_id) byOrg.set(row.organisation_id, session);
      else operator = session;
    }
    await client.query(
      `insert into sessions (id, user_id, csrf_token, expires_at)
       select * from unnest($1::text[], $2::uuid[], $3::text[]) as s(id, user_id, csrf),
              lateral (select now() + interval '12 hours') e`,
      [hashes, ids, csrfs],
    );
    await client.query("commit");
    if (!operator) throw new Error("the bench operator was not created");
    return { byOrg, operator };
  } catch (err) {
    await client.query("rollback");
    throw err;
  }
}
