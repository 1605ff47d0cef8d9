package org.civicsurvey.analysis.compare;

import java.util.Objects;

/**
 * An effect size, named by its kind.
 *
 * @param kind which effect size
 * @param value its value
 */
public record EffectSize(Kind kind, double value) {

    /** Effect sizes and their definitions. */
    public enum Kind {
        /** Cohen's d: {@code (mean1 - mean2) / s_pooled}, {@code s_pooled^2 = ((n1-1)s1^2 + (n2-1)s2^2)/(n1+n2-2)}. */
        COHENS_D,
        /** Eta squared: between-group sum of squares over the total sum of squares. */
        ETA_SQUARED,
        /**
         * Eta squared from the Kruskal-Wallis H: {@code (H - k + 1)/(n - k)} for {@code k} groups and
         * {@code n} observations (Tomczak and Tomczak 2014, Trends Sport Sci. 21, 19-25).
         */
        ETA_SQUARED_H,
        /**
         * Rank-biserial correlation: {@code 2 U/(n1 n2) - 1} with {@code U} the Mann-Whitney statistic of
         * the first sample (R's {@code W}); positive when the first sample tends to be larger (Kerby 2014,
         * Compr. Psychol. 3, 11).
         */
        RANK_BISERIAL,
        /** Cramér's V: {@code sqrt(X^2 / (n (min(r, c) - 1)))} with the uncorrected Pearson X². */
        CRAMERS_V
    }

    /**
     * Validates the value.
     *
     * @param kind which effect size
     * @param value its value
     */
    public EffectSize {
        Objects.requireNonNull(kind, "kind");
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(kind + " is NaN");
        }
    }
}
