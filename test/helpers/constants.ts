/** Langfang's two smallest-code counties: enough tree for scope tests, quick to load. */
export const TEST_COUNTIES = ["131002", "131003"] as const;
