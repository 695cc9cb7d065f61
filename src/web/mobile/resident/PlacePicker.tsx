/** Where the problem is: the phone's position, a pin on the map, or a village from the tree. */
import { Button, DotLoading } from "antd-mobile";
import { lazy, Suspense, useState } from "react";
import { useI18n } from "../i18n/index.js";
import type { Place } from "./storage.js";
import { RegionPicker } from "./RegionPicker.js";
import { useCommunityName } from "./community.js";
import { RequiredMark } from "../shared/RequiredMark.js";

const MapPicker = lazy(() => import("./MapPicker.js"));

type Mode = "none" | "map" | "region";

export function PlacePicker({ place, onChange }: { place: Place | null; onChange: (place: Place) => void }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>("none");
  const [locating, setLocating] = useState(false);
  const [gpsError, setGpsError] = useState<string | null>(null);

  function locate() {
    setGpsError(null);
    if (!("geolocation" in navigator)) {
      setGpsError(t("place.gps.unavailable"));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setMode("none");
        onChange({
          kind: "gps",
          lon: Number(position.coords.longitude.toFixed(6)),
          lat: Number(position.coords.latitude.toFixed(6)),
          accuracy: Math.round(position.coords.accuracy),
        });
      },
      (error) => {
        setLocating(false);
        setGpsError(t(error.code === error.PERMISSION_DENIED ? "place.gps.denied" : "place.gps.failed"));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  const point = place && place.kind !== "region" ? { lon: place.lon, lat: place.lat } : null;
  // The community's name for a point, once the server named it; the coordinates until then.
  const pointName = useCommunityName(point);
  return (
    <div className="mg-field">
      <span className="mg-label" id="place-label">
        <RequiredMark />
        {t("place.label")}
      </span>
      {place && (
        <p className="mg-alert mg-success" data-testid="place-chosen" aria-live="polite">
          {place.kind === "region"
            ? t("place.chosen.region", { names: place.names.join(" / ") })
            : pointName
              ? t(place.kind === "gps" ? "place.chosen.gps.named" : "place.chosen.map.named", {
                  place: pointName,
                })
              : t(place.kind === "gps" ? "place.chosen.gps" : "place.chosen.map", {
                  lat: place.lat.toFixed(5),
                  lon: place.lon.toFixed(5),
                })}
        </p>
      )}
      <div className="mg-choice-list" role="group" aria-labelledby="place-label">
        <button type="button" className="mg-choice" onClick={locate} aria-pressed={place?.kind === "gps"}>
          {locating ? <DotLoading /> : null}
          {t("place.gps")}
        </button>
        <button
          type="button"
          className="mg-choice"
          aria-pressed={mode === "map"}
          onClick={() => setMode(mode === "map" ? "none" : "map")}
        >
          {t("place.map")}
        </button>
        <button
          type="button"
          className="mg-choice"
          aria-pressed={mode === "region"}
          onClick={() => setMode(mode === "region" ? "none" : "region")}
        >
          {t("place.region")}
        </button>
      </div>
      {gpsError && (
        <div className="mg-alert" role="alert" style={{ marginTop: 8 }}>
          {gpsError}
        </div>
      )}
      {mode === "map" && (
        <div style={{ marginTop: 12 }}>
          <Suspense fallback={<DotLoading />}>
            <MapPicker
              initial={point}
              onPick={(lon, lat) => {
                setMode("none");
                onChange({ kind: "map", lon, lat });
              }}
            />
          </Suspense>
        </div>
      )}
      {mode === "region" && (
        <div style={{ marginTop: 12 }}>
          <RegionPicker
            onPick={(code, names) => {
              setMode("none");
              onChange({ kind: "region", code, names });
            }}
          />
        </div>
      )}
      {mode !== "none" && (
        <Button fill="none" onClick={() => setMode("none")} style={{ marginTop: 8 }}>
          {t("common.cancel")}
        </Button>
      )}
    </div>
  );
}
