-- CivicSurvey store, version 9 (mariadb): partial rollup rows are appended at the service, channel and
-- province levels (and the finest cells when they are kept) only. The agency's level is the sum of
-- its services' and the level without any dimension the sum of the provinces', so a compaction and
-- a read derive them from those partial rows. Partial rows that version 8 wrote at those two levels
-- would then be counted twice: a store holding any is marked stale, and SurveyStore.rebuildRollup()
-- (the starter's civicsurvey.rollup.rebuild-on-start) recomputes its rollup.
UPDATE ${prefix}rollup_state SET stale = 1 WHERE EXISTS (SELECT 1 FROM ${prefix}rollup_delta WHERE rollup_level IN (1, 2));
