-- Hand-written (issue #15, B1): version counters in `settings` for the per-process caches of the
-- intake path (src/db/cache-versions.ts). Each is bumped by a trigger in the transaction that
-- changes the data, whatever code (or person at psql) makes the change, so every app process sees
-- it on its next request:
--   access_version    users, role_bindings, sessions ended or shortened, api_keys changed
--   catalogue_version categories
--   units_version     organisations
--   regions_version   regions
-- (grids_version and holidays_version are bumped by their own code, as before.)
CREATE FUNCTION bump_cache_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO settings (key, value) VALUES (TG_ARGV[0], '1'::jsonb)
  ON CONFLICT (key) DO UPDATE
    SET value = to_jsonb(coalesce((settings.value #>> '{}')::bigint, 0) + 1), updated_at = now();
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The statement-level form: bumps only when the statement changed a row (a cleanup that deletes
-- nothing leaves the caches alone). The transition table is new_rows for INSERT, else old_rows.
CREATE FUNCTION bump_cache_version_if_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changed boolean;
BEGIN
  -- Two branches: a transition table that the trigger does not declare must not be named.
  IF TG_OP = 'INSERT' THEN
    changed := EXISTS (SELECT 1 FROM new_rows);
  ELSE
    changed := EXISTS (SELECT 1 FROM old_rows);
  END IF;
  IF changed THEN
    INSERT INTO settings (key, value) VALUES (TG_ARGV[0], '1'::jsonb)
    ON CONFLICT (key) DO UPDATE
      SET value = to_jsonb(coalesce((settings.value #>> '{}')::bigint, 0) + 1), updated_at = now();
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_access_version_update AFTER UPDATE ON users
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('access_version');
--> statement-breakpoint
CREATE TRIGGER users_access_version_delete AFTER DELETE ON users
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('access_version');
--> statement-breakpoint
CREATE TRIGGER role_bindings_access_version_insert AFTER INSERT ON role_bindings
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('access_version');
--> statement-breakpoint
CREATE TRIGGER role_bindings_access_version_update AFTER UPDATE ON role_bindings
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('access_version');
--> statement-breakpoint
CREATE TRIGGER role_bindings_access_version_delete AFTER DELETE ON role_bindings
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('access_version');
--> statement-breakpoint
CREATE TRIGGER sessions_access_version_delete AFTER DELETE ON sessions
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('access_version');
--> statement-breakpoint
-- Sliding a session's expiry forward (every use) changes nothing a cache holds; cutting it short,
-- or any other change, does.
CREATE TRIGGER sessions_access_version_update AFTER UPDATE ON sessions
  FOR EACH ROW WHEN (new.expires_at < old.expires_at OR new.user_id <> old.user_id
    OR new.csrf_token <> old.csrf_token OR new.created_at <> old.created_at)
  EXECUTE FUNCTION bump_cache_version('access_version');
--> statement-breakpoint
CREATE TRIGGER api_keys_access_version_delete AFTER DELETE ON api_keys
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('access_version');
--> statement-breakpoint
-- Marking a key used (last_used_at) changes nothing a cache holds.
CREATE TRIGGER api_keys_access_version_update AFTER UPDATE ON api_keys
  FOR EACH ROW WHEN (new.revoked_at IS DISTINCT FROM old.revoked_at OR new.key_hash <> old.key_hash
    OR new.kind <> old.kind OR new.scope_path <> old.scope_path OR new.name <> old.name)
  EXECUTE FUNCTION bump_cache_version('access_version');
--> statement-breakpoint
CREATE TRIGGER categories_catalogue_version_insert AFTER INSERT ON categories
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('catalogue_version');
--> statement-breakpoint
CREATE TRIGGER categories_catalogue_version_update AFTER UPDATE ON categories
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('catalogue_version');
--> statement-breakpoint
CREATE TRIGGER categories_catalogue_version_delete AFTER DELETE ON categories
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('catalogue_version');
--> statement-breakpoint
CREATE TRIGGER organisations_units_version_insert AFTER INSERT ON organisations
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('units_version');
--> statement-breakpoint
CREATE TRIGGER organisations_units_version_update AFTER UPDATE ON organisations
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('units_version');
--> statement-breakpoint
CREATE TRIGGER organisations_units_version_delete AFTER DELETE ON organisations
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('units_version');
--> statement-breakpoint
CREATE TRIGGER regions_regions_version_insert AFTER INSERT ON regions
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('regions_version');
--> statement-breakpoint
CREATE TRIGGER regions_regions_version_update AFTER UPDATE ON regions
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('regions_version');
--> statement-breakpoint
CREATE TRIGGER regions_regions_version_delete AFTER DELETE ON regions
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version_if_changed('regions_version');
