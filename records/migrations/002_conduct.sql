-- The unreasonable-conduct register kept by each person's conduct workflow
-- (workflows/conduct): how each warning, restriction or refusal of contact
-- ended, and when the person's investigations were discontinued. One row per
-- measure, keyed as before by (reference, person, level, start date); the
-- annual report counts the rows starting in its period.
ALTER TABLE contact_restrictions ADD COLUMN ended_on date;
ALTER TABLE contact_restrictions ADD COLUMN ended_how text CHECK (ended_how IN ('lifted', 'expired', 'escalated'));
ALTER TABLE contact_restrictions ADD COLUMN discontinued_on date;
ALTER TABLE contact_restrictions ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX contact_restrictions_person ON contact_restrictions (person_id, starts_on);
