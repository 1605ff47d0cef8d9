package org.civicsurvey.model;

import java.util.List;
import java.util.Optional;

/**
 * A rating on an integer scale, usually tied to a criterion (or element) of the dimension hierarchy.
 *
 * @param id the id
 * @param text the question text
 * @param help help text, possibly empty
 * @param required whether a complete response must answer it when shown
 * @param showIf the show-if condition
 * @param tags role tags
 * @param scale the scale
 * @param dimension the id of the dimension the item measures, or empty
 */
public record RatingQuestion(String id, LocalizedText text, LocalizedText help, boolean required,
        Optional<Condition> showIf, List<String> tags, Scale scale, Optional<String> dimension) implements Question {
    /**
     * Validates the question, reporting every problem.
     *
     * @param id the id
     * @param text the question text
     * @param help help text
     * @param required whether required
     * @param showIf the condition
     * @param tags role tags
     * @param scale the scale
     * @param dimension the dimension id
     */
    public RatingQuestion {
        Violations v = QuestionChecks.common(id, text, help, showIf, tags);
        if (scale == null) {
            v.add("scale", "is missing");
        }
        if (dimension == null) {
            v.add("dimension", "is missing (use Optional.empty())");
        } else {
            dimension.ifPresent(d -> v.id("dimension", d));
        }
        v.throwIfAny();
        tags = List.copyOf(tags);
    }

    /**
     * A rating item with no help, not required, always shown, without tags.
     *
     * @param id the id
     * @param text the text
     * @param scale the scale
     * @param dimension the dimension id, or null for none
     * @return the question
     */
    public static RatingQuestion of(String id, LocalizedText text, Scale scale, String dimension) {
        return new RatingQuestion(id, text, LocalizedText.empty(), false, Optional.empty(), List.of(), scale,
                Optional.ofNullable(dimension));
    }

    @Override
    public QuestionKind kind() {
        return QuestionKind.RATING;
    }

    @Override
    public Optional<Scale> answerScale() {
        return Optional.of(scale);
    }

    /**
     * This question, required or not.
     *
     * @param value whether required
     * @return the changed question
     */
    public RatingQuestion withRequired(boolean value) {
        return new RatingQuestion(id, text, help, value, showIf, tags, scale, dimension);
    }

    /**
     * This question with a show-if condition.
     *
     * @param condition the condition
     * @return the changed question
     */
    public RatingQuestion withShowIf(Condition condition) {
        return new RatingQuestion(id, text, help, required, Optional.of(condition), tags, scale, dimension);
    }

    /**
     * This question with tags.
     *
     * @param newTags the tags
     * @return the changed question
     */
    public RatingQuestion withTags(String... newTags) {
        return new RatingQuestion(id, text, help, required, showIf, List.of(newTags), scale, dimension);
    }

    /**
     * This question with help text.
     *
     * @param newHelp the help
     * @return the changed question
     */
    public RatingQuestion withHelp(LocalizedText newHelp) {
        return new RatingQuestion(id, text, newHelp, required, showIf, tags, scale, dimension);
    }
}
