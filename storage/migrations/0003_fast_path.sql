-- Fast path to the node: a page whose header band (title + case number) classifies
-- conclusively gives its case a provisional event minutes before the whole file is OCR'd and
-- assembled. The node engine reads these only while the page has no document yet and its file
-- is still being processed; assembly replaces them with the real document's event.
CREATE TABLE provisional_events (
  page_id     uuid PRIMARY KEY REFERENCES pages(id),
  case_id     bigint NOT NULL REFERENCES cases(id),
  form_type   text NOT NULL,
  event_date  date,
  date_source text NOT NULL CHECK (date_source IN ('header','scan_day')),
  scan_seq    bigint NOT NULL,
  fields      jsonb NOT NULL DEFAULT '{}'::jsonb,
  reasons     jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX provisional_events_case_idx ON provisional_events (case_id);
