CREATE TABLE tenants (id INTEGER PRIMARY KEY);
CREATE TABLE projects (
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE tasks (
  id SERIAL PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE, -- expect: sql/foreign-key-without-index
  project_id INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX tasks_project_tenant_idx ON tasks (project_id, tenant_id);
CREATE INDEX tasks_tenant_idx ON tasks (tenant_id);
