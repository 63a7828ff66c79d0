CREATE INDEX documents_owner_idx ON documents (owner); -- expect: sql/index-without-concurrently
CREATE UNIQUE INDEX IF NOT EXISTS documents_owner_title_idx ON public.documents (owner, title); -- expect: sql/index-without-concurrently
CREATE INDEX CONCURRENTLY documents_lower_title_idx ON documents (lower(title));
CREATE TABLE tags (id SERIAL PRIMARY KEY, label TEXT NOT NULL);
CREATE INDEX tags_label_idx ON tags (label);
