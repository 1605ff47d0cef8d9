package org.civicsurvey.jdbc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.validation.ResponseValidator;

/**
 * What the store checks before it writes a response: every rule of {@link ResponseValidator}, plus the
 * store's own rule that no text may contain U+0000 (PostgreSQL cannot store it in text columns, so
 * the store rejects it on every database alike).
 */
public final class StoreValidation {

    private static final ResponseValidator VALIDATOR = ResponseValidator.create();

    private StoreValidation() {
    }

    /**
     * Every problem of a response against its instrument, each with its path.
     *
     * @param instrument the instrument version the response answers
     * @param response the response
     * @return the problems; empty when the response may be stored
     */
    public static List<String> problems(Instrument instrument, Response response) {
        List<String> problems = new ArrayList<>(VALIDATOR.validate(instrument, response).messages());
        nulCharacters(response, problems);
        return problems;
    }

    /**
     * The paths of problems as {@link #problems} returns them ({@code "answers.q7: ..."} gives
     * {@code "answers.q7"}), for messages that must not repeat answer text.
     *
     * @param problems the problems
     * @return their paths, in order, without repeats
     */
    public static List<String> paths(List<String> problems) {
        java.util.LinkedHashSet<String> paths = new java.util.LinkedHashSet<>();
        for (String p : problems) {
            int colon = p.indexOf(": ");
            paths.add(colon < 0 ? "(response)" : p.substring(0, colon));
        }
        return List.copyOf(paths);
    }

    private static void nulCharacters(Response r, List<String> problems) {
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

    private static void check(Optional<String> value, String path, List<String> problems) {
        if (value.isPresent() && hasNul(value.get())) {
            problems.add(nul(path));
        }
    }

    private static boolean hasNul(String s) {
        return s.indexOf('\u0000') >= 0;
    }

    private static String nul(String path) {
        return path + ": contains the character U+0000, which the store does not accept (PostgreSQL cannot store it)";
    }
}
