package org.civicsurvey.fuzz;

import java.util.List;

import org.civicsurvey.model.Problem;

/**
 * What every fuzz target shares: the time each target fuzzes when it is started outside Maven (an IDE
 * with {@code JAZZER_FUZZ=1}), and the check that an input was refused with the library's own exception
 * carrying a path. Maven's runs set their own limits (a fixed seed and number of executions in every
 * build, longer with {@code -Pfuzz}): {@code docs/fuzzing.md}.
 */
public final class FuzzTargets {
    /** The time a target fuzzes when started outside Maven; the build's runs override it. */
    public static final String SHORT_RUN = "6s";

    private FuzzTargets() {
    }

    /**
     * Fails unless the problems are a useful refusal: at least one, each with a path (possibly empty
     * for the whole input) and a message.
     *
     * @param what the exception, for the failure message
     * @param problems its problems
     */
    public static void requireExplained(RuntimeException what, List<? extends Problem> problems) {
        if (what.getMessage() == null || what.getMessage().isBlank() || problems.isEmpty()) {
            throw new AssertionError("refused without an explanation: " + what, what);
        }
        for (Problem p : problems) {
            if (p.path() == null || p.message() == null || p.message().isBlank()) {
                throw new AssertionError("a problem without a path or message: " + p, what);
            }
        }
    }
}
