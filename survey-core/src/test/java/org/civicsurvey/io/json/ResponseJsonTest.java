package org.civicsurvey.io.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.response.Transaction;
import org.junit.jupiter.api.Test;

class ResponseJsonTest {
    /** RTL mark, zero-width joiner (family emoji), combining accents, a lone high surrogate, NUL, a quote and SQL. */
    static final String ODD = "Chào\u200F \u05E9\u05DC\u05D5\u05DD \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 "
            + "e\u0301\u0302 \uD800 \u0000 \"'; DROP TABLE responses;--";

    static Response full() {
        return Response.builder("7d8c2f1e-3b1a-4a57-9a63-0f7f4f1c2d11", "portal-rating", "1.0")
                .answer("q1", 4)
                .special("q2", SpecialStatus.DONT_KNOW)
                .choice("q4", "yes")
                .answer("q5", 2)
                .answer("q6", Answer.choiceWithOther(List.of("ease", "other"), ODD))
                .answer("q7", 9.0)
                .text("q8", ODD)
                .transaction(Transaction.of("000.00.12.H56-240501-0001", "so-tu-phap", "ly-lich-tu-phap", "online",
                        Instant.parse("2024-05-01T09:30:00Z")))
                .respondent("sex", "female")
                .respondent("ageBand", "25-34")
                .weight(1.25)
                .submittedAt(Instant.parse("2024-05-02T10:00:00.123Z"))
                .build();
    }

    @Test
    void roundTripsEveryPartVerbatim() {
        Response r = full();
        String json = ResponseJson.write(r);
        Response back = ResponseJson.read(json);
        assertThat(back).isEqualTo(r);
        assertThat(((Answer.Text) back.answers().get("q8")).text()).isEqualTo(ODD);
        assertThat(json).contains("\"q1\": 4,").contains("\"q2\": {\n      \"special\": \"dont_know\"\n    }");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResponseJson.write(r, out);
        assertThat(ResponseJson.read(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(r);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(json.strip());
    }

    @Test
    void theCompactFormIsTheIndentedOneWithoutTheWhitespaceBetweenTokens() {
        Response r = full();
        String compact = ResponseJson.writeCompact(r);
        assertThat(ResponseJson.read(compact)).isEqualTo(r);
        assertThat(compact).doesNotContain("\n").startsWith("{\"id\":\"7d8c2f1e-").contains("\"q1\":4,")
                .contains("\"q2\":{\"special\":\"dont_know\"}").endsWith("}");
        // the same tokens: the indented form re-read and written compactly gives the same text
        assertThat(ResponseJson.writeCompact(ResponseJson.read(ResponseJson.write(r)))).isEqualTo(compact);
        assertThat(compact.length()).isLessThan(ResponseJson.write(r).length());
        assertThat(ResponseJson.writeCompact(Response.builder("r1", "x", "1").build()))
                .isEqualTo("{\"id\":\"r1\",\"instrumentId\":\"x\",\"instrumentVersion\":\"1\",\"status\":\"complete\",\"answers\":{}}");
    }

    @Test
    void defaultsAndMinimalResponse() {
        Response r = ResponseJson.read("{\"id\": \"r1\", \"instrumentId\": \"x\", \"instrumentVersion\": \"1\"}");
        assertThat(r.status()).isEqualTo(ResponseStatus.COMPLETE);
        assertThat(r.answers()).isEmpty();
        assertThat(r.transaction()).isEqualTo(Transaction.none());
        assertThat(r.weight()).isEmpty();
        assertThat(r.submittedAt()).isEqualTo(Optional.empty());
        assertThat(ResponseJson.read(ResponseJson.write(r))).isEqualTo(r);
        Response offset = ResponseJson.read("{\"id\": \"r1\", \"instrumentId\": \"x\", \"instrumentVersion\": \"1\","
                + " \"submittedAt\": \"2024-05-01T16:30:00+07:00\"}");
        assertThat(offset.submittedAt()).contains(Instant.parse("2024-05-01T09:30:00Z"));
    }

    @Test
    void reportsEveryShapeProblem() {
        String json = "{\"id\": 5, \"instrumentId\": \"x\", \"status\": \"done\", \"answers\": {\"q1\": true, \"q2\": "
                + "{\"special\": \"maybe\"}, \"q3\": [1], \"q4\": 1e999}, \"transaction\": {\"time\": \"yesterday\", "
                + "\"agent\": \"x\"}, \"respondent\": {\"sex\": 1}, \"weight\": \"1\"}";
        assertThatThrownBy(() -> ResponseJson.read(json)).isInstanceOfSatisfying(InvalidJsonException.class, e ->
                assertThat(e.problems()).extracting(JsonProblem::path, JsonProblem::message).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("id", "must be a string, not the number 5"),
                        org.assertj.core.groups.Tuple.tuple("instrumentVersion", "required property 'instrumentVersion' is missing"),
                        org.assertj.core.groups.Tuple.tuple("status", "'done' is not a status; use in_progress or complete"),
                        org.assertj.core.groups.Tuple.tuple("answers.q1", "an answer must be a number, a string, an array of "
                                + "option codes, {\"choices\": [...], \"other\": \"...\"} or {\"special\": \"dont_know\"}, not true"),
                        org.assertj.core.groups.Tuple.tuple("answers.q2.special",
                                "'maybe' is not a special answer; use dont_know, not_applicable or refused"),
                        org.assertj.core.groups.Tuple.tuple("answers.q3[0]", "an option code must be a string, not the number 1"),
                        org.assertj.core.groups.Tuple.tuple("answers.q4", "the number 1E+999 is too large"),
                        org.assertj.core.groups.Tuple.tuple("transaction.agent",
                                "unknown property 'agent'; allowed here: caseFileId, agency, service, channel, time"),
                        org.assertj.core.groups.Tuple.tuple("transaction.time",
                                "'yesterday' is not an ISO-8601 date-time with offset, such as 2024-05-01T09:30:00Z"),
                        org.assertj.core.groups.Tuple.tuple("respondent.sex", "must be a string, not the number 1"),
                        org.assertj.core.groups.Tuple.tuple("weight", "must be a number, not the string '1'")));
    }

    @Test
    void readsAndWritesListsWithIndexedPaths() {
        Response a = full();
        Response b = Response.builder("r2", "portal-rating", "1.0").answer("q1", 3).build();
        String json = ResponseJson.writeAll(List.of(a, b));
        assertThat(ResponseJson.readAll(json)).containsExactly(a, b);
        assertThat(ResponseJson.readAll(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))).containsExactly(a, b);
        assertThat(ResponseJson.readAll("[]")).isEmpty();
        String bad = "[{\"id\": \"r1\", \"instrumentId\": \"x\", \"instrumentVersion\": \"1\"},\n"
                + " {\"id\": \"r2\", \"instrumentId\": \"x\", \"instrumentVersion\": \"1\", \"answers\": {\"q1\": null}},\n"
                + " {\"id\": \"r3\", \"instrumentVersion\": \"1\", \"answers\": []}]";
        assertThatThrownBy(() -> ResponseJson.readAll(bad)).isInstanceOfSatisfying(InvalidJsonException.class, e ->
                assertThat(e.problems()).extracting(JsonProblem::toString).containsExactly(
                        "[1].answers.q1: an answer must be a number, a string, an array of option codes, {\"choices\": [...], "
                                + "\"other\": \"...\"} or {\"special\": \"dont_know\"}, not null (line 2, column 80)",
                        "[2].instrumentId: required property 'instrumentId' is missing (line 3, column 2)",
                        "[2].answers: must be an object of question id to answer, not an array (line 3, column 52)"));
        assertThatThrownBy(() -> ResponseJson.readAll("{}")).hasMessage("invalid response list JSON: must be an array of responses, not an object (line 1, column 1)");
    }

    @Test
    void moduleReadsAndWritesTheSameFormatThroughAnObjectMapper() throws Exception {
        ObjectMapper mapper = new ObjectMapper().registerModule(new CivicSurveyModule());
        Response r = full();
        String json = mapper.writeValueAsString(List.of(r, r));
        List<Response> back = mapper.readValue(json, new TypeReference<List<Response>>() { });
        assertThat(back).containsExactly(r, r);
        Instrument in = InstrumentJson.read(InstrumentJsonTest.sample());
        assertThat(mapper.readValue(mapper.writeValueAsString(in), Instrument.class)).isEqualTo(in);
        assertThat(mapper.readValue(InstrumentJson.write(in), Instrument.class)).isEqualTo(in);
        assertThatThrownBy(() -> mapper.readValue("[{\"id\": \"r\"}]", new TypeReference<List<Response>>() { }))
                .isInstanceOf(JsonMappingException.class)
                .hasCauseInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("instrumentId: required property 'instrumentId' is missing (line 1, column 2)");
    }
}
