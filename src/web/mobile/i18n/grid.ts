/** Words of the grid pages. */
export const grid = {
  zh: {} as Record<string, string>,
  en: {} as Record<string, string>,
};
