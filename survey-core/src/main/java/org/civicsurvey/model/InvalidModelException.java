package org.civicsurvey.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Thrown when a model value cannot be constructed; lists every violation found.
 */
public class InvalidModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The violations, never empty. */
    private final List<ModelViolation> violations;

    /**
     * Creates the exception for several violations.
     *
     * @param violations the violations, not empty
     */
    public InvalidModelException(List<ModelViolation> violations) {
        super(format(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("violations must not be empty");
        }
        this.violations = List.copyOf(violations);
    }

    /**
     * Creates the exception for one violation.
     *
     * @param path the path of the field
     * @param message what is wrong
     */
    public InvalidModelException(String path, String message) {
        this(List.of(new ModelViolation(path, message)));
    }

    /**
     * The violations, each with its path.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<ModelViolation> violations() {
        return violations;
    }

    /**
     * Returns the violations seen from an enclosing value.
     *
     * @param prefix the enclosing path
     * @return the violations with {@code prefix} prepended
     */
    public List<ModelViolation> violationsUnder(String prefix) {
        List<ModelViolation> out = new ArrayList<>(violations.size());
        for (ModelViolation v : violations) {
            out.add(v.under(prefix));
        }
        return out;
    }

    private static String format(List<ModelViolation> violations) {
        if (violations.size() == 1) {
            return violations.get(0).toString();
        }
        StringBuilder sb = new StringBuilder().append(violations.size()).append(" problems:");
        for (ModelViolation v : violations) {
            sb.append("\n  ").append(v);
        }
        return sb.toString();
    }
}
