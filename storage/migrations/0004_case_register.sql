-- The court's case register (立案登记), imported from its case management system: every
-- enforcement case is registered before its papers exist, so a case number the OCR read is
-- checked against it (classifier/case-register.ts). While the table is empty, no check runs.
CREATE TABLE case_register (
  case_number text PRIMARY KEY,
  filed_on    date,
  applicant   text NOT NULL DEFAULT '',
  respondent  text NOT NULL DEFAULT '',
  judge       text NOT NULL DEFAULT '',
  team        text NOT NULL DEFAULT '',
  updated_at  timestamptz NOT NULL DEFAULT now()
);
