/** Words of the admin pages. */
export const admin = {
  zh: {} as Record<string, string>,
  en: {} as Record<string, string>,
};
