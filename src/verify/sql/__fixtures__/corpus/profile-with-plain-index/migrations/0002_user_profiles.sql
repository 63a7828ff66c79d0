CREATE TABLE user_profiles (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE, -- expect: sql/one-per-parent-needs-unique
  display_name TEXT,
  bio TEXT
);
CREATE INDEX user_profiles_user_id_idx ON user_profiles (user_id);
