CREATE TABLE not_a_migration (created TIMESTAMP);
