-- Case-level access (domain/access.ts): who has a part in each case, by staff
-- id, as the workflow's sync files it (records/case-sync.ts), so a listing is
-- filtered in SQL by the caller's teams and parts. Staff ids only: no
-- personal data about the child. Kept when a case's personal data is
-- disposed of: who may see the rest of the file does not change.
CREATE TABLE case_parties (
  reference  text NOT NULL REFERENCES cases (reference),
  person_id  text NOT NULL,
  part       text NOT NULL CHECK (part IN ('assigned-officer', 'investigating-officer', 'independent-person',
                                           'adjudicating-officer', 'panel-chair', 'panel-member')),
  PRIMARY KEY (reference, person_id, part)
);
CREATE INDEX case_parties_person ON case_parties (person_id);

-- Cases filed before it, from their audit trail, until their next sync files
-- the workflow's own set: the officer who logged the case (the actor of its
-- first event, as domain/complaint/parties.ts assignmentsOf), and the
-- investigators as last appointed or replaced. A panel's members are not in
-- the trail: they are filed at the case's next change.
INSERT INTO case_parties (reference, person_id, part)
SELECT reference, actor, 'assigned-officer' FROM events WHERE seq = 1 AND action = 'received'
ON CONFLICT DO NOTHING;
INSERT INTO case_parties (reference, person_id, part)
SELECT reference, person_id, part
  FROM (SELECT DISTINCT ON (reference) reference, detail
          FROM events
         WHERE action IN ('investigators-appointed', 'investigators-replaced') AND seq IS NOT NULL
         ORDER BY reference, seq DESC) latest
 CROSS JOIN LATERAL (VALUES (latest.detail->>'investigatingOfficer', 'investigating-officer'),
                            (latest.detail->>'independentPerson', 'independent-person')) AS p (person_id, part)
 WHERE person_id IS NOT NULL
ON CONFLICT DO NOTHING;

-- Which view of a case was read (domain/access.ts VIEWS, and 'listing',
-- 'subject-access', 'codec', 'conduct'). Rows from before it have none. No
-- CHECK: the type (records/types.ts AccessView) keeps the names, and a new
-- kind of read should not need a migration to be logged.
ALTER TABLE access_log ADD COLUMN view text;
