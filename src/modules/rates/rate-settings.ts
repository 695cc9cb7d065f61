import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.js";
import { settings } from "../../db/schema.js";

/** `settings` key: the weight w of "basically satisfied" in the satisfaction rate. */
export const BASIC_WEIGHT_KEY = "rates_basic_weight";
/** `settings` key: the composite score's weights, `{response, resolution, satisfaction}`. */
export const WEIGHTS_KEY = "rates_weights";

export const DEFAULT_BASIC_WEIGHT = 1.0;
export const DEFAULT_WEIGHTS = { response: 0.1, resolution: 0.5, satisfaction: 0.4 } as const;

const BasicWeight = z.number().min(0).max(1);
export const RateWeightsSchema = z.object({
  response: z.number().min(0).max(1),
  resolution: z.number().min(0).max(1),
  satisfaction: z.number().min(0).max(1),
});
export type RateWeights = z.infer<typeof RateWeightsSchema>;

export interface RateSettings {
  basicWeight: number;
  weights: RateWeights;
}

/**
 * The configured weights. A missing or malformed value falls back to the default (DESIGN.md's
 * 1.0 and 10% / 50% / 40%) rather than failing every figure; the API returns what was used.
 */
export async function loadRateSettings(db: Db): Promise<RateSettings> {
  const rows = await db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, [BASIC_WEIGHT_KEY, WEIGHTS_KEY]));
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  const basic = BasicWeight.safeParse(value(BASIC_WEIGHT_KEY));
  const weights = RateWeightsSchema.safeParse(value(WEIGHTS_KEY));
  return {
    basicWeight: basic.success ? basic.data : DEFAULT_BASIC_WEIGHT,
    weights: weights.success ? weights.data : { ...DEFAULT_WEIGHTS },
  };
}
