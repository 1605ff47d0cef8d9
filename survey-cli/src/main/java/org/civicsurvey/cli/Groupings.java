package org.civicsurvey.cli;

import java.time.ZoneId;

import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;

/**
 * The groupings, strata and PSUs the report command knows by name: {@code agency}, {@code service},
 * {@code channel}, {@code period} (the transaction's calendar period in the given zone), the id of
 * a single-choice or number question of the instrument (its answer, e.g. {@code sex} in SDG
 * 16.6.2), and any other name as a respondent attribute ({@code province}).
 */
final class Groupings {
    private Groupings() {
    }

    /**
     * @param name the name
     * @param instrument the instrument (its questions)
     * @param period the calendar period of {@code period}
     * @param zone the zone of that calendar
     * @return the grouping
     * @throws CliException ({@link ExitCode#USAGE}) for a name that is not an id
     */
    static GroupBy named(String name, Instrument instrument, Period period, ZoneId zone) {
        String n = name.strip();
        if (!n.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
            throw new CliException(ExitCode.USAGE, "'" + Messages.clean(name) + "' is not a grouping; use agency, service,"
                + " channel, period, a question id or a respondent attribute such as province");
        }
        switch (n) {
            case "agency":
                return GroupBy.agency();
            case "service":
                return GroupBy.service();
            case "channel":
                return GroupBy.channel();
            case "period":
                return GroupBy.period(period, zone);
            default:
                Question q = instrument.question(n).orElse(null);
                if (q instanceof ChoiceQuestion || q instanceof NumberQuestion) {
                    return GroupBy.answer(n);
                }
                return GroupBy.respondent(n);
        }
    }
}
