-- Version 10 applies after version 2 (by number, not by text), so tasks exists by now.
ALTER TABLE tasks ADD COLUMN label TEXT;
