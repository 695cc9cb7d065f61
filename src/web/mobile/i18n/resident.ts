/** Words of the resident pages: plain, short, and kind to people who rarely use an app. */
import { enTerms, zhTerms } from "../../../shared/contracts/glossary.js";
const zh = {
  "resident.largeText": "大字",
  "resident.nav": "主菜单",

  "resident.tab.raise": "我要反映",
  "resident.tab.mine": "我的诉求",

  "common.back": "上一步",
  "common.next": "下一步",
  "common.cancel": "取消",
  "common.backToMine": "‹ 返回我的诉求",

  "error.network": "网络没有连接，请检查网络后再试。",

  "error.network.submit":
    "网络没有连接，诉求还没有提交。您填写的内容已保存在这部手机上，不会丢失；有网络后请点「重新提交」。",
  "error.network.evaluate": "网络没有连接，评价还没有提交，请有网络后再点提交。",

  "error.tooMany": "操作太频繁了，请过一分钟再试。",

  "raise.steps": "反映问题的三个步骤",

  "raise.step.what": "什么事",
  "raise.step.describe": "说一说",
  "raise.step.where": "在哪里",

  "raise.what.title": "您要反映什么问题？",

  "raise.describe.title": "说一说情况，拍张照片",

  "raise.where.title": "问题在哪里？",

  "raise.category": "问题类型",
  "raise.description": "问题描述",

  "raise.description.placeholder": "例如：小区3号楼门前路灯坏了一个多星期，晚上很黑。",
  "raise.description.short": "请填写问题描述，至少 {n} 个字，让工作人员看明白。",

  "raise.draftRestored": "已恢复您上次没有提交的内容。",
  "raise.address": "详细位置（可不填）",

  "raise.address.placeholder": "例如：3号楼2单元门口",

  "raise.anonymousHint": "可以匿名反映。留下电话，工作人员能更快联系您（只有办理人员能看到）。",
  "raise.name": "您的称呼（可不填）",
  "raise.phone": "联系电话（可不填）",
  "raise.signedInAs": "以 {name} 的身份提交，可在「我的诉求」查看进度。",
  "raise.submit": "提交",
  "raise.retry": "重新提交",
  "raise.placeNeeded": "请先选择问题所在的位置。",
  "raise.haveCode": "已有查询码？查看办理进度",

  "photo.label": "照片（可不拍，最多 9 张）",
  "photo.add": "拍照",
  "photo.hint": "照片会先在手机上压缩再上传，省流量。",
  "photo.alt": "第 {n} 张照片",
  "photo.remove": "删除第 {n} 张照片",
  "photo.removeFailed": "移除没有传上去的照片",
  "photo.pending": "正在上传的照片",
  "photo.uploading": "上传中…",
  "photo.failed": "没传上",

  "photo.error.network": "网络没有连接，照片没有传上去，请有网络后重新拍。",
  "photo.error.tooLarge": "这张照片太大了，请换一张。",
  "photo.error.type": "这个文件不是照片，请拍照或选择照片。",

  "place.label": "选择位置（任选一种）",
  "place.gps": "📍 用我现在的位置",
  "place.map": "🗺 在地图上点一下",
  "place.region": "🏘 选择所在的村/社区",

  "place.gps.unavailable": "这部手机不能定位，请在地图上点选或选择村/社区。",
  "place.gps.denied": "没有获得定位权限，请在地图上点选或选择村/社区。",
  "place.gps.failed": "暂时定位不到，请在地图上点选或选择村/社区。",

  "place.map.hint": "在地图上点一下问题所在的地方。",
  "place.map.use": "就是这里",

  "place.point": "已选：纬度 {lat}，经度 {lon}",

  "place.chosen.gps": "已定位：纬度 {lat}，经度 {lon}",
  "place.chosen.map": "地图选点：纬度 {lat}，经度 {lon}",
  "place.chosen.region": "已选择：{names}",
  "place.at": "{community}（{township}）",
  "place.at.alone": "{community}",
  "place.point.named": "已选：{place}",
  "place.chosen.gps.named": "已定位：{place}",
  "place.chosen.map.named": "地图选点：{place}",

  "place.region.county": "先选区县，再选乡镇街道、村/社区。",
  "place.region.pickThis": "就选「{name}」",

  "place.outside": "这个位置不在本市范围内，请重新选择位置。",

  "raised.title": "提交成功",
  "raised.number": "诉求编号：{number}",
  "raised.keepCode": "请记下您的查询码，用它查看进度和评价结果：",
  "raised.code": "查询码",
  "raised.copy": "复制查询码",
  "raised.copied": "已复制",
  "raised.copyFailed": "没能复制，请长按查询码手动复制",
  "raised.save": "保存到这部手机",
  "raised.saved": "已保存到这部手机",
  "raised.codeHint": "保存后，在「我的诉求」里就能找到。查询码只显示这一次。",
  "raised.follow": "查看办理进度",
  "raised.followMine": "在「我的诉求」查看办理进度",
  "raised.another": "再反映一个问题",

  "track.title": "查询办理进度",
  "track.codeLabel": "查询码",
  "track.lookUp": "查询",
  "track.notFound": "没有找到查询码为「{code}」的诉求。请核对查询码是否输入正确。",
  "track.number": "诉求 {number}",
  "track.timeline": "办理经过",
  "track.reply": "答复：",
  "track.merged": "您的诉求与相同问题合并办理（{number}）。",
  "track.evaluated": "您的评价：{resolved} · {satisfaction}",

  "evaluate.title": "请评价办理结果",
  "evaluate.resolved": "问题解决了吗？",
  "evaluate.yes": "已解决",
  "evaluate.no": "未解决",
  "evaluate.satisfaction": "您满意吗？",
  "evaluate.comment": "还想说点什么（可不填）",
  "evaluate.submit": "提交评价",
  "evaluate.incomplete": "请选择问题是否解决，以及是否满意。",

  "status.triage": "已受理",
  "status.dispatched": zhTerms.caseStatus.dispatched,
  "status.handling": zhTerms.caseStatus.handling,
  "status.replied": "待评价",
  "status.supervisor_review": zhTerms.caseStatus.supervisor_review,
  "status.closed": zhTerms.caseStatus.closed,
  "status.rejected": zhTerms.caseStatus.rejected,
  "status.merged": zhTerms.caseStatus.merged,

  "my.title": "我的诉求",
  "my.signIn": "用手机号登录",
  "my.signInHint": "用手机号登录后，可以看到您登录时反映的所有诉求和消息。",
  "my.signedIn": "已登录：{name}",
  "my.linked": "已将您之前用这个手机号反映的 {n} 件诉求关联到您的账号，可以在下面查看。",
  "my.signOut": "退出",
  "my.signInAgain": "登录已过期，请重新登录",
  "my.notifications": "消息",
  // The messages about a resident's appeals, in the reader's language (resident/notification-text.ts).
  "my.note.correction_done.title": "您的更正申请已处理",
  "my.note.correction_done": "您申请更正的{field}已核查更正。",
  "my.note.correction_declined.title": "您的更正申请未予更正",
  "my.note.correction_declined": "您申请更正的{field}未予更正。",
  "my.note.reply.title": "诉求 {number} 已答复，请评价",
  "my.note.reply": "{unit}答复了您的诉求，请告诉我们问题是否解决、您是否满意。",
  "my.note.reject.title": "诉求 {number} 不予受理",
  "my.note.reject": "原因：{reason}。",
  "my.note.merge.title": "诉求 {number} 已合并办理",
  "my.note.merge": "您的诉求与案件 {primary} 反映的是同一问题，已合并办理。办结后会请您评价。",
  "my.note.transfer_to_mediation.title": "诉求 {number} 已转人民调解",
  "my.note.transfer_to_mediation":
    "您反映的事项属于矛盾纠纷，已转{committee}调解（纠纷编号 {dispute}），调解员将与您联系。",
  "my.cases": "我反映的诉求",
  "my.none": "还没有反映过诉求。",
  "my.noCategory": "诉求",
  "my.codes": "保存在这部手机上的查询码",

  "my.codes.none": "还没有保存查询码。",
  "my.codes.forget": "从这部手机删除查询码 {code}",

  "signin.title": "手机号登录",
  "signin.hint": "输入手机号，获取短信验证码即可登录，第一次登录会自动开通。",
  "signin.phone": "手机号",
  "signin.getCode": "获取验证码",
  "signin.resend": "重新获取验证码",
  "signin.resendIn": "{n} 秒后可重新获取",
  "signin.sent": "验证码已发送到 {phone}，5 分钟内有效。",
  "signin.demoCode": "演示模式（不发真实短信），您的验证码是：",
  "signin.code": "验证码（6 位数字）",
  "signin.submit": "登录",
  "signin.badPhone": "请输入正确的手机号，例如 13812345678。",
  "signin.badCode": "验证码是 6 位数字。",
  "signin.wrongCode": "验证码不对，还可以再试 {n} 次。",
  "signin.expired": "验证码已过期或已用过，请重新获取。",
  "signin.tooManyAttempts": "验证码输错太多次，请重新获取。",
  "signin.tooSoon": "获取太频繁了，请稍后再试。",
  "signin.smsUnavailable": "暂时不能发送短信验证码，请用查询码查看进度。",
} as const;

const en: Record<keyof typeof zh, string> = {
  "resident.largeText": "Large text",
  "resident.nav": "Main menu",

  "resident.tab.raise": "Report",
  "resident.tab.mine": "My appeals",

  "common.back": "Back",
  "common.next": "Next",
  "common.cancel": "Cancel",
  "common.backToMine": "‹ Back to my appeals",

  "error.network": "The network is down. Check your connection and try again.",

  "error.network.submit":
    "The network is down, so your appeal has not been sent yet. What you wrote is saved on this phone and will not be lost; tap “Send again” when you are back online.",
  "error.network.evaluate":
    "The network is down, so your rating has not been sent. Try again when you are online.",

  "error.tooMany": "Too many tries. Please wait a minute.",

  "raise.steps": "Three steps to report a problem",

  "raise.step.what": "What",
  "raise.step.describe": "Describe",
  "raise.step.where": "Where",

  "raise.what.title": "What would you like to report?",

  "raise.describe.title": "Tell us what happened, add a photo",

  "raise.where.title": "Where is it?",

  "raise.category": "Kind of problem",
  "raise.description": "Description",

  "raise.description.placeholder": "E.g. the street light outside building 3 has been out for a week.",
  "raise.description.short": "Please write a description of at least {n} characters so the staff understand.",

  "raise.draftRestored": "We restored what you had not sent last time.",
  "raise.address": "Exact spot (optional)",

  "raise.address.placeholder": "E.g. entrance 2 of building 3",

  "raise.anonymousHint":
    "You may stay anonymous. Leave a phone number and the staff can reach you sooner (only they can see it).",
  "raise.name": "Your name (optional)",
  "raise.phone": "Phone (optional)",
  "raise.signedInAs": "Sending as {name}; follow it under “My appeals”.",
  "raise.submit": "Send",
  "raise.retry": "Send again",
  "raise.placeNeeded": "Choose where the problem is first.",
  "raise.haveCode": "Have a tracking code? See the progress",

  "photo.label": "Photos (optional, up to 9)",
  "photo.add": "Take photo",
  "photo.hint": "Photos are made smaller on the phone before upload, to save data.",
  "photo.alt": "Photo {n}",
  "photo.remove": "Remove photo {n}",
  "photo.removeFailed": "Remove the photo that was not sent",
  "photo.pending": "Photo being sent",
  "photo.uploading": "Sending…",
  "photo.failed": "Not sent",

  "photo.error.network": "The network is down, so the photo was not sent. Take it again when you are online.",
  "photo.error.tooLarge": "This photo is too large; choose another.",
  "photo.error.type": "This file is not a photo; take or choose a photo.",

  "place.label": "Choose the place (any one way)",
  "place.gps": "📍 Use where I am now",
  "place.map": "🗺 Tap it on the map",
  "place.region": "🏘 Choose the village or community",

  "place.gps.unavailable": "This phone cannot tell its position; tap the map or choose the village.",
  "place.gps.denied": "Location was not allowed; tap the map or choose the village.",
  "place.gps.failed": "Could not find your position; tap the map or choose the village.",

  "place.map.hint": "Tap the map where the problem is.",
  "place.map.use": "Here",

  "place.point": "Chosen: latitude {lat}, longitude {lon}",

  "place.chosen.gps": "Your position: latitude {lat}, longitude {lon}",
  "place.chosen.map": "On the map: latitude {lat}, longitude {lon}",
  "place.chosen.region": "Chosen: {names}",
  "place.at": "{community} ({township})",
  "place.at.alone": "{community}",
  "place.point.named": "Chosen: {place}",
  "place.chosen.gps.named": "Your position: {place}",
  "place.chosen.map.named": "On the map: {place}",

  "place.region.county": "Choose the district, then the township, then the village or community.",
  "place.region.pickThis": "Choose “{name}”",

  "place.outside": "This place is outside the city; choose the place again.",

  "raised.title": "Sent",
  "raised.number": "Appeal number: {number}",
  "raised.keepCode": "Keep your tracking code: with it you follow the appeal and rate the result.",
  "raised.code": "Tracking code",
  "raised.copy": "Copy the code",
  "raised.copied": "Copied",
  "raised.copyFailed": "Could not copy; press and hold the code to copy it",
  "raised.save": "Save to this phone",
  "raised.saved": "Saved on this phone",
  "raised.codeHint": "Once saved, you find it under “My appeals”. The code is shown only this once.",
  "raised.follow": "See the progress",
  "raised.followMine": "Follow it under “My appeals”",
  "raised.another": "Report another problem",

  "track.title": "Follow an appeal",
  "track.codeLabel": "Tracking code",
  "track.lookUp": "Look up",
  "track.notFound": "No appeal has the tracking code “{code}”. Please check that it is typed correctly.",
  "track.number": "Appeal {number}",
  "track.timeline": "What has happened",
  "track.reply": "Reply:",
  "track.merged": "Your appeal is handled together with the same problem ({number}).",
  "track.evaluated": "Your rating: {resolved} · {satisfaction}",

  "evaluate.title": "Rate the result",
  "evaluate.resolved": "Was the problem solved?",
  "evaluate.yes": "Solved",
  "evaluate.no": "Not solved",
  "evaluate.satisfaction": "Are you satisfied?",
  "evaluate.comment": "Anything else to say (optional)",
  "evaluate.submit": "Send rating",
  "evaluate.incomplete": "Choose whether it was solved and how satisfied you are.",

  "status.triage": "Received",
  "status.dispatched": enTerms.caseStatus.dispatched,
  "status.handling": enTerms.caseStatus.handling,
  "status.replied": "Waiting for your rating",
  "status.supervisor_review": enTerms.caseStatus.supervisor_review,
  "status.closed": enTerms.caseStatus.closed,
  "status.rejected": enTerms.caseStatus.rejected,
  "status.merged": enTerms.caseStatus.merged,

  "my.title": "My appeals",
  "my.signIn": "Sign in with your phone",
  "my.signInHint":
    "Sign in with your phone number to see every appeal you sent while signed in, and messages.",
  "my.signedIn": "Signed in: {name}",
  "my.linked":
    "{n} appeals you raised earlier with this phone are now linked to your account; see them below.",
  "my.signOut": "Sign out",
  "my.signInAgain": "Your sign-in expired; sign in again",
  "my.notifications": "Messages",
  "my.note.correction_done.title": "Your correction was handled",
  "my.note.correction_done": "Your correction of the {field} was checked and made.",
  "my.note.correction_declined.title": "Your correction was not made",
  "my.note.correction_declined": "Your correction of the {field} was not made.",
  "my.note.reply.title": "Appeal {number} has a reply: please rate it",
  "my.note.reply":
    "{unit} replied to your appeal: tell us whether the problem is solved and whether you are satisfied.",
  "my.note.reject.title": "Appeal {number} was not accepted",
  "my.note.reject": "Reason: {reason}.",
  "my.note.merge.title": "Appeal {number} is handled together with another",
  "my.note.merge":
    "Your appeal is about the same problem as case {primary}: they are handled together. You will be asked to rate the result when it is closed.",
  "my.note.transfer_to_mediation.title": "Appeal {number} was passed to people's mediation",
  "my.note.transfer_to_mediation":
    "Your appeal is a dispute: it was passed to {committee} for mediation (dispute {dispute}). A mediator will contact you.",
  "my.cases": "Appeals I sent",
  "my.none": "No appeals yet.",
  "my.noCategory": "Appeal",
  "my.codes": "Tracking codes on this phone",

  "my.codes.none": "No tracking codes saved yet.",
  "my.codes.forget": "Remove tracking code {code} from this phone",

  "signin.title": "Sign in with your phone",
  "signin.hint": "Enter your mobile number and the code we text you. The first sign-in opens your account.",
  "signin.phone": "Mobile number",
  "signin.getCode": "Get a code",
  "signin.resend": "Get a new code",
  "signin.resendIn": "New code in {n} s",
  "signin.sent": "A code was sent to {phone}; it works for 5 minutes.",
  "signin.demoCode": "Demo mode (no real SMS) — your code is:",
  "signin.code": "Code (6 digits)",
  "signin.submit": "Sign in",
  "signin.badPhone": "Enter a mobile number such as 13812345678.",
  "signin.badCode": "The code is 6 digits.",
  "signin.wrongCode": "The code is wrong; {n} tries left.",
  "signin.expired": "The code expired or was used; get a new one.",
  "signin.tooManyAttempts": "Too many wrong codes; get a new one.",
  "signin.tooSoon": "Too many requests; please wait a little.",
  "signin.smsUnavailable": "Codes cannot be texted right now; follow your appeal with its tracking code.",
};

export const resident = { zh, en };
