-- Hand-written (issue #9 item 6, address search at city scale): an n-gram index for the address
-- search of intake and triage (GET /api/v1/addresses/search), which matches the text anywhere in
-- a standard address's line (`label ilike '%q%'`). It reuses case_text_grams of migration 0016
-- (two-character grams of lower(t), plus ASCII three-character grams), so the search asks
--   case_text_grams(label) @> case_text_grams(q)
-- and keeps the `ilike` on the candidates (src/modules/people/address-search.ts): the results
-- stay exactly those of the `ilike`. Queries of one character keep the plain `ilike`.
CREATE INDEX addresses_label_grams_gin ON addresses USING gin (case_text_grams(label));
