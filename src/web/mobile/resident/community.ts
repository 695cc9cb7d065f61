/**
 * The name a person reads for a point: its community (village) and township, from the public
 * GET /grids/community. `null` while it loads, and where no community is mapped (the pickers then
 * show the coordinates, as before).
 */
import { useI18n } from "../i18n/index.js";
import { useCommunityAt } from "./api.js";

export function useCommunityName(point: { lon: number; lat: number } | null): string | null {
  const { t } = useI18n();
  const { data } = useCommunityAt(point);
  if (!point || !data) return null;
  return data.township
    ? t("place.at", { community: data.community.name, township: data.township.name })
    : t("place.at.alone", { community: data.community.name });
}
