-- V3.2 on PostgreSQL: nothing to change. NULL already sorts last in ascending order (H2's V3.2 makes
-- H2 do the same). Kept as a migration of its own so both databases have the same history.
SELECT 1;
