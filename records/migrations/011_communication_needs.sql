-- Communication needs (issue 16; Luton 3.3, 13.4 and 13.7; BANES 2022-23 3.2):
-- how letters and meetings must reach the complainant. Personal data (it can
-- show a disability), so kept here, never in workflow state, search
-- attributes or logs, and disposed of with the case's people.
CREATE TABLE communication_needs (
  reference    text PRIMARY KEY REFERENCES cases (reference),
  format       text NOT NULL CHECK (format IN ('standard', 'large-print', 'easy-read', 'braille', 'audio')),
  language     text,
  interpreter  boolean NOT NULL DEFAULT false,
  bsl          boolean NOT NULL DEFAULT false,
  arrangements text,
  updated_at   timestamptz NOT NULL,
  updated_by   text NOT NULL
);

-- Each letter's task carries the needs in force when it was made, so whoever
-- prints or sends it knows to make a large-print or translated copy. Null:
-- a staff notice, a letter made before this migration, or none recorded.
ALTER TABLE correspondence ADD COLUMN communication_needs jsonb;
