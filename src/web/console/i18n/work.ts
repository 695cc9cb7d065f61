/** Words of the work pages. */
export const work = {
  zh: {} as Record<string, string>,
  en: {} as Record<string, string>,
};
