-- A document waiting for a clerk only because its date was read two ways (the date taken and
-- the other readings, classifier/doc-date.ts): its case's other documents may settle which
-- reading is the date (classifier/track-date.ts), whichever arrives first. The locate stage
-- looks such documents up by case number, so they are indexed while they wait.
ALTER TABLE documents ADD COLUMN date_doubt jsonb;
CREATE INDEX documents_date_doubt_idx ON documents (case_number) WHERE date_doubt IS NOT NULL;
