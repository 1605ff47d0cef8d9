-- CivicSurvey store, version 2: answer codes for aggregation, and the province attribute kept
-- only in the province column. Only PostgreSQL stores answer codes (see
-- db/migration/postgresql/V2__answer_codes.sql); this dialect aggregates from the value array and
-- the status string as in version 1.

-- The province attribute is the province column; filters and groupings by it read the column.
DELETE FROM ${prefix}response_attribute WHERE attr_name = 'province';
