package org.civicsurvey.io.surveyjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.ValidationReport;

class SurveyJsResultsTest {
    private static final Instrument FULL = Fixtures.full();
    private static final SurveyJsResults RESULTS = SurveyJsResults.forInstrument(FULL);

    private static Response.Builder context() {
        return Response.builder("resp-1", FULL.id(), FULL.version())
                .transaction(Transaction.of("000.00.17.H56-261127-0001", "UBND-Hue", "cap-ban-sao", "in-person",
                        Instant.parse("2026-11-27T02:15:00Z")))
                .respondent("sex", "male")
                .respondent("age_band", "35-49")
                .weight(1.25);
    }

    @Test
    void aResultBecomesAValidResponseWithItsContext() {
        String data = """
                {"a1-matrix": {"a1": 5, "a2": "dontknow", "a3": "refused"}, "a4": 3, "a5": 10,
                 "s1": "none", "s2": 4, "contact": "other", "contact-Comment": "qua bưu điện",
                 "visits": 2, "cost": 150000.5, "well": ["ease", "other"], "well-Comment": "nhanh",
                 "why-slow": "Chờ lâu", "nps": 9}
                """;

        Response r = RESULTS.toResponse(data, context());

        assertThat(r.answers()).isEqualTo(Map.ofEntries(
                Map.entry("a1", Answer.number(5)), Map.entry("a2", Answer.special(SpecialStatus.DONT_KNOW)),
                Map.entry("a3", Answer.special(SpecialStatus.REFUSED)), Map.entry("a4", Answer.number(3)),
                Map.entry("a5", Answer.number(10)), Map.entry("s1", Answer.special(SpecialStatus.NOT_APPLICABLE)),
                Map.entry("s2", Answer.number(4)), Map.entry("contact", Answer.choiceWithOther(List.of("khac"), "qua bưu điện")),
                Map.entry("visits", Answer.number(2)), Map.entry("cost", Answer.number(150000.5)),
                Map.entry("well", Answer.choiceWithOther(List.of("ease", "other"), "nhanh")),
                Map.entry("why-slow", Answer.text("Chờ lâu")), Map.entry("nps", Answer.number(9))));
        assertThat(r.transaction().caseFileId()).contains("000.00.17.H56-261127-0001");
        assertThat(r.respondent()).containsEntry("age_band", "35-49");
        assertThat(r.weight()).hasValue(1.25);
        // cost is shown only for in-person contact: validation catches the answer to a hidden question
        ValidationReport report = ResponseValidator.create().validate(FULL, r);
        assertThat(report.messages()).hasSize(1).allSatisfy(m -> assertThat(m).startsWith("answers.cost"));
    }

    @Test
    void valuesOutsideTheInstrumentAreLeftToValidation() {
        Response r = RESULTS.toResponse("""
                {"a1": 6, "a2": 4, "a3": 4, "a5": 7, "contact": "in-person", "visits": 1, "nps": 10, "a4": 2.5}
                """, context());

        assertThat(r.answers()).containsEntry("a1", Answer.number(6)).containsEntry("a4", Answer.number(2.5));
        assertThat(ResponseValidator.create().validate(FULL, r).messages()).hasSize(2)
                .anySatisfy(m -> assertThat(m).startsWith("answers.a1"))
                .anySatisfy(m -> assertThat(m).startsWith("answers.a4"));

        Instrument sample = Fixtures.sample();
        Response s = SurveyJsResults.forInstrument(sample).toResponse("""
                {"q1": 4, "q2": 5, "q4": "maybe"}
                """, Response.builder("r2", sample.id(), sample.version()));
        assertThat(s.answers()).containsEntry("q4", Answer.choice("maybe"));
        assertThat(ResponseValidator.create().validate(sample, s).messages())
                .anySatisfy(m -> assertThat(m).startsWith("answers.q4"));
    }

    @Test
    void otherTextStoredAsTheValueAndEmptyValues() {
        Map<String, Answer> a = RESULTS.answers("""
                {"contact": "gọi điện", "well": [], "why-slow": "", "visits": null, "a4": "3"}
                """);

        assertThat(a).containsExactly(Map.entry("contact", Answer.choiceWithOther(List.of("khac"), "gọi điện")),
                Map.entry("a4", Answer.number(3)));
    }

    @Test
    void namesAndShapesThatCannotBeAnswersAreReportedTogether() {
        assertThatThrownBy(() -> RESULTS.answers("""
                {"q99": 1, "a4": [1, 2], "visits": "many", "why-slow": {"x": 1}, "m": {"a1": 2, "nope": 3},
                 "contact": [{"a": 1}], "a4-Comment": "why"}
                """)).isInstanceOf(SurveyJsException.class)
                .satisfies(e -> assertThat(((SurveyJsException) e).issues()).extracting(SurveyJsIssue::toString).containsExactly(
                        "q99: 'q99' is not a question of instrument surveyjs-full",
                        "a4: a list is neither a scale value nor one of 'dontknow', 'none', 'refused'",
                        "visits: the text 'many' is not a number",
                        "why-slow: an object is not a text",
                        "m.nope: 'nope' is not a rating item of instrument surveyjs-full",
                        "contact[0]: an object is not a choice value",
                        "a4-Comment: a comment on 'a4', which has no \"other\" option; the instrument has no place for it "
                                + "(SurveyJS's showCommentArea is not imported)"));
        assertThatThrownBy(() -> RESULTS.answers("[1]")).hasMessageContaining("a result must be a JSON object, not a list");
        assertThatThrownBy(() -> RESULTS.answers("{\"a1\": ")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> RESULTS.answers("")).hasMessageContaining("a result must be a JSON object, not nothing");
    }

    @Test
    void theBuilderMustBeForTheSameInstrument() {
        assertThatThrownBy(() -> RESULTS.toResponse("{}", Response.builder("r", FULL.id(), "9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the response builder is for instrument surveyjs-full version 9, but the result is read for "
                        + "surveyjs-full version 2.1");
    }
}
