-- CivicSurvey store, version 3 (PostgreSQL): the one-response-per-case-file key is indexed only
-- where it is set. Without the rule (the default) every row's case_key is NULL, and the unique
-- constraint of version 1 still added an index entry per row to every save (measured: 20,000 rows
-- copied into a table of a million rows with only the primary key besides, 0.37 s with it and
-- 0.30 s without). A partial unique index
-- enforces the rule on the rows that have a key, exactly as the constraint did: NULL keys never
-- conflicted.

ALTER TABLE ${prefix}response DROP CONSTRAINT ${index_prefix}response_case_uq;
CREATE UNIQUE INDEX ${index_prefix}response_case_uq ON ${prefix}response (instrument_id, case_key)
    WHERE case_key IS NOT NULL;
