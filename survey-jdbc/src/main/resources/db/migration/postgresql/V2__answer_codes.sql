-- CivicSurvey store, version 2 (PostgreSQL): answer codes for aggregation; respondent attributes
-- in the response row (a JSON object), the province attribute only in the province column.
-- answer_codes holds per question position j one integer j * 4096 + slot: the slot is
-- 8 + value + 1024 for a valid integer value from -1024 to 3063, and otherwise the answer status
-- digit (0 for a valid answer without such a value). Grouping by the codes gives every category
-- count and exclusion count in one pass over a single array, which is what makes the SIPAS
-- aggregation of a million responses fit in about a second. Existing rows are filled from their
-- stored values and statuses, exactly as the library computes the codes when it saves.

ALTER TABLE ${prefix}response ADD COLUMN answer_codes INTEGER[];

UPDATE ${prefix}response r SET answer_codes = COALESCE((
    SELECT array_agg((CASE WHEN u.s = '0' AND u.v = trunc(u.v) AND u.v BETWEEN -1024 AND 3063
                          THEN u.j * 4096 + 8 + u.v::INTEGER + 1024
                          ELSE u.j * 4096 + u.s::INTEGER END)::INTEGER ORDER BY u.j)
    FROM unnest(r.answer_values, string_to_array(r.answer_status, NULL)) WITH ORDINALITY AS u(v, s, j)),
    '{}');

ALTER TABLE ${prefix}response ALTER COLUMN answer_codes SET NOT NULL;

-- Respondent attributes move into the response row: one JSON object instead of a row and two index
-- entries per attribute (the attribute table stays, empty, so every dialect has the same tables).
-- The province attribute is the province column; filters and groupings by it read the column.
ALTER TABLE ${prefix}response ADD COLUMN attributes JSONB NOT NULL DEFAULT '{}';

UPDATE ${prefix}response r SET attributes = a.o
FROM (SELECT response_id, jsonb_object_agg(attr_name, attr_value) AS o FROM ${prefix}response_attribute
      WHERE attr_name <> 'province' GROUP BY response_id) a
WHERE a.response_id = r.response_id;

DELETE FROM ${prefix}response_attribute;
