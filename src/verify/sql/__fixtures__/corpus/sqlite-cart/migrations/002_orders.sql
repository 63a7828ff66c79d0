CREATE TABLE orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER REFERENCES users (id), -- expect: sql/foreign-key-without-index, sql/nullable-foreign-key, sql/foreign-key-without-on-delete
  total_cents INTEGER NOT NULL,
  placed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
ALTER TABLE orders ADD COLUMN note TEXT;
