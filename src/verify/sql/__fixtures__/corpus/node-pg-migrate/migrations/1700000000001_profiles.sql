-- Up Migration
CREATE TABLE user_profiles (
  id SERIAL PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, -- expect: sql/one-per-parent-needs-unique
  bio TEXT
);
CREATE INDEX user_profiles_user_id ON user_profiles (user_id);

-- Down Migration
DROP TABLE user_profiles;
ALTER TABLE users DROP COLUMN name;
