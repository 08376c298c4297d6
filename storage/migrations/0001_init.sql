-- Initial schema: files → pages (+ OCR) → documents → cases → events → node snapshots + change feed.
-- Runs unchanged on PGlite (embedded) and PostgreSQL (production).

CREATE TABLE tokens (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('station','clerk','judge','supervisor','admin')),
  token_hash    text NOT NULL UNIQUE,          -- sha256 hex of the secret; the secret is never stored
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);

CREATE TABLE scan_files (
  id            uuid PRIMARY KEY,
  sha256        text NOT NULL UNIQUE,          -- idempotent ingest: same bytes → same file
  filename      text NOT NULL,
  content_type  text,                          -- sniffed from the bytes, null when unsupported
  size_bytes    bigint NOT NULL,
  blob_key      text NOT NULL,
  station       text,                          -- name of the token that uploaded it
  batch_id      text,
  case_hint     text,                          -- X-Case-Number as sent (raw)
  status        text NOT NULL CHECK (status IN ('received','processing','done','needs_review','failed')),
  stage         text NOT NULL DEFAULT 'received', -- pipeline stage reached: received|rasterized|recognized|assembled
  page_count    integer,
  error_code    text,
  error_message text,
  received_at   timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scan_files_status_idx ON scan_files (status, received_at);
CREATE INDEX scan_files_received_idx ON scan_files (received_at DESC);

CREATE TABLE cases (
  id                    bigserial PRIMARY KEY,
  case_number           text NOT NULL UNIQUE,  -- canonical form
  original_case_number  text,                  -- 执恢: the case it resumes
  parties               text NOT NULL DEFAULT '',
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE documents (
  id              uuid PRIMARY KEY,
  file_id         uuid NOT NULL REFERENCES scan_files(id),
  seq_in_file     integer NOT NULL,             -- 1-based order of the document inside its file
  case_id         bigint REFERENCES cases(id),
  case_number     text,
  form_type       text NOT NULL DEFAULT 'other',
  title           text,
  doc_date        date,
  volume          text NOT NULL DEFAULT 'main' CHECK (volume IN ('main','secondary')),
  confidence      real NOT NULL DEFAULT 0,
  fields          jsonb NOT NULL DEFAULT '{}'::jsonb,
  reasons         jsonb NOT NULL DEFAULT '[]'::jsonb,
  status          text NOT NULL CHECK (status IN ('classified','filed','needs_review')),
  review_codes    jsonb NOT NULL DEFAULT '[]'::jsonb,
  corrections     jsonb NOT NULL DEFAULT '{}'::jsonb, -- human overrides; never overwritten by re-OCR
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (file_id, seq_in_file)
);
CREATE INDEX documents_case_idx ON documents (case_id, doc_date);
CREATE INDEX documents_status_idx ON documents (status, created_at);

CREATE TABLE pages (
  id              uuid PRIMARY KEY,
  file_id         uuid NOT NULL REFERENCES scan_files(id),
  page_index      integer NOT NULL,             -- 1-based page of the scanned file
  status          text NOT NULL CHECK (status IN ('pending','recognized','failed')),
  image_key       text NOT NULL,
  image_type      text NOT NULL,
  thumb_key       text NOT NULL,
  width           integer NOT NULL,
  height          integer NOT NULL,
  dpi             integer NOT NULL,
  extracted       boolean NOT NULL DEFAULT false, -- scan image taken from the PDF as is
  text            text,
  header_text     text,
  confidence      real,
  flags           jsonb NOT NULL DEFAULT '{}'::jsonb, -- blank, lowConfidence, skewDeg, duplicateOf
  error_code      text,
  ocr_ms          integer,
  document_id     uuid REFERENCES documents(id),
  number_in_document integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (file_id, page_index)
);
CREATE INDEX pages_document_idx ON pages (document_id, number_in_document);
CREATE INDEX pages_pending_idx ON pages (status) WHERE status = 'pending';

-- Words with boxes, one row per page: a page holds ~300 words; one row per word would make
-- tens of millions of pages into billions of rows for data that is only ever read per page.
CREATE TABLE page_ocr (
  page_id   uuid PRIMARY KEY REFERENCES pages(id),
  words     jsonb NOT NULL,  -- [{t, c, b:[x0,y0,x1,y1]}]
  lines     jsonb NOT NULL   -- [{t, c, b:[x0,y0,x1,y1]}]
);

-- Dated facts the node engine reads; one per classified document (or correction).
CREATE TABLE case_events (
  id            bigserial PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases(id),
  document_id   uuid NOT NULL REFERENCES documents(id) UNIQUE,
  form_type     text NOT NULL,
  event_date    date,
  scan_seq      bigint NOT NULL,
  fields        jsonb NOT NULL DEFAULT '{}'::jsonb,
  source        text NOT NULL DEFAULT 'machine' CHECK (source IN ('machine','correction')),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_events_case_idx ON case_events (case_id);

-- Current node per case (derived by locateNode; rewritten on every change).
CREATE TABLE node_snapshots (
  case_id       bigint PRIMARY KEY REFERENCES cases(id),
  case_number   text NOT NULL,
  node_code     text NOT NULL,
  status        text NOT NULL,
  due_at        date,
  result        jsonb NOT NULL,  -- full NodeResult
  fingerprint   text NOT NULL,   -- hash of node+warnings; a change feed row only when it changes
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX node_snapshots_status_idx ON node_snapshots (status, due_at);

-- Append-only change feed. Writers serialise on an advisory lock so `seq` order equals commit
-- order and a reader paging by `seq > cursor` never skips a row committed later.
CREATE TABLE node_changes (
  seq           bigserial PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases(id),
  case_number   text NOT NULL,
  node          jsonb NOT NULL,
  warnings      jsonb NOT NULL,
  changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  token_id    bigint,
  actor       text,
  role        text,
  action      text NOT NULL,     -- e.g. dossier.view, page.view, document.correct, token.create
  target      text,
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb,
  ip          text
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
