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
};

export const common = { zh, en };
