package org.civicsurvey.analysis.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One comparison of a family of pairwise comparisons.
 *
 * @param first the first group's name
 * @param second the second group's name
 * @param test the comparison's test (estimate: first minus second)
 * @param adjustment the adjustment applied over the family
 * @param adjustedP the adjusted p-value
 */
public record PairwiseComparison(
        String first, String second, TestResult test, PValueAdjustment adjustment, double adjustedP) {
    /**
     * Validates.
     *
     * @param first first group
     * @param second second group
     * @param test the test
     * @param adjustment adjustment
     * @param adjustedP adjusted p
     */
    public PairwiseComparison {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(adjustment, "adjustment");
        if (!(adjustedP >= 0 && adjustedP <= 1)) {
            throw new IllegalArgumentException("adjusted p-value " + adjustedP + " is outside [0, 1]");
        }
    }

    /**
     * Builds the family of all pairs {@code (i, j)}, {@code i < j}, from tests in that order.
     *
     * @param names group names
     * @param tests one test per pair, row-major
     * @param adjustment the adjustment over the family
     * @return the comparisons
     */
    static List<PairwiseComparison> family(List<String> names, List<TestResult> tests, PValueAdjustment adjustment) {
        double[] p = new double[tests.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = tests.get(i).pValue();
        }
        double[] adjusted = adjustment.adjust(p);
        List<PairwiseComparison> out = new ArrayList<>(p.length);
        int t = 0;
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                out.add(new PairwiseComparison(names.get(i), names.get(j), tests.get(t), adjustment, adjusted[t]));
                t++;
            }
        }
        return List.copyOf(out);
    }
}
