package org.civicsurvey.validation;

import java.util.ArrayList;
import java.util.List;
import org.civicsurvey.model.Ids;
import org.civicsurvey.response.Response;

/**
 * Every violation found in one response: field constraints first (by path), then the instrument's
 * rules in question order.
 *
 * @param responseId the id of the response checked
 * @param violations the violations, empty when the response is valid
 */
public record ValidationReport(String responseId, List<Violation> violations) {
    /**
     * Copies the list.
     *
     * @param responseId the response id
     * @param violations the violations
     */
    public ValidationReport {
        java.util.Objects.requireNonNull(responseId, "responseId");
        violations = List.copyOf(violations);
    }

    /**
     * Whether the response is valid.
     *
     * @return true when there is no violation
     */
    public boolean isValid() {
        return violations.isEmpty();
    }

    /**
     * The violations as lines such as {@code answers.q7: 6 is outside the scale 1..5}.
     *
     * @return one line per violation
     */
    public List<String> messages() {
        List<String> out = new ArrayList<>(violations.size());
        for (Violation v : violations) {
            out.add(v.toString());
        }
        return out;
    }

    /**
     * The violations at a path.
     *
     * @param path a path such as {@code answers.q7}
     * @return the violations there
     */
    public List<Violation> at(String path) {
        List<Violation> out = new ArrayList<>();
        for (Violation v : violations) {
            if (v.path().equals(path)) {
                out.add(v);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        String shown = responseId.matches(Response.ID_REGEX) && responseId.length() <= Response.MAX_ID_LENGTH
                ? responseId : Ids.quote(responseId);
        if (violations.isEmpty()) {
            return "response " + shown + " is valid";
        }
        StringBuilder sb = new StringBuilder("response ").append(shown).append(": ").append(violations.size())
                .append(violations.size() == 1 ? " violation" : " violations");
        for (Violation v : violations) {
            sb.append("\n  ").append(v);
        }
        return sb.toString();
    }
}
