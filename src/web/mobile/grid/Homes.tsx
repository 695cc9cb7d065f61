/**
 * The grid worker's homes (人房关联 on the phone): a building by name, a dwelling by room, then who
 * lives there — the households with their members and, for a rented dwelling, the landlord and
 * the tenants — as the register shows them (numbers masked by the server, as on the person card).
 * A tenant moving in (name, ID or phone number, the day) or out (the day) is the floating
 * population registration: online only, the move-in sent at most once per form (Idempotency-Key),
 * and offline the forms say so instead of opening. The building and the dwelling are in the
 * address (?building=…&dwelling=…), so the phone's back button steps back through them.
 */
import { Button, DotLoading, ErrorBlock, Input, Tag } from "antd-mobile";
import { useEffect, useState, type CSSProperties, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import { ApiError, api } from "../../shared/api.js";
import type {
  AddTenant,
  BuildingDetail,
  BuildingPage,
  HouseholdList,
  PersonSummary,
  Rental,
  RentalPage,
} from "../../shared/contracts.js";
import { useErrorText } from "../../shared/i18n/names.js";
import { useGet, useWrite } from "../../shared/query.js";
import { useI18n, type MobileKey } from "../i18n/index.js";
import { useOnline } from "../offline/online.js";
import { randomKey } from "../resident/storage.js";
import { BIG, FormField, FormProblem, Section, useInputAria } from "./ui.js";
import { HOUSEHOLD_TYPE_WORDS, RELATION_WORDS } from "./visit-words.js";

type Dwelling = BuildingDetail["dwellingList"][number];

const USE_WORDS = {
  owner_occupied: "homes.use.owner_occupied",
  rented: "homes.use.rented",
  vacant: "homes.use.vacant",
  commercial: "homes.use.commercial",
} as const satisfies Record<Dwelling["use"], MobileKey>;

const CHOICE: CSSProperties = {
  display: "block",
  width: "100%",
  minHeight: 56,
  textAlign: "left",
  padding: "10px 12px",
  marginBottom: 8,
  border: "1px solid #d9d9d9",
  borderRadius: 10,
  background: "#fff",
  fontSize: 17,
  color: "#262626",
};

/** Today in China, as a date input's value. */
function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The text once the typing has paused (no request per keystroke). */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Loading, or the read's failure (offline: that this page needs the network). */
function ReadState(props: { loading: boolean; error: unknown }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  if (props.error) {
    const offline = props.error instanceof ApiError && props.error.status === 0;
    return (
      <ErrorBlock
        status="disconnected"
        title={t("state.error")}
        description={offline ? t("homes.offlineRead") : errorText(props.error)}
      />
    );
  }
  if (!props.loading) return null;
  return (
    <div style={{ padding: 32, textAlign: "center" }} role="status" aria-label={t("state.loading")}>
      <DotLoading />
    </div>
  );
}

export default function Homes() {
  const [params, setParams] = useSearchParams();
  const building = params.get("building");
  const dwelling = params.get("dwelling");
  const open = (next: Record<string, string>) => setParams(next);
  return (
    <div style={{ padding: "12px 12px 24px" }} data-testid="homes">
      {!building && <BuildingSearch onPick={(id) => open({ building: id })} />}
      {building && !dwelling && (
        <Rooms buildingId={building} onPick={(id) => open({ building, dwelling: id })} />
      )}
      {building && dwelling && <DwellingPage buildingId={building} dwellingId={dwelling} />}
    </div>
  );
}

function BuildingSearch(props: { onPick: (id: string) => void }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState("");
  const q = useSettled(typed.trim().slice(0, 100), 300);
  const list = useGet<BuildingPage>("/buildings", { q: q || undefined, pageSize: 30 });
  const items = list.data?.items ?? [];
  return (
    <>
      <h2 style={{ fontSize: 20, margin: "4px 4px 12px" }}>{t("homes.title")}</h2>
      <FormField id="homes-building" label={t("homes.searchBuilding")}>
        <Input
          id="homes-building"
          type="search"
          value={typed}
          onChange={setTyped}
          maxLength={100}
          placeholder={t("homes.searchHint")}
          style={{ "--font-size": "17px" } as CSSProperties}
        />
      </FormField>
      <ReadState loading={list.isPending} error={list.error} />
      {list.data && items.length === 0 && <p role="status">{t("homes.noBuildings")}</p>}
      <ul aria-label={t("homes.title")} style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {items.map((b) => (
          <li key={b.id}>
            <button
              type="button"
              style={CHOICE}
              data-testid="homes-building"
              onClick={() => props.onPick(b.id)}
            >
              <strong>{b.name}</strong>
              <span style={{ display: "block", fontSize: 15, color: "#595959" }}>
                {t("homes.buildingLine", {
                  where: b.address?.label ?? b.region.name,
                  dwellings: b.dwellings,
                })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A dwelling's name within its building: unit and room. */
function roomName(d: Dwelling): string {
  return d.unit ? `${d.unit.name} ${d.room}` : d.room;
}

function Rooms(props: { buildingId: string; onPick: (id: string) => void }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState("");
  const detail = useGet<BuildingDetail>(`/buildings/${props.buildingId}`);
  const wanted = typed.trim();
  const rooms = (detail.data?.dwellingList ?? []).filter((d) => !wanted || roomName(d).includes(wanted));
  return (
    <>
      <h2 style={{ fontSize: 20, margin: "4px 4px 12px" }}>{detail.data?.name ?? t("homes.title")}</h2>
      <FormField id="homes-room" label={t("homes.searchRoom")}>
        <Input
          id="homes-room"
          type="search"
          value={typed}
          onChange={setTyped}
          maxLength={40}
          style={{ "--font-size": "17px" } as CSSProperties}
        />
      </FormField>
      <ReadState loading={detail.isPending} error={detail.error} />
      {detail.data && rooms.length === 0 && <p role="status">{t("homes.noRooms")}</p>}
      <ul aria-label={t("homes.searchRoom")} style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {rooms.map((d) => (
          <li key={d.id}>
            <button type="button" style={CHOICE} data-testid="homes-room" onClick={() => props.onPick(d.id)}>
              <strong>{roomName(d)}</strong>
              <span style={{ display: "block", fontSize: 15, color: "#595959" }}>
                {t("homes.roomLine", { use: t(USE_WORDS[d.use]), households: d.households })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A person as the register shows them to the reader: name, masked numbers. */
function PersonLine(props: { person: PersonSummary | null; extra?: ReactNode; testId?: string }) {
  const { t } = useI18n();
  const p = props.person;
  return (
    <div data-testid={props.testId} style={{ padding: "8px 0", borderBottom: "1px solid #f0f0f0" }}>
      <p style={{ margin: 0, fontSize: 18, fontWeight: 600 }}>
        {p ? p.name : t("homes.outsideArea")}
        {props.extra}
      </p>
      {p?.idNumber && (
        <p style={{ margin: "4px 0 0" }}>
          <span style={{ color: "#595959" }}>{t("homes.idNumber")} </span>
          {p.idNumber}
        </p>
      )}
      {p?.phone && (
        <p style={{ margin: "4px 0 0" }}>
          <span style={{ color: "#595959" }}>{t("homes.phone")} </span>
          {p.phone}
        </p>
      )}
    </div>
  );
}

function DwellingPage(props: { buildingId: string; dwellingId: string }) {
  const { t } = useI18n();
  const detail = useGet<BuildingDetail>(`/buildings/${props.buildingId}`);
  const households = useGet<HouseholdList>("/households", { dwelling: props.dwellingId });
  const rentals = useGet<RentalPage>("/rentals", {
    dwelling: props.dwellingId,
    current: "true",
    pageSize: 1,
  });
  const dwelling = detail.data?.dwellingList.find((d) => d.id === props.dwellingId);
  const rental = rentals.data?.items[0];
  return (
    <>
      <h2 style={{ fontSize: 20, margin: "4px 4px 0" }}>
        {detail.data ? `${detail.data.name} ${dwelling ? roomName(dwelling) : ""}` : t("homes.title")}
      </h2>
      {dwelling && (
        <p style={{ margin: "4px 4px 0", color: "#595959" }}>
          {t("homes.roomLine", { use: t(USE_WORDS[dwelling.use]), households: dwelling.households })}
        </p>
      )}
      <Section title={t("homes.households")}>
        <ReadState loading={households.isPending} error={households.error} />
        {households.data?.items.length === 0 && <p>{t("homes.noHouseholds")}</p>}
        {households.data?.items.map((h) => (
          <div key={h.id} data-testid="homes-household" style={{ marginBottom: 12 }}>
            <Tag color="primary" fill="outline" style={{ fontSize: 14 }}>
              {t(HOUSEHOLD_TYPE_WORDS[h.type])}
            </Tag>
            {h.members.map((m) => (
              <PersonLine
                key={m.person.id}
                person={m.person}
                extra={
                  <span style={{ fontWeight: 400, color: "#595959" }}>
                    {" "}
                    · {t(RELATION_WORDS[m.relation])}
                  </span>
                }
              />
            ))}
          </div>
        ))}
      </Section>
      <Section title={t("homes.rental")}>
        <ReadState loading={rentals.isPending} error={rentals.error} />
        {rentals.data && !rental && <p>{t("homes.notRented")}</p>}
        {rental && <RentalView rental={rental} />}
      </Section>
    </>
  );
}

function RentalView({ rental }: { rental: Rental }) {
  const { t } = useI18n();
  const online = useOnline();
  const [movingIn, setMovingIn] = useState(false);
  const [movingOut, setMovingOut] = useState<string | null>(null);
  // Said in the page, not a toast: antd-mobile's imperative Toast needs ReactDOM.render (gone in React 19).
  const [saved, setSaved] = useState(false);
  const closeIn = (done: boolean) => {
    setMovingIn(false);
    setSaved(done);
  };
  const closeOut = (done: boolean) => {
    setMovingOut(null);
    setSaved(done);
  };
  const living = rental.tenants.filter((x) => x.movedOutOn === null);
  const past = rental.tenants.filter((x) => x.movedOutOn !== null);
  return (
    <div data-testid="homes-rental">
      <h3 style={{ fontSize: 16, margin: "0 0 4px" }}>{t("homes.landlord")}</h3>
      <PersonLine person={rental.landlord} testId="homes-landlord" />
      <p style={{ margin: "4px 0 12px", color: "#595959" }}>{t("homes.since", { day: rental.startsOn })}</p>
      <h3 style={{ fontSize: 16, margin: "0 0 4px" }}>{t("homes.tenants")}</h3>
      {living.length === 0 && <p>{t("homes.noTenants")}</p>}
      {living.map((x) => (
        <div key={x.id} data-testid="homes-tenant-row">
          <PersonLine
            person={x.person}
            testId="homes-tenant"
            extra={
              <span style={{ display: "block", fontSize: 15, fontWeight: 400, color: "#595959" }}>
                {t("homes.livingSince", { day: x.movedInOn })}
              </span>
            }
          />
          {movingOut === x.id ? (
            <MoveOutForm rental={rental} tenantId={x.id} movedInOn={x.movedInOn} onDone={closeOut} />
          ) : (
            <Button
              size="small"
              style={{ margin: "8px 0", minHeight: 44, fontSize: 16 }}
              disabled={!online}
              onClick={() => {
                setSaved(false);
                setMovingOut(x.id);
              }}
            >
              {t("homes.moveOut")}
            </Button>
          )}
        </div>
      ))}
      {saved && (
        <p role="status" data-testid="homes-saved" style={{ color: "#237804", fontWeight: 600 }}>
          {t("homes.saved")}
        </p>
      )}
      {!online && (
        <p role="status" data-testid="homes-offline" style={{ color: "#ad4e00", fontWeight: 600 }}>
          {t("homes.offline")}
        </p>
      )}
      {movingIn ? (
        <MoveInForm rental={rental} onDone={closeIn} />
      ) : (
        <Button
          block
          color="primary"
          style={{ ...BIG, marginTop: 12 }}
          disabled={!online || rental.endsOn !== null}
          onClick={() => {
            setSaved(false);
            setMovingIn(true);
          }}
        >
          {t("homes.moveIn")}
        </Button>
      )}
      {past.length > 0 && (
        <>
          <h3 style={{ fontSize: 16, margin: "16px 0 4px" }}>{t("homes.pastTenants")}</h3>
          {past.map((x) => (
            <PersonLine
              key={x.id}
              person={x.person}
              extra={
                <span style={{ display: "block", fontSize: 15, fontWeight: 400, color: "#595959" }}>
                  {t("homes.stayed", { from: x.movedInOn, to: x.movedOutOn ?? "" })}
                </span>
              }
            />
          ))}
        </>
      )}
    </div>
  );
}

/** A failed write's words: offline, or the server's reason in the reader's language. */
function useProblem() {
  const { t } = useI18n();
  const errorText = useErrorText();
  return (err: unknown): string =>
    err instanceof ApiError && err.status === 0 ? t("homes.offline") : errorText(err);
}

function MoveInForm(props: { rental: Rental; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const online = useOnline();
  const problemOf = useProblem();
  // One key per form: a second tap, or a retry after the answer was lost, moves nobody in twice.
  const [key] = useState(randomKey);
  const [name, setName] = useState("");
  const [idNumber, setIdNumber] = useState("");
  const [phone, setPhone] = useState("");
  const [movedInOn, setMovedInOn] = useState(todayInChina);
  const [problem, setProblem] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<"name" | "numbers" | null>(null);
  const nameAria = useInputAria(true, invalid === "name");
  const idAria = useInputAria(false, invalid === "numbers");
  const phoneAria = useInputAria(false, invalid === "numbers");
  const send = useWrite(
    (body: AddTenant) =>
      api<{ id: string }>(`/rentals/${props.rental.id}/tenants`, {
        method: "POST",
        body,
        headers: { "idempotency-key": key },
      }),
    ["/rentals", "/households", "/buildings"],
  );

  const submit = async () => {
    setProblem(null);
    setInvalid(null);
    if (!name.trim()) {
      setInvalid("name");
      setProblem(t("homes.nameRequired"));
      return;
    }
    if (!idNumber.trim() && !phone.trim()) {
      setInvalid("numbers");
      setProblem(t("homes.numbersRequired"));
      return;
    }
    try {
      await send.mutateAsync({
        person: {
          name: name.trim(),
          ...(idNumber.trim() ? { idNumber: idNumber.trim() } : {}),
          ...(phone.trim() ? { phone: phone.trim() } : {}),
        },
        movedInOn,
      });
      props.onDone(true);
    } catch (err) {
      // A number the server refuses (its format, or one registered elsewhere) marks the numbers.
      const fields = err instanceof ApiError ? err.details.map((d) => d.field ?? "") : [];
      if (
        fields.some((f) => /idNumber|phone/.test(f)) ||
        (err instanceof ApiError && /^person_/.test(err.code))
      )
        setInvalid("numbers");
      setProblem(problemOf(err));
    }
  };

  return (
    <form
      aria-label={t("homes.moveIn")}
      data-testid="move-in-form"
      style={{ marginTop: 16 }}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 style={{ fontSize: 17, margin: "0 0 12px" }}>{t("homes.moveIn")}</h3>
      <FormField id="tenant-name" label={t("homes.name")} required invalid={invalid === "name"}>
        <Input
          id="tenant-name"
          value={name}
          onChange={setName}
          maxLength={50}
          {...nameAria}
          style={{ "--font-size": "17px" } as CSSProperties}
        />
      </FormField>
      <FormField id="tenant-id" label={t("homes.idNumber")} invalid={invalid === "numbers"}>
        <Input
          id="tenant-id"
          value={idNumber}
          onChange={setIdNumber}
          maxLength={40}
          placeholder={t("homes.idNumberHint")}
          {...idAria}
          style={{ "--font-size": "17px" } as CSSProperties}
        />
      </FormField>
      <FormField id="tenant-phone" label={t("homes.phone")} invalid={invalid === "numbers"}>
        <Input
          id="tenant-phone"
          type="tel"
          value={phone}
          onChange={setPhone}
          maxLength={20}
          placeholder={t("homes.phoneHint")}
          {...phoneAria}
          style={{ "--font-size": "17px" } as CSSProperties}
        />
      </FormField>
      <FormField id="tenant-moved-in" label={t("homes.movedIn")}>
        <DayInput
          id="tenant-moved-in"
          value={movedInOn}
          min={props.rental.startsOn}
          onChange={setMovedInOn}
        />
      </FormField>
      <FormProblem problem={problem} />
      <CancelSave onCancel={() => props.onDone(false)} busy={send.isPending} online={online} />
    </form>
  );
}

/** A day no later than today (China time), as the tenant forms ask for one. */
function DayInput(props: { id: string; value: string; min: string; onChange: (day: string) => void }) {
  return (
    <input
      id={props.id}
      type="date"
      required
      value={props.value}
      min={props.min}
      max={todayInChina()}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      style={{ fontSize: 17, border: "none", width: "100%", background: "transparent" }}
    />
  );
}

/** The tenant forms' two big buttons; saving waits for the network (these forms are online only). */
function CancelSave(props: { onCancel: () => void; busy: boolean; online: boolean }) {
  const { t } = useI18n();
  return (
    <div style={{ display: "flex", gap: 8 }}>
      <Button style={{ ...BIG, flex: 1 }} onClick={props.onCancel}>
        {t("homes.cancel")}
      </Button>
      <Button
        type="submit"
        color="primary"
        style={{ ...BIG, flex: 2 }}
        loading={props.busy}
        disabled={!props.online}
      >
        {t("homes.save")}
      </Button>
    </div>
  );
}

function MoveOutForm(props: {
  rental: Rental;
  tenantId: string;
  movedInOn: string;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const online = useOnline();
  const problemOf = useProblem();
  const [movedOutOn, setMovedOutOn] = useState(todayInChina);
  const [problem, setProblem] = useState<string | null>(null);
  const send = useWrite(
    (day: string) =>
      api(`/rentals/${props.rental.id}/tenants/${props.tenantId}/move-out`, {
        method: "POST",
        body: { movedOutOn: day },
      }),
    ["/rentals", "/households", "/buildings"],
  );
  const submit = async () => {
    setProblem(null);
    try {
      await send.mutateAsync(movedOutOn);
      props.onDone(true);
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  const id = `tenant-moved-out-${props.tenantId}`;
  return (
    <form
      aria-label={t("homes.moveOut")}
      data-testid="move-out-form"
      style={{ margin: "8px 0" }}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <FormField id={id} label={t("homes.movedOut")}>
        <DayInput id={id} value={movedOutOn} min={props.movedInOn} onChange={setMovedOutOn} />
      </FormField>
      <FormProblem problem={problem} />
      <CancelSave onCancel={() => props.onDone(false)} busy={send.isPending} online={online} />
    </form>
  );
}
