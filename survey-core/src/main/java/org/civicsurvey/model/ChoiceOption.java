package org.civicsurvey.model;

import java.util.OptionalDouble;

/**
 * An option of a choice question.
 *
 * @param code the option's id, unique in its question
 * @param label the text shown
 * @param score an optional numeric score (finite) for scoring the choice
 * @param other whether choosing it lets the person type their own text ("Other: ...")
 */
public record ChoiceOption(String code, LocalizedText label, OptionalDouble score, boolean other) {
    /**
     * Validates the option.
     *
     * @param code the code
     * @param label the label, not empty
     * @param score the score, finite when present
     * @param other whether it is the "other" option
     */
    public ChoiceOption {
        Violations v = new Violations();
        v.id("code", code);
        if (label == null) {
            v.add("label", "is missing");
        } else if (label.isEmpty()) {
            v.add("label", "option label is empty");
        }
        if (score == null) {
            v.add("score", "is missing (use OptionalDouble.empty())");
        } else if (score.isPresent() && !Double.isFinite(score.getAsDouble())) {
            v.add("score", "score " + score.getAsDouble() + " is not a finite number");
        }
        v.throwIfAny();
    }

    /**
     * An option without score.
     *
     * @param code the code
     * @param label the label
     * @return the option
     */
    public static ChoiceOption of(String code, LocalizedText label) {
        return new ChoiceOption(code, label, OptionalDouble.empty(), false);
    }

    /**
     * An option with a score.
     *
     * @param code the code
     * @param label the label
     * @param score the score
     * @return the option
     */
    public static ChoiceOption scored(String code, LocalizedText label, double score) {
        return new ChoiceOption(code, label, OptionalDouble.of(score), false);
    }

    /**
     * The "other" option, whose choice may carry text.
     *
     * @param code the code
     * @param label the label
     * @return the option
     */
    public static ChoiceOption other(String code, LocalizedText label) {
        return new ChoiceOption(code, label, OptionalDouble.empty(), true);
    }
}
