-- Runbook's own tables, beside the engine's. Portable between H2 and PostgreSQL.
CREATE TABLE IF NOT EXISTS rb_incident_counter (
  counter_year INTEGER NOT NULL PRIMARY KEY,
  last_number  BIGINT  NOT NULL
);
