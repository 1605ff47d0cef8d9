package org.civicsurvey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.civicsurvey.validation.ValidationReport;
import org.junit.jupiter.api.Test;

class QuickStartTest {
    @Test
    void goodResponseIsValidAndBadOneListsEveryViolation() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<ValidationReport> reports = QuickStart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(reports.get(0).isValid()).isTrue();
        assertThat(reports.get(1).messages()).containsExactly(
                "answers.q99: no question 'q99' in instrument portal-rating 1.0",
                "answers.q1: 6 is outside the scale 1..5",
                "answers.q2: 9 is outside the scale 1..5 (9 is the code for don't know; answer {\"special\": \"dont_know\"})",
                "answers.q5: answered, but the question is hidden (its show-if condition is false)",
                "answers.q6: 'speed' is not an option of q6",
                "answers.q7: 11 is outside the NPS scale 0..10",
                "answers.q8: answered, but the question is hidden (its show-if condition is false)");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Instrument portal-rating 1.0: Satisfaction with the handling of a case file",
                "Good response: response r-0001 is valid", "Bad response: response r-0002: 7 violations",
                "requireValid refused it: 7 violations, nothing stored");
    }
}
