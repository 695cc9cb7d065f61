import { z } from "zod";
import {
  polygonCoordinatesProblem,
  type GridGeometry,
  type MultiPolygonGeometry,
  type PolygonGeometry,
} from "./geometry.js";

/** A grid code: its village's 12-digit code followed by 3 digits. */
export const GRID_CODE = /^\d{15}$/;
const VILLAGE_CODE = /^\d{12}$/;

const PolygonSchema = z.object({
  type: z.literal("Polygon"),
  coordinates: z.unknown().superRefine((value, ctx) => {
    const problem = polygonCoordinatesProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});

const MultiPolygonSchema = z.object({
  type: z.literal("MultiPolygon"),
  coordinates: z.unknown().superRefine((value, ctx) => {
    if (!Array.isArray(value) || value.length === 0) {
      ctx.addIssue({ code: "custom", message: "must be a non-empty array of polygons" });
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const problem = polygonCoordinatesProblem(value[i], `polygon ${i} `);
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem });
        return;
      }
    }
  }),
});

/** A grid's shape: a GeoJSON Polygon or MultiPolygon in WGS 84 longitude/latitude. */
export const GridGeometrySchema = z
  .discriminatedUnion("type", [PolygonSchema, MultiPolygonSchema], {
    error: (issue) =>
      issue.code === "invalid_union" ? "geometry type must be Polygon or MultiPolygon" : undefined,
  })
  // The refinements above proved the coordinates' shape.
  .transform((g) => g as PolygonGeometry | MultiPolygonGeometry as GridGeometry);

function requiredString(what: string) {
  return z.string({
    error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string`),
  });
}

/**
 * What an imported feature says about its grid. Other properties (an export's `townshipCode`,
 * `countyCode`) are accepted and ignored, so an export imports back unchanged.
 */
export const GridPropertiesSchema = z.looseObject({
  code: requiredString("code")
    .regex(GRID_CODE, "code must be 15 digits: the village code followed by 3 digits")
    .optional(),
  name: requiredString("name")
    .trim()
    .min(1, "name must not be empty")
    .max(100, "name must be at most 100 characters"),
  villageCode: requiredString("villageCode").regex(
    VILLAGE_CODE,
    "villageCode must be a 12-digit village code",
  ),
});

export const GridFeatureSchema = z
  .looseObject({
    type: z.literal("Feature", { error: 'type must be "Feature"' }),
    geometry: GridGeometrySchema,
    properties: GridPropertiesSchema,
  })
  .superRefine((feature, ctx) => {
    const { code, villageCode } = feature.properties;
    if (code !== undefined && !code.startsWith(villageCode)) {
      ctx.addIssue({
        code: "custom",
        path: ["properties", "code"],
        message: `code ${code} does not start with its villageCode ${villageCode}`,
      });
    }
  });
export type GridFeature = z.infer<typeof GridFeatureSchema>;

/** Any name but WGS 84 longitude/latitude is refused: the look-up and the map assume it. */
const WGS84_CRS = /CRS84$|EPSG::?4326$/;

/** A GeoJSON FeatureCollection of grids, as import takes it and export gives it. */
export const GridFeatureCollectionSchema = z.looseObject({
  type: z.literal("FeatureCollection", { error: 'type must be "FeatureCollection"' }),
  crs: z
    .object({ properties: z.looseObject({ name: z.string() }) }, { error: "crs must name WGS 84 (CRS84)" })
    .refine((crs) => WGS84_CRS.test(crs.properties.name), "crs must name WGS 84 (CRS84)")
    .optional(),
  features: z.array(GridFeatureSchema, { error: "features must be an array of Feature objects" }),
});
export type GridFeatureCollection = z.infer<typeof GridFeatureCollectionSchema>;

/** Import modes: `merge` upserts; `replace` also deletes other grids of the villages in the file. */
export const IMPORT_MODES = ["merge", "replace"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

// ---- HTTP schemas ----

export const GridCodeParams = z.object({
  code: z.string().regex(GRID_CODE, "a grid code is 15 digits"),
});

const RegionCodeQuery = z.string().regex(/^\d{4,15}$/, "a region code is 4 to 15 digits");

export const GridListQuery = z.object({
  region: RegionCodeQuery.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  geometry: z.enum(["true", "false"]).default("false"),
});

export const GridExportQuery = z.object({ region: RegionCodeQuery.optional() });

export const GridImportQuery = z.object({ mode: z.enum(IMPORT_MODES).default("merge") });

/** A decimal number in a query string; `z.coerce` would read an empty value as 0. */
function degrees(what: string, limit: number) {
  return z
    .string({ error: `${what} is required` })
    .trim()
    .regex(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, `${what} must be a decimal number of degrees`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(-limit, `${what} must be at least -${limit}`)
        .max(limit, `${what} must be at most ${limit}`),
    );
}

/** A WGS 84 point. */
export const LocateQuery = z.object({ lon: degrees("lon", 180), lat: degrees("lat", 90) });

/** GeoJSON geometry as served (already validated when it was imported). */
const GeometryOut = z.object({
  type: z.enum(["Polygon", "MultiPolygon"]),
  coordinates: z.array(z.array(z.unknown())),
});

export const GridSchema = z.object({
  code: z.string(),
  name: z.string(),
  villageCode: z.string(),
  /** The village's (community's) and township's names, for people. */
  villageName: z.string(),
  townshipCode: z.string(),
  townshipName: z.string(),
  countyCode: z.string(),
  path: z.string(),
  /** [minLon, minLat, maxLon, maxLat]. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  geometry: GeometryOut.optional(),
});
export type Grid = z.infer<typeof GridSchema>;

export const GridListSchema = z.object({
  items: z.array(GridSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const ImportResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

/** `dryRun=true` checks the file and answers the counts without writing anything (map preview). */
export const ImportCheckQuery = GridImportQuery.extend({
  dryRun: z.enum(["true", "false"]).default("false"),
});

/**
 * `dryRun: true` marks an answer that changed nothing; a real import answers the counts only. A
 * dry run of a file the import would refuse answers 200 with `valid: false` and the very error
 * (code, message, details naming each feature) the import would have answered with.
 */
export const ImportAnswerSchema = ImportResultSchema.extend({
  dryRun: z.literal(true).optional(),
  valid: z.boolean().optional(),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })),
    })
    .optional(),
});

export const LocateResultSchema = z.object({
  grid: z.object({ code: z.string(), name: z.string(), villageCode: z.string(), path: z.string() }),
  /** The community (village) the grid belongs to, by name: what a picker shows for the point. */
  village: z.object({ code: z.string(), name: z.string() }),
});

/**
 * The community (or village) and township a point lies in, by name only (GET /grids/community,
 * public): what the resident's picker shows for a point. No code, no grid, nothing about anyone.
 */
export const CommunityAtSchema = z.object({
  community: z.object({ name: z.string() }),
  township: z.object({ name: z.string() }).nullable(),
});

export const FeatureCollectionOut = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.object({
      type: z.literal("Feature"),
      geometry: GeometryOut,
      properties: z.object({
        code: z.string(),
        name: z.string(),
        villageCode: z.string(),
        townshipCode: z.string(),
        countyCode: z.string(),
      }),
    }),
  ),
});
