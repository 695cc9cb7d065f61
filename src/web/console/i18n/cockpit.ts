/** Words of the cockpit pages. */
export const cockpit = {
  zh: {} as Record<string, string>,
  en: {} as Record<string, string>,
};
