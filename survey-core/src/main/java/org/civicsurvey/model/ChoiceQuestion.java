package org.civicsurvey.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A single-choice ({@code multiple = false}) or multiple-choice question (a checklist such as
 * A-11's "what went well"). At most one option is the "other" option, whose choice may carry up
 * to {@value #MAX_OTHER_LENGTH} characters of text.
 *
 * @param id the id
 * @param text the question text
 * @param help help text, possibly empty
 * @param required whether a complete response must answer it when shown
 * @param showIf the show-if condition
 * @param tags role tags
 * @param multiple whether several options may be chosen
 * @param options the options, at least one, codes unique
 */
public record ChoiceQuestion(String id, LocalizedText text, LocalizedText help, boolean required,
        Optional<Condition> showIf, List<String> tags, boolean multiple, List<ChoiceOption> options) implements Question {
    /** The longest "other" text, in characters. */
    public static final int MAX_OTHER_LENGTH = 1_000;
    /** The most options a question may have. */
    public static final int MAX_OPTIONS = 500;

    /**
     * Validates the question, reporting every problem.
     *
     * @param id the id
     * @param text the question text
     * @param help help text
     * @param required whether required
     * @param showIf the condition
     * @param tags role tags
     * @param multiple whether several options may be chosen
     * @param options the options
     */
    public ChoiceQuestion {
        Violations v = QuestionChecks.common(id, text, help, showIf, tags);
        options = Violations.copy("options", options);
        if (options.isEmpty()) {
            v.add("options", "a choice question needs at least one option");
        } else if (options.size() > MAX_OPTIONS) {
            v.add("options", options.size() + " options, more than the maximum " + MAX_OPTIONS);
        }
        Set<String> codes = new HashSet<>();
        int others = 0;
        for (int i = 0; i < options.size(); i++) {
            ChoiceOption o = options.get(i);
            if (!codes.add(o.code())) {
                v.add("options[" + i + "].code", "duplicate option code " + Ids.quote(o.code()));
            }
            if (o.other() && ++others == 2) {
                v.add("options[" + i + "].other", "only one option may be the \"other\" option");
            }
        }
        v.throwIfAny();
        tags = List.copyOf(tags);
    }

    /**
     * A single-choice question, not required, always shown.
     *
     * @param id the id
     * @param text the text
     * @param options the options
     * @return the question
     */
    public static ChoiceQuestion single(String id, LocalizedText text, List<ChoiceOption> options) {
        return new ChoiceQuestion(id, text, LocalizedText.empty(), false, Optional.empty(), List.of(), false, options);
    }

    /**
     * A multiple-choice question, not required, always shown.
     *
     * @param id the id
     * @param text the text
     * @param options the options
     * @return the question
     */
    public static ChoiceQuestion multiple(String id, LocalizedText text, List<ChoiceOption> options) {
        return new ChoiceQuestion(id, text, LocalizedText.empty(), false, Optional.empty(), List.of(), true, options);
    }

    @Override
    public QuestionKind kind() {
        return QuestionKind.CHOICE;
    }

    /**
     * Finds an option by code.
     *
     * @param code the code
     * @return the option, or empty
     */
    public Optional<ChoiceOption> option(String code) {
        for (ChoiceOption o : options) {
            if (o.code().equals(code)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /**
     * The position of an option.
     *
     * @param code the code
     * @return its 0-based index, or -1
     */
    public int indexOf(String code) {
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).code().equals(code)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether every option has a score.
     *
     * @return true when all options are scored
     */
    public boolean isScored() {
        for (ChoiceOption o : options) {
            if (o.score().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * This question, required or not.
     *
     * @param value whether required
     * @return the changed question
     */
    public ChoiceQuestion withRequired(boolean value) {
        return new ChoiceQuestion(id, text, help, value, showIf, tags, multiple, options);
    }

    /**
     * This question with a show-if condition.
     *
     * @param condition the condition
     * @return the changed question
     */
    public ChoiceQuestion withShowIf(Condition condition) {
        return new ChoiceQuestion(id, text, help, required, Optional.of(condition), tags, multiple, options);
    }

    /**
     * This question with tags.
     *
     * @param newTags the tags
     * @return the changed question
     */
    public ChoiceQuestion withTags(String... newTags) {
        return new ChoiceQuestion(id, text, help, required, showIf, List.of(newTags), multiple, options);
    }
}
