-- Compliments and representations (enquiries and comments that are not
-- complaints) logged by the complaints team, for the annual report. Minimal
-- personal data: who it came from is a type (child, parent, …), never a
-- name or contact details; the note is the staff's own short summary.
CREATE TABLE feedback (
  id            bigserial PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('compliment', 'representation')),
  received_on   date NOT NULL,
  team          text,
  channel       text,
  from_type     text,
  note          text,
  recorded_by   text NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  -- A keyed request (hash of caller and Idempotency-Key) and its body's hash:
  -- a retry finds its row, and the same key with another body is refused.
  request_key   text UNIQUE,
  request_hash  text
);
CREATE INDEX feedback_received ON feedback (kind, received_on, id);
