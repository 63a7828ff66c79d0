CREATE TABLE events (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  payload JSON NOT NULL, -- expect: sql/json-instead-of-jsonb
  occurred_at TIMESTAMP NOT NULL, -- expect: sql/timestamp-without-time-zone
  recorded_at TIMESTAMP(3) WITHOUT TIME ZONE, -- expect: sql/timestamp-without-time-zone
  received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  metadata JSONB
);
ALTER TABLE events ADD COLUMN raw_headers json; -- expect: sql/json-instead-of-jsonb
