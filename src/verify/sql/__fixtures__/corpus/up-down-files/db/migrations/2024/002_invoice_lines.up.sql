CREATE TABLE invoice_lines (
  id SERIAL PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices ON DELETE CASCADE,
  "Amount" NUMERIC(12, 2) NOT NULL,
  issued_on TIMESTAMP WITHOUT TIME ZONE NOT NULL -- expect: sql/timestamp-without-time-zone
);
CREATE INDEX ON invoice_lines (invoice_id);
