-- CivicSurvey store, version 1 (H2 2.x).
-- Placeholders: ${prefix} qualifies every table (e.g. cs_ or myschema.cs_);
-- ${index_prefix} names indexes and constraints (unqualified, e.g. cs_).

CREATE TABLE ${prefix}instrument (
    instrument_id      VARCHAR(64)      NOT NULL,
    version            VARCHAR(32)      NOT NULL,
    document           CLOB             NOT NULL,
    content_hash       CHAR(64)         NOT NULL,
    stored_at          TIMESTAMP(3)     NOT NULL,
    CONSTRAINT ${index_prefix}instrument_pk PRIMARY KEY (instrument_id, version)
);

-- One row per response: the JSON document plus the transaction columns that filters and
-- groupings use. answer_values holds each question's valid numeric value (NULL otherwise) in the
-- instrument's question order; answer_status one digit per question, the AnswerStatus code
-- (0 valid, 1 don't know, 2 not applicable, 3 refused, 4 missing, 5 hidden, 6 invalid).
-- case_key is the SHA-256 of the case file id when the one-response-per-case-file rule applies.
-- No foreign keys: the store checks the instrument before every write and deletes attributes with
-- their response; per-row foreign-key checks cost about 20% of batch-save throughput (measured).
CREATE TABLE ${prefix}response (
    response_id        VARCHAR(128)     NOT NULL,
    instrument_id      VARCHAR(64)      NOT NULL,
    instrument_version VARCHAR(32)      NOT NULL,
    status             VARCHAR(12)      NOT NULL,
    case_file          VARCHAR(200),
    case_key           CHAR(64)    ,
    agency             VARCHAR(200),
    service            VARCHAR(200),
    channel            VARCHAR(200),
    province           VARCHAR(200),
    submitted_at       TIMESTAMP(3),
    transaction_at     TIMESTAMP(3),
    weight             DOUBLE PRECISION,
    answer_values      DOUBLE PRECISION ARRAY NOT NULL,
    answer_status      CHARACTER VARYING NOT NULL,
    anonymised         BOOLEAN          NOT NULL,
    content_hash       CHAR(64)         NOT NULL,
    document           CLOB             NOT NULL,
    stored_at          TIMESTAMP(3)     NOT NULL,
    CONSTRAINT ${index_prefix}response_pk PRIMARY KEY (response_id),
    CONSTRAINT ${index_prefix}response_case_uq UNIQUE (instrument_id, case_key)
);
CREATE INDEX ${index_prefix}response_instr_time_ix ON ${prefix}response (instrument_id, instrument_version, submitted_at);
CREATE INDEX ${index_prefix}response_agency_ix ON ${prefix}response (agency, service);
CREATE INDEX ${index_prefix}response_case_file_ix ON ${prefix}response (case_file);

-- Respondent attributes (sex, age band, district ...): name/value pairs, filterable and groupable.
CREATE TABLE ${prefix}response_attribute (
    response_id        VARCHAR(128)     NOT NULL,
    attr_name          VARCHAR(64)      NOT NULL,
    attr_value         VARCHAR(200)     NOT NULL,
    CONSTRAINT ${index_prefix}attribute_pk PRIMARY KEY (response_id, attr_name)
);
CREATE INDEX ${index_prefix}attribute_name_value_ix ON ${prefix}response_attribute (attr_name, attr_value);
