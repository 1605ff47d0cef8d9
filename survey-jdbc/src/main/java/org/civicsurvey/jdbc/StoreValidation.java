package org.civicsurvey.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.Rule;
import org.civicsurvey.validation.ValidationReport;
import org.civicsurvey.validation.Violation;

/**
 * What the store checks before it writes a response: every rule of {@link ResponseValidator}, plus the
 * store's own rule that no text may contain U+0000 (PostgreSQL cannot store it in text columns, so
 * the store rejects it on every database alike).
 */
final class StoreValidation {

    private static final ResponseValidator VALIDATOR = ResponseValidator.create();

    private StoreValidation() {
    }

    /**
     * Every violation of a response against its instrument: the validator's, then the store's own.
     *
     * @param instrument the instrument version the response answers
     * @param response the response
     * @return the report; valid when the response may be stored
     */
    static ValidationReport validate(Instrument instrument, Response response) {
        ValidationReport report = VALIDATOR.validate(instrument, response);
        List<Violation> nul = new ArrayList<>();
        nulCharacters(response, nul);
        if (nul.isEmpty()) {
            return report;
        }
        List<Violation> all = new ArrayList<>(report.violations());
        all.addAll(nul);
        return new ValidationReport(report.responseId(), all);
    }

    /**
     * The report of a response whose instrument version is not stored.
     *
     * @param response the response
     * @return one violation at {@code instrumentVersion}
     */
    static ValidationReport unknownInstrument(Response response) {
        return new ValidationReport(response.id(), List.of(new Violation("instrumentVersion", "instrument "
                + response.instrumentId() + " version " + response.instrumentVersion() + " is not stored",
                Rule.WRONG_VERSION)));
    }

    private static void nulCharacters(Response r, List<Violation> problems) {
        for (Map.Entry<String, Answer> e : r.answers().entrySet()) {
            Answer a = e.getValue();
            if (a instanceof Answer.Text && hasNul(((Answer.Text) a).text())) {
                problems.add(nul("answers." + e.getKey()));
            }
            if (a instanceof Answer.Choice) {
                Answer.Choice c = (Answer.Choice) a;
                if (c.other().isPresent() && hasNul(c.other().get())) {
                    problems.add(nul("answers." + e.getKey() + ".other"));
                }
                for (String code : c.codes()) {
                    if (hasNul(code)) {
                        problems.add(nul("answers." + e.getKey() + ".codes"));
                    }
                }
            }
        }
        r.respondent().forEach((k, v) -> {
            if (hasNul(v)) {
                problems.add(nul("respondent." + k));
            }
        });
        check(r.transaction().caseFileId(), "transaction.caseFileId", problems);
        check(r.transaction().agency(), "transaction.agency", problems);
        check(r.transaction().service(), "transaction.service", problems);
        check(r.transaction().channel(), "transaction.channel", problems);
    }

    private static void check(Optional<String> value, String path, List<Violation> problems) {
        if (value.isPresent() && hasNul(value.get())) {
            problems.add(nul(path));
        }
    }

    private static boolean hasNul(String s) {
        return s.indexOf('\u0000') >= 0;
    }

    private static Violation nul(String path) {
        return new Violation(path, "contains the character U+0000, which the store does not accept (PostgreSQL cannot"
                + " store it)", Rule.FIELD);
    }
}
