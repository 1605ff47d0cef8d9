package org.civicsurvey.instruments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.validation.InvalidResponseException;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.Rule;
import org.civicsurvey.validation.ValidationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A complete, valid sample response per standard instrument (test resources
 * {@code org/civicsurvey/instruments/<id>-complete.json}, written by hand as a portal would submit
 * them) passes validation and round-trips; changed copies of the samples fail with exactly the
 * expected paths and rules.
 */
class StandardInstrumentResponsesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ResponseValidator VALIDATOR = ResponseValidator.create();

    static List<String> ids() {
        return StandardInstruments.ids();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void theCompleteSampleIsValidAndRoundTrips(String id) {
        Instrument in = StandardInstruments.byId(id).orElseThrow();
        Response r = ResponseJson.read(sample(id).toString());
        ValidationReport report = VALIDATOR.validate(in, r);
        assertThat(report.violations()).as(id).isEmpty();
        assertThat(VALIDATOR.requireValid(in, r)).isSameAs(r);
        assertThat(ResponseJson.read(ResponseJson.write(r))).isEqualTo(r);
    }

    @Test
    void sipasFeedbackHandlingIsLeftOutForPeopleWhoGaveNoFeedback() {
        ObjectNode s = sample("sipas2017");
        answers(s).set("pa_used", json("[\"no\"]"));
        answers(s).remove(List.of("pa3", "pa4"));
        assertThat(validate("sipas2017", s).violations()).isEmpty();
    }

    @Test
    void sdgAttributesAreLeftOutForPeopleWhoDidNotUseTheService() {
        ObjectNode s = sample("sdg1662");
        answers(s).set("used_service", json("[\"no\"]"));
        answers(s).remove(List.of("service_type", "accessibility", "affordability", "equal_treatment",
                "effective_delivery", "timeliness", "overall_satisfaction"));
        assertThat(validate("sdg1662", s).violations()).isEmpty();
    }

    @Test
    void a11v2AcceptsBothChecklistsForTheMiddleTrustAnswer() {
        ObjectNode s = sample("a11v2");
        answers(s).set("trust", json("3"));
        answers(s).set("went_well", json("[\"employee\"]"));
        assertThat(validate("a11v2", s).violations()).isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                // id, answer to change, new value (null removes it), expected "path rule" pairs
                bad("sipas2017", "tc1", "6", "answers.tc1 OUT_OF_RANGE"),
                bad("sipas2017", "tc1", "98", "answers.tc1 OUT_OF_RANGE"),        // a paper code is not a value
                bad("sipas2017", "tc1", "{\"special\": \"refused\"}", "answers.tc1 SPECIAL_NOT_OFFERED"),
                bad("sipas2017", "tc2", "\"5\"", "answers.tc2 WRONG_KIND"),
                bad("sipas2017", "cc1", null, "answers.cc1 MISSING_REQUIRED"),
                bad("sipas2017", "tc9", "4", "answers.tc9 UNKNOWN_QUESTION"),
                bad("sipas2017", "pa_used", "[\"no\"]", "answers.pa3 HIDDEN_ANSWERED", "answers.pa4 HIDDEN_ANSWERED"),
                bad("sipas2017", "pa_used", null, "answers.pa_used MISSING_REQUIRED",
                        "answers.pa3 HIDDEN_ANSWERED", "answers.pa4 HIDDEN_ANSWERED"),
                bad("sipas2022", "province", "[\"p03\"]", "answers.province BAD_CHOICE"),
                bad("sipas2022", "sex", "[\"male\", \"female\"]", "answers.sex BAD_CHOICE"),
                bad("sipas2022", "pa2", "4", "answers.pa2 HIDDEN_ANSWERED"),
                bad("sipas2022", "kq3", "4.5", "answers.kq3 OUT_OF_RANGE"),
                bad("a11v1", "satisfaction", "{\"special\": \"not_applicable\"}", "answers.satisfaction SPECIAL_NOT_OFFERED"),
                bad("a11v1", "ease", "0", "answers.ease OUT_OF_RANGE"),
                bad("a11v2", "went_well", "[\"ease\"]", "answers.went_well HIDDEN_ANSWERED"),
                bad("a11v2", "went_badly", "[\"speed\"]", "answers.went_badly BAD_CHOICE"),
                bad("a11v2", "comments", "\"" + "x".repeat(1001) + "\"", "answers.comments TOO_LONG"),
                bad("sdg1662", "accessibility", "5", "answers.accessibility OUT_OF_RANGE"),
                bad("sdg1662", "overall_satisfaction", "0", "answers.overall_satisfaction OUT_OF_RANGE"),
                bad("sdg1662", "used_service", "[\"no\"]", "answers.service_type HIDDEN_ANSWERED",
                        "answers.accessibility HIDDEN_ANSWERED", "answers.affordability HIDDEN_ANSWERED",
                        "answers.equal_treatment HIDDEN_ANSWERED", "answers.effective_delivery HIDDEN_ANSWERED",
                        "answers.timeliness HIDDEN_ANSWERED", "answers.overall_satisfaction HIDDEN_ANSWERED"),
                bad("sdg1662", "household_income", "-1", "answers.household_income OUT_OF_RANGE"),
                bad("sdg1662", "wg_walking", "[\"severe\"]", "answers.wg_walking BAD_CHOICE"),
                bad("acsi", "acsi_overall", "11", "answers.acsi_overall OUT_OF_RANGE"),
                bad("acsi", "acsi_overall", null, "answers.acsi_overall MISSING_REQUIRED"),
                bad("acsi", "complaint", "[\"no\"]", "answers.complaint_handling HIDDEN_ANSWERED"),
                bad("acsi", "recommend", "{\"special\": \"not_applicable\"}", "answers.recommend SPECIAL_NOT_OFFERED"),
                bad("cmt", "imp_fairness", "{\"special\": \"not_applicable\"}", "answers.imp_fairness SPECIAL_NOT_OFFERED"),
                bad("cmt", "channel", "[\"fax\"]", "answers.channel BAD_CHOICE"),
                bad("cmt", "overall", "6", "answers.overall OUT_OF_RANGE"));
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("invalid")
    void aChangedSampleFailsWithTheExpectedPaths(String id, String question, String value, List<String> expected) {
        ObjectNode s = sample(id);
        if (value == null) {
            answers(s).remove(question);
        } else {
            answers(s).set(question, json(value));
        }
        ValidationReport report = validate(id, s);
        assertThat(report.violations()).extracting(v -> v.path() + " " + v.rule())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(report.messages()).allSatisfy(m -> assertThat(m).doesNotContain("null", "Exception"));
        Instrument in = StandardInstruments.byId(id).orElseThrow();
        Response r = ResponseJson.read(s.toString());
        assertThatThrownBy(() -> VALIDATOR.requireValid(in, r)).isInstanceOf(InvalidResponseException.class);
    }

    @Test
    void aSampleForAnotherVersionOrInstrumentIsRejected() {
        ObjectNode s = sample("sipas2017");
        s.put("instrumentVersion", "2.0");
        assertThat(validate("sipas2017", s).violations()).extracting(v -> v.path() + " " + v.rule())
                .containsExactly("instrumentVersion " + Rule.WRONG_VERSION);
        ValidationReport other = VALIDATOR.validate(StandardInstruments.sipas2022(),
                ResponseJson.read(sample("sipas2017").toString()));
        assertThat(other.violations()).extracting(v -> v.path() + " " + v.rule())
                .containsExactly("instrumentId " + Rule.WRONG_INSTRUMENT);
    }

    @Test
    void theDocumentationExampleGivesTheDocumentedMessage() {
        // mirrors docs/standard-instruments.md, "Validating a response"
        Instrument a11 = StandardInstruments.a11v2();
        Response r = ResponseJson.read("""
            {"id": "r-1", "instrumentId": "a11v2", "instrumentVersion": "1.0",
             "answers": {"trust": 2, "went_well": ["ease"],
                         "went_badly": {"choices": ["efficiency", "other"], "other": "Nobody called back"}}}
            """);
        assertThat(ResponseValidator.create().validate(a11, r).messages()).containsExactly(
                "answers.went_well: answered, but the question is hidden (its show-if condition is false)");
    }

    private static Arguments bad(String id, String question, String value, String... expected) {
        return Arguments.of(id, question, value, Arrays.stream(expected).collect(Collectors.toList()));
    }

    private static ValidationReport validate(String id, ObjectNode sample) {
        return VALIDATOR.validate(StandardInstruments.byId(id).orElseThrow(), ResponseJson.read(sample.toString()));
    }

    private static ObjectNode answers(ObjectNode sample) {
        return (ObjectNode) sample.get("answers");
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode sample(String id) {
        try (InputStream in = StandardInstrumentResponsesTest.class.getResourceAsStream(id + "-complete.json")) {
            assertThat(in).as("sample " + id + "-complete.json").isNotNull();
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
