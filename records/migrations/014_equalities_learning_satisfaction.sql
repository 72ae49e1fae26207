-- Issue 16: equalities monitoring, learning, satisfaction and care flags.

-- Equalities monitoring (BANES 3.9, Luton 13.7): voluntary, special category
-- data (UK GDPR Art. 9), held apart from the case in its own table: never in
-- the case row, its events, letters or the workflow. One row per case and
-- person asked (the complainant, the child); each answer optional. Kept at
-- disposal, like complainant_type: once the people rows are gone the answers
-- name no one, and the annual report of a past year must not change.
CREATE TABLE equalities_monitoring (
  reference           text NOT NULL REFERENCES cases (reference),
  subject             text NOT NULL CHECK (subject IN ('complainant', 'child')),
  age_band            text,
  sex                 text,
  ethnicity           text,
  disability          text,
  religion            text,
  sexual_orientation  text,
  recorded_at         timestamptz NOT NULL,
  recorded_by         text NOT NULL,
  PRIMARY KEY (reference, subject)
);

-- Learning at the end of each stage (BANES 5.1), as the workflow syncs it:
-- the themes only, anonymous, kept for the annual report after disposal (the
-- staff's text stays in the workflow's event, blanked at disposal).
CREATE TABLE learning (
  reference    text NOT NULL REFERENCES cases (reference),
  stage        text NOT NULL CHECK (stage IN ('stage1', 'stage2', 'stage3')),
  themes       text[] NOT NULL,
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (reference, stage)
);

-- The complainant's satisfaction at closure or after (Luton 13.8), synced from
-- the workflow; and the child's care status (BANES 3.4), set when the case is
-- logged and changed by the complaints team. Both codes, kept for the report
-- as complainant_type is.
ALTER TABLE cases ADD COLUMN satisfaction text CHECK (satisfaction IN ('satisfied', 'not-satisfied', 'not-asked', 'no-answer'));
ALTER TABLE cases ADD COLUMN child_care text CHECK (child_care IN ('in-care', 'care-experienced', 'care-leaver', 'none'));
