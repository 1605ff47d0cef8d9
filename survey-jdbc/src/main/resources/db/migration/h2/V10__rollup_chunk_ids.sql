-- CivicSurvey store, version 10 (h2): every partial rollup row a batch save appends names its chunk
-- (chunk_id, a random number the saving store drew for the chunk) and its place among the chunk's
-- rows (chunk_part). A store that committed the chunk still holds those rows' sums, so its
-- compaction deletes them by chunk and merges the sums it holds instead of reading them back; rows
-- without a chunk (single saves, erasures, replaced drafts, rebuilds, versions before 10) and chunks
-- another store wrote are read back as before.
ALTER TABLE ${prefix}rollup_delta ADD COLUMN chunk_id BIGINT;
ALTER TABLE ${prefix}rollup_delta ADD COLUMN chunk_part INTEGER;
