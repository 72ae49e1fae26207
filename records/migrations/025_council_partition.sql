-- Many councils on one deployment: every row belongs to one council, and
-- PostgreSQL's row-level security keeps each council's rows from every other.
--
-- The app never queries as the tables' owner. Each of its transactions runs
-- as `complaints_app` (SET LOCAL ROLE, records/council.ts), a role that owns
-- nothing and cannot bypass row-level security, with the council in the
-- transaction's `app.council` setting. So the policy applies even when the
-- connection is a superuser's (PGlite always is; so is many a server's), and a
-- query that forgets `WHERE council = …` still sees one council's rows only.
-- The owner (migrations, `npm run council`) is not subject to the policy: a
-- later migration's UPDATE must reach every council's rows.

-- A database administrator may make the role beforehand (CREATE ROLE
-- complaints_app NOLOGIN NOBYPASSRLS; GRANT complaints_app TO <the app's
-- user>) where the app's user may not create roles; then nothing is asked of it here.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'complaints_app') THEN
    BEGIN
      CREATE ROLE complaints_app NOLOGIN NOBYPASSRLS;
    EXCEPTION
      -- Roles belong to the server, not the database: another database on the
      -- same server, migrated at the same moment, made it first.
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'the records need a role complaints_app, and % may not create roles', current_user
          USING HINT = format('As an administrator: CREATE ROLE complaints_app NOLOGIN NOBYPASSRLS; GRANT complaints_app TO %I;', current_user);
    END;
  END IF;
  IF NOT pg_has_role(current_user, 'complaints_app', 'MEMBER') THEN
    EXECUTE format('GRANT complaints_app TO %I', current_user);
  END IF;
END
$$;

DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO complaints_app', current_schema());
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO complaints_app', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO complaints_app', current_schema());
END
$$;

-- One home for what a council's partition is. A migration that adds a table
-- of council data calls it: `SELECT council_partition('new_table');`
-- Rows already there become the `default` council's; new rows take the
-- transaction's council (the owner's, outside any council: `default`).
CREATE FUNCTION council_partition(t regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ADD COLUMN IF NOT EXISTS council text NOT NULL DEFAULT %L', t, 'default');
  EXECUTE format($f$ALTER TABLE %s ALTER COLUMN council SET DEFAULT coalesce(nullif(current_setting('app.council', true), ''), 'default')$f$, t);
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
  EXECUTE format('DROP POLICY IF EXISTS council_partition ON %s', t);
  -- Unset, the setting reads as NULL (or ''): no row matches, nothing can be written.
  EXECUTE format($f$CREATE POLICY council_partition ON %s
    USING (council = current_setting('app.council', true))
    WITH CHECK (council = current_setting('app.council', true))$f$, t);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO complaints_app', t);
END
$$;

DO $$
DECLARE
  t regclass;
BEGIN
  FOR t IN
    SELECT c.oid::regclass FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
    ORDER BY c.relname
  LOOP
    PERFORM council_partition(t);
  END LOOP;
END
$$;

-- Keys a client or a council chooses are unique within the council only: two
-- councils may send the same Idempotency-Key, load the same calendar file
-- (its id is its content's hash) or register a person under the same id.
-- Keys the deployment draws at random (references, session and link hashes)
-- stay unique across it.
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey, ADD PRIMARY KEY (council, key, actor);
ALTER TABLE feedback DROP CONSTRAINT feedback_request_key_key, ADD CONSTRAINT feedback_request_key_key UNIQUE (council, request_key);
ALTER TABLE enquiries DROP CONSTRAINT enquiries_request_key_key, ADD CONSTRAINT enquiries_request_key_key UNIQUE (council, request_key);
ALTER TABLE service_requests DROP CONSTRAINT service_requests_request_key_key, ADD CONSTRAINT service_requests_request_key_key UNIQUE (council, request_key);
ALTER TABLE independence_register DROP CONSTRAINT independence_register_pkey, ADD PRIMARY KEY (council, id);
ALTER TABLE calendar_changes DROP CONSTRAINT calendar_changes_version_fkey;
ALTER TABLE calendar_versions DROP CONSTRAINT calendar_versions_pkey, ADD PRIMARY KEY (council, id);
ALTER TABLE calendar_changes ADD CONSTRAINT calendar_changes_version_fkey FOREIGN KEY (council, version) REFERENCES calendar_versions (council, id);

-- The listings and sweeps that read one council's rows in order.
DROP INDEX cases_listing;
CREATE INDEX cases_listing ON cases (council, received_at DESC, reference DESC);
CREATE INDEX calendar_changes_council ON calendar_changes (council, seq);
CREATE INDEX access_log_council ON access_log (council, at);
