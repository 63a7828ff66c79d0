ALTER TABLE audit DROP COLUMN legacy_flag; -- expect: sql/destructive-drop
DROP TABLE IF EXISTS sessions; -- expect: sql/destructive-drop
CREATE TABLE temp_import (id INTEGER);
DROP TABLE temp_import;
