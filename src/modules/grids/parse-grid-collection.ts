import type { z } from "zod";
import { BadRequestError } from "../../shared/errors.js";
import { GridFeatureCollectionSchema, type GridFeatureCollection } from "./schemas.js";

/** One problem of an import, addressed like `features[12].geometry.coordinates`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** At most this many problems are listed; a broken file of 6,000 features would drown the reader. */
const MAX_DETAILS = 100;

/** `["features", 12, "geometry"]` → `features[12].geometry`. */
export function fieldOf(path: readonly PropertyKey[]): string {
  let field = "";
  for (const key of path) {
    if (typeof key === "number") field += `[${key}]`;
    else field += field === "" ? String(key) : `.${String(key)}`;
  }
  return field === "" ? "body" : field;
}

function describe(issue: z.core.$ZodIssue): FieldProblem {
  const [first, index] = issue.path;
  const field = fieldOf(issue.path);
  const message =
    first === "features" && typeof index === "number" ? `feature ${index}: ${issue.message}` : issue.message;
  return { field, message };
}

/** The 400 every rejected import answers with: the first problem in the message, all in details. */
export function importRejected(problems: FieldProblem[]): BadRequestError {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems, see details)` : "";
  const message = first
    ? `The grid import was rejected, nothing was applied. ${first.field}: ${first.message}${more}`
    : "The grid import was rejected, nothing was applied.";
  return new BadRequestError("invalid_geojson", message, problems.slice(0, MAX_DETAILS));
}

/**
 * Checks a parsed JSON value as a grid FeatureCollection. Throws a 400 naming each feature index
 * and field that is wrong; the CLI and the HTTP route share it so both say the same thing.
 */
export function parseGridCollection(input: unknown): GridFeatureCollection {
  const result = GridFeatureCollectionSchema.safeParse(input);
  if (!result.success) throw importRejected(result.error.issues.map(describe));
  const problems: FieldProblem[] = [];
  const firstWithCode = new Map<string, number>();
  result.data.features.forEach((feature, i) => {
    const code = feature.properties.code;
    if (code === undefined) return;
    const earlier = firstWithCode.get(code);
    if (earlier === undefined) firstWithCode.set(code, i);
    else {
      problems.push({
        field: `features[${i}].properties.code`,
        message: `feature ${i}: code ${code} is already used by feature ${earlier}`,
      });
    }
  });
  if (problems.length > 0) throw importRejected(problems);
  return result.data;
}
