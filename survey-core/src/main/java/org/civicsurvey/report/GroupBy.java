package org.civicsurvey.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Function;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;

/**
 * How to group responses for a report: a name and the level of each response. A response
 * without a value gets the level {@value #UNKNOWN}.
 */
public interface GroupBy {
    /** The level of a response that has no value for the grouping. */
    String UNKNOWN = "unknown";

    /** @return the grouping's name (e.g. {@code province}); also the column name in the tidy CSV */
    String name();

    /**
     * @param response a response
     * @return its level, never blank
     */
    String level(Response response);

    /**
     * @param name the grouping's name
     * @param level the level of each response ({@code null} or blank → {@value #UNKNOWN})
     * @return the grouping
     */
    static GroupBy of(String name, Function<Response, String> level) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a grouping name must not be blank");
        }
        return new GroupBy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String level(Response response) {
                String s = level.apply(response);
                return s == null || s.isBlank() ? UNKNOWN : s;
            }
        };
    }

    /**
     * @param key a respondent attribute, e.g. {@code province}, {@code sex}
     * @return grouping by that attribute (named after it)
     */
    static GroupBy respondent(String key) {
        return of(key, r -> r.respondent().get(key));
    }

    /** @return grouping by the transaction's agency (named {@code agency}) */
    static GroupBy agency() {
        return of("agency", r -> r.transaction().agency().orElse(null));
    }

    /** @return grouping by the transaction's service (named {@code service}) */
    static GroupBy service() {
        return of("service", r -> r.transaction().service().orElse(null));
    }

    /** @return grouping by the transaction's channel (named {@code channel}) */
    static GroupBy channel() {
        return of("channel", r -> r.transaction().channel().orElse(null));
    }

    /**
     * Groups by the chosen option of a single-choice question (e.g. {@code sex}, {@code residence}).
     *
     * @param questionId a choice question
     * @return grouping named after the question; unanswered, special or multi-option answers → {@value #UNKNOWN}
     */
    static GroupBy answer(String questionId) {
        return of(questionId, r -> {
            Answer a = r.answers().get(questionId);
            if (a instanceof Answer.Choice c && c.chosen().size() == 1) {
                return c.chosen().get(0);
            }
            if (a instanceof Answer.Numeric num) {
                double v = num.value();
                return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
            }
            return null;
        });
    }

    /**
     * Groups by the period of the transaction's time (or, without one, the submission time).
     *
     * @param period the period
     * @param zone the time zone of the calendar (e.g. {@code Asia/Ho_Chi_Minh})
     * @return grouping named {@code period}
     */
    static GroupBy period(Period period, ZoneId zone) {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(zone, "zone");
        return of("period", r -> {
            Instant t = r.transaction().time().or(r::submittedAt).orElse(null);
            return t == null ? null : period.label(t.atZone(zone).toLocalDate());
        });
    }
}
