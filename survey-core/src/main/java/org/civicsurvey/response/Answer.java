package org.civicsurvey.response;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.civicsurvey.model.SpecialStatus;

/**
 * One answer. Which kind fits which question:
 * <ul>
 * <li>{@link Numeric}: rating and NPS questions (a whole number on the scale) and number questions;</li>
 * <li>{@link Special}: don't know / not applicable / refused, for rating and NPS questions whose
 * scale declares that status;</li>
 * <li>{@link Choice}: choice questions (exactly one code for a single choice), with text when the
 * "other" option is chosen;</li>
 * <li>{@link Text}: text questions.</li>
 * </ul>
 * In JSON: a number, {@code {"special": "dont_know"}}, an array of codes (or
 * {@code {"choices": [...], "other": "..."}}), a string.
 */
public sealed interface Answer permits Answer.Numeric, Answer.Text, Answer.Choice, Answer.Special {

    /**
     * The numeric value, if this answer is a number.
     *
     * @return the value, or empty
     */
    default OptionalDouble number() {
        return OptionalDouble.empty();
    }

    /**
     * The special status, if this answer is a special one.
     *
     * @return the status, or empty
     */
    default Optional<SpecialStatus> special() {
        return Optional.empty();
    }

    /**
     * The option codes chosen, if this is a choice answer.
     *
     * @return the codes; empty for other kinds
     */
    default List<String> chosen() {
        return List.of();
    }

    /**
     * A short description of the answer's kind for messages.
     *
     * @return for example {@code "a number"}
     */
    String describeKind();

    /**
     * A number.
     *
     * @param value the number
     * @return the answer
     */
    static Answer number(double value) {
        return new Numeric(value);
    }

    /**
     * A text.
     *
     * @param text the text
     * @return the answer
     */
    static Answer text(String text) {
        return new Text(text);
    }

    /**
     * A choice of options.
     *
     * @param codes the option codes
     * @return the answer
     */
    static Answer choice(String... codes) {
        return new Choice(List.of(codes), Optional.empty());
    }

    /**
     * A choice of options with the "other" option's text.
     *
     * @param codes the option codes, including the "other" option's code
     * @param otherText the text typed for "other"
     * @return the answer
     */
    static Answer choiceWithOther(List<String> codes, String otherText) {
        return new Choice(codes, Optional.of(otherText));
    }

    /**
     * A special answer.
     *
     * @param status don't know, not applicable or refused
     * @return the answer
     */
    static Answer special(SpecialStatus status) {
        return new Special(status);
    }

    /**
     * A numeric answer.
     *
     * @param value a finite number
     */
    record Numeric(double value) implements Answer {
        /**
         * Rejects NaN and infinities.
         *
         * @param value the value
         */
        public Numeric {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a numeric answer must be finite, got " + value);
            }
        }

        @Override
        public OptionalDouble number() {
            return OptionalDouble.of(value);
        }

        @Override
        public String describeKind() {
            return "a number";
        }

        @Override
        public String toString() {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        }
    }

    /**
     * A text answer, kept verbatim.
     *
     * @param text the text, not null
     */
    record Text(String text) implements Answer {
        /**
         * Rejects null.
         *
         * @param text the text
         */
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String describeKind() {
            return "a text";
        }
    }

    /**
     * A choice answer.
     *
     * @param codes the chosen option codes, in the order given
     * @param other the text for the "other" option, if given
     */
    record Choice(List<String> codes, Optional<String> other) implements Answer {
        /**
         * Copies the codes.
         *
         * @param codes the codes, no nulls
         * @param other the other text, not null
         */
        public Choice {
            codes = List.copyOf(codes);
            Objects.requireNonNull(other, "other");
        }

        @Override
        public List<String> chosen() {
            return codes;
        }

        @Override
        public String describeKind() {
            return "a choice";
        }
    }

    /**
     * Don't know, not applicable or refused.
     *
     * @param status the status, not null
     */
    record Special(SpecialStatus status) implements Answer {
        /**
         * Rejects null.
         *
         * @param status the status
         */
        public Special {
            Objects.requireNonNull(status, "status");
        }

        @Override
        public Optional<SpecialStatus> special() {
            return Optional.of(status);
        }

        @Override
        public String describeKind() {
            return "a special answer (" + status.label() + ")";
        }
    }
}
