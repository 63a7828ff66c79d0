-- Up Migration
CREATE TABLE users (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL
);

-- Down Migration
DROP TABLE users;
