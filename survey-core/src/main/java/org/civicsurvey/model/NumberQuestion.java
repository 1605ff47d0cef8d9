package org.civicsurvey.model;

import java.util.List;
import java.util.Optional;

/**
 * A number within bounds ({@code min <= x <= max}); an open bound is infinite.
 *
 * @param id the id
 * @param text the question text
 * @param help help text, possibly empty
 * @param required whether a complete response must answer it when shown
 * @param showIf the show-if condition
 * @param tags role tags
 * @param min the lowest value accepted, or negative infinity
 * @param max the highest value accepted, or positive infinity
 * @param integer whether only whole numbers are accepted
 */
public record NumberQuestion(String id, LocalizedText text, LocalizedText help, boolean required,
        Optional<Condition> showIf, List<String> tags, double min, double max, boolean integer) implements Question {
    /**
     * Validates the question, reporting every problem.
     *
     * @param id the id
     * @param text the question text
     * @param help help text
     * @param required whether required
     * @param showIf the condition
     * @param tags role tags
     * @param min the lower bound
     * @param max the upper bound
     * @param integer whether whole numbers only
     */
    public NumberQuestion {
        Violations v = QuestionChecks.common(id, text, help, showIf, tags);
        if (Double.isNaN(min) || min == Double.POSITIVE_INFINITY) {
            v.add("min", "min " + min + " is not a number or negative infinity");
        }
        if (Double.isNaN(max) || max == Double.NEGATIVE_INFINITY) {
            v.add("max", "max " + max + " is not a number or positive infinity");
        }
        if (min > max) {
            v.add("max", "max " + max + " is below min " + min);
        }
        v.throwIfAny();
        tags = List.copyOf(tags);
    }

    /**
     * A number question, not required, always shown.
     *
     * @param id the id
     * @param text the text
     * @param min lower bound
     * @param max upper bound
     * @param integer whole numbers only
     * @return the question
     */
    public static NumberQuestion of(String id, LocalizedText text, double min, double max, boolean integer) {
        return new NumberQuestion(id, text, LocalizedText.empty(), false, Optional.empty(), List.of(), min, max, integer);
    }

    @Override
    public QuestionKind kind() {
        return QuestionKind.NUMBER;
    }

    /**
     * The bounds as text for messages.
     *
     * @return for example {@code 0..120}
     */
    public String rangeText() {
        return (Double.isInfinite(min) ? "-inf" : fmt(min)) + ".." + (Double.isInfinite(max) ? "inf" : fmt(max));
    }

    static String fmt(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
}
