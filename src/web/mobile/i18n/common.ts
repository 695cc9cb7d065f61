/** Words every mobile page shares. */
const zh = {
  "app.title": "微治理 · 群众说事",
  "app.short": "微治理",
  "page.myCase": "诉求详情",
  "page.gridCase": "案件详情",

  "lang.switch": "English",

  "state.loading": "加载中…",
  "state.error": "出错了",
  "state.retry": "重试",
  "state.notFound": "页面不存在",
  "state.updated": "系统已更新",
  "state.updatedHint": "这个页面来自旧版本，刷新后即可继续使用。",
  "state.offlinePart": "无网络，这个页面还没有保存在手机上",
  "state.offlinePartHint": "联网后刷新即可打开。已保存在手机上的内容不会丢失。",
  "state.crashed": "页面出错了",
  "state.crashedHint": "请刷新页面重试。如果仍然出错，请联系系统管理员。",
  "state.reload": "刷新页面",
} as const;

const en: Record<keyof typeof zh, string> = {
  "app.title": "Microgov · Have your say",
  "app.short": "Microgov",
  "page.myCase": "Appeal",
  "page.gridCase": "Case",

  "lang.switch": "中文",

  "state.loading": "Loading…",
  "state.error": "Something went wrong",
  "state.retry": "Retry",
  "state.notFound": "No such page",
  "state.updated": "Microgov has been updated",
  "state.updatedHint": "This page belongs to the previous version: reload it to carry on.",
  "state.offlinePart": "No network, and this page is not saved on the phone yet",
  "state.offlinePartHint": "Reload it once you are online. What is saved on the phone is kept.",
  "state.crashed": "This page failed",
  "state.crashedHint": "Reload the page to try again. If it fails again, tell your system administrator.",
  "state.reload": "Reload the page",
};

export const common = { zh, en };
