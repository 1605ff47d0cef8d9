package org.civicsurvey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.ValidationReport;
import org.junit.jupiter.api.Test;

/** The README's quick start, verbatim between the markers, so the README never lies. */
class ReadmeQuickStartTest {
    @Test
    void readmeQuickStart() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/org/civicsurvey/io/json/sample-instrument.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        ValidationReport shown;
        try {
            // README:begin
            Instrument instrument = InstrumentJson.read(json);   // json: the text of an instrument file
            ResponseValidator validator = ResponseValidator.create();

            Response response = Response.builder("r-0001", instrument.id(), instrument.version())
                    .answer("q1", 4)                           // a rating on the 1..5 scale
                    .special("q2", SpecialStatus.DONT_KNOW)    // left out of denominators, counted
                    .choice("q4", "no")                        // single choice; hides q5
                    .answer("q7", 11)                          // NPS is 0..10
                    .transaction(Transaction.of("000.00.12.H56-240501-0001", "so-tu-phap",
                            "ly-lich-tu-phap", "online", Instant.parse("2024-05-01T09:30:00Z")))
                    .build();

            ValidationReport report = validator.validate(instrument, response);
            report.messages().forEach(System.out::println);
            // answers.q7: 11 is outside the NPS scale 0..10
            // README:end
            shown = report;
        } finally {
            System.setOut(console);
        }
        assertThat(shown.messages()).containsExactly("answers.q7: 11 is outside the NPS scale 0..10");
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("answers.q7: 11 is outside the NPS scale 0..10\n");
    }
}
