-- CivicSurvey store, version 5 (h2): the rollup of mergeable sums, and the response table's indexes
-- for a store whose dashboards read the rollup (docs/jdbc.md, "The rollup").
--
-- rollup_delta: partial rows appended by every save, erasure and draft replacement in its own
-- transaction (negative for what leaves); no index, so appending costs no index entry.
-- rollup: the compacted rows, one per cell (instrument, version, status, agency, service, channel,
-- province, period bucket, submission bucket) and code; cell is a 64-bit hash of the cell's key and
-- level that compaction looks rows up by. Level 0 holds the cells; levels 1 to 5 the same sums with
-- all of agency, service, channel and province but one (none, agency, service, channel, province)
-- left out, so that a dashboard of one dimension reads a few rows per bucket. Buckets are yyyymmdd dates in the store's rollup zone (the
-- first day of the month for month buckets). Codes: 0 the response itself; position * 4096 + slot
-- an answer (the slot as in answer_codes); (code_a << 32) | code_b a pair of valid answers.
-- rollup_state: one row, locked by compaction and rebuild; the bucket and zone the rollup is kept
-- by, and whether it is stale (rows exist that it does not count: run SurveyStore.rebuildRollup).

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
    code               BIGINT           NOT NULL,
    n                  BIGINT           NOT NULL,
    positive_n         BIGINT           NOT NULL,
    sum_w              DOUBLE PRECISION NOT NULL,
    sum_w2             DOUBLE PRECISION NOT NULL,
    sum_wy             DOUBLE PRECISION NOT NULL,
    sum_wy2            DOUBLE PRECISION NOT NULL,
    sum_w2y            DOUBLE PRECISION NOT NULL,
    sum_w2y2           DOUBLE PRECISION NOT NULL
);

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
    code               BIGINT           NOT NULL,
    n                  BIGINT           NOT NULL,
    positive_n         BIGINT           NOT NULL,
    sum_w              DOUBLE PRECISION NOT NULL,
    sum_w2             DOUBLE PRECISION NOT NULL,
    sum_wy             DOUBLE PRECISION NOT NULL,
    sum_wy2            DOUBLE PRECISION NOT NULL,
    sum_w2y            DOUBLE PRECISION NOT NULL,
    sum_w2y2           DOUBLE PRECISION NOT NULL,
    rollup_level       SMALLINT         NOT NULL
);
CREATE INDEX ${index_prefix}rollup_cell_ix ON ${prefix}rollup (cell);
CREATE INDEX ${index_prefix}rollup_bucket_ix ON ${prefix}rollup (instrument_id, instrument_version, rollup_level, submitted_bucket);

CREATE TABLE ${prefix}rollup_state (
    id                 INTEGER          NOT NULL,
    bucket             VARCHAR(8),
    zone               VARCHAR(64),
    stale              BOOLEAN          NOT NULL,
    CONSTRAINT ${index_prefix}rollup_state_pk PRIMARY KEY (id)
);
INSERT INTO ${prefix}rollup_state (id, bucket, zone, stale)
    SELECT 1, NULL, NULL, CASE WHEN EXISTS (SELECT 1 FROM ${prefix}response) THEN TRUE ELSE FALSE END;

-- dashboards read the rollup: the (agency, service) index goes; the period index stays a B-tree
DROP INDEX ${prefix}response_agency_ix;
