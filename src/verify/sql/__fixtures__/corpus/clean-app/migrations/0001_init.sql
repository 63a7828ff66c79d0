BEGIN;
CREATE SCHEMA app;
CREATE TABLE app.organisations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE app.members (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id UUID NOT NULL REFERENCES app.organisations (id) ON DELETE CASCADE,
  "Email" TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'member',
  UNIQUE (organisation_id, "Email")
);
CREATE TABLE app.organisation_settings (
  organisation_id UUID PRIMARY KEY REFERENCES app.organisations (id) ON DELETE CASCADE,
  plan TEXT NOT NULL DEFAULT 'free',
  limits JSONB NOT NULL DEFAULT '{}'
);
COMMIT;
