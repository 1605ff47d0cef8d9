/**
 * JSON for instruments and responses: the facades {@link org.civicsurvey.io.json.InstrumentJson} and
 * {@link org.civicsurvey.io.json.ResponseJson}, and one Jackson module,
 * {@link org.civicsurvey.io.json.CivicSurveyModule}, for applications that use their own
 * {@code ObjectMapper}.
 *
 * <p>Reading is strict and reports every problem found, each with its JSON path and, when reading
 * text, its line and column ({@link org.civicsurvey.io.json.InvalidJsonException}). Input is bounded
 * by {@link org.civicsurvey.io.json.JsonLimits}. The format is documented in
 * {@code docs/instrument-format.md}; JSON Schemas ship as the resources
 * {@code org/civicsurvey/io/json/instrument.schema.json} and {@code org/civicsurvey/io/json/response.schema.json}.
 */
package org.civicsurvey.io.json;
