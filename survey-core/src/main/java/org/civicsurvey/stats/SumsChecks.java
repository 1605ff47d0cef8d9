package org.civicsurvey.stats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the two kinds of mergeable sums, {@link SufficientStatistics} and {@link ReplicateSums},
 * share: their variables' index by name and the checks of what their builders are given.
 */
final class SumsChecks {
    private SumsChecks() {
    }

    /** Variable name to position; throws when a name is used twice. */
    static Map<String, Integer> indexOf(List<Variable> variables) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            if (index.put(variables.get(i).name(), i) != null) {
                throw new IllegalArgumentException("variable name " + variables.get(i).name() + " is used twice");
            }
        }
        return index;
    }

    /**
     * The position of a variable; {@code where} (e.g. {@code " in these sums"}, or empty) goes into
     * the message when there is no such variable.
     */
    static int index(Map<String, Integer> index, String name, String where) {
        Integer j = index.get(Objects.requireNonNull(name, "variable"));
        if (j == null) {
            throw new IllegalArgumentException("no variable " + name + where + "; have " + index.keySet());
        }
        return j;
    }

    static void nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " is " + v + "; must be finite and >= 0");
        }
    }

    /** The category code of {@code value} in categorical variable {@code v} (named {@code variable}). */
    static int categoryCode(Variable v, String variable, double value) {
        if (!v.isCategorical()) {
            throw new IllegalArgumentException("variable " + variable + " is numeric; use addNumeric");
        }
        int c = v.codeOf(value);
        if (c < 0) {
            throw new IllegalArgumentException("value " + value + " is not a category of " + v);
        }
        return c;
    }

    static void requireNumeric(Variable v, String variable) {
        if (v.isCategorical()) {
            throw new IllegalArgumentException("variable " + variable + " is categorical; use addCategory");
        }
    }

    /**
     * The answers a block of sums counts, valid and excluded: per category the count at
     * {@code base + c · categoryWidth}, or a numeric block's count at {@code base} (both layouts
     * put it first), plus the excluded answers by reason from {@code base + exclusionOffset}.
     */
    static double answers(double[] block, int base, Variable v, int categoryWidth, int exclusionOffset) {
        double answers = 0;
        if (v.isCategorical()) {
            for (int c = 0; c < v.categoryCount(); c++) {
                answers += block[base + c * categoryWidth];
            }
        } else {
            answers = block[base];
        }
        for (int r = 0; r < Exclusion.values().length; r++) {
            answers += block[base + exclusionOffset + r];
        }
        return answers;
    }

    /** The rows summed over all cells or domains. */
    static long total(double[] rows) {
        double r = 0;
        for (double v : rows) {
            r += v;
        }
        return (long) r;
    }
}
