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
    void moreViolationsAreCountedAndTheirPathsNamedOnce() {
        Violation q9 = new Violation("answers.q9", "required answer missing", Rule.MISSING_REQUIRED);
        Violation q9Again = new Violation("answers.q9", "a rating needs a number, not text", Rule.WRONG_KIND);
        Violation comment = new Violation("answers.comment", "the text has 2001 characters, more than the maximum 2000",
                Rule.TOO_LONG);
        ResponseValidationException e = new ResponseValidationException("save response r1",
                new ValidationReport("r1", List.of(Q8, q9, q9Again, comment)));
        assertThat(e).hasMessage("save response r1: answers.q8: 6 is outside the scale 1..5"
                + " (and 3 more, at answers.q9, answers.comment)");
        assertThat(e.violations()).hasSize(4);
    }

    @Test
    void aValidReportIsNotAnError() {
        assertThatThrownBy(() -> new ResponseValidationException("save response r1", new ValidationReport("r1", List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the report of response r1 has no violation");
    }
}
