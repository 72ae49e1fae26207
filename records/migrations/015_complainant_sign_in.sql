-- The complainant's side: sign-in by a one-time link, and the session it opens
-- (api/complainant/). The complainant is not staff: their identity is the
-- complainant row of each case (people, role 'complainant') whose email is the
-- address they gave. Neither table holds a secret as given: a link's token and
-- a session's id are kept as their SHA-256 only, so a copy of the database
-- signs no one in. No email either: its SHA-256 (of the trimmed, lower-cased
-- address) lets a session's cases be checked again on every request.

-- One row per link sent. `consumed_at` is set once, by the one UPDATE that
-- finds it unset and unexpired, so of two concurrent uses exactly one wins.
CREATE TABLE complainant_sign_in_links (
  token_hash   text PRIMARY KEY,
  email_hash   text NOT NULL,
  refs         text[] NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  consumed_at  timestamptz,
  -- How the link went: the channels that took it ('smtp', 'notify'), or none
  -- when no channel can send it by email (the outbox is for letters on paper).
  sent_via     text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX complainant_sign_in_links_expires ON complainant_sign_in_links (expires_at);

-- A signed-in complainant. `id` is the session's public name (the access log's
-- actor is complainant:<id>); `secret_hash` the SHA-256 of the cookie's value.
-- Ends after `idle` without a request or `absolute` after sign-in (settings),
-- or at sign-out.
CREATE TABLE complainant_sessions (
  id            text PRIMARY KEY,
  secret_hash   text NOT NULL UNIQUE,
  email_hash    text NOT NULL,
  refs          text[] NOT NULL,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  ended_at      timestamptz
);
CREATE INDEX complainant_sessions_created ON complainant_sessions (created_at);
