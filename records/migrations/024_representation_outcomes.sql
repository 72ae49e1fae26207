-- A representation logged without a case is answered or not pursued (BANES
-- 2022-23 4.2: of two representations, one resolved and one not pursued).
-- Left out, it is answered, as every representation logged before this was
-- counted. A compliment has no outcome.
ALTER TABLE feedback ADD COLUMN outcome text
  CHECK (outcome IS NULL OR (kind = 'representation' AND outcome IN ('answered', 'not-pursued')));
