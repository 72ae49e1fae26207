-- The independence register (BANES 2022-23 9.3): independent people,
-- investigating officers and panel members, by the id commands name them
-- with. The API reads it before appointing an Independent Person (Luton
-- 16.3) or a Review Panel (Rutland 10.1) and passes its answer to the
-- workflow, which records it on the step. Names of staff and contractors, not
-- of children: reads are logged all the same (view 'register').
CREATE TABLE independence_register (
  id             text PRIMARY KEY,
  name           text NOT NULL,
  parts          jsonb NOT NULL CHECK (jsonb_typeof(parts) = 'array' AND jsonb_array_length(parts) >= 1),
  organisation   text NOT NULL,
  of_council     boolean NOT NULL,
  trained_on     date,
  dbs_checked_on date,
  updated_at     timestamptz NOT NULL,
  updated_by     text NOT NULL
);
