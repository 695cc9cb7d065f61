/** Choosing the place from the region tree: county → township → village, one tap per level. */
import { Button, DotLoading } from "antd-mobile";
import { useState } from "react";
import { useI18n } from "../i18n/index.js";
import { useChildRegions, type Region } from "./api.js";

/** The demo city (Langfang); the tree under it is public. */
export const CITY_CODE = "1310";

export function RegionPicker({ onPick }: { onPick: (code: string, names: string[]) => void }) {
  const { t } = useI18n();
  const [trail, setTrail] = useState<Region[]>([]);
  const parent = trail[trail.length - 1];
  const below = useChildRegions(parent?.code ?? CITY_CODE);
  const children = below.data?.items ?? null;
  const failed = below.isError;

  const names = trail.map((r) => r.name);
  return (
    <div data-testid="region-picker">
      <p className="mg-muted">{trail.length === 0 ? t("place.region.county") : names.join(" / ")}</p>
      {trail.length > 0 && (
        <div className="mg-actions" style={{ marginTop: 0, marginBottom: 8 }}>
          <Button onClick={() => setTrail(trail.slice(0, -1))}>{t("common.back")}</Button>
          {parent && parent.level !== "county" && (
            <Button color="primary" fill="outline" onClick={() => onPick(parent.code, names)}>
              {t("place.region.pickThis", { name: parent.name })}
            </Button>
          )}
        </div>
      )}
      {failed && (
        <div className="mg-alert" role="alert">
          {t("error.network")}
        </div>
      )}
      {!children && !failed && <DotLoading />}
      {children && (
        <div className="mg-choice-list">
          {children.map((region) => (
            <button
              key={region.code}
              type="button"
              className="mg-choice"
              onClick={() =>
                region.level === "village" || region.level === "grid"
                  ? onPick(region.code, [...names, region.name])
                  : setTrail([...trail, region])
              }
            >
              {region.name}
            </button>
          ))}
          {children.length === 0 && parent && (
            <Button color="primary" onClick={() => onPick(parent.code, names)}>
              {t("place.region.pickThis", { name: parent.name })}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
