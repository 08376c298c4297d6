CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Periodic jobs claim their time slot here, so however many processes run a scheduler timer,
-- each slot (e.g. one day's re-evaluation) runs once in the whole cluster.
CREATE TABLE scheduler_slots (
  slot        text PRIMARY KEY,
  claimed_by  text NOT NULL,
  claimed_at  timestamptz NOT NULL DEFAULT now()
);

-- Full-text search over Chinese OCR text: overlapping character bigrams, space-separated,
-- indexed as a 'simple' tsvector (no dictionary: Chinese has no word spaces to split on).
ALTER TABLE pages ADD COLUMN search_bigrams tsvector;
CREATE INDEX pages_search_idx ON pages USING gin (search_bigrams);
CREATE INDEX cases_parties_trgm_idx ON cases USING gin (parties gin_trgm_ops);
