CREATE TABLE notes (
  id SERIAL PRIMARY KEY,
  body txt NOT NULL -- expect: sql/migration-failed
);
