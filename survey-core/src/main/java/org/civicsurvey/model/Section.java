package org.civicsurvey.model;

import java.util.List;

/**
 * A titled group of questions.
 *
 * @param id the id, unique among the instrument's sections
 * @param title the title, never empty
 * @param description a description, possibly empty
 * @param questions the questions, at least one
 */
public record Section(String id, LocalizedText title, LocalizedText description, List<Question> questions) {
    /** The most questions a section may hold. */
    public static final int MAX_QUESTIONS = 1_000;

    /**
     * Validates the section.
     *
     * @param id the id
     * @param title the title
     * @param description the description
     * @param questions the questions
     */
    public Section {
        Violations v = new Violations();
        v.id("id", id);
        if (title == null) {
            v.add("title", "is missing");
        } else if (title.isEmpty()) {
            v.add("title", "section title is empty");
        }
        if (description == null) {
            v.add("description", "is missing (use LocalizedText.empty())");
        }
        questions = Violations.copy("questions", questions);
        if (questions.isEmpty()) {
            v.add("questions", "a section needs at least one question");
        } else if (questions.size() > MAX_QUESTIONS) {
            v.add("questions", questions.size() + " questions, more than the maximum " + MAX_QUESTIONS);
        }
        v.throwIfAny();
    }

    /**
     * A section without description.
     *
     * @param id the id
     * @param title the title
     * @param questions the questions
     * @return the section
     */
    public static Section of(String id, LocalizedText title, List<? extends Question> questions) {
        return new Section(id, title, LocalizedText.empty(), List.copyOf(questions));
    }
}
