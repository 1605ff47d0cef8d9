package org.civicsurvey.model;

import java.util.List;
import java.util.Optional;

/**
 * Free text of at most {@code maxLength} characters (UTF-16 code units, as {@link String#length()}).
 *
 * @param id the id
 * @param text the question text
 * @param help help text, possibly empty
 * @param required whether a complete response must answer it when shown
 * @param showIf the show-if condition
 * @param tags role tags
 * @param maxLength the longest answer, 1..{@value #MAX_LENGTH}
 */
public record TextQuestion(String id, LocalizedText text, LocalizedText help, boolean required,
        Optional<Condition> showIf, List<String> tags, int maxLength) implements Question {
    /** The largest {@code maxLength} an instrument may set. */
    public static final int MAX_LENGTH = 10_000;

    /**
     * Validates the question, reporting every problem.
     *
     * @param id the id
     * @param text the question text
     * @param help help text
     * @param required whether required
     * @param showIf the condition
     * @param tags role tags
     * @param maxLength the longest answer
     */
    public TextQuestion {
        Violations v = QuestionChecks.common(id, text, help, showIf, tags);
        if (maxLength < 1 || maxLength > MAX_LENGTH) {
            v.add("maxLength", "maxLength " + maxLength + " is outside 1.." + MAX_LENGTH);
        }
        v.throwIfAny();
        tags = List.copyOf(tags);
    }

    /**
     * A text question, not required, always shown.
     *
     * @param id the id
     * @param text the text
     * @param maxLength the longest answer
     * @return the question
     */
    public static TextQuestion of(String id, LocalizedText text, int maxLength) {
        return new TextQuestion(id, text, LocalizedText.empty(), false, Optional.empty(), List.of(), maxLength);
    }

    @Override
    public QuestionKind kind() {
        return QuestionKind.TEXT;
    }
}
