-- The staff pages' sign-in (web/staff/): an OpenID Connect sign-in under way,
-- and the session it opens. As for the complainant's (migration 015), no
-- secret is kept as given: a sign-in's `state` and a session's cookie value
-- are kept as their SHA-256 only, so a copy of the database signs no one in.

-- One row per sign-in sent to the identity provider, taken (deleted) once by
-- the callback that brings its `state` back: a replayed callback finds none.
-- The PKCE verifier and nonce are the provider's round trip's own, useless
-- once the code they go with is spent.
CREATE TABLE staff_sign_in_attempts (
  state_hash     text PRIMARY KEY,
  code_verifier  text NOT NULL,
  nonce          text NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL
);
CREATE INDEX staff_sign_in_attempts_expires ON staff_sign_in_attempts (expires_at);

-- A signed-in member of staff: the caller their token stood for at sign-in
-- (subject, roles, teams: api/auth/authenticate.ts callerOf). `id` is the
-- session's public name; `secret_hash` the SHA-256 of the cookie's value.
-- Ends after `idle` without a request or `absolute` after sign-in
-- (STAFF_SESSION_IDLE_MINUTES, STAFF_SESSION_MAX_HOURS), or at sign-out.
CREATE TABLE staff_sessions (
  id            text PRIMARY KEY,
  secret_hash   text NOT NULL UNIQUE,
  subject       text NOT NULL,
  roles         text[] NOT NULL,
  teams         text[] NOT NULL,
  -- 'oidc' or 'local' (the embedded default's sign-in, for local use only).
  via           text NOT NULL,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  ended_at      timestamptz
);
CREATE INDEX staff_sessions_created ON staff_sessions (created_at);
