/** The phone's GPS position, asked for as a page opens and again on the worker's tap. */
import { useCallback, useEffect, useState } from "react";

export type Place =
  | { status: "locating" }
  | { status: "found"; lon: number; lat: number; accuracy: number }
  | { status: "failed" };

/** The position (or why there is none) and a function to ask again. */
export function usePosition(): [Place, () => void] {
  const [place, setPlace] = useState<Place>({ status: "locating" });
  const locate = useCallback(() => {
    if (!("geolocation" in navigator)) {
      setPlace({ status: "failed" });
      return;
    }
    setPlace({ status: "locating" });
    navigator.geolocation.getCurrentPosition(
      (p) =>
        setPlace({
          status: "found",
          lon: Number(p.coords.longitude.toFixed(6)),
          lat: Number(p.coords.latitude.toFixed(6)),
          accuracy: Math.round(p.coords.accuracy),
        }),
      () => setPlace({ status: "failed" }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }, []);
  useEffect(locate, [locate]);
  return [place, locate];
}
