-- What is overdue, not only whether: the oldest duty missed and not yet done,
-- and the instant it became overdue (the end of its due date, London).
-- "overdue" now means such a duty exists (a duty done late no longer makes a
-- case overdue), and a case waiting only on the complainant's window shows
-- the window's end as its next date. syncCase keeps these from now on; the
-- rows already stored are brought into line here, by the same rules
-- (workflows/complaint/clocks.ts headline()).
ALTER TABLE cases ADD COLUMN overdue_key text, ADD COLUMN overdue_since timestamptz;

UPDATE cases SET overdue = false, overdue_key = NULL, overdue_since = NULL;
UPDATE cases c
   SET overdue = true, overdue_key = o.key, overdue_since = ((o.due + 1)::timestamp AT TIME ZONE 'Europe/London')
  FROM (SELECT DISTINCT ON (reference) reference, key, due FROM deadlines
         WHERE kind = 'duty' AND state = 'missed' AND met_at IS NULL
         ORDER BY reference, due) o
 WHERE o.reference = c.reference;
UPDATE cases c
   SET next_deadline_key = w.key, next_due = w.due
  FROM (SELECT DISTINCT ON (reference) reference, key, due FROM deadlines
         WHERE kind = 'window' AND state = 'pending'
         ORDER BY reference, due) w
 WHERE w.reference = c.reference AND c.next_deadline_key IS NULL;
