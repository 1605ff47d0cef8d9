-- CivicSurvey store, version 8 (mariadb): rollup rows that hold a cell's sums of every code in one value,
-- written by the save's own transaction.
--
-- A save adds what its inserted rows contribute to the cells of every level the rollup keeps and
-- appends one rollup_delta row per cell touched (an erasure or a draft replacement appends the
-- negative of what leaves), so the rollup never lags the rows and no pending list is needed.
-- rollup and rollup_delta: one row per cell and level; sums holds the cell's codes with their
-- counts and weight sums (CodeSums.pack: a version byte, then per code in increasing order the
-- code, n and positive_n as variable-length integers and the non-zero weight sums as IEEE doubles).
-- Version 7 kept one row per cell and code, about as many rows per saved chunk as responses.
-- The rows of version 7 are not converted: a store with responses is marked stale, and
-- SurveyStore.rebuildRollup() (the starter's civicsurvey.rollup.rebuild-on-start) recomputes it.
DROP TABLE ${prefix}rollup_delta;
DROP TABLE ${prefix}rollup;
DROP TABLE ${prefix}rollup_pending;

CREATE TABLE ${prefix}rollup_delta (
    instrument_id      VARCHAR(64)      NOT NULL,
    instrument_version VARCHAR(32)      NOT NULL,
    status             VARCHAR(12)      NOT NULL,
    agency             VARCHAR(200),
    service            VARCHAR(200),
    channel            VARCHAR(200),
    province           VARCHAR(200),
    period_bucket      INTEGER,
    submitted_bucket   INTEGER,
    rollup_level       SMALLINT         NOT NULL,
    sums               LONGBLOB        NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE ${prefix}rollup (
    cell               BIGINT           NOT NULL,
    instrument_id      VARCHAR(64)      NOT NULL,
    instrument_version VARCHAR(32)      NOT NULL,
    status             VARCHAR(12)      NOT NULL,
    agency             VARCHAR(200),
    service            VARCHAR(200),
    channel            VARCHAR(200),
    province           VARCHAR(200),
    period_bucket      INTEGER,
    submitted_bucket   INTEGER,
    rollup_level       SMALLINT         NOT NULL,
    sums               LONGBLOB        NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ${index_prefix}rollup_cell_ix ON ${prefix}rollup (cell);
CREATE INDEX ${index_prefix}rollup_bucket_ix ON ${prefix}rollup (instrument_id, instrument_version, rollup_level, submitted_bucket);

UPDATE ${prefix}rollup_state SET stale = 1 WHERE EXISTS (SELECT 1 FROM ${prefix}response);
