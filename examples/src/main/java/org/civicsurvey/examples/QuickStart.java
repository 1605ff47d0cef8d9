package org.civicsurvey.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.validation.InvalidResponseException;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.ValidationReport;

/**
 * The quick start: load an instrument from JSON, validate a good and a bad response against it and
 * print what a portal would show. Run with
 * {@code mvn -B -q -DskipTests -pl examples -am package exec:java}.
 */
public final class QuickStart {
    /** The instrument shipped with the examples. */
    static final String INSTRUMENT = "org/civicsurvey/examples/portal-rating.json";

    private QuickStart() {
    }

    /**
     * Runs the quick start.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the quick start, printing to {@code out}.
     *
     * @param out where to print
     * @return the reports of the good and the bad response, in that order
     */
    static List<ValidationReport> run(PrintStream out) {
        Instrument instrument = InstrumentJson.read(resource(INSTRUMENT));
        out.println("Instrument " + instrument.id() + " " + instrument.version() + ": "
                + instrument.localize(instrument.title(), "en"));
        out.println("  " + instrument.localize(instrument.title(), "vi"));
        out.println("  " + instrument.questions().size() + " questions, " + instrument.ratingItems().size()
                + " rating items, languages " + instrument.languages());
        for (Question q : instrument.questions()) {
            out.println("  " + q.id() + " [" + q.kind().jsonName() + (q.required() ? ", required" : "")
                    + (q.showIf().isPresent() ? ", conditional" : "") + "] " + instrument.localize(q.text(), "en"));
        }

        ResponseValidator validator = ResponseValidator.create();
        Transaction caseFile = Transaction.of("000.00.12.H56-240501-0001", "so-tu-phap", "ly-lich-tu-phap", "online",
                Instant.parse("2024-05-01T09:30:00Z"));

        Response good = Response.builder("r-0001", instrument.id(), instrument.version())
                .answer("q1", 4)
                .special("q2", SpecialStatus.DONT_KNOW)
                .answer("q3", 5)
                .choice("q4", "yes")
                .answer("q5", 1)
                .answer("q6", Answer.choiceWithOther(List.of("ease", "other"), "Cán bộ gọi lại hướng dẫn"))
                .answer("q7", 9)
                .transaction(caseFile)
                .respondent("sex", "female")
                .respondent("ageBand", "25-34")
                .build();
        ValidationReport goodReport = validator.validate(instrument, good);
        out.println();
        out.println("Good response: " + goodReport);
        out.println(ResponseJson.write(good));

        Response bad = Response.builder("r-0002", instrument.id(), instrument.version())
                .answer("q1", 6)
                .answer("q2", 9)
                .choice("q4", "no")
                .answer("q5", 3)
                .choice("q6", "ease", "speed")
                .answer("q7", 11)
                .text("q8", "Chờ quá lâu")
                .answer("q99", 1)
                .transaction(caseFile)
                .build();
        ValidationReport badReport = validator.validate(instrument, bad);
        out.println("Bad response: " + badReport);
        try {
            validator.requireValid(instrument, bad);
        } catch (InvalidResponseException e) {
            out.println("requireValid refused it: " + e.report().violations().size() + " violations, nothing stored");
        }
        return List.of(goodReport, badReport);
    }

    private static String resource(String name) {
        try (InputStream in = QuickStart.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
