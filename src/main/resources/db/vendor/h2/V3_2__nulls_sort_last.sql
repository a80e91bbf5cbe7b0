-- V3.2 on H2: NULL sorts after every value in ascending order, as on PostgreSQL. H2's default puts
-- NULL first, so on the embedded default a task without a due date (the standing "Re-assess
-- severity" and "Incident log") came first in every Tasklist filter sorted by due date, while on
-- PostgreSQL it comes last. A persistent database setting (it also commits): set once per database.
SET DEFAULT_NULL_ORDERING HIGH;
