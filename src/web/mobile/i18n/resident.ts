/** Words of the resident pages. */
export const resident = {
  zh: {} as Record<string, string>,
  en: {} as Record<string, string>,
};
