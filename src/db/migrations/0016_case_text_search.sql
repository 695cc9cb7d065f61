-- Hand-written (issue #15, B4): an n-gram index for the text search of case lists (GET /cases?q=),
-- which matches the words anywhere in a case's description, address or number (`ilike '%q%'`).
-- Trigram indexes (pg_trgm) do not serve two-character Chinese queries, and PGlite bundles no
-- such extension, so the grams are our own, in core SQL that runs on PGlite and PostgreSQL 15:
--   case_text_grams(t): the overlapping two-character grams of lower(t), plus the
--   three-character grams made only of ASCII letters and digits (a case number has only 100
--   different digit pairs, far too common to narrow a search; digit triples narrow it 10× more).
-- A case matches q only if its text holds every gram of q (each gram of q is a window of q, so of
-- any text that contains q), so the search asks the GIN index for
--   case_text_grams(description || E'\n' || coalesce(address, '') || E'\n' || number)
--     @> case_text_grams(q)
-- and keeps the `ilike` on the few candidates, so results stay exactly those of the `ilike`
-- (src/modules/cases/find-cases.ts). Queries of one character have no gram and keep the plain
-- `ilike` (see find-cases.ts). The line breaks only separate the fields: grams across them are
-- harmless extra keys.
-- `lower()` is the same folding PostgreSQL's ilike applies to both sides in a UTF-8 database.
-- Built with C-level string functions where it can (the pairs at even and at odd offsets each come
-- from one regexp_replace), as it runs for every case written: about 4× cheaper than a loop over
-- substr(). The \x01 that separates the pairs is first removed from the text (from q as well, so
-- a q inside a text stays inside it). The array may repeat a gram; GIN keeps each key once.
CREATE FUNCTION case_text_grams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  l text := translate(lower(t), E'\x01', '');
  grams text[];
  run text;
BEGIN
  grams := string_to_array(regexp_replace(l, '(..)|.', E'\\1\x01', 'g'), E'\x01')
    || string_to_array(regexp_replace(substr(l, 2), '(..)|.', E'\\1\x01', 'g'), E'\x01');
  FOR run IN SELECT m[1] FROM regexp_matches(l, '([a-z0-9]{3,})', 'g') AS m LOOP
    FOR i IN 1..char_length(run) - 2 LOOP
      grams := grams || substr(run, i, 3);
    END LOOP;
  END LOOP;
  RETURN array_remove(grams, '');
END $$;
--> statement-breakpoint
CREATE INDEX cases_text_grams_gin ON cases
  USING gin (case_text_grams(description || E'\n' || coalesce(address, '') || E'\n' || number));
