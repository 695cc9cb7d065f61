/**
 * The domain's words, one name per code in each language, shared by the console and the mobile
 * pages so that a status, a role or an error reads the same everywhere (one term per concept).
 * Each kind is a record over the server's own union (from the schemas), so a code the server adds
 * is a type error here until it has a name in both languages; the records' keys are also the
 * lists the pages offer (`codesOf`).
 */
import type { ErrorCode } from "../../../shared/contracts/error-codes.js";
import type {
  CaseAction,
  CaseChannel,
  CaseStatus,
  ContactMethod,
  DeadlineKind,
  HandlingLevel,
  OrganisationKind,
  RejectReason,
  Role,
  Satisfaction,
} from "../contracts.js";

/** What the web itself can fail with before the server answers (no network). */
export type ClientErrorCode = "network";

/** The kinds of code and the union each one names. */
interface Kinds {
  caseStatus: CaseStatus;
  /** The state table's actions, and `triage` (the event a triage writes). */
  caseAction: CaseAction | "triage";
  channel: CaseChannel;
  contactMethod: ContactMethod;
  rejectReason: RejectReason;
  satisfaction: Satisfaction;
  role: Role;
  orgKind: OrganisationKind;
  handlingLevel: HandlingLevel;
  deadlineKind: DeadlineKind;
  error: ErrorCode | ClientErrorCode;
}

type DomainShape = { [K in keyof Kinds]: Record<Kinds[K], string> };

const zh = {
  caseStatus: {
    triage: "待分拨",
    dispatched: "已派发",
    handling: "办理中",
    replied: "已答复",
    supervisor_review: "督办复核",
    closed: "已办结",
    rejected: "不予受理",
    merged: "已合并",
  },
  caseAction: {
    intake: "受理",
    triage: "研判",
    dispatch: "派单",
    redispatch: "改派",
    reject: "不予受理",
    merge: "合并",
    respond: "响应（联系群众）",
    reply: "答复",
    send_back: "退单",
    escalate: "上报",
    whistle: "吹哨",
    report: "报到",
    request_extension: "申请延期",
    decide_extension: "审批延期",
    verify: "核查",
    evaluate: "回访评价",
    evaluate_merged: "评价（合并件）",
    supervisor_decide: "复核决定",
    close: "结案",
    urge: "催办",
    deadline_warning: "临期预警",
    deadline_overdue: "超期",
  },
  channel: {
    web: "网页",
    app: "App",
    hotline: "热线",
    talk_station: "说事站",
    talk_site: "说事点",
    talk_box: "说事箱",
    patrol: "巡查发现",
    open311: "Open311",
  },
  contactMethod: { phone: "电话", visit: "上门", sms: "短信", other: "其他" },
  rejectReason: {
    in_court: "已进入诉讼程序",
    redirect_110: "应由 110 处置",
    duplicate: "重复诉求",
    out_of_scope: "不属于受理范围",
    other: "其他",
  },
  satisfaction: { satisfied: "满意", basically_satisfied: "基本满意", unsatisfied: "不满意" },
  role: {
    resident: "群众",
    operator: "话务员",
    grid_worker: "网格员",
    grid_assistant: "网格助理员",
    village_staff: "村/社区工作人员",
    township_dispatcher: "乡镇综治中心调度员",
    department_handler: "部门办理员",
    supervisor: "督办员",
    admin: "系统管理员",
    partner: "合作方",
  },
  orgKind: {
    city_centre: "市综治中心",
    county_centre: "县综治中心",
    township_centre: "乡镇综治中心",
    department: "职能部门",
    village_committee: "村（居）委会",
    grid_post: "网格工作站",
  },
  handlingLevel: { grid: "网格", village: "村（社区）", township: "乡镇（街道）", department: "部门" },
  deadlineKind: { calendar: "自然时", working: "工作时" },
  error: {
    validation_failed: "提交的内容有误，请检查标出的项目",
    malformed_json: "请求的格式有误",
    bad_content_length: "请求没有完整送达，请重试",
    payload_too_large: "文件或内容太大",
    unsupported_media_type: "不接受这种文件或内容类型",
    bad_request: "请求有误，未被接受",
    not_found: "找不到该内容，或不在您的管辖范围内",
    forbidden: "您的角色无权执行此操作",
    unauthorized: "请先登录",
    too_many_requests: "操作太频繁，请稍后再试",
    csrf_failed: "页面已过期，请刷新后重试",
    invalid_text: "文字中含有无法保存的字符",
    concurrent_update: "有人同时修改了相同的数据，请重试",
    internal: "服务器出错了，已记录，请稍后再试",
    database_unavailable: "数据库暂时无法访问，请稍后再试",
    web_not_built: "网页尚未构建",
    invalid_credentials: "用户名或密码不正确",
    account_locked: "登录失败次数过多，账号已暂时锁定，请稍后再试",
    account_disabled: "此账号已停用",
    invalid_current_password: "当前密码不正确",
    weak_password: "密码太弱：至少 10 位，须含字母和数字",
    invalid_username: "用户名只能使用 3 到 32 位小写字母、数字和 _ . -",
    username_taken: "该用户名已被使用",
    cannot_disable_self: "不能停用自己的账号",
    last_role: "账号至少要保留一个角色",
    role_exists: "该账号已有这个角色和范围",
    invalid_scope: "该范围不存在，或超出您的管理范围",
    wrong_region_level: "该角色不能绑定在这一级区域",
    code_expired: "验证码已过期或已使用，请重新获取",
    wrong_code: "验证码不正确",
    too_many_attempts: "验证码输错次数过多，请重新获取",
    sms_failed: "短信发送失败，请稍后再试",
    sms_unavailable: "暂时不能发送短信验证码",
    invalid_city: "城市代码是 4 位数字",
    unknown_city: "没有这个城市代码",
    unknown_region: "该区域不存在，或不是本市的区县、乡镇或村",
    invalid_geojson: "文件不是有效的网格 GeoJSON",
    grids_overlap: "网格之间有重叠",
    grid_in_use: "网格仍在使用中，不能删除",
    organisation_exists: "该区域已有这样的单位",
    organisation_in_use: "单位仍有账号或案件，不能删除",
    invalid_id_number: "证件号码无效（居民身份证须为18位且校验码正确）",
    person_exists: "该证件号码已登记在另一人员档案中（一人一档）",
    record_in_use: "该记录仍被房屋、住户或人员使用，不能删除",
    risk_level_required: "该人群类型须填写风险等级（0–5级）",
    category_exists: "该类别代码已存在",
    open311_service_code_taken: "该 Open311 服务代码已被其他类别使用",
    parent_inactive: "上级类别已停用",
    has_active_children: "该类别下还有启用的子类别",
    unknown_category: "类别不存在，或不能直接受理诉求",
    missing_file: "没有收到文件",
    too_many_files: "每次只能上传一张照片",
    malformed_multipart: "上传的内容无法读取",
    attachment_unavailable: "照片不可用",
    no_city: "尚未导入城市，无法受理诉求",
    location_outside_city: "该位置不在本市范围内",
    outside_scope: "该位置不在您的管辖范围内",
    bad_idempotency_key: "请求标识无效",
    idempotency_mismatch: "该请求标识已用于另一个请求",
    idempotency_in_progress: "同一请求仍在处理中，请稍后再试",
    stale_case: "案件已被他人处理",
    illegal_transition: "案件当前状态下不能执行此操作",
    not_assigned_unit: "案件不在您的单位办理",
    unit_elsewhere: "该单位不负责案件所在地",
    already_assigned: "案件已在该单位",
    no_dispatcher: "没有可以退回的上级中心",
    no_higher_level: "没有可以上报的上级单位",
    merge_into_self: "案件不能合并到自身",
    primary_not_open: "只能合并到未办结的案件",
    primary_not_replied: "合并到的案件尚未答复，暂时不能评价",
    already_evaluated: "已经评价过了",
    extension_pending: "已有待审批的延期申请",
    extension_decided: "该延期申请已审批",
    already_whistled: "已对这些部门吹哨",
    not_whistled: "您的部门未被吹哨，无需报到",
    already_reported: "您的部门已报到",
    no_denominator: "该指标是计数，只有分子",
    period_too_long: "统计期间太长",
    export_too_large: "要导出的数据太多，请缩小筛选范围",
    region_required: "请填写区域编码",
    no_issuing_centre: "该地没有这一级的综治中心，无法出具督办单",
    case_not_open: "案件已办结、不予受理或已合并，无需督办",
    network: "网络没有连接，请检查后重试",
  },
} satisfies DomainShape;

const en: DomainShape = {
  caseStatus: {
    triage: "In triage",
    dispatched: "Dispatched",
    handling: "Being handled",
    replied: "Replied",
    supervisor_review: "Supervisor review",
    closed: "Closed",
    rejected: "Rejected",
    merged: "Merged",
  },
  caseAction: {
    intake: "Received",
    triage: "Triaged",
    dispatch: "Dispatch",
    redispatch: "Redispatch",
    reject: "Reject",
    merge: "Merge",
    respond: "Respond (contact log)",
    reply: "Reply",
    send_back: "Send back",
    escalate: "Escalate",
    whistle: "Whistle departments",
    report: "Report in",
    request_extension: "Request extension",
    decide_extension: "Decide extension",
    verify: "Verify",
    evaluate: "Record evaluation",
    evaluate_merged: "Evaluation (merged)",
    supervisor_decide: "Review decision",
    close: "Close",
    urge: "Urge",
    deadline_warning: "Deadline warning",
    deadline_overdue: "Overdue",
  },
  channel: {
    web: "Web",
    app: "App",
    hotline: "Hotline",
    talk_station: "Talk station",
    talk_site: "Talk site",
    talk_box: "Talk box",
    patrol: "Patrol",
    open311: "Open311",
  },
  contactMethod: { phone: "Phone", visit: "Visit", sms: "SMS", other: "Other" },
  rejectReason: {
    in_court: "In court",
    redirect_110: "A matter for 110",
    duplicate: "Duplicate",
    out_of_scope: "Out of scope",
    other: "Other",
  },
  satisfaction: {
    satisfied: "Satisfied",
    basically_satisfied: "Basically satisfied",
    unsatisfied: "Unsatisfied",
  },
  role: {
    resident: "Resident",
    operator: "Operator",
    grid_worker: "Grid worker",
    grid_assistant: "Grid assistant",
    village_staff: "Village staff",
    township_dispatcher: "Township dispatcher",
    department_handler: "Department handler",
    supervisor: "Supervisor",
    admin: "Administrator",
    partner: "Partner",
  },
  orgKind: {
    city_centre: "City centre",
    county_centre: "County centre",
    township_centre: "Township centre",
    department: "Department",
    village_committee: "Village committee",
    grid_post: "Grid post",
  },
  handlingLevel: { grid: "Grid", village: "Village", township: "Township", department: "Department" },
  deadlineKind: { calendar: "Calendar hours", working: "Working hours" },
  error: {
    validation_failed: "Some of what you entered is not valid: check the marked fields",
    malformed_json: "The request could not be read",
    bad_content_length: "The request arrived incomplete; try again",
    payload_too_large: "The file or content is too large",
    unsupported_media_type: "This kind of file or content is not accepted",
    bad_request: "The request was not accepted",
    not_found: "Not found, or outside your area",
    forbidden: "Your role may not do this",
    unauthorized: "Please sign in first",
    too_many_requests: "Too many requests; wait a moment and try again",
    csrf_failed: "The page is out of date; reload it and try again",
    invalid_text: "The text holds characters that cannot be stored",
    concurrent_update: "Someone changed the same records at the same moment; try again",
    internal: "Something went wrong on the server; it has been logged",
    database_unavailable: "The database is not answering; try again later",
    web_not_built: "The web app is not built yet",
    invalid_credentials: "Wrong username or password",
    account_locked: "Too many failed sign-ins: the account is locked for a while",
    account_disabled: "This account is disabled",
    invalid_current_password: "The current password is wrong",
    weak_password: "The password is too weak: at least 10 characters with letters and digits",
    invalid_username: "A username is 3 to 32 characters of a-z, 0-9, _ . -",
    username_taken: "This username is taken",
    cannot_disable_self: "You cannot disable your own account",
    last_role: "An account keeps at least one role",
    role_exists: "The account already has this role and scope",
    invalid_scope: "This scope does not exist or lies outside yours",
    wrong_region_level: "This role cannot be bound at that level of region",
    code_expired: "The code expired or was used; get a new one",
    wrong_code: "The code is wrong",
    too_many_attempts: "Too many wrong codes; get a new one",
    sms_failed: "The text message could not be sent; try again later",
    sms_unavailable: "Codes cannot be texted right now",
    invalid_city: "A city code has 4 digits",
    unknown_city: "No city has this code",
    unknown_region: "No such county, township or village in the city",
    invalid_geojson: "The file is not valid grid GeoJSON",
    grids_overlap: "Grids overlap",
    grid_in_use: "The grid is in use and cannot be deleted",
    organisation_exists: "This region already has such a unit",
    organisation_in_use: "The unit still has accounts or cases and cannot be deleted",
    invalid_id_number:
      "The ID number is not valid (a resident ID is 18 characters with a correct check digit)",
    person_exists: "This ID number is already on another person's record (one person, one record)",
    record_in_use: "The record is still used by dwellings, households or persons and cannot be deleted",
    risk_level_required: "This population type needs a risk level (0–5)",
    category_exists: "A category with this code exists",
    open311_service_code_taken: "Another category uses this Open311 service code",
    parent_inactive: "The parent category is inactive",
    has_active_children: "The category still has active sub-categories",
    unknown_category: "No such category, or it does not take appeals",
    missing_file: "No file was received",
    too_many_files: "Send one photo at a time",
    malformed_multipart: "The upload could not be read",
    attachment_unavailable: "The photo is not available",
    no_city: "No city has been imported; appeals cannot be placed",
    location_outside_city: "The place lies outside the city",
    outside_scope: "The place lies outside your area",
    bad_idempotency_key: "The request key is not valid",
    idempotency_mismatch: "This request key was used for a different request",
    idempotency_in_progress: "The same request is still running; try again shortly",
    stale_case: "Someone acted on this case first",
    illegal_transition: "This is not allowed in the case's current state",
    not_assigned_unit: "The case is not with your unit",
    unit_elsewhere: "That unit does not serve the case's place",
    already_assigned: "The case is already with that unit",
    no_dispatcher: "There is no centre above to send it back to",
    no_higher_level: "There is no unit above to escalate to",
    merge_into_self: "A case cannot be merged into itself",
    primary_not_open: "Merge into an open case",
    primary_not_replied: "The case it was merged into has no reply to rate yet",
    already_evaluated: "Already rated",
    extension_pending: "An extension request is already waiting",
    extension_decided: "This extension request was already decided",
    already_whistled: "These departments were already whistled in",
    not_whistled: "Your department was not whistled in on this case",
    already_reported: "Your department already reported",
    no_denominator: "This figure is a count: it has a numerator only",
    period_too_long: "The period is too long",
    export_too_large: "Too many rows to export; narrow the filters",
    region_required: "Give the region code",
    no_issuing_centre: "There is no governance centre of that level over this place to issue the notice",
    case_not_open: "The case is closed, rejected or merged: there is nothing to supervise",
    network: "The network is not available; check it and try again",
  },
};

export type DomainKind = keyof Kinds;
/** The codes of one kind, exactly as the Chinese dictionary lists them. */
export type CodeOf<K extends DomainKind> = keyof (typeof zh)[K] & string;
/** A key of the `domain` namespace: `kind.code`. */
export type DomainKey = { [K in DomainKind]: `${K}.${CodeOf<K>}` }[DomainKind];
export type DomainWords = Record<DomainKey, string>;

function flatten(shape: DomainShape): DomainWords {
  const words: Record<string, string> = {};
  for (const [kind, names] of Object.entries(shape)) {
    for (const [code, text] of Object.entries(names as Record<string, string>))
      words[`${kind}.${code}`] = text;
  }
  return words as DomainWords;
}

/** Both languages of the `domain` namespace, flat as i18next reads them. */
export const domainWords = { "zh-CN": flatten(zh), en: flatten(en) };

/** The codes of a kind in dictionary order: the options a page offers (roles, kinds, levels…). */
export function codesOf<K extends DomainKind>(kind: K): CodeOf<K>[] {
  return Object.keys(zh[kind]) as CodeOf<K>[];
}

/** Whether a code the server sent as a plain string (a timeline's action) has a name. */
export function isCodeOf<K extends DomainKind>(kind: K, code: string): code is CodeOf<K> {
  return Object.hasOwn(zh[kind], code);
}

/** The key of a code's name: the one place a domain key is put together, from typed parts. */
export function domainKey<K extends DomainKind>(kind: K, code: CodeOf<K>): DomainKey {
  return `${kind}.${code}` as DomainKey;
}
