package org.civicsurvey.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: an application that validates a response prints nothing of the library's (Hibernate
 * Validator announced itself at INFO on start), and a rejected response's message gives the reasons.
 */
class QuietStartTest {

    /** The child: validates a bad response and a good one, with the JDK's default logging. */
    public static final class Child {
        private Child() {
        }

        /**
         * @param args none
         */
        public static void main(String[] args) {
            Instrument sipas = StandardInstruments.sipas2017();
            ResponseValidator v = ResponseValidator.create();
            ValidationReport report = v.validate(sipas, Response.builder("r1", sipas.id(), sipas.version()).answer("tc1", 9).build());
            System.exit(report.isValid() ? 1 : 0);
        }
    }

    @Test
    void validatingPrintsNoLogLine() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            System.getProperty("java.class.path"), Child.class.getName()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEmpty();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void aRejectedResponsesMessageGivesItsReasons() {
        Instrument sipas = StandardInstruments.sipas2017();
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class, () -> ResponseValidator.create()
            .requireValid(sipas, Response.builder("r1", sipas.id(), sipas.version()).answer("tc1", 9).status(
                org.civicsurvey.response.ResponseStatus.IN_PROGRESS).build()));
        assertThat(e.getMessage()).isEqualTo("response r1: 1 violation\n  answers.tc1: 9 is outside the scale 1..5");
    }
}
