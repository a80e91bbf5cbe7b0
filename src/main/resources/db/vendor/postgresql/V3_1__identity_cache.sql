-- V3.1 on PostgreSQL: nothing to change (H2's V3.1 enlarges its identity caches). PostgreSQL's
-- sequence cache belongs to each session: two connections would hand out interleaved ranges, and
-- rb_alert ids would no longer grow in the order alerts are recorded, which the alert sync relies on
-- (applied_alert_id). Kept as a migration of its own so both databases have the same history.
SELECT 1;
