package org.civicsurvey.io.surveyjs;

import java.util.Optional;

import org.civicsurvey.model.SpecialStatus;

/**
 * The SurveyJS values that stand for special answers and for the "other" option. They are the values
 * SurveyJS itself gives its {@code showDontKnowItem}, {@code showNoneItem}, {@code showRefuseItem}
 * and {@code showOtherItem} items, so results read the same whichever way a form offers them.
 */
final class SurveyJsValues {
    /** The value of SurveyJS's "other" item. */
    static final String OTHER = "other";
    /** Don't know: the value of SurveyJS's {@code dontKnowItem}. */
    static final String DONT_KNOW = "dontknow";
    /** Not applicable: the value of SurveyJS's {@code noneItem}. */
    static final String NOT_APPLICABLE = "none";
    /** Refused: the value of SurveyJS's {@code refuseItem}. */
    static final String REFUSED = "refused";
    /** The suffix SurveyJS adds to a question's name for the text typed into its "other" item. */
    static final String COMMENT_SUFFIX = "-Comment";

    private SurveyJsValues() {
    }

    static String of(SpecialStatus status) {
        switch (status) {
            case DONT_KNOW:
                return DONT_KNOW;
            case NOT_APPLICABLE:
                return NOT_APPLICABLE;
            case REFUSED:
                return REFUSED;
            default:
                throw new IllegalArgumentException("unknown special status " + status);
        }
    }

    static Optional<SpecialStatus> status(String value) {
        switch (value) {
            case DONT_KNOW:
                return Optional.of(SpecialStatus.DONT_KNOW);
            case NOT_APPLICABLE:
                return Optional.of(SpecialStatus.NOT_APPLICABLE);
            case REFUSED:
                return Optional.of(SpecialStatus.REFUSED);
            default:
                return Optional.empty();
        }
    }
}
