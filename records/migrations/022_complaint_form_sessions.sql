-- Someone making a complaint on the pages (web/): their answers so far, kept
-- between pages so that any API instance serves the next page and a restart
-- loses nothing. `made` counts the complaints this form session has started:
-- each one's idempotency key is the session and that count, so a retried
-- "send", even after a crash between starting the case and saving here,
-- finds the case the first started. The cookie's value is kept only as its
-- SHA-256. Rows idle an hour are deleted (web/session.ts): a draft complaint
-- is kept no longer than the person is at it.
CREATE TABLE complaint_form_sessions (
  id_hash     text PRIMARY KEY,
  state       jsonb NOT NULL,
  touched_at  timestamptz NOT NULL
);
CREATE INDEX complaint_form_sessions_touched ON complaint_form_sessions (touched_at);
