-- The councils one deployment serves, and each one's settings. `npm run
-- council -- add` writes a row (as the tables' owner); the app reads its own
-- council's row only. A council's closure days are its calendar
-- (calendar_versions and calendar_changes, partitioned by 025), not a column
-- here: one home for them.
CREATE TABLE councils (
  id                  text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(id) <= 40),
  -- NULL in the four below only for `default`, the embedded default's one
  -- council, which keeps the deployment's settings: COUNCIL_NAME,
  -- TEMPORAL_NAMESPACE, DEFAULT_POLICY (at its latest version).
  name                text CHECK (length(name) BETWEEN 1 AND 200),
  -- Its cases' Temporal namespace, `complaints-<id>`.
  namespace           text UNIQUE,
  -- The policy profile (domain/policy.ts) new cases start on, and its version.
  policy_id           text,
  policy_version      integer CHECK (policy_version >= 1),
  -- The letters' identity. NULL: the deployment's COUNCIL_* setting.
  letter_name         text,
  complaints_contact  text,
  complaints_address  text,
  complaints_phone    text,
  complaints_email    text,
  logo_path           text,
  -- Where the letter channels' secrets are, never the secrets: `env:NAME`
  -- (an environment variable) or `file:/path` (a mounted secret file).
  notify_api_key_ref  text CHECK (notify_api_key_ref ~ '^(env:[A-Z][A-Z0-9_]*|file:/.+)$'),
  smtp_url_ref        text CHECK (smtp_url_ref ~ '^(env:[A-Z][A-Z0-9_]*|file:/.+)$'),
  mail_from           text,
  notify_template_ids jsonb CHECK (notify_template_ids IS NULL OR jsonb_typeof(notify_template_ids) = 'object'),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (id = 'default' OR (name IS NOT NULL AND namespace IS NOT NULL AND policy_id IS NOT NULL AND policy_version IS NOT NULL))
);

-- The embedded default's one council: its settings stay the deployment's.
INSERT INTO councils (id) VALUES ('default');

ALTER TABLE councils ENABLE ROW LEVEL SECURITY;
CREATE POLICY council_own_row ON councils USING (id = current_setting('app.council', true));
GRANT SELECT ON councils TO complaints_app;
