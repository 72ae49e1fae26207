-- Policy profiles carry a version (issue 16, item 1): a case keeps the
-- version it started on, and a calendar change rebuilds its calendar from
-- that version, not the current one. Cases filed before versions were all on
-- each profile's first version.
ALTER TABLE cases ADD COLUMN policy_version integer NOT NULL DEFAULT 1 CHECK (policy_version >= 1);
