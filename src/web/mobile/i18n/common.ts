/** Words every mobile page shares. */
export const common = {
  zh: {
    "app.title": "微治理 · 群众说事",
    "lang.switch": "English",
    "state.loading": "加载中…",
    "state.error": "出错了",
    "state.retry": "重试",
    "state.notFound": "页面不存在",
  } as Record<string, string>,
  en: {
    "app.title": "Microgov · Have your say",
    "lang.switch": "中文",
    "state.loading": "Loading…",
    "state.error": "Something went wrong",
    "state.retry": "Retry",
    "state.notFound": "No such page",
  } as Record<string, string>,
};
