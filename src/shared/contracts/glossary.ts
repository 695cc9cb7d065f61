/**
 * The glossary: one term per concept, in Chinese and English, for everything a person reads —
 * the console and the phone pages (src/web/shared/i18n/domain.ts and the apps' dictionaries), the
 * server's sentences for residents (src/modules/cases/resident-wording.ts) and the printed case
 * documents (src/modules/case-documents/words.ts) all take their terms from here.
 *
 * `SYNONYMS` lists the words that were used for the same concepts before the glossary settled
 * them (已派单 for 已派发, 退单 for 退回, "assigned" for a case dispatched…); a test
 * (glossary.test.ts) fails when one of them appears in a dictionary or a server wording file.
 * Entries are plain data so the server and both web apps can read them; the consumers' records
 * over the server's unions (`Record<CaseStatus, string>`) check that every code has a term.
 */

/** A term in both languages. */
export interface Term {
  zh: string;
  en: string;
}

const term = (zh: string, en: string): Term => ({ zh, en });

export const GLOSSARY = {
  /** The case's states (the state table's statuses). */
  caseStatus: {
    triage: term("待分拨", "In triage"),
    dispatched: term("已派发", "Dispatched"),
    handling: term("办理中", "Being handled"),
    replied: term("已答复", "Replied"),
    supervisor_review: term("督办复核", "Supervisor review"),
    closed: term("已办结", "Closed"),
    rejected: term("不予受理", "Not accepted"),
    merged: term("已合并", "Merged"),
  },
  /** The case's actions, and `triage` (the dispatcher's categorising, an event but no move). */
  caseAction: {
    intake: term("受理", "Received"),
    answer_on_spot: term("当场办结", "Answered on the spot"),
    triage: term("研判", "Triaged"),
    dispatch: term("派发", "Dispatch"),
    redispatch: term("改派", "Redispatch"),
    reject: term("不予受理", "Reject"),
    merge: term("合并", "Merge"),
    respond: term("响应（联系群众）", "Respond (contact log)"),
    reply: term("答复", "Reply"),
    send_back: term("退回", "Send back"),
    escalate: term("上报", "Escalate"),
    whistle: term("吹哨", "Whistle departments"),
    report: term("报到", "Report in"),
    request_extension: term("申请延期", "Request extension"),
    decide_extension: term("审批延期", "Decide extension"),
    verify: term("核查", "Verify"),
    evaluate: term("回访评价", "Record evaluation"),
    evaluate_merged: term("评价（合并件）", "Evaluation (merged)"),
    transfer_to_mediation: term("转人民调解", "Transferred to mediation"),
    supervisor_decide: term("复核决定", "Review decision"),
    close: term("办结", "Close"),
    urge: term("催办", "Urge"),
    deadline_warning: term("临期预警", "Deadline warning"),
    deadline_overdue: term("超期", "Overdue"),
  },
  /** Where an appeal came in. */
  channel: {
    web: term("网页", "Web"),
    app: term("App", "App"),
    hotline: term("热线", "Hotline"),
    talk_station: term("说事站", "Talk station"),
    talk_site: term("说事点", "Talk site"),
    talk_box: term("说事箱", "Talk box"),
    patrol: term("巡查发现", "Patrol"),
    open311: term("Open311", "Open311"),
  },
  contactMethod: {
    phone: term("电话", "Phone"),
    visit: term("上门", "Visit"),
    sms: term("短信", "SMS"),
    other: term("其他", "Other"),
  },
  /** Who took a step no staff account took (a timeline event's label). */
  eventActor: {
    resident: term("群众", "Resident"),
    system: term("系统", "System"),
    open311: term("Open311 接入", "Open311"),
  },
  rejectReason: {
    in_court: term("已进入诉讼程序", "In court"),
    redirect_110: term("应由 110 处置", "A matter for 110"),
    duplicate: term("重复诉求", "Duplicate"),
    out_of_scope: term("不属于受理范围", "Out of scope"),
    other: term("其他", "Other"),
  },
  satisfaction: {
    satisfied: term("满意", "Satisfied"),
    basically_satisfied: term("基本满意", "Basically satisfied"),
    unsatisfied: term("不满意", "Unsatisfied"),
  },
  role: {
    resident: term("群众", "Resident"),
    operator: term("话务员", "Operator"),
    grid_worker: term("网格员", "Grid worker"),
    grid_assistant: term("网格助理员", "Grid assistant"),
    village_staff: term("村/社区工作人员", "Village staff"),
    township_dispatcher: term("乡镇综治中心调度员", "Township dispatcher"),
    department_handler: term("部门办理员", "Department handler"),
    supervisor: term("督办员", "Supervisor"),
    admin: term("系统管理员", "Administrator"),
    partner: term("合作方", "Partner"),
  },
  /** The kinds of unit (organisation). */
  orgKind: {
    city_centre: term("市综治中心", "City centre"),
    county_centre: term("县综治中心", "County centre"),
    township_centre: term("乡镇综治中心", "Township centre"),
    department: term("职能部门", "Department"),
    village_committee: term("村（居）委会", "Village committee"),
    grid_post: term("网格工作站", "Grid post"),
  },
  handlingLevel: {
    grid: term("网格", "Grid"),
    village: term("村（社区）", "Village"),
    township: term("乡镇（街道）", "Township"),
    department: term("部门", "Department"),
  },
  /** A dispute's states in the mediation workflow. */
  disputeStatus: {
    registered: term("已登记", "Registered"),
    accepted: term("已受理", "Accepted"),
    in_mediation: term("调解中", "In mediation"),
    settled_written: term("调解成功（书面协议）", "Settled (written agreement)"),
    settled_oral: term("调解成功（口头协议）", "Settled (oral agreement)"),
    not_settled: term("调解不成", "Not settled"),
    follow_up: term("回访中", "Follow-up"),
    archived: term("已归档", "Archived"),
  },
  /** A planned visit's states, and the month's screening of a village. */
  visitStatus: {
    planned: term("待走访", "To visit"),
    done: term("已走访", "Visited"),
  },
  /** A resident's correction request (更正申请) about what the register holds. */
  correctionStatus: {
    submitted: term("待处理", "Awaiting handling"),
    done: term("已更正", "Corrected"),
    declined: term("不予更正", "Not corrected"),
  },
  /** What a correction request is about. */
  correctionField: {
    name: term("姓名", "Name"),
    sex: term("性别", "Sex"),
    birthDate: term("出生日期", "Date of birth"),
    phone: term("联系电话", "Phone"),
    address: term("居住地址", "Address"),
    registeredResidence: term("户籍地", "Registered residence"),
    other: term("其他", "Other"),
  },
  screeningState: {
    done: term("已排查", "Screened"),
    pending: term("未排查", "Not screened"),
    overdue: term("逾期未排查", "Overdue"),
  },
  /** Words that are not a code's name but recur: the things the workflow is about. */
  noun: {
    appeal: term("诉求", "appeal"),
    case: term("案件", "case"),
    unit: term("单位", "unit"),
    dispute: term("纠纷", "dispute"),
    dispatchDesk: term("派发台", "Dispatch desk"),
    dispatchCatalogue: term("派发目录", "Dispatch catalogue"),
  },
} as const satisfies Record<string, Record<string, Term>>;

export type GlossaryKind = keyof typeof GLOSSARY;

/** One language's terms of a kind, keyed by code: `termsOf("caseStatus", "zh").triage`. */
export function termsOf<K extends GlossaryKind>(
  kind: K,
  lang: keyof Term,
): { [C in keyof (typeof GLOSSARY)[K]]: string } {
  const out: Record<string, string> = {};
  for (const [code, t] of Object.entries(GLOSSARY[kind] as Record<string, Term>)) out[code] = t[lang];
  return out as { [C in keyof (typeof GLOSSARY)[K]]: string };
}

/** Chinese and English terms of one kind, for the shorthand `zh.caseStatus.closed`. */
export const zhTerms = Object.fromEntries(
  Object.keys(GLOSSARY).map((k) => [k, termsOf(k as GlossaryKind, "zh")]),
) as { [K in GlossaryKind]: { [C in keyof (typeof GLOSSARY)[K]]: string } };
export const enTerms = Object.fromEntries(
  Object.keys(GLOSSARY).map((k) => [k, termsOf(k as GlossaryKind, "en")]),
) as { [K in GlossaryKind]: { [C in keyof (typeof GLOSSARY)[K]]: string } };

/**
 * Words settled against: each pattern matches a variant that once named a glossary concept. The
 * Chinese ones apply to the Chinese words, the English ones to the English words.
 */
export const SYNONYMS: readonly { lang: keyof Term; variant: RegExp; use: string }[] = [
  { lang: "zh", variant: /派单/u, use: "派发 (caseAction.dispatch)" },
  { lang: "zh", variant: /待分派/u, use: "待分拨 (caseStatus.triage)" },
  { lang: "zh", variant: /已分拨/u, use: "已派发 (caseStatus.dispatched)" },
  { lang: "zh", variant: /督办审核/u, use: "督办复核 (caseStatus.supervisor_review)" },
  { lang: "zh", variant: /退单/u, use: "退回 (caseAction.send_back)" },
  { lang: "zh", variant: /结案/u, use: "办结 (caseAction.close)" },
  { lang: "zh", variant: /回复/u, use: "答复 (caseAction.reply)" },
  { lang: "zh", variant: /核实/u, use: "核查 (caseAction.verify)" },
  { lang: "zh", variant: /督办复核中/u, use: "督办复核 (caseStatus.supervisor_review)" },
  // 居民身份证 and 港澳/台湾居民来往… are the documents' own names.
  { lang: "zh", variant: /居民(?!身份证|来往)/u, use: "群众 (role.resident)" },
  { lang: "zh", variant: /市民/u, use: "群众 (role.resident)" },
  { lang: "en", variant: /^Assigned$/u, use: "Dispatched (caseStatus.dispatched)" },
  { lang: "en", variant: /\bcase assigned\b/iu, use: "dispatched (caseAction.dispatch)" },
  { lang: "en", variant: /\bassigned again\b/iu, use: "dispatched again (caseAction.dispatch)" },
  { lang: "en", variant: /\bre-?assign/iu, use: "redispatch (caseAction.redispatch)" },
  { lang: "en", variant: /\bre-dispatch/iu, use: "redispatch (caseAction.redispatch)" },
  { lang: "en", variant: /\bcitizens?\b/iu, use: "resident (role.resident)" },
  { lang: "en", variant: /\bgrid officers?\b/iu, use: "grid worker (role.grid_worker)" },
  { lang: "en", variant: /\bcomplaints?\b/iu, use: "appeal (noun.appeal)" },
];

/** A text found in a dictionary or a wording file, its language, and where it was found. */
export interface FoundText {
  at: string;
  lang: keyof Term;
  text: string;
}

/**
 * Every string inside a value (records, arrays, `{ zh, en }` pairs) with where it was found; a
 * string's language is the nearest `zh`/`en` key above it, else `lang` (null: skipped).
 */
export function textsIn(value: unknown, at: string, lang: keyof Term | null): FoundText[] {
  if (typeof value === "string") return lang === null ? [] : [{ at, lang, text: value }];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    textsIn(inner, `${at}.${key}`, key === "zh" || key === "en" ? key : lang),
  );
}

/** The synonyms of glossary terms among the texts, one line each (where, the text, the term to use). */
export function synonymsIn(found: readonly FoundText[]): string[] {
  return found.flatMap(({ at, lang, text }) =>
    SYNONYMS.filter((s) => s.lang === lang && s.variant.test(text)).map(
      (s) => `${at}: "${text}" — use ${s.use}`,
    ),
  );
}
