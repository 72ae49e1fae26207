-- A stored Idempotency-Key answer can hold a case's view and contact details
-- (issue 15, item 6): it now names its case, so disposing of the case's
-- personal data (records/personal-data.ts) deletes it too. Answers that span
-- cases or hold no case's data (imports, the calendar) name none.
ALTER TABLE idempotency_keys ADD COLUMN reference text;
CREATE INDEX idempotency_keys_reference ON idempotency_keys (reference) WHERE reference IS NOT NULL;

-- The answers already stored: their request path names the case (a case's or
-- an action's command), or the person whose conduct it decided.
UPDATE idempotency_keys
   SET reference = substring(path FROM '^/v1/(?:complaints|actions)/(CSC-[0-9]{4}-[0-9A-Z]{6})')
 WHERE reference IS NULL AND path ~ '^/v1/(complaints|actions)/CSC-[0-9]{4}-[0-9A-Z]{6}';
UPDATE idempotency_keys k
   SET reference = p.reference
  FROM people p
 WHERE k.reference IS NULL AND k.path ~ '^/v1/conduct/[0-9]{1,15}/commands/'
   AND p.id = substring(k.path FROM '^/v1/conduct/([0-9]{1,15})/')::bigint;

-- Cases already disposed of keep no stored answers.
DELETE FROM idempotency_keys k USING cases c WHERE k.reference = c.reference AND c.disposed_at IS NOT NULL;
