/**
 * "My data" (我的信息, residents' rights): for a resident signed in with their phone, what the
 * register holds about the persons whose phone is theirs (numbers partly hidden: a family may
 * share one phone), who in the government read it in full, a correction request per person, and
 * the requests made with their state.
 */
import { Button, DotLoading } from "antd-mobile";
import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError } from "../../shared/api.js";
import { useErrorText } from "../../shared/i18n/names.js";
import type { CorrectionField, MyPerson } from "../../shared/contracts.js";
import { useI18n, type MobileKey } from "../i18n/index.js";
import { useAskCorrection, useMyCorrections, useMyReads, useMyRegister } from "./api.js";
import { formatWhen } from "./plain-words.js";
import { setResidentSession, useResidentSession } from "./session.js";
import { RequiredMark } from "../shared/RequiredMark.js";

const FIELDS = {
  name: "mydata.what.name",
  sex: "mydata.what.sex",
  birthDate: "mydata.what.birthDate",
  phone: "mydata.what.phone",
  address: "mydata.what.address",
  registeredResidence: "mydata.what.registeredResidence",
  other: "mydata.what.other",
} as const satisfies Record<CorrectionField, MobileKey>;
const STATUS = {
  submitted: "mydata.status.submitted",
  done: "mydata.status.done",
  declined: "mydata.status.declined",
} as const satisfies Record<"submitted" | "done" | "declined", MobileKey>;
const SEX = { male: "mydata.sex.male", female: "mydata.sex.female" } as const satisfies Record<
  NonNullable<MyPerson["sex"]>,
  MobileKey
>;
type Household = NonNullable<MyPerson["household"]>;
const HOUSEHOLD_TYPE = {
  registered: "mydata.householdType.registered",
  floating: "mydata.householdType.floating",
  other: "mydata.householdType.other",
} as const satisfies Record<Household["type"], MobileKey>;
const RELATION = {
  head: "mydata.relation.head",
  spouse: "mydata.relation.spouse",
  child: "mydata.relation.child",
  parent: "mydata.relation.parent",
  grandparent: "mydata.relation.grandparent",
  grandchild: "mydata.relation.grandchild",
  sibling: "mydata.relation.sibling",
  child_in_law: "mydata.relation.child_in_law",
  other: "mydata.relation.other",
} as const satisfies Record<Household["relation"], MobileKey>;

function Row({ label, value }: { label: string; value: string | null }) {
  const { t } = useI18n();
  return (
    <>
      <dt>{label}</dt>
      <dd>{value ?? <span className="mg-muted">{t("mydata.empty")}</span>}</dd>
    </>
  );
}

function CorrectionForm({ person, onClose }: { person: MyPerson; onClose: (sent: boolean) => void }) {
  const { t } = useI18n();
  const ask = useAskCorrection();
  const errorText = useErrorText();
  // No field chosen at first: a default would send a new address as a correction of the name.
  const [field, setField] = useState<CorrectionField | "">("");
  const [proposed, setProposed] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const id = `correct-${person.id}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (field === "") {
      setError(t("mydata.correct.fieldRequired"));
      return;
    }
    if (proposed.trim() === "") {
      setError(t("mydata.correct.required"));
      return;
    }
    setError(null);
    try {
      await ask.mutateAsync({
        personId: person.id,
        field,
        proposed: proposed.trim(),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onClose(true);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="correction-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("mydata.correct.title", { name: person.name })}</h3>
      <div className="mg-field">
        <label htmlFor={`${id}-field`}>
          <RequiredMark />
          {t("mydata.correct.field")}
        </label>
        <select
          id={`${id}-field`}
          className="mg-input"
          value={field}
          onChange={(e) => setField(e.target.value as CorrectionField | "")}
          aria-required="true"
          aria-invalid={error && field === "" ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid="correction-field"
        >
          <option value="" disabled>
            {t("mydata.correct.choose")}
          </option>
          {(Object.keys(FIELDS) as CorrectionField[]).map((f) => (
            <option key={f} value={f}>
              {t(FIELDS[f])}
            </option>
          ))}
        </select>
      </div>
      <div className="mg-field">
        <label htmlFor={`${id}-proposed`}>
          <RequiredMark />
          {t("mydata.correct.proposed")}
        </label>
        <input
          id={`${id}-proposed`}
          className="mg-input"
          maxLength={200}
          value={proposed}
          onChange={(e) => setProposed(e.target.value)}
          aria-required="true"
          aria-invalid={error && field !== "" ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid="correction-proposed"
        />
      </div>
      <div className="mg-field">
        <label htmlFor={`${id}-note`}>{t("mydata.correct.note")}</label>
        <textarea
          id={`${id}-note`}
          className="mg-textarea"
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      {error && (
        <p id={`${id}-error`} className="mg-field-error" role="alert">
          {error}
        </p>
      )}
      <div style={{ display: "flex", gap: 8 }}>
        <Button type="submit" color="primary" loading={ask.isPending} data-testid="correction-submit">
          {t("mydata.correct.submit")}
        </Button>
        <Button type="button" onClick={() => onClose(false)}>
          {t("mydata.correct.cancel")}
        </Button>
      </div>
    </form>
  );
}

function PersonCard({ person }: { person: MyPerson }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState(false);
  const h = person.household;
  return (
    <section className="mg-card" aria-labelledby={`person-${person.id}`} data-testid="my-person">
      <h2 id={`person-${person.id}`}>{person.name}</h2>
      <dl className="mg-facts">
        <Row label={t("mydata.field.sex")} value={person.sex ? t(SEX[person.sex]) : null} />
        <Row label={t("mydata.field.birthDate")} value={person.birthDate} />
        <Row label={t("mydata.field.idNumber")} value={person.idNumber} />
        <Row label={t("mydata.field.phone")} value={person.phone} />
        <Row
          label={t("mydata.field.address")}
          value={[person.region.name, person.address].filter(Boolean).join(" ")}
        />
        <Row label={t("mydata.field.registeredResidence")} value={person.registeredResidence} />
        <Row
          label={t("mydata.field.household")}
          value={
            h
              ? t("mydata.household", { type: t(HOUSEHOLD_TYPE[h.type]), relation: t(RELATION[h.relation]) })
              : null
          }
        />
        {h && h.members.length > 0 && (
          <Row
            label={t("mydata.field.members")}
            value={h.members
              .map((m) => t("mydata.member", { name: m.name, relation: t(RELATION[m.relation]) }))
              .join(t("mydata.sep"))}
          />
        )}
        {person.careTags.length > 0 && (
          <Row
            label={t("mydata.field.careTags")}
            value={person.careTags
              .map((c) =>
                t("mydata.careTag", { name: lang === "en" ? c.type.nameEn : c.type.nameZh, date: c.since }),
              )
              .join(t("mydata.sep"))}
          />
        )}
      </dl>
      {sent && !open && (
        <p className="mg-alert mg-success" role="status" data-testid="correction-sent">
          {t("mydata.correct.sent")}
        </p>
      )}
      {open ? (
        <CorrectionForm
          person={person}
          onClose={(done) => {
            setOpen(false);
            setSent(done);
          }}
        />
      ) : (
        <Button block onClick={() => setOpen(true)} data-testid="correction-open">
          {t("mydata.correct")}
        </Button>
      )}
    </section>
  );
}

function Reads() {
  const { t, lang } = useI18n();
  const reads = useMyReads();
  const items = reads.data?.items;
  return (
    <section className="mg-card" aria-labelledby="reads-title" data-testid="my-reads">
      <h2 id="reads-title">{t("mydata.reads")}</h2>
      <p className="mg-muted">{t("mydata.reads.hint")}</p>
      {reads.isPending && <DotLoading />}
      {reads.error && (
        <div className="mg-alert" role="alert">
          {t("state.error")}
        </div>
      )}
      {items && items.length === 0 && <p className="mg-muted">{t("mydata.reads.none")}</p>}
      {items && items.length > 0 && (
        <ul className="mg-list">
          {items.map((r, i) => (
            <li key={`${r.at}-${i}`}>
              <div className="mg-row">
                <span className="mg-grow">
                  {t(r.kind === "reveal" ? "mydata.reads.reveal" : "mydata.reads.lookup", {
                    name: r.personName,
                  })}
                  <br />
                  <span className="mg-muted">
                    {[
                      formatWhen(r.at, lang),
                      r.unit
                        ? t("mydata.reads.unit", {
                            name: r.unit.name,
                            kind: lang === "en" ? r.unit.kind.en : r.unit.kind.zh,
                          })
                        : null,
                      r.roles.map((role) => (lang === "en" ? role.en : role.zh)).join(t("mydata.sep")),
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                    <br />
                    {r.reason ? t("mydata.reads.reason", { reason: r.reason }) : t("mydata.reads.noReason")}
                  </span>
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Corrections() {
  const { t, lang } = useI18n();
  const list = useMyCorrections();
  const items = list.data?.items;
  return (
    <section className="mg-card" aria-labelledby="corrections-title" data-testid="my-corrections">
      <h2 id="corrections-title">{t("mydata.corrections")}</h2>
      {list.isPending && <DotLoading />}
      {items && items.length === 0 && <p className="mg-muted">{t("mydata.corrections.none")}</p>}
      {items && items.length > 0 && (
        <ul className="mg-list">
          {items.map((c) => (
            <li key={c.id} data-status={c.status} data-testid="my-correction">
              <div className="mg-row">
                <span className="mg-grow">
                  {t("mydata.corrections.item", {
                    name: c.person.name,
                    field: t(FIELDS[c.field]),
                    proposed: c.proposed,
                  })}
                  <br />
                  <span className="mg-muted">
                    {/* When it was asked, or once handled, when it was handled. */}
                    <strong>{t(STATUS[c.status])}</strong> · {formatWhen(c.handledAt ?? c.createdAt, lang)}
                    {c.declineReason && (
                      <>
                        <br />
                        {t("mydata.corrections.reason", { reason: c.declineReason })}
                      </>
                    )}
                  </span>
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SignedIn() {
  const { t } = useI18n();
  const register = useMyRegister();
  const expired = register.error instanceof ApiError && register.error.status === 401;
  const notProven = register.error instanceof ApiError && register.error.status === 403;
  useEffect(() => {
    if (expired) setResidentSession(null);
  }, [expired]);
  if (notProven) {
    return (
      <div className="mg-card" role="status" data-testid="not-proven">
        <p>{t("mydata.notProven")}</p>
        <Link to="/signin">{t("my.signIn")}</Link>
      </div>
    );
  }
  const persons = register.data?.persons;
  return (
    <>
      <p className="mg-muted">{t("mydata.intro")}</p>
      {register.isPending && <DotLoading />}
      {register.error && !expired && (
        <div className="mg-alert" role="alert">
          {t("state.error")}
        </div>
      )}
      {persons && persons.length === 0 && (
        <p className="mg-card" data-testid="no-persons">
          {t("mydata.none")}
        </p>
      )}
      {persons?.map((p) => (
        <PersonCard key={p.id} person={p} />
      ))}
      {persons && <Reads />}
      {persons && <Corrections />}
    </>
  );
}

export default function MyDataPage() {
  const { t } = useI18n();
  const session = useResidentSession();
  const signedIn = session.status === "ready" ? session.session : null;
  return (
    <div data-testid="my-data-page">
      <h2 className="mg-page-title">{t("mydata.title")}</h2>
      {session.status === "loading" && <DotLoading />}
      {session.status === "ready" && !signedIn && (
        <section className="mg-card">
          <p className="mg-muted">{t("mydata.signInHint")}</p>
          <Link
            to="/signin"
            className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default"
          >
            {t("my.signIn")}
          </Link>
        </section>
      )}
      {signedIn && <SignedIn />}
    </div>
  );
}
