package org.civicsurvey.model;

import java.util.List;
import java.util.Optional;

/**
 * A question of an instrument. Every kind shares an id, a localized text and help, whether an
 * answer is required, an optional show-if condition and tags (free ids such as {@code overall},
 * {@code importance}, {@code trust} that methods use to find their items).
 *
 * <p>A required question must be answered in a complete response when it is shown; a hidden
 * question must not be answered.
 */
public sealed interface Question permits RatingQuestion, NpsQuestion, ChoiceQuestion, NumberQuestion, TextQuestion {
    /** The most tags a question may carry. */
    int MAX_TAGS = 16;

    /**
     * The id, unique in the instrument.
     *
     * @return the id
     */
    String id();

    /**
     * The question as the person reads it.
     *
     * @return the text, never empty
     */
    LocalizedText text();

    /**
     * Help shown beside the question.
     *
     * @return the help, possibly empty
     */
    LocalizedText help();

    /**
     * Whether a complete response must answer it (when shown).
     *
     * @return true when required
     */
    boolean required();

    /**
     * The condition under which the question is shown.
     *
     * @return the condition, or empty when always shown
     */
    Optional<Condition> showIf();

    /**
     * Tags naming the question's role.
     *
     * @return valid ids, no repeats
     */
    List<String> tags();

    /**
     * The kind of question.
     *
     * @return the kind
     */
    QuestionKind kind();

    /**
     * The scale of a rating or NPS question.
     *
     * @return the scale, or empty for other kinds
     */
    default Optional<Scale> answerScale() {
        return Optional.empty();
    }

    /**
     * Tells whether the question is shown for the answers given so far.
     *
     * @param facts the answers
     * @return true when there is no condition or it holds
     */
    default boolean isShown(Condition.Facts facts) {
        Optional<Condition> c = showIf();
        return c.isEmpty() || c.get().test(facts);
    }
}
