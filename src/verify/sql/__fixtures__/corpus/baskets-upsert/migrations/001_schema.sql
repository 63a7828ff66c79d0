CREATE TABLE owners (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL UNIQUE
);

CREATE TABLE baskets (
  id BIGSERIAL PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES owners (id) ON DELETE CASCADE, -- expect: sql/one-per-parent-needs-unique
  items JSONB NOT NULL DEFAULT '[]'
);
CREATE INDEX baskets_owner_id ON baskets (owner_id);

CREATE TABLE lockers (
  id BIGSERIAL PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES owners (id) ON DELETE CASCADE, -- expect: sql/one-per-parent-needs-unique
  code TEXT NOT NULL
);
CREATE INDEX lockers_owner_id ON lockers (owner_id);

CREATE TABLE purchases (
  id BIGSERIAL PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
  total_cents BIGINT NOT NULL,
  placed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX purchases_owner_id ON purchases (owner_id);
