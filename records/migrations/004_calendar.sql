-- The council's working-day calendar: every version ever loaded, and the
-- changes that made each one current. A version's id is the hash of its
-- content (the GOV.UK bank holidays file and the closure days), so loading
-- the same content twice finds the version already there.
CREATE TABLE calendar_versions (
  id             text PRIMARY KEY,
  -- The GOV.UK file as validated: all three divisions, events sorted by date.
  bank_holidays  jsonb NOT NULL,
  -- The council's own closure days, [{ "date": "YYYY-MM-DD", "reason": "…" }] sorted by date.
  closure_days   jsonb NOT NULL DEFAULT '[]',
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- One row each time a version became current; the latest row is the current
-- calendar. Its seq orders the passes that carry it to live cases, so a case
-- never goes back to an older calendar because a signal arrived late.
CREATE TABLE calendar_changes (
  seq         bigserial PRIMARY KEY,
  version     text NOT NULL REFERENCES calendar_versions (id),
  kind        text NOT NULL CHECK (kind IN ('bank-holidays', 'closure-day')),
  -- What the change was: a closure day's date and reason, or the holidays added and removed.
  detail      jsonb NOT NULL DEFAULT '{}',
  actor       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calendar_changes_version ON calendar_changes (version, seq);
