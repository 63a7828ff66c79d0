CREATE TABLE articles (
  id SERIAL PRIMARY KEY,
  title TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now() -- expect: sql/updated-at-without-trigger
);
CREATE TABLE comments_archive (
  id SERIAL PRIMARY KEY,
  body TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.updated_at := now(); -- a semicolon inside the body
  RETURN NEW;
END
$fn$;
CREATE TRIGGER comments_archive_touch BEFORE UPDATE ON comments_archive
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
