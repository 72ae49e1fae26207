-- Two record types the annual report counts beside complaints (issue 16).
--
-- Enquiries from MPs and councillors (BANES 1.6, Luton 7.1). The member's
-- name is a public office; the constituent's name and contact details are
-- personal data, kept here only (never in a workflow) and read through the
-- API with each read logged. No response target: none of the documents sets one.
CREATE TABLE enquiries (
  id                   bigserial PRIMARY KEY,
  member_type          text NOT NULL CHECK (member_type IN ('mp', 'councillor')),
  member_name          text NOT NULL,
  constituent_name     text,
  constituent_contact  text,
  received_on          date NOT NULL,
  service_area         text NOT NULL,
  -- The complaint it concerns, when it does ("Frequently the service will also be dealing with the same issue under the Complaints Procedure", BANES 1.6).
  reference            text,
  answered_on          date CHECK (answered_on IS NULL OR answered_on >= received_on),
  recorded_by          text NOT NULL,
  recorded_at          timestamptz NOT NULL DEFAULT now(),
  -- A keyed request (hash of caller and Idempotency-Key) and its body's hash, as feedback's.
  request_key          text UNIQUE,
  request_hash         text
);
CREATE INDEX enquiries_received ON enquiries (received_on, id);

-- Service requests (Rutland 2.1): "a request that the Council provides a
-- service … not a Complaint but … recorded and reported on in the same way".
-- Logged by the complaints team; a complaint triaged as one is a case of its
-- own (procedure 'service-request'), and the report counts both. What was
-- asked is a short note: no names or contact details.
CREATE TABLE service_requests (
  id            bigserial PRIMARY KEY,
  received_on   date NOT NULL,
  team          text NOT NULL,
  request       text NOT NULL,
  outcome       text CHECK (outcome IN ('provided', 'arranged', 'declined', 'referred-elsewhere')),
  outcome_on    date CHECK (outcome_on IS NULL OR outcome_on >= received_on),
  recorded_by   text NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  request_key   text UNIQUE,
  request_hash  text
);
CREATE INDEX service_requests_received ON service_requests (received_on, id);
