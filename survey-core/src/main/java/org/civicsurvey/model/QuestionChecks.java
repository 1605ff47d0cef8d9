package org.civicsurvey.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks shared by every kind of question. */
final class QuestionChecks {
    private QuestionChecks() {
    }

    static Violations common(String id, LocalizedText text, LocalizedText help, Optional<Condition> showIf, List<String> tags) {
        Violations v = new Violations();
        v.id("id", id);
        if (text == null) {
            v.add("text", "is missing");
        } else if (text.isEmpty()) {
            v.add("text", "question text is empty");
        }
        if (help == null) {
            v.add("help", "is missing (use LocalizedText.empty())");
        }
        if (showIf == null) {
            v.add("showIf", "is missing (use Optional.empty())");
        } else if (showIf.isPresent() && id != null && showIf.get().questionIds().contains(id)) {
            v.add("showIf", "the condition of question " + Ids.quote(id) + " refers to the question itself");
        }
        if (tags == null) {
            v.add("tags", "is missing");
        } else {
            if (tags.size() > Question.MAX_TAGS) {
                v.add("tags", tags.size() + " tags, more than the maximum " + Question.MAX_TAGS);
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < tags.size(); i++) {
                v.id("tags[" + i + "]", tags.get(i));
                if (tags.get(i) != null && !seen.add(tags.get(i))) {
                    v.add("tags[" + i + "]", "tag " + Ids.quote(tags.get(i)) + " appears twice");
                }
            }
        }
        return v;
    }
}
