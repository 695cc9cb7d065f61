/** Words of the console shell: sign-in, navigation, the states every page shares. */
const zh = {
  "app.title": "微治理综治中心工作台",
  "app.short": "微治理",

  "lang.switch": "English",

  "login.title": "登录工作台",
  "login.username": "用户名",
  "login.password": "密码",
  "login.submit": "登录",
  "login.demoHint": "演示账号：dispatcher、grid_worker、supervisor、admin 等，密码 Demo12345678",
  "login.expired": "登录已过期，请重新登录",

  logout: "退出登录",

  "nav.work": "办理",
  "nav.cockpit": "驾驶舱",
  "nav.admin": "系统管理",

  "state.loading": "加载中…",
  "state.empty": "暂无数据",
  "state.error": "加载失败",
  "state.retry": "重试",
  "state.forbidden": "您没有权限查看此页面",
  "state.notFound": "页面不存在",
  "state.updated": "系统已更新",
  "state.updatedHint": "这个页面来自旧版本，刷新后即可继续使用。",
  "state.offlinePart": "无网络，这个页面还没有保存在手机上",
  "state.offlinePartHint": "联网后刷新即可打开。已保存在手机上的内容不会丢失。",
  "state.crashed": "页面出错了",
  "state.crashedHint": "请刷新页面重试。如果仍然出错，请联系系统管理员。",
  "state.reload": "刷新页面",
  "shell.noWork.title": "此账号在管理端没有可办理的工作",
  "shell.noWork.detail":
    "合作单位通过数据接口提交和查询诉求，接口密钥由系统管理员发放；群众请使用手机页面。如需办理工作，请联系管理员分配角色。",

  "home.title": "首页",
  "home.welcome": "欢迎，{name}",
  "home.roles": "您的角色",
  "home.today": "今日待办",
  "home.today.nothing": "今天没有等您处理的事项",
  "home.today.toDispatch": "待分拨",
  "home.today.sentBack": "被退回",
  "home.today.dueToday": "今日到期",
  "home.today.overdue": "已超期",
  "home.today.awaitingEvaluation": "待评价（回访）",
  "home.today.overdueInScope": "辖区超期案件",
  // Required fields and the server's field checks (marks): every form names the field it asks for.
  "form.requiredField": "请填写{field}",
  "form.required": "必填",
  "form.requiredChoice": "请选择{field}",
  "form.tooLong": "最多 {max} 个字",
  "form.tooShort": "至少 {min} 个字",
  "form.tooBig": "不能大于 {max}",
  "form.tooSmall": "不能小于 {min}",
  "form.invalid": "此项填写有误，请检查",
} as const;

const en: Record<keyof typeof zh, string> = {
  "app.title": "Microgov governance centre console",
  "app.short": "Microgov",

  "lang.switch": "中文",

  "login.title": "Sign in to the console",
  "login.username": "Username",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.demoHint": "Demo accounts: dispatcher, grid_worker, supervisor, admin …, password Demo12345678",
  "login.expired": "Your session expired; please sign in again",

  logout: "Sign out",

  "nav.work": "Work",
  "nav.cockpit": "Cockpit",
  "nav.admin": "Administration",

  "state.loading": "Loading…",
  "state.empty": "Nothing here",
  "state.error": "Could not load",
  "state.retry": "Retry",
  "state.forbidden": "You may not see this page",
  "state.notFound": "No such page",
  "state.updated": "Microgov has been updated",
  "state.updatedHint": "This page belongs to the previous version: reload it to carry on.",
  "state.offlinePart": "No network, and this page is not saved on the phone yet",
  "state.offlinePartHint": "Reload it once you are online. What is saved on the phone is kept.",
  "state.crashed": "This page failed",
  "state.crashedHint": "Reload the page to try again. If it fails again, tell your system administrator.",
  "state.reload": "Reload the page",
  "shell.noWork.title": "This account has no work in the console",
  "shell.noWork.detail":
    "Partners submit and follow appeals through the data API, with a key the administrator issues; residents use the mobile pages. To work in the console, ask an administrator for a role.",

  "home.title": "Home",
  "home.welcome": "Welcome, {name}",
  "home.roles": "Your roles",
  "home.today": "Today",
  "home.today.nothing": "Nothing waits for you today",
  "home.today.toDispatch": "To dispatch",
  "home.today.sentBack": "Sent back",
  "home.today.dueToday": "Due today",
  "home.today.overdue": "Overdue",
  "home.today.awaitingEvaluation": "Awaiting evaluation",
  "home.today.overdueInScope": "Overdue in your area",
  // Required fields and the server's field checks (marks): every form names the field it asks for.
  "form.requiredField": "{field} is required",
  "form.required": "Required",
  "form.requiredChoice": "Please choose: {field}",
  "form.tooLong": "At most {max} characters",
  "form.tooShort": "At least {min} characters",
  "form.tooBig": "At most {max}",
  "form.tooSmall": "At least {min}",
  "form.invalid": "This value is not valid; please check it",
};

export const common = { zh, en };
