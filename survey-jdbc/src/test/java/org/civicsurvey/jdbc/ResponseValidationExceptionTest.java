package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.civicsurvey.validation.Rule;
import org.civicsurvey.validation.ValidationReport;
import org.civicsurvey.validation.Violation;
import org.junit.jupiter.api.Test;

/** The message of a refused response: the first violation in full, then where the others are. */
class ResponseValidationExceptionTest {

    private static final Violation Q8 = new Violation("answers.q8", "6 is outside the scale 1..5", Rule.OUT_OF_RANGE);

    @Test
    void oneViolationIsTheWholeMessage() {
        ResponseValidationException e = new ResponseValidationException("save response r1",
                new ValidationReport("r1", List.of(Q8)));
        assertThat(e).hasMessage("save response r1: answers.q8: 6 is outside the scale 1..5");
        assertThat(e.violations()).containsExactly("answers.q8: 6 is outside the scale 1..5");
        assertThat(e.report().violations()).containsExactly(Q8);
    }

    @Test
    void everyReasonIsInTheMessageUpToTenThenThePathsOfTheRest() {
        Violation q9 = new Violation("answers.q9", "required answer missing", Rule.MISSING_REQUIRED);
        Violation q9Again = new Violation("answers.q9", "a rating needs a number, not text", Rule.WRONG_KIND);
        Violation comment = new Violation("answers.comment", "the text has 2001 characters, more than the maximum 2000",
                Rule.TOO_LONG);
        ResponseValidationException e = new ResponseValidationException("save response r1",
                new ValidationReport("r1", List.of(Q8, q9, q9Again, comment)));
        // before: only the first reason, the others as paths ("1 violation at [answers.q8]" earlier still)
        assertThat(e).hasMessage("save response r1: answers.q8: 6 is outside the scale 1..5; answers.q9: required answer"
                + " missing; answers.q9: a rating needs a number, not text; answers.comment: the text has 2001 characters,"
                + " more than the maximum 2000");
        assertThat(e.violations()).hasSize(4);
        List<Violation> many = new java.util.ArrayList<>();
        for (int i = 0; i < 13; i++) {
            many.add(new Violation("answers.q" + i, "required answer missing", Rule.MISSING_REQUIRED));
        }
        ResponseValidationException e13 = new ResponseValidationException("save response r2", new ValidationReport("r2", many));
        assertThat(e13.getMessage()).startsWith("save response r2: answers.q0: required answer missing; answers.q1:")
                .contains("; answers.q9: required answer missing (and 3 more, at answers.q10, answers.q11, answers.q12)");
    }

    @Test
    void aValidReportIsNotAnError() {
        assertThatThrownBy(() -> new ResponseValidationException("save response r1", new ValidationReport("r1", List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the report of response r1 has no violation");
    }
}
