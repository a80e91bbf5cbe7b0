-- V3.1, H2 only (PostgreSQL's V3.1 changes nothing, see there). H2 hands out identity values from a
-- cache of 32 by default and, each time the cache runs out, writes the sequence's new state in a
-- commit of its own, which stores every page changed since the last commit: one extra full commit
-- per 32 alerts, notifications or escalation events, about 6% of an incident opener's CPU
-- (docs/benchmarks.md, 2026-12-01). A larger cache makes that rare. H2's cache belongs to the
-- database, not to a session, so values are still handed out in order (the alert sync relies on
-- rb_alert ids growing); a crash skips at most the rest of the cache, as a rollback already skips
-- values.
ALTER TABLE rb_alert ALTER COLUMN id SET CACHE 1000;
ALTER TABLE rb_notification ALTER COLUMN id SET CACHE 1000;
ALTER TABLE rb_escalation_event ALTER COLUMN id SET CACHE 1000;
ALTER TABLE rb_status_update ALTER COLUMN id SET CACHE 1000;
