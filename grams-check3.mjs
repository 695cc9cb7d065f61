import { PGlite } from "@electric-sql/pglite";
const db = new PGlite();
const T = async (label, q) => { const t0=performance.now(); const r = await db.query(q); console.log(label, Math.round(performance.now()-t0), "ms", JSON.stringify(r.rows[0]).slice(0,200)); };
await db.exec(`
create table t(d text);
insert into t select '楼道堆放杂物影响通行，'||md5(g::text) ||' 幸福路12号院 2612'||g from generate_series(1,5000) g;
CREATE FUNCTION g_sql(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[])
  FROM (SELECT lower(t) AS l) s,
  LATERAL (
    SELECT substr(s.l, i, 2) AS g FROM generate_series(1, char_length(s.l) - 1) AS i
    UNION ALL
    SELECT w FROM (SELECT substr(s.l, i, 3) AS w FROM generate_series(1, char_length(s.l) - 2) AS i) a
    WHERE w ~ '^[a-z0-9]{3}$'
  ) x
$$;
CREATE FUNCTION g_sql2(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array(SELECT substr(l, i, 2) FROM generate_series(1, char_length(l) - 1) AS i) FROM lower(t) l
$$;
CREATE FUNCTION g_pl(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  c text[] := regexp_split_to_array(lower(t), '');
  n int := cardinality(c);
  out text[] := '{}';
  a text; b text; d text;
BEGIN
  IF n < 2 THEN RETURN out; END IF;
  b := c[1];
  FOR i IN 2..n LOOP
    a := b; b := c[i];
    out := out || (a || b);
    IF i < n THEN
      d := c[i + 1];
      IF a ~ '^[a-z0-9]$' AND b ~ '^[a-z0-9]$' AND d ~ '^[a-z0-9]$' THEN out := out || (a || b || d); END IF;
    END IF;
  END LOOP;
  RETURN out;
END $$;
CREATE FUNCTION g_pl2(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
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
CREATE FUNCTION g_re(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array(
    SELECT m[1] FROM regexp_matches(lower(t), '(..)', 'g') m
    UNION ALL SELECT m[1] FROM regexp_matches(substr(lower(t), 2), '(..)', 'g') m
    UNION ALL SELECT m[1] FROM regexp_matches(lower(t), '([a-z0-9]{3})', 'g') m
    UNION ALL SELECT m[1] FROM regexp_matches(substr(lower(t), 2), '([a-z0-9]{3})', 'g') m
    UNION ALL SELECT m[1] FROM regexp_matches(substr(lower(t), 3), '([a-z0-9]{3})', 'g') m)
$$;
`);
await T("noop", "select count(lower(d)) from t");
await T("sql", "select count(g_sql(d)), sum(cardinality(g_sql(d))) from t");
await T("sql2 bigrams only", "select count(g_sql2(d)) from t");
await T("pl", "select sum(cardinality(g_pl(d))) from t");
await T("pl2", "select sum(cardinality(g_pl2(d))) from t");
await T("re", "select sum(cardinality(g_re(d))) from t");
await T("eq", "select count(*) filter (where (select array_agg(distinct x order by x) from unnest(g_pl(d)) x) is distinct from g_sql(d)) from t");
