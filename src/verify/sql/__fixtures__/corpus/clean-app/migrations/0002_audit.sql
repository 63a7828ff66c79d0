/* the audit log; semicolons; in comments do not split */
CREATE TABLE app.audit_entries (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id UUID NOT NULL REFERENCES app.members (id) ON DELETE RESTRICT,
  action TEXT NOT NULL CHECK (action <> ';'),
  at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_entries_member_idx ON app.audit_entries (member_id, at DESC);
ALTER TABLE app.members ADD COLUMN joined_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX CONCURRENTLY members_role_idx ON app.members (role);
