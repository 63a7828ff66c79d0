CREATE TABLE owners (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL UNIQUE
);

CREATE TABLE baskets (
  id BIGSERIAL PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
  items JSONB NOT NULL DEFAULT '[]'
);
ALTER TABLE baskets ADD CONSTRAINT baskets_owner_id_key UNIQUE (owner_id);

CREATE TABLE lockers (
  id BIGSERIAL PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
  code TEXT NOT NULL
);
CREATE UNIQUE INDEX lockers_owner_id ON lockers (owner_id);

CREATE TABLE purchases (
  id BIGSERIAL PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
  total_cents BIGINT NOT NULL,
  placed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX purchases_owner_id ON purchases (owner_id);
