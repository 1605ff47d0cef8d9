-- CivicSurvey store, version 7 (h2): the pending rollup contributions in a table of their own.
--
-- rollup_pending: the ids of the response rows the rollup does not count yet. A store that
-- maintains the rollup inserts the id beside each response row it inserts, in the same
-- transaction; reads add the rows listed here to the compacted rows, and compaction deletes a slice
-- of ids and merges those rows in one transaction. Version 6 kept this as a flag on the response
-- row, which compaction cleared by rewriting every row it merged (and its index entries): the same
-- work again as the save. The ids flagged pending move here, and the flag and its index go.
CREATE TABLE ${prefix}rollup_pending (
    response_id        VARCHAR(128)     NOT NULL,
    CONSTRAINT ${index_prefix}rollup_pending_pk PRIMARY KEY (response_id)
);
INSERT INTO ${prefix}rollup_pending (response_id) SELECT response_id FROM ${prefix}response WHERE rollup_pending = TRUE;
DROP INDEX ${prefix}response_rollup_pending_ix;
ALTER TABLE ${prefix}response DROP COLUMN rollup_pending;
