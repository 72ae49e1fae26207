-- Letters as HTML beside their text (an email's HTML part, a printed
-- letter's page), and a status for a letter no channel can reach: a person
-- with neither email nor postal address. Such a letter is not "queued" to be
-- posted: it waits for a way to reach them.
ALTER TABLE correspondence ADD COLUMN body_html text;
ALTER TABLE correspondence DROP CONSTRAINT correspondence_status_check;
ALTER TABLE correspondence ADD CONSTRAINT correspondence_status_check
  CHECK (status IN ('sending', 'queued', 'sent', 'failed', 'needs-channel'));

-- A queued row was filed, not sent: it has no sending time (claimed_at says when it was filed).
UPDATE correspondence SET sent_at = NULL WHERE status = 'queued' AND provider_id IS NULL;
-- A letter filed in the outbox with no address reached no one.
UPDATE correspondence SET status = 'needs-channel'
  WHERE status = 'queued' AND channel = 'outbox' AND kind = 'letter' AND recipient_address IS NULL;
