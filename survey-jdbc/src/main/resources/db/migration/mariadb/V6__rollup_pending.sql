-- CivicSurvey store, version 6 (mariadb): a response row is its own pending rollup contribution.
--
-- rollup_pending: TRUE while the rollup does not yet count the row. A store that maintains the
-- rollup inserts its rows pending; reads add the pending rows to the compacted rows, and compaction
-- merges them and clears the flag in one transaction, so a save writes no rollup row of its own.
-- Rows stored before this version are counted by the rollup (or by the rebuild a stale rollup
-- needs): FALSE. MariaDB has no partial index: the index leads with the flag.
ALTER TABLE ${prefix}response ADD COLUMN rollup_pending BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX ${index_prefix}response_rollup_pending_ix ON ${prefix}response (rollup_pending, instrument_id, instrument_version);
