package org.civicsurvey.jdbc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.AnswerStatus;
import org.civicsurvey.response.Response;

/**
 * What the store checks before it writes a response: the checks of the instrument model, plus the
 * store's own rule that no text may contain U+0000 (PostgreSQL cannot store it in text columns, so
 * the store rejects it on every database alike).
 */
public final class StoreValidation {

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
        List<String> problems = new ArrayList<>();
        for (String questionId : response.answers().keySet()) {
            if (instrument.question(questionId).isEmpty()) {
                problems.add("answers." + questionId + ": instrument " + instrument.id() + " version "
                        + instrument.version() + " has no such question");
            }
        }
        AnswerColumns columns = AnswerColumns.of(instrument, List.of(response));
        instrument.questions().forEach(q -> {
            if (columns.statuses(q.id())[0] == AnswerStatus.INVALID.code()) {
                Answer a = response.answers().get(q.id());
                problems.add("answers." + q.id() + ": " + a.describeKind() + " is not a valid answer to this "
                        + q.kind().name().toLowerCase(java.util.Locale.ROOT) + " question");
            }
        });
        nulCharacters(response, problems);
        return problems;
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
