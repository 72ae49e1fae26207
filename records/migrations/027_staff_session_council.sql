-- A staff session works in one council at a time. Sessions are the
-- deployment's sign-ins, kept in the `default` council's rows whichever
-- councils their staff work for (web/staff/session.ts reads them there);
-- every page a session opens runs in the council it works in.
--
-- `councils`: those the sign-in's token named that the deployment serves.
-- `works_in`: the one its pages serve now; NULL until a member of several
-- chooses (the chooser, /staff/council), and changed when they switch.
ALTER TABLE staff_sessions
  ADD COLUMN councils text[] NOT NULL DEFAULT ARRAY['default']::text[],
  ADD COLUMN works_in text;
-- Sessions open now were signed in to the default council, the only one the pages served.
UPDATE staff_sessions SET works_in = 'default';
ALTER TABLE staff_sessions ADD CONSTRAINT staff_sessions_works_in CHECK (works_in IS NULL OR works_in = ANY (councils));
