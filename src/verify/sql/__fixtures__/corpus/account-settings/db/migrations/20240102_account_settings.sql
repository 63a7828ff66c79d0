CREATE TABLE account_settings (
  id SERIAL PRIMARY KEY,
  account_id UUID NOT NULL, -- expect: sql/one-per-parent-needs-unique, sql/foreign-key-without-index
  theme TEXT NOT NULL DEFAULT 'light',
  FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
