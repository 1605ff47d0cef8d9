package org.civicsurvey.model;

import java.util.List;
import java.util.Optional;

/**
 * Net Promoter Score: likelihood to recommend on 0..10. Promoters answer 9 or 10 (the scale's
 * positive threshold is always 9), detractors 0 to 6. The scale may add end labels and special codes.
 *
 * @param id the id
 * @param text the question text
 * @param help help text, possibly empty
 * @param required whether a complete response must answer it when shown
 * @param showIf the show-if condition
 * @param tags role tags
 * @param scale a 0..10 scale with positive threshold 9
 */
public record NpsQuestion(String id, LocalizedText text, LocalizedText help, boolean required,
        Optional<Condition> showIf, List<String> tags, Scale scale) implements Question {
    /**
     * Validates the question, reporting every problem.
     *
     * @param id the id
     * @param text the question text
     * @param help help text
     * @param required whether required
     * @param showIf the condition
     * @param tags role tags
     * @param scale the scale: 0..10, threshold 9
     */
    public NpsQuestion {
        Violations v = QuestionChecks.common(id, text, help, showIf, tags);
        if (scale == null) {
            v.add("scale", "is missing (use Scale.nps())");
        } else {
            if (scale.min() != 0 || scale.max() != 10) {
                v.add("scale", "an NPS scale is 0..10, not " + scale.rangeText());
            }
            if (scale.positiveThreshold() != 9) {
                v.add("scale.positiveThreshold", "an NPS scale's positiveThreshold is 9 (promoters), not " + scale.positiveThreshold());
            }
        }
        v.throwIfAny();
        tags = List.copyOf(tags);
    }

    /**
     * An NPS question on the plain 0..10 scale, not required, always shown.
     *
     * @param id the id
     * @param text the text
     * @return the question
     */
    public static NpsQuestion of(String id, LocalizedText text) {
        return new NpsQuestion(id, text, LocalizedText.empty(), false, Optional.empty(), List.of(), Scale.nps());
    }

    @Override
    public QuestionKind kind() {
        return QuestionKind.NPS;
    }

    @Override
    public Optional<Scale> answerScale() {
        return Optional.of(scale);
    }
}
