package org.civicsurvey.analysis.compare;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import org.civicsurvey.stats.Interval;

/**
 * The result of a test of a difference between groups.
 *
 * @param method the test
 * @param statistic the test statistic (t, F, W, H, X² as {@link Method} says)
 * @param degreesOfFreedom its degrees of freedom: none for Mann-Whitney, one for t, chi-square and
 *     Kruskal-Wallis, two (numerator, denominator) for F statistics
 * @param pValue two-sided p-value
 * @param estimate the estimated difference (first group minus second) where the test has one
 * @param standardError the estimate's standard error where the test has one
 * @param interval the confidence interval of the estimate where the test has one
 * @param effectSize the effect size where one is defined
 * @param n observations used
 * @param excluded observations left out because they were missing ({@code NaN})
 */
public record TestResult(
        Method method,
        double statistic,
        List<Double> degreesOfFreedom,
        double pValue,
        OptionalDouble estimate,
        OptionalDouble standardError,
        Optional<Interval> interval,
        Optional<EffectSize> effectSize,
        long n,
        long excluded) {

    /** The tests, each named by the R call it equals. */
    public enum Method {
        /** Welch's two-sample t test, {@code t.test(x, y)}. */
        WELCH_T,
        /** Student's two-sample t test, {@code t.test(x, y, var.equal = TRUE)}. */
        STUDENT_T,
        /** One-way ANOVA F test, {@code aov(y ~ g)}. */
        ANOVA_F,
        /** Welch's one-way F test, {@code oneway.test(y ~ g)}. */
        WELCH_ANOVA_F,
        /** Mann-Whitney U with exact p, {@code wilcox.test(x, y, exact = TRUE)}; statistic W = U of x. */
        MANN_WHITNEY_EXACT,
        /** Mann-Whitney U, normal approximation with tie correction, {@code wilcox.test(x, y, exact = FALSE)}. */
        MANN_WHITNEY_NORMAL,
        /** As {@link #MANN_WHITNEY_NORMAL} with continuity correction, {@code correct = TRUE}. */
        MANN_WHITNEY_NORMAL_CORRECTED,
        /** Kruskal-Wallis rank sum test, {@code kruskal.test(y ~ g)}. */
        KRUSKAL_WALLIS,
        /** Pearson's chi-square test of independence, {@code chisq.test(t, correct = FALSE)}. */
        PEARSON_CHI_SQUARE,
        /** Pearson's chi-square with Yates' continuity correction (2 x 2), {@code chisq.test(t)}. */
        PEARSON_CHI_SQUARE_YATES,
        /** Design-based t test of a difference of domain means, {@code survey::svyttest}. */
        DESIGN_T,
        /** Design-based difference of two domain means or proportions, {@code svycontrast(svyby(...))}, Wald t. */
        DESIGN_DIFFERENCE,
        /** Rao-Scott second-order corrected F, {@code svychisq(..., statistic = "F")}. */
        RAO_SCOTT_F,
        /** Rao-Scott first-order corrected chi-square, {@code svychisq(..., statistic = "Chisq")}. */
        RAO_SCOTT_CHISQ
    }

    /**
     * Validates and copies.
     *
     * @param method method
     * @param statistic statistic
     * @param degreesOfFreedom degrees of freedom
     * @param pValue p-value
     * @param estimate estimate
     * @param standardError standard error
     * @param interval interval
     * @param effectSize effect size
     * @param n observations used
     * @param excluded observations excluded
     */
    public TestResult {
        Objects.requireNonNull(method, "method");
        degreesOfFreedom = List.copyOf(degreesOfFreedom);
        Objects.requireNonNull(estimate, "estimate");
        Objects.requireNonNull(standardError, "standardError");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(effectSize, "effectSize");
        if (Double.isNaN(statistic)) {
            throw new IllegalArgumentException(method + ": statistic is NaN");
        }
        if (!(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException(method + ": p-value " + pValue + " is outside [0, 1]");
        }
        if (n < 0 || excluded < 0) {
            throw new IllegalArgumentException("n " + n + " and excluded " + excluded + " must be >= 0");
        }
    }

    /**
     * The single degrees of freedom of a t, chi-square or Kruskal-Wallis statistic.
     *
     * @return the degrees of freedom
     * @throws IllegalStateException if the statistic has none or two
     */
    public double df() {
        if (degreesOfFreedom.size() != 1) {
            throw new IllegalStateException(method + " has " + degreesOfFreedom.size() + " degrees of freedom");
        }
        return degreesOfFreedom.get(0);
    }
}
