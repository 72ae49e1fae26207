-- Recommendation action plans: each action followed by a workflow of its own
-- (workflows/actions), which outlives the case it came from. The `actions`
-- table of 001 already holds one row per recommendation, keyed by case, stage
-- and recommendation id (the case sync writes it); the action's workflow takes
-- the row over (workflow_id set) and keeps it up to date from then on.
-- `stage` is the source: stage1, stage2, stage3 or ombudsman.

ALTER TABLE actions
  ADD COLUMN id text GENERATED ALWAYS AS (reference || '-' || stage || '-' || recommendation_id) STORED,
  ADD COLUMN workflow_id text,
  ADD COLUMN explanation text,
  -- [{to, due, at}]: the complaints manager when overdue, the director 10 working days later.
  ADD COLUMN escalations jsonb NOT NULL DEFAULT '[]',
  -- The note (action_notes) holding the evidence of completion.
  ADD COLUMN evidence_note text,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE UNIQUE INDEX actions_id ON actions (id);
CREATE INDEX actions_owner ON actions (owner, due, id);
CREATE INDEX actions_open_due ON actions (due, id) WHERE status = 'open';

-- What happened to each action, keyed by its position in the workflow's event list.
CREATE TABLE action_events (
  action_id    text NOT NULL,
  seq          integer NOT NULL,
  action       text NOT NULL,
  actor        text NOT NULL,
  at           timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL,
  detail       jsonb,
  PRIMARY KEY (action_id, seq)
);

-- Free text that goes with a step (evidence, a reason): never in workflow
-- state. Keyed by the note id the step's Update carries.
CREATE TABLE action_notes (
  action_id           text NOT NULL,
  note_id             text NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('complete', 'reassign', 'extend')),
  actor               text NOT NULL,
  text                text,
  evidence_reference  text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (action_id, note_id)
);
