-- The council's complaint file: it outlives Temporal's history retention.
-- Every table an activity writes has a natural key, so a retried activity
-- writes nothing twice.

-- One row per complaint. The personal columns (summary, desired_outcome,
-- matter_occurred_on) are blanked on disposal; the rest are the anonymous
-- counts the annual report needs, kept for good.
CREATE TABLE cases (
  reference           text PRIMARY KEY,
  received_at         timestamptz NOT NULL,
  received_on         date,
  channel             text NOT NULL,
  policy_id           text NOT NULL,
  team                text,
  summary             text,
  desired_outcome     text,
  matter_occurred_on  date,
  -- Anonymous copies for reporting, kept after the people rows are deleted.
  complainant_type    text,
  has_child           boolean NOT NULL DEFAULT false,
  has_advocate        boolean NOT NULL DEFAULT false,
  -- Derived from the workflow's state by syncCase.
  procedure           text NOT NULL DEFAULT 'untriaged',
  stage               text NOT NULL DEFAULT 'stage1',
  status              text NOT NULL DEFAULT 'awaiting-triage',
  outcome             jsonb,
  on_hold             boolean NOT NULL DEFAULT false,
  calendar_version    text,
  next_deadline_key   text,
  next_due            date,
  overdue             boolean NOT NULL DEFAULT false,
  closed_at           timestamptz,
  disposed_at         timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_listing ON cases (received_at DESC, reference DESC);
CREATE INDEX cases_closed ON cases (closed_at) WHERE disposed_at IS NULL;

CREATE TABLE people (
  id             bigserial PRIMARY KEY,
  reference      text NOT NULL REFERENCES cases (reference),
  role           text NOT NULL CHECK (role IN ('complainant', 'child', 'representative', 'advocate')),
  name           text NOT NULL,
  type           text,
  email          text,
  phone          text,
  address        text,
  date_of_birth  date,
  organisation   text,
  relationship   text
);
CREATE INDEX people_reference ON people (reference);
CREATE INDEX people_name ON people (lower(name));
CREATE INDEX people_email ON people (lower(email));

-- The audit trail. Workflow events are keyed by their position in the
-- workflow's event list (seq); events the records store makes itself (case
-- created, disposed) have no seq.
CREATE TABLE events (
  id           bigserial PRIMARY KEY,
  reference    text NOT NULL REFERENCES cases (reference),
  seq          integer,
  action       text NOT NULL,
  actor        text NOT NULL,
  at           timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL,
  note         text,
  detail       jsonb,
  before       jsonb,
  after        jsonb,
  UNIQUE (reference, seq)
);
CREATE INDEX events_at ON events (reference, at);

CREATE TABLE deadlines (
  reference    text NOT NULL REFERENCES cases (reference),
  key          text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('duty', 'window')),
  due          date NOT NULL,
  state        text NOT NULL,
  met_at       timestamptz,
  missed_at    timestamptz,
  explanation  text NOT NULL,
  PRIMARY KEY (reference, key)
);

CREATE TABLE findings (
  reference    text NOT NULL REFERENCES cases (reference),
  stage        text NOT NULL,
  head         text NOT NULL,
  finding      text NOT NULL CHECK (finding IN ('upheld', 'partially-upheld', 'not-upheld')),
  category     text NOT NULL,
  recorded_at  timestamptz NOT NULL,
  PRIMARY KEY (reference, stage, head)
);

CREATE TABLE remedies (
  reference     text NOT NULL REFERENCES cases (reference),
  stage         text NOT NULL,
  head          text NOT NULL,
  ordinal       integer NOT NULL,
  type          text NOT NULL,
  amount_pence  integer,
  PRIMARY KEY (reference, stage, head, ordinal)
);

-- Recommendations become actions, followed to completion.
CREATE TABLE actions (
  reference          text NOT NULL REFERENCES cases (reference),
  stage              text NOT NULL,
  recommendation_id  text NOT NULL,
  owner              text NOT NULL,
  due                date NOT NULL,
  status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  completed_at       timestamptz,
  completed_by       text,
  PRIMARY KEY (reference, stage, recommendation_id)
);

CREATE TABLE ombudsman_referrals (
  reference            text PRIMARY KEY REFERENCES cases (reference),
  referred_at          timestamptz NOT NULL,
  ombudsman_reference  text,
  decision             text,
  decided_at           timestamptz,
  remedies             text[] NOT NULL DEFAULT '{}',
  compliance_date      date,
  complied_at          timestamptz
);

-- Letters, emails, reminders and alerts as sent, one row per notice and
-- channel. A row is claimed ('sending') before the channel is called and
-- settled after, so a concurrent or retried delivery sends nothing twice.
CREATE TABLE correspondence (
  id                 bigserial PRIMARY KEY,
  reference          text NOT NULL REFERENCES cases (reference),
  notice_id          integer NOT NULL,
  channel            text NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('letter', 'reminder', 'breach-alert')),
  template           text NOT NULL,
  recipient_role     text NOT NULL,
  recipient_address  text,
  subject            text,
  body               text,
  status             text NOT NULL CHECK (status IN ('sending', 'queued', 'sent', 'failed')),
  claimed_at         timestamptz NOT NULL DEFAULT now(),
  sent_at            timestamptz,
  provider_id        text,
  error              text,
  UNIQUE (reference, notice_id, channel)
);
CREATE INDEX correspondence_status ON correspondence (channel, status);

-- Who read or exported which case, and when.
CREATE TABLE access_log (
  id         bigserial PRIMARY KEY,
  reference  text,
  actor      text NOT NULL,
  action     text NOT NULL CHECK (action IN ('read', 'export')),
  at         timestamptz NOT NULL
);
CREATE INDEX access_log_reference ON access_log (reference, at);
CREATE INDEX access_log_actor ON access_log (actor, at);

-- The API's Idempotency-Key responses, per caller.
CREATE TABLE idempotency_keys (
  key         text NOT NULL,
  actor       text NOT NULL,
  method      text NOT NULL,
  path        text NOT NULL,
  status      integer NOT NULL,
  body        jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key, actor)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- The register of unreasonable-conduct restrictions (Rutland appendix A,
-- Luton 9). The person link is cut when their case's personal data is
-- disposed of; the anonymous row stays for the audit committee's count.
CREATE TABLE contact_restrictions (
  id              bigserial PRIMARY KEY,
  reference       text NOT NULL REFERENCES cases (reference),
  person_id       bigint REFERENCES people (id) ON DELETE SET NULL,
  level           text NOT NULL CHECK (level IN ('warning', 'restricted', 'refused')),
  allowed_contact text[] NOT NULL DEFAULT '{}',
  reason          text,
  starts_on       date NOT NULL,
  expires_on      date,
  review_on       date,
  notified_at     timestamptz,
  decided_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (reference, person_id, level, starts_on)
);
