package org.civicsurvey.analysis.compare;

import java.util.Arrays;
import java.util.Objects;

/** Adjustment of p-values for multiple comparisons, exactly as R's {@code p.adjust}. */
public enum PValueAdjustment {
    /** No adjustment ({@code "none"}). */
    NONE {
        @Override
        double[] apply(double[] p) {
            return p.clone();
        }
    },
    /** Bonferroni: {@code min(1, m p)} ({@code "bonferroni"}); controls the family-wise error rate. */
    BONFERRONI {
        @Override
        double[] apply(double[] p) {
            double[] out = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = Math.min(1, p.length * p[i]);
            }
            return out;
        }
    },
    /**
     * Holm (1979) step-down ({@code "holm"}): for ascending {@code p(i)}, the running maximum of
     * {@code (m - i + 1) p(i)}, capped at 1; controls the family-wise error rate.
     */
    HOLM {
        @Override
        double[] apply(double[] p) {
            int m = p.length;
            Integer[] order = order(p, false);
            double[] out = new double[m];
            double running = 0;
            for (int i = 0; i < m; i++) {
                int idx = order[i];
                running = Math.max(running, Math.min(1, (m - i) * p[idx]));
                out[idx] = running;
            }
            return out;
        }
    },
    /**
     * Benjamini and Hochberg (1995) step-up ({@code "BH"}): for descending {@code p(i)}, the running
     * minimum of {@code m/i p(i)}, capped at 1; controls the false discovery rate.
     */
    BENJAMINI_HOCHBERG {
        @Override
        double[] apply(double[] p) {
            int m = p.length;
            Integer[] order = order(p, true);
            double[] out = new double[m];
            double running = Double.POSITIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                int idx = order[i];
                int rank = m - i;
                running = Math.min(running, (double) m / rank * p[idx]);
                out[idx] = Math.min(1, running);
            }
            return out;
        }
    };

    abstract double[] apply(double[] p);

    /**
     * Adjusts a family of p-values.
     *
     * @param pValues the raw p-values, each in [0, 1]
     * @return the adjusted p-values, in the same order
     * @throws IllegalArgumentException if a p-value is NaN or outside [0, 1]
     */
    public double[] adjust(double[] pValues) {
        Objects.requireNonNull(pValues, "pValues");
        for (int i = 0; i < pValues.length; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException("pValues[" + i + "] = " + pValues[i] + " is outside [0, 1]");
            }
        }
        return apply(pValues);
    }

    private static Integer[] order(double[] p, boolean descending) {
        Integer[] idx = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            idx[i] = i;
        }
        // stable sort, as R's order(): ties keep their input order
        Arrays.sort(idx, (a, b) -> descending ? Double.compare(p[b], p[a]) : Double.compare(p[a], p[b]));
        return idx;
    }
}
