package org.civicsurvey.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.response.Transaction;
import org.junit.jupiter.api.Test;

class ResponseValidatorTest {
    static final Instrument SAMPLE = InstrumentJson.readResource("org/civicsurvey/io/json/sample-instrument.json");
    private final ResponseValidator validator = ResponseValidator.create();

    static Response.Builder good() {
        return Response.builder("r-1", "portal-rating", "1.0")
                .answer("q1", 4)
                .answer("q2", Answer.special(SpecialStatus.DONT_KNOW))
                .answer("q3", 5)
                .answer("q4", Answer.choice("yes"))
                .answer("q5", 2)
                .answer("q6", Answer.choiceWithOther(List.of("ease", "other"), "Họ gọi lại cho tôi"))
                .answer("q7", 10)
                .transaction(Transaction.of("000.00.12.H56-240501-0001", "so-tu-phap", "ly-lich-tu-phap", "online",
                        Instant.parse("2024-05-01T09:30:00Z")))
                .respondent("sex", "female")
                .weight(1.25);
    }

    @Test
    void acceptsAGoodResponse() {
        ValidationReport report = validator.validate(SAMPLE, good().build());
        assertThat(report.violations()).isEmpty();
        assertThat(report.isValid()).isTrue();
        assertThat(validator.requireValid(SAMPLE, good().build())).isEqualTo(good().build());
    }

    @Test
    void reportsEveryInstrumentRuleAtOnce() {
        Response bad = Response.builder("r-2", "portal-rating", "1.0")
                .answer("q1", 6)                                        // outside the scale
                .answer("q2", 9)                                        // the don't-know code, not a value
                .answer("q3", Answer.text("good"))                      // wrong kind
                .answer("q4", Answer.choice("no"))                     // hides q5
                .answer("q5", 3)                                        // hidden question answered
                .answer("q6", Answer.choice("ease", "maybe", "ease"))  // unknown option, twice
                .answer("q7", 11)                                       // NPS out of 0..10
                .text("q8", "x".repeat(501))                           // hidden (q2, q3 not <= 2) and too long
                .answer("q9", 1)                                        // unknown question
                .build();
        ValidationReport report = validator.validate(SAMPLE, bad);
        assertThat(report.messages()).containsExactly(
                "answers.q9: no question 'q9' in instrument portal-rating 1.0",
                "answers.q1: 6 is outside the scale 1..5",
                "answers.q2: 9 is outside the scale 1..5 (9 is the code for don't know; answer {\"special\": \"dont_know\"})",
                "answers.q3: a rating question needs a number or a special answer, not a text",
                "answers.q5: answered, but the question is hidden (its show-if condition is false)",
                "answers.q6: 'maybe' is not an option of q6",
                "answers.q6: option 'ease' is chosen twice",
                "answers.q7: 11 is outside the NPS scale 0..10",
                "answers.q8: answered, but the question is hidden (its show-if condition is false)");
        assertThat(report.at("answers.q1")).extracting(Violation::rule).containsExactly(Rule.OUT_OF_RANGE);
        assertThatThrownBy(() -> validator.requireValid(SAMPLE, bad))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.report()).isEqualTo(report);
                    assertThat(e.getMessage()).startsWith("response r-2: 9 violations\n  answers.q9: no question");
                });
    }

    @Test
    void checksKindsBoundsAndLengths() {
        Response bad = Response.builder("r-3", "portal-rating", "1.0")
                .answer("q1", 4.5)
                .answer("q2", 1)                                           // shows q8
                .answer("q3", Answer.special(SpecialStatus.REFUSED))       // not offered by sat5
                .answer("q4", Answer.choice("yes", "no"))                  // single choice, two options
                .answer("q5", 2.5)                                          // whole numbers only
                .answer("q6", Answer.choiceWithOther(List.of("ease"), "x")) // other text without other
                .answer("q7", Answer.choice("yes"))                       // wrong kind for NPS
                .text("q8", "é".repeat(501))
                .build();
        assertThat(validator.validate(SAMPLE, bad).messages()).containsExactly(
                "answers.q1: 4.5 is not a whole number on the scale 1..5",
                "answers.q3: refused is not offered by this question's scale",
                "answers.q4: a single choice takes exactly one option, not 2",
                "answers.q5: 2.5 is not a whole number",
                "answers.q6: text for \"other\" is given, but the other option is not chosen",
                "answers.q7: an NPS question needs a number or a special answer, not a choice",
                "answers.q8: the text has 501 characters, more than the maximum 500");
        Response outOfBounds = good().answer("q5", 25).answer("q1", Answer.text("4")).build();
        assertThat(validator.validate(SAMPLE, outOfBounds).messages()).containsExactly(
                "answers.q1: a rating question needs a number or a special answer, not a text",
                "answers.q5: 25 is outside the bounds 1..20");
    }

    @Test
    void requiredAnswersOnlyForCompleteResponsesAndShownQuestions() {
        Response empty = Response.builder("r-4", "portal-rating", "1.0").build();
        assertThat(validator.validate(SAMPLE, empty).messages()).containsExactly(
                "answers.q1: required answer missing",
                "answers.q2: required answer missing",
                "answers.q4: required answer missing");  // q5 is required but hidden: q4 is not "yes"
        Response yes = Response.builder("r-5", "portal-rating", "1.0").answer("q4", Answer.choice("yes")).build();
        assertThat(validator.validate(SAMPLE, yes).messages()).contains("answers.q5: required answer missing");
        Response partial = Response.builder("r-6", "portal-rating", "1.0").status(ResponseStatus.IN_PROGRESS).build();
        assertThat(validator.validate(SAMPLE, partial).isValid()).isTrue();
    }

    @Test
    void wrongInstrumentOrVersionStopsTheAnswerChecks() {
        Response other = Response.builder("r-7", "sipas-2017", "2017").answer("q1", 99).build();
        assertThat(validator.validate(SAMPLE, other).messages())
                .containsExactly("instrumentId: the response is for instrument 'sipas-2017', not portal-rating");
        Response old = Response.builder("r-8", "portal-rating", "0.9").answer("q1", 99).build();
        assertThat(validator.validate(SAMPLE, old).violations())
                .extracting(Violation::toString, Violation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "instrumentVersion: the response is for version '0.9' of portal-rating, not version 1.0", Rule.WRONG_VERSION));
    }

    @Test
    void fieldConstraintsComeFromHibernateValidatorWithInterpolatedParameters() {
        Response bad = new Response(" ", "portal-rating", "1.0", ResponseStatus.IN_PROGRESS, java.util.Map.of(),
                new Transaction(Optional.of("c".repeat(201)), Optional.of(""), Optional.empty(), Optional.empty(),
                        Optional.empty()),
                java.util.Map.of("bad key", "x", "sex", " "), java.util.OptionalDouble.of(-1), Optional.empty());
        ValidationReport report = validator.validate(SAMPLE, bad);
        assertThat(report.messages()).containsExactly(
                "id: must match [A-Za-z0-9][A-Za-z0-9_.:-]*",
                "id: must not be blank",
                "respondent.sex: must not be blank",
                "respondent['bad key']: must be an id matching [A-Za-z][A-Za-z0-9_.-]{0,63}",
                // {min} and {max} interpolated by ParameterMessageInterpolator, without Expression Language:
                "transaction.agency: must have 1 to 200 characters",
                "transaction.caseFileId: must have 1 to 200 characters",
                "weight: must be greater than 0");
        assertThat(report.violations()).extracting(Violation::rule).containsOnly(Rule.FIELD);
    }

    @Test
    void runsOnThePlainClassPathWithoutExpressionLanguage() {
        // A user's class path: hibernate-validator and its compile dependencies, no jakarta.el implementation.
        assertThatThrownBy(() -> Class.forName("jakarta.el.ExpressionFactory"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.glassfish.expressly.ExpressionFactoryImpl"))
                .isInstanceOf(ClassNotFoundException.class);
        Response longId = good().build();
        longId = new Response("r".repeat(129), longId.instrumentId(), longId.instrumentVersion(), longId.status(),
                longId.answers(), longId.transaction(), longId.respondent(), longId.weight(), longId.submittedAt());
        assertThat(ResponseValidator.create().validate(SAMPLE, longId).messages())
                .containsExactly("id: size must be between 0 and 128");
    }
}
