ALTER TABLE products ADD COLUMN price_cents INTEGER NOT NULL; -- expect: sql/not-null-without-default
ALTER TABLE products ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR';
ALTER TABLE products ADD COLUMN description TEXT;
ALTER TABLE products
  ADD COLUMN weight_grams INTEGER,
  ADD COLUMN stock INTEGER NOT NULL; -- expect: sql/not-null-without-default
ALTER TABLE products ADD COLUMN slug TEXT GENERATED ALWAYS AS (lower(name)) STORED NOT NULL;
