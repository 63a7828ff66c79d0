CREATE TABLE documents (id SERIAL PRIMARY KEY, title TEXT NOT NULL, owner TEXT NOT NULL);
CREATE INDEX documents_title_idx ON documents (title);
