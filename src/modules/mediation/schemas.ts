/**
 * The mediation API's shapes (zod): requests as validated at the boundary, answers as presented.
 * The web's types come from here.
 */
import { z } from "zod";
import { isoDay, pastDay, pastMoment } from "../../shared/contracts/days.js";
import { CaseIdParams, IdempotencyHeaders, PhoneSchema } from "../cases/schemas.js";
import {
  AGREEMENT_FORMS,
  COMMITTEE_KINDS,
  COMMITTEE_LEVELS,
  DISPUTE_SOURCES,
  DISPUTE_STATUSES,
  JUDICIAL_DECISIONS,
  PARTY_ROLES,
  PERFORMANCES,
  REFERRAL_CHANNELS,
  RISK_LEVELS,
  SCREENING_RESULTS,
  SCREENING_STATUSES,
} from "./schema.js";
import { DISPUTE_ACTIONS } from "./state-table.js";
import { MAX_EXTENSION_DAYS } from "./settings.js";

export { IdempotencyHeaders };

const Text = (max: number) => z.string().trim().min(1).max(max);
const Day = isoDay();
const Version = z.number().int().min(0);

export const PartyInput = z.object({
  role: z.enum(PARTY_ROLES),
  name: Text(100),
  /** Sealed (./party-phones.ts), masked in every answer; the repeat-party rule matches its blind index. */
  phone: PhoneSchema.transform((p) => p.replace(/[^0-9+]/g, "")).nullish(),
  /** A person of the people-and-places register (issue 13), when there is one. */
  personId: z.uuid().nullish(),
});
export type PartyReq = z.infer<typeof PartyInput>;

const DisputeFields = {
  typeCode: Text(50),
  facts: Text(4000),
  amountInDispute: z.number().min(0).max(1e11).nullish(),
  riskLevel: z.enum(RISK_LEVELS).default("general"),
  parties: z.array(PartyInput).min(1).max(20),
  /** A mediator of the committee that receives the dispute, named at once (else the committee assigns). */
  mediatorId: z.uuid().nullish(),
};

/** Register from a walk-in (talk station), a screening or a visit/patrol. */
export const RegisterDisputeBody = z
  .object({
    source: z.enum(DISPUTE_SOURCES).exclude(["appeal"]),
    /** The village (or township, or a grid) where the dispute arose; within your scope. */
    regionCode: z.string().regex(/^\d{6,15}$/),
    ...DisputeFields,
    /**
     * The monthly screening task (排查) that found it (source `screening` only): a pending task is
     * recorded as found by this registration, a task already recorded as found takes it as a
     * further finding while its month lasts. Needs mediation.screen on the task's village.
     */
    screeningTaskId: z.uuid().nullish(),
  })
  .refine((b) => !b.screeningTaskId || b.source === "screening", {
    path: ["screeningTaskId"],
    message: "Only a dispute found in screening (source screening) belongs to a screening task",
  });
export type RegisterDisputeReq = z.infer<typeof RegisterDisputeBody>;

/** Convert an appeal: the case ends as transferred to mediation, the dispute links back to it. */
export const DisputeFromCaseBody = z.object({
  /** The case's uuid or number. */
  /** The appeal: its id (UUID) or its 12-digit number, as in a case's URL. */
  caseRef: CaseIdParams.shape.id,
  /** The case's version as seen (409 stale_case when someone acted first). */
  caseVersion: Version.optional(),
  ...DisputeFields,
  /** Defaults to the appeal's own description. */
  facts: Text(4000).optional(),
});
export type DisputeFromCaseReq = z.infer<typeof DisputeFromCaseBody>;

export const DisputeRefParams = z.object({ id: z.string().min(1).max(64) });

export const AssignBody = z.object({
  version: Version,
  mediatorId: z.uuid(),
  note: z.string().max(500).nullish(),
});
export const AcceptBody = z.object({ version: Version, note: z.string().max(500).nullish() });
export const DeclineBody = z.object({ version: Version, reason: Text(500) });
export const EscalateBody = z.object({ version: Version, reason: Text(500) });
export const SessionBody = z.object({
  version: Version,
  heldAt: pastMoment(),
  place: Text(200),
  participants: Text(500),
  notes: Text(8000),
  photoIds: z.array(z.string()).max(9).default([]),
});
export const ExtendBody = z.object({
  version: Version,
  days: z.number().int().min(1).max(MAX_EXTENSION_DAYS),
  /** How the parties consented (e.g. "双方当事人当场口头同意，已签字确认"). */
  consent: Text(500),
});
/** A new risk level and why (风险等级调整); raising to major alerts the township centre and the police. */
export const ChangeRiskBody = z.object({
  version: Version,
  riskLevel: z.enum(RISK_LEVELS),
  reason: Text(500),
});
export type ChangeRiskReq = z.infer<typeof ChangeRiskBody>;
export const SettleBody = z.object({
  version: Version,
  form: z.enum(AGREEMENT_FORMS),
  matters: Text(4000),
  agreed: Text(4000),
  performanceManner: Text(1000),
  performanceDueOn: Day.nullish(),
});
export const ReferBody = z.object({
  version: Version,
  channel: z.enum(REFERRAL_CHANNELS),
  receivingBody: Text(200),
  referredOn: pastDay(),
  note: z.string().max(1000).nullish(),
});
export const FollowUpBody = z.object({
  version: Version,
  followedOn: pastDay(),
  performed: z.enum(PERFORMANCES),
  notes: z.string().trim().max(2000).default(""),
});
export const JudicialBody = z
  .object({
    version: Version,
    appliedOn: pastDay(),
    court: Text(200),
    decision: z.enum(JUDICIAL_DECISIONS).nullish(),
    decidedOn: pastDay().nullish(),
  })
  .refine((b) => !b.decidedOn || b.decidedOn >= b.appliedOn, {
    path: ["decidedOn"],
    message: "must not be before the day of the application",
  });
export const ArchiveBody = z.object({ version: Version, note: z.string().max(500).nullish() });

export type AssignReq = z.infer<typeof AssignBody>;
export type AcceptReq = z.infer<typeof AcceptBody>;
export type DeclineReq = z.infer<typeof DeclineBody>;
export type EscalateReq = z.infer<typeof EscalateBody>;
export type SessionReq = z.infer<typeof SessionBody>;
export type ExtendReq = z.infer<typeof ExtendBody>;
export type SettleReq = z.infer<typeof SettleBody>;
export type ReferReq = z.infer<typeof ReferBody>;
export type FollowUpReq = z.infer<typeof FollowUpBody>;
export type JudicialReq = z.infer<typeof JudicialBody>;
export type ArchiveReq = z.infer<typeof ArchiveBody>;

export const DisputeListQuery = z.object({
  status: z.enum(DISPUTE_STATUSES).optional(),
  committeeId: z.uuid().optional(),
  /** Only the disputes of the committees I am a mediator of. */
  mine: z.stringbool().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type DisputeListReq = z.infer<typeof DisputeListQuery>;

const At = z.iso.datetime({ offset: true }).nullable();

export const DisputeListItemSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  source: z.enum(DISPUTE_SOURCES),
  typeCode: z.string(),
  /** The type's name in Chinese, and in English (for the phone's English pages). */
  typeName: z.string(),
  typeNameEn: z.string(),
  riskLevel: z.enum(RISK_LEVELS),
  status: z.enum(DISPUTE_STATUSES),
  regionCode: z.string(),
  regionName: z.string(),
  committeeId: z.uuid(),
  committeeName: z.string(),
  mediatorName: z.string().nullable(),
  dueAt: At,
  overdue: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  version: z.number().int(),
});
export type DisputeListItem = z.infer<typeof DisputeListItemSchema>;

export const DisputeListSchema = z.object({
  items: z.array(DisputeListItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Whether you are a serving mediator of some committee (else `mine` lists nothing: a grid worker sees the disputes of the area). */
  isMediator: z.boolean(),
});

export const PartySchema = z.object({
  id: z.uuid(),
  role: z.enum(PARTY_ROLES),
  /** Masked for roles that do not mediate. */
  name: z.string(),
  /** Always masked. */
  phone: z.string().nullable(),
  personId: z.uuid().nullable(),
});

/** Why the parties' phones are read in full (written to personal_data_reads). */
export const RevealPartiesBody = z.object({ reason: Text(200) });

export const RevealedPartiesSchema = z.object({
  parties: z.array(z.object({ id: z.uuid(), name: z.string(), phone: z.string().nullable() })),
});

export const DisputeDetailSchema = DisputeListItemSchema.extend({
  facts: z.string(),
  amountInDispute: z.string().nullable(),
  caseId: z.uuid().nullable(),
  mediatorId: z.uuid().nullable(),
  acceptedAt: At,
  extendedAt: At,
  extensionConsent: z.string().nullable(),
  settledAt: At,
  followUpDueAt: At,
  judicialDueAt: At,
  archivedAt: At,
  repeatAlertAt: At,
  parties: z.array(PartySchema),
  sessions: z.array(
    z.object({
      id: z.uuid(),
      heldAt: z.iso.datetime({ offset: true }),
      place: z.string(),
      participants: z.string(),
      notes: z.string(),
      photoIds: z.array(z.uuid()),
    }),
  ),
  agreement: z
    .object({
      form: z.enum(AGREEMENT_FORMS),
      matters: z.string(),
      agreed: z.string(),
      performanceManner: z.string(),
      performanceDueOn: z.string().nullable(),
      agreedAt: z.iso.datetime({ offset: true }),
    })
    .nullable(),
  referral: z
    .object({ channel: z.enum(REFERRAL_CHANNELS), receivingBody: z.string(), referredOn: z.string() })
    .nullable(),
  followUps: z.array(
    z.object({ followedOn: z.string(), performed: z.enum(PERFORMANCES), notes: z.string() }),
  ),
  judicialConfirmation: z
    .object({
      appliedOn: z.string(),
      court: z.string(),
      decision: z.enum(JUDICIAL_DECISIONS).nullable(),
      decidedOn: z.string().nullable(),
    })
    .nullable(),
  timeline: z.array(
    z.object({
      action: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string(),
      actorName: z.string().nullable(),
      note: z.string().nullable(),
      at: z.iso.datetime({ offset: true }),
    }),
  ),
  /** The actions offered to you now (the server still checks each). */
  allowedActions: z.array(z.enum(DISPUTE_ACTIONS)),
});
export type DisputeDetail = z.infer<typeof DisputeDetailSchema>;

export const DisputeCreatedSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(DISPUTE_STATUSES),
  riskLevel: z.enum(RISK_LEVELS),
  committeeName: z.string(),
  /**
   * Other disputes of the same parties within the repeat window (民转刑 prevention) that you may
   * open; the raised risk and the alerts count those elsewhere too, unnamed here.
   */
  repeatOf: z.array(z.string()),
  version: z.number().int(),
});
export type DisputeCreated = z.infer<typeof DisputeCreatedSchema>;

export const DisputeActionResultSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(DISPUTE_STATUSES),
  version: z.number().int(),
  dueAt: At,
});
export type DisputeActionResult = z.infer<typeof DisputeActionResultSchema>;

export const DisputeTypeListSchema = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      sortOrder: z.number().int(),
      active: z.boolean(),
    }),
  ),
});

/** A committee with its active mediators. */
export const CommitteeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  level: z.enum(COMMITTEE_LEVELS),
  kind: z.enum(COMMITTEE_KINDS),
  regionCode: z.string(),
  regionName: z.string(),
  mediators: z.array(
    z.object({ id: z.uuid(), name: z.string(), ruleOfLawLeader: z.boolean(), hasAccount: z.boolean() }),
  ),
});
export type Committee = z.infer<typeof CommitteeSchema>;
export const CommitteeListSchema = z.object({ items: z.array(CommitteeSchema) });

// ---- administration: committees, mediators, dispute types, the repeat-party window ----

/** A committee at a village, township or county (its level is the place's); professional kinds at county level only. */
export const NewCommitteeBody = z.object({
  regionCode: z.string().regex(/^\d{6,15}$/),
  kind: z.enum(COMMITTEE_KINDS).default("general"),
  /** Defaults to the place's name + 人民调解委员会 (or the professional field's words). */
  name: Text(100).optional(),
});
export type NewCommitteeReq = z.infer<typeof NewCommitteeBody>;
export const CommitteeChangeBody = z.object({ name: Text(100) });
export type CommitteeChangeReq = z.infer<typeof CommitteeChangeBody>;
export const CommitteeIdParams = z.object({ id: z.uuid() });

export const MediatorListQuery = z.object({
  committeeId: z.uuid().optional(),
  q: z.string().trim().min(1).max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type MediatorListReq = z.infer<typeof MediatorListQuery>;

export const MediatorViewSchema = z.object({
  id: z.uuid(),
  committeeId: z.uuid(),
  committeeName: z.string(),
  name: z.string(),
  /** Masked. */
  phone: z.string().nullable(),
  /** The mediator's account, by its sign-in name and display name. */
  account: z.object({ username: z.string(), displayName: z.string() }).nullable(),
  ruleOfLawLeader: z.boolean(),
  active: z.boolean(),
});
export type MediatorView = z.infer<typeof MediatorViewSchema>;
export const MediatorPageSchema = z.object({
  items: z.array(MediatorViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const NewMediatorBody = z.object({
  committeeId: z.uuid(),
  name: Text(100),
  phone: PhoneSchema.transform((p) => p.replace(/[^0-9+]/g, "")).nullish(),
  /** The sign-in name of the mediator's account, when they have one (in your area). */
  username: z.string().trim().min(1).max(64).nullish(),
  ruleOfLawLeader: z.boolean().default(false),
});
export type NewMediatorReq = z.infer<typeof NewMediatorBody>;
/** An empty patch is refused (400 "nothing to change"), as for accounts (`UpdateUserSchema`). */
const somethingToChange = (b: object) => Object.values(b).some((v) => v !== undefined);

export const MediatorChangeBody = z
  .object({
    name: Text(100).optional(),
    /** null clears it; absent keeps it. */
    phone: PhoneSchema.transform((p) => p.replace(/[^0-9+]/g, "")).nullish(),
    ruleOfLawLeader: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .refine(somethingToChange, { message: "nothing to change" });
export type MediatorChangeReq = z.infer<typeof MediatorChangeBody>;
export const MediatorIdParams = z.object({ id: z.uuid() });

export const DisputeTypeSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export const NewDisputeTypeBody = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
  nameZh: Text(50),
  nameEn: Text(80),
  sortOrder: z.number().int().min(0).max(10_000).default(100),
});
export type NewDisputeTypeReq = z.infer<typeof NewDisputeTypeBody>;
export const DisputeTypeChangeBody = z
  .object({
    nameZh: Text(50).optional(),
    nameEn: Text(80).optional(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
    active: z.boolean().optional(),
  })
  .refine(somethingToChange, { message: "nothing to change" });
export type DisputeTypeChangeReq = z.infer<typeof DisputeTypeChangeBody>;
export const DisputeTypeCodeParams = z.object({ code: z.string().min(1).max(40) });

/** The mediation settings an administrator keeps: the repeat-party window (民转刑 prevention). */
export const MediationSettingsSchema = z.object({ repeatWindowDays: z.number().int().min(1).max(3650) });
export type MediationSettings = z.infer<typeof MediationSettingsSchema>;

// ---- monthly screening (排查) ----

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month as YYYY-MM");

export const ScreeningListQuery = z.object({
  /** YYYY-MM; this month (China time) when absent. */
  month: Month.optional(),
});

export const ScreeningTaskParams = z.object({ id: z.uuid() });

/** A dispute found in the screening, registered in the same request (source `screening`). */
export const ScreeningDisputeInput = z.object({
  /** Where in the village it arose (the village itself, or a grid of it); the village when absent. */
  regionCode: z
    .string()
    .regex(/^\d{6,15}$/)
    .optional(),
  ...DisputeFields,
});

export const RecordScreeningBody = z
  .object({
    /** The task's version as seen (409 stale_screening when someone recorded first). */
    version: Version.optional(),
    result: z.enum(SCREENING_RESULTS),
    note: z.string().trim().max(1000).nullish(),
    /** Disputes found, registered with this record. */
    disputes: z.array(ScreeningDisputeInput).max(20).default([]),
    /** Disputes found and registered already (source screening, in the village, not linked yet). */
    disputeIds: z.array(z.uuid()).max(20).default([]),
  })
  .superRefine((b, ctx) => {
    const found = b.disputes.length + b.disputeIds.length;
    if (b.result === "none_found" && found > 0)
      ctx.addIssue({ code: "custom", path: ["disputes"], message: "None found names no dispute" });
    if (b.result === "found" && found === 0)
      ctx.addIssue({
        code: "custom",
        path: ["disputes"],
        message: "Found needs at least one dispute, registered here or linked",
      });
  });
export type RecordScreeningReq = z.output<typeof RecordScreeningBody>;

/** done / not done this month / the month ended unrecorded. */
export const SCREENING_STATES = ["done", "pending", "overdue"] as const;

export const ScreeningTaskSchema = z.object({
  id: z.uuid(),
  month: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  /** The township (street) the village lies in. */
  townshipName: z.string().nullable(),
  status: z.enum(SCREENING_STATUSES),
  result: z.enum(SCREENING_RESULTS).nullable(),
  state: z.enum(SCREENING_STATES),
  dueAt: z.iso.datetime({ offset: true }),
  recordedAt: At,
  note: z.string().nullable(),
  disputes: z.array(z.object({ id: z.uuid(), number: z.string(), status: z.enum(DISPUTE_STATUSES) })),
  version: z.number().int(),
  /** Whether you may record it (or register a further finding) now. */
  canRecord: z.boolean(),
});
export type ScreeningTaskItem = z.output<typeof ScreeningTaskSchema>;

export const ScreeningListSchema = z.object({
  month: z.string(),
  items: z.array(ScreeningTaskSchema),
  summary: z.object({
    total: z.number().int(),
    done: z.number().int(),
    pending: z.number().int(),
    overdue: z.number().int(),
    /** Of the done: how many found disputes, and how many disputes were found. */
    found: z.number().int(),
    disputesFound: z.number().int(),
  }),
});
export type ScreeningList = z.output<typeof ScreeningListSchema>;

/** The dispute figures' shapes (kept in their own file). */
export * from "./figures-schemas.js";

// ---- a resident's own disputes (GET /my/disputes): no other party's name or phone ----

const BothLanguages = z.object({ zh: z.string(), en: z.string() });

/** One of the resident's disputes in their list. */
export const OwnDisputeItemSchema = z.object({
  number: z.string(),
  type: BothLanguages,
  status: z.enum(DISPUTE_STATUSES),
  statusText: BothLanguages,
  committeeName: z.string(),
  registeredAt: z.string(),
  dueAt: z.string().nullable(),
  settledAt: z.string().nullable(),
});

export const OwnDisputeListSchema = z.object({ items: z.array(OwnDisputeItemSchema) });

export const OwnDisputeParams = z.object({ number: z.string().regex(/^\d{6,20}$/, "a dispute number") });

/** One dispute as a party sees it: their own row named, the others by role only. */
export const OwnDisputeSchema = OwnDisputeItemSchema.extend({
  acceptedAt: z.string().nullable(),
  parties: z.array(
    z.object({
      mine: z.boolean(),
      role: BothLanguages,
      /** Only on the resident's own row. */
      name: z.string().nullable(),
    }),
  ),
  sessions: z.array(z.object({ heldAt: z.string(), place: z.string() })),
  agreement: z
    .object({ written: z.boolean(), agreedAt: z.string(), performanceDueOn: z.string().nullable() })
    .nullable(),
  followUpDueAt: z.string().nullable(),
  referral: z
    .object({ channel: BothLanguages, receivingBody: z.string(), referredOn: z.string() })
    .nullable(),
  timeline: z.array(z.object({ at: z.string(), text: BothLanguages })),
});
