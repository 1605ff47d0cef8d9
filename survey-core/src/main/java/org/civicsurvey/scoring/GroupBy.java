package org.civicsurvey.scoring;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;

/**
 * How to group responses: a name and the level of each response. A response without a value gets
 * the level {@value #UNKNOWN}. The same groupings cut reports in memory
 * ({@code ReportData.fromResponses}) and statistics inside a database ({@code survey-jdbc}'s
 * {@code SurveyStore.statistics}), which reads what a standard grouping reads ({@link #field()})
 * from its columns; a grouping made with {@link #of(String, Function)} exists in memory only.
 */
public interface GroupBy {
    /** The level of a response that has no value for the grouping. */
    String UNKNOWN = "unknown";

    /** What a standard grouping reads from a response. */
    enum Kind {
        /** The transaction's agency. */
        AGENCY,
        /** The transaction's service. */
        SERVICE,
        /** The transaction's channel. */
        CHANNEL,
        /** A respondent attribute ({@link Field#key()}). */
        RESPONDENT,
        /** The chosen option of a single-choice question, or a number ({@link Field#key()}). */
        ANSWER,
        /** The period of the transaction's time, or of the submission time without one. */
        PERIOD
    }

    /**
     * What a standard grouping reads, so that a database can compute it too.
     *
     * @param kind what is read
     * @param key the attribute or question id for {@link Kind#RESPONDENT} and {@link Kind#ANSWER}
     * @param period the calendar period for {@link Kind#PERIOD}
     * @param zone the time zone of that calendar
     */
    record Field(Kind kind, Optional<String> key, Optional<Period> period, Optional<ZoneId> zone) {
        /**
         * Validates: a key exactly for respondent attributes and answers, a period and zone exactly for periods.
         *
         * @param kind kind
         * @param key key
         * @param period period
         * @param zone zone
         */
        public Field {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(zone, "zone");
            boolean keyed = kind == Kind.RESPONDENT || kind == Kind.ANSWER;
            if (keyed != key.isPresent() || (kind == Kind.PERIOD) != period.isPresent() || period.isPresent() != zone.isPresent()) {
                throw new IllegalArgumentException("a " + kind + " grouping " + (keyed ? "needs a key" : "takes no key")
                    + (kind == Kind.PERIOD ? " and needs a period and a zone" : " and no period"));
            }
        }
    }

    /** @return the grouping's name (e.g. {@code province}); also the column name in the tidy CSV */
    String name();

    /**
     * @param response a response
     * @return its level, never blank
     */
    String level(Response response);

    /** @return what this grouping reads, for the standard groupings; empty for {@link #of(String, Function)} */
    default Optional<Field> field() {
        return Optional.empty();
    }

    /**
     * @param name the grouping's name
     * @param level the level of each response ({@code null} or blank → {@value #UNKNOWN})
     * @return the grouping (in memory only: it has no {@link #field()})
     */
    static GroupBy of(String name, Function<Response, String> level) {
        return new StandardGroupBy(name, null, level);
    }

    /**
     * @param key a respondent attribute, e.g. {@code province}, {@code sex}
     * @return grouping by that attribute (named after it)
     */
    static GroupBy respondent(String key) {
        Objects.requireNonNull(key, "key");
        return new StandardGroupBy(key, new Field(Kind.RESPONDENT, Optional.of(key), Optional.empty(), Optional.empty()),
            r -> r.respondent().get(key));
    }

    /** @return grouping by the transaction's agency (named {@code agency}) */
    static GroupBy agency() {
        return new StandardGroupBy("agency", new Field(Kind.AGENCY, Optional.empty(), Optional.empty(), Optional.empty()),
            r -> r.transaction().agency().orElse(null));
    }

    /** @return grouping by the transaction's service (named {@code service}) */
    static GroupBy service() {
        return new StandardGroupBy("service", new Field(Kind.SERVICE, Optional.empty(), Optional.empty(), Optional.empty()),
            r -> r.transaction().service().orElse(null));
    }

    /** @return grouping by the transaction's channel (named {@code channel}) */
    static GroupBy channel() {
        return new StandardGroupBy("channel", new Field(Kind.CHANNEL, Optional.empty(), Optional.empty(), Optional.empty()),
            r -> r.transaction().channel().orElse(null));
    }

    /**
     * Groups by the chosen option of a single-choice question (e.g. {@code sex}, {@code residence}).
     *
     * @param questionId a choice question
     * @return grouping named after the question; unanswered, special or multi-option answers → {@value #UNKNOWN}
     */
    static GroupBy answer(String questionId) {
        Objects.requireNonNull(questionId, "questionId");
        return new StandardGroupBy(questionId, new Field(Kind.ANSWER, Optional.of(questionId), Optional.empty(), Optional.empty()),
            r -> {
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
        return new StandardGroupBy("period", new Field(Kind.PERIOD, Optional.empty(), Optional.of(period), Optional.of(zone)), r -> {
            Instant t = r.transaction().time().or(r::submittedAt).orElse(null);
            return t == null ? null : period.label(t.atZone(zone).toLocalDate());
        });
    }
}
