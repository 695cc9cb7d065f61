import { PGlite } from "@electric-sql/pglite";
const db = new PGlite();
const T = async (label, q) => { const t0=performance.now(); const r = await db.query(q); console.log(label, Math.round(performance.now()-t0), "ms", JSON.stringify(r.rows[0]).slice(0,300)); };
await db.exec(`
create table t(d text);
insert into t select '楼道堆放杂物影响通行，幸福路12号院 A座'||g||E'\n261207'||lpad(g::text, 6, '0') from generate_series(1,5000) g;
CREATE FUNCTION g_pl(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  l text := lower(t);
  n int := char_length(l);
  out text[] := '{}';
  g text;
BEGIN
  FOR i IN 1..n - 1 LOOP
    out := out || substr(l, i, 2);
  END LOOP;
  FOR i IN 1..n - 2 LOOP
    g := substr(l, i, 3);
    IF g ~ '^[a-z0-9]{3}$' THEN out := out || g; END IF;
  END LOOP;
  RETURN out;
END $$;
CREATE FUNCTION g_rx(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  l text := translate(lower(t), E'\\x01', '');
  out text[];
  run text;
BEGIN
  out := string_to_array(regexp_replace(l, '(..)|.', E'\\\\1\\x01', 'g'), E'\\x01')
      || string_to_array(regexp_replace(substr(l, 2), '(..)|.', E'\\\\1\\x01', 'g'), E'\\x01');
  FOR run IN SELECT m[1] FROM regexp_matches(l, '([a-z0-9]{3,})', 'g') m LOOP
    FOR i IN 1..char_length(run) - 2 LOOP
      out := out || substr(run, i, 3);
    END LOOP;
  END LOOP;
  RETURN array_remove(out, '');
END $$;
CREATE FUNCTION g_rxs(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_remove(
    string_to_array(regexp_replace(l, '(..)|.', E'\\\\1\\x01', 'g'), E'\\x01')
      || string_to_array(regexp_replace(substr(l, 2), '(..)|.', E'\\\\1\\x01', 'g'), E'\\x01')
      || string_to_array(regexp_replace(a, '(...)|.{1,2}', E'\\\\1\\x01', 'g'), E'\\x01')
      || string_to_array(regexp_replace(substr(a, 2), '(...)|.{1,2}', E'\\\\1\\x01', 'g'), E'\\x01')
      || string_to_array(regexp_replace(substr(a, 3), '(...)|.{1,2}', E'\\\\1\\x01', 'g'), E'\\x01'), '')
  FROM (SELECT translate(lower(t), E'\\x01', '') AS l) s,
  LATERAL (SELECT regexp_replace(s.l, '[^a-z0-9]', E'\\x01', 'g') AS a) b
$$;
`);
await T("noop", "select count(lower(d)) from t");
await T("pl", "select sum(cardinality(g_pl(d))) from t");
await T("rx", "select sum(cardinality(g_rx(d))) from t");
await T("rxs", "select sum(cardinality(g_rxs(d))) from t");
await T("sample", "select g_rx(d) a, g_rxs(d) b from t limit 1");
await T("eq", "select count(*) filter (where (select array_agg(distinct x order by x) from unnest(g_pl(d)) x) is distinct from (select array_agg(distinct x order by x) from unnest(g_rx(d)) x)) from t");
