-- members of a team
CREATE TABLE members (
  id SERIAL PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE
  name TEXT NOT NULL -- expect: sql/migration-failed
);
