/**
 * A patrol finding in a few taps: a photo, the place from GPS (taken as the page opens; without
 * it, the worker's own grid's village) or a standard address found by the address search (its
 * address and point), a line of description, optionally a category. It
 * becomes a case on the patrol channel (POST /cases), recorded on the phone first.
 */
import { Button, Checkbox, Selector, TextArea } from "antd-mobile";
import { useState, type CSSProperties } from "react";
import type { AddressHit, CategoryList } from "../../shared/contracts.js";
import { useI18n } from "../i18n/index.js";
import { useKeptQuery } from "../offline/kept-query.js";
import { recordAndSend, type SubmitOutcome } from "../offline/outbox.js";
import { loadWithSnapshot } from "../offline/snapshots.js";
import { AddressSearch } from "./AddressSearch.js";
import { fallbackRegion, useIdentity } from "./grid-session.js";
import { snapshotKeys } from "./phone.js";
import { usePosition } from "./position.js";
import { RequiredMark } from "../shared/RequiredMark.js";
import { BIG, FormProblem, Outcome, PhotoPicker, Section, useTextAreaAria } from "./ui.js";

const MIN_DESCRIPTION = 5;

export default function Patrol() {
  const { t, lang } = useI18n();
  const identity = useIdentity();
  const [place, locate] = usePosition();
  const catalogue = useKeptQuery(["categories"], () =>
    loadWithSnapshot<CategoryList>(snapshotKeys.categories(), "/categories"),
  );
  const categories = (catalogue.data?.data.items ?? []).filter((c) => c.acceptsCases);
  const [category, setCategory] = useState<string | null>(null);
  const [description, setDescription] = useState("");
  const [urgent, setUrgent] = useState(false);
  /** A place found by the address search: it stands instead of the GPS position. */
  const [chosen, setChosen] = useState<AddressHit | null>(null);
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<SubmitOutcome | null>(null);
  const region = fallbackRegion(identity);
  const descriptionProblem = t("grid.patrol.descriptionShort", { n: MIN_DESCRIPTION });
  const descriptionAria = useTextAreaAria(true, problem === descriptionProblem);

  const submit = async () => {
    const text = description.trim();
    if (text.length < MIN_DESCRIPTION) {
      setProblem(descriptionProblem);
      return;
    }
    if (!chosen && place.status !== "found" && !region) {
      setProblem(t("grid.patrol.noPlace"));
      return;
    }
    setProblem(null);
    const body: Record<string, unknown> = {
      channel: "patrol",
      description: text,
      ...(category ? { categoryCode: category } : {}),
      ...(chosen
        ? {
            // An address: its whole line, and its point (the server finds the grid) or region.
            ...(chosen.kind === "address" ? { address: chosen.fullAddress } : {}),
            ...(chosen.kind === "address" && chosen.point
              ? { location: chosen.point }
              : { regionCode: chosen.regionCode }),
          }
        : place.status === "found"
          ? { location: { lon: place.lon, lat: place.lat } }
          : { regionCode: region?.code }),
      ...(urgent ? { urgent: true } : {}),
    };
    setBusy(true);
    try {
      const result = await recordAndSend({
        kind: "intake",
        userId: identity.userId,
        body,
        photos,
        summary: text,
      });
      setOutcome(result);
      if (result.status !== "failed") {
        setDescription("");
        setPhotos([]);
        setCategory(null);
        setUrgent(false);
        setChosen(null);
      }
    } finally {
      setBusy(false);
    }
  };

  const number =
    outcome?.status === "sent" ? (outcome.answer as { number?: string } | undefined)?.number : undefined;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      aria-labelledby="patrol-title"
    >
      <div style={{ padding: "12px 16px 0" }}>
        <h2 id="patrol-title" style={{ fontSize: 20, margin: "4px 0" }}>
          {t("grid.patrol.title")}
        </h2>
      </div>
      {outcome && (
        <Outcome
          outcome={outcome}
          sentText={t("grid.patrol.sent", { number: number ?? "" })}
          testId="patrol-outcome"
        />
      )}
      <Section title={t("grid.patrol.photos")}>
        <PhotoPicker photos={photos} onChange={setPhotos} testId="photo-input-patrol" />
      </Section>
      <Section title={t("grid.patrol.place")}>
        <div style={{ display: "flex", alignItems: "center", gap: 12 }}>
          {chosen ? (
            <p style={{ flex: 1, margin: 0 }} data-testid="patrol-place" data-place="address">
              {t("grid.patrol.atAddress", { address: chosen.fullAddress })}
            </p>
          ) : (
            <p style={{ flex: 1, margin: 0 }} data-testid="patrol-place" data-place={place.status}>
              {place.status === "locating" && t("grid.patrol.locating")}
              {place.status === "found" &&
                t("grid.patrol.located", {
                  lat: place.lat.toFixed(5),
                  lon: place.lon.toFixed(5),
                  m: place.accuracy,
                })}
              {place.status === "failed" &&
                (region ? t("grid.patrol.useGrid", { name: region.name }) : t("grid.patrol.noPlace"))}
            </p>
          )}
          {chosen ? (
            <Button style={{ minHeight: 48 }} onClick={() => setChosen(null)}>
              {t("grid.patrol.useGps")}
            </Button>
          ) : (
            <Button style={{ minHeight: 48 }} onClick={locate} disabled={place.status === "locating"}>
              {t("grid.patrol.relocate")}
            </Button>
          )}
        </div>
        <div style={{ marginTop: 12 }}>
          <AddressSearch onPick={setChosen} />
        </div>
      </Section>
      <Section>
        <label
          htmlFor="patrol-description"
          style={{ display: "block", fontWeight: 600, fontSize: 18, marginBottom: 8 }}
        >
          <RequiredMark />
          {t("grid.patrol.description")}
        </label>
        <div style={{ border: "1px solid #8c8c8c", borderRadius: 8, padding: 10 }}>
          <TextArea
            id="patrol-description"
            {...descriptionAria}
            value={description}
            onChange={setDescription}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={4000}
            placeholder={t("grid.patrol.descriptionHint")}
            style={{ "--font-size": "17px" } as CSSProperties}
          />
        </div>
        <div style={{ marginTop: 12 }}>
          <Checkbox
            checked={urgent}
            onChange={setUrgent}
            style={{ "--icon-size": "24px", "--font-size": "17px" } as CSSProperties}
          >
            {t("grid.patrol.urgent")}
          </Checkbox>
        </div>
      </Section>
      {categories.length > 0 && (
        <Section title={t("grid.patrol.category")}>
          <Selector
            columns={2}
            value={category ? [category] : []}
            onChange={(v) => setCategory(v[0] ?? null)}
            options={categories.map((c) => ({ label: lang === "zh-CN" ? c.name : c.nameEn, value: c.code }))}
            style={{ "--padding": "12px 6px" } as CSSProperties}
          />
        </Section>
      )}
      <div style={{ position: "sticky", bottom: 64, padding: "8px 12px 12px", background: "#f5f5f5" }}>
        <FormProblem problem={problem} />
        <Button type="submit" block color="primary" loading={busy} style={BIG} data-testid="patrol-submit">
          {t("grid.patrol.submit")}
        </Button>
      </div>
    </form>
  );
}
