package org.civicsurvey.analysis.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.EstimateSet;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Interval;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.Variable;

/**
 * Design-based comparisons of groups for weighted survey data, equal to R's {@code survey}
 * package (4.1.1): {@code svyttest}, {@code svycontrast} of {@code svyby} domain means, and
 * {@code svychisq} with the Rao-Scott corrections. Variances come from
 * {@link Design#totalCovariance(double[][])}, so stratified, clustered and calibrated designs all
 * work. Immutable; configure with {@code withDefaults().withConfidenceLevel(0.90)}.
 *
 * <p><b>Input.</b> Per-unit primitive columns of the design's length: values ({@code NaN} =
 * missing) and group codes {@code 0..k-1} ({@code -1} = no group / missing). Units left out stay
 * in the design with influence 0, as R's domain estimation (subsetting a design) does.
 *
 * <p><b>Degrees of freedom.</b> Tests use the design's {@link Design#degreesOfFreedom()}
 * ({@code degf}); {@code svyttest} uses {@code degf - 1} because R fits it as a two-coefficient
 * regression. When whole PSUs have only missing values R's {@code svyttest} recomputes
 * {@code degf} on the answering units; this class keeps the design's.
 *
 * <p><b>Edge cases.</b> A domain with no unit of positive weight and a value, a contingency table
 * with an empty row or column category, or fewer than 1 degree of freedom:
 * {@link IllegalArgumentException}. A domain with one PSU gets the variance the design's
 * lonely-PSU rule gives.
 */
public final class DesignComparisons {
    private static final DesignComparisons DEFAULTS = new DesignComparisons(0.95);
    private static final String VALUE = "value";

    private final double confidenceLevel;

    private DesignComparisons(double confidenceLevel) {
        this.confidenceLevel = confidenceLevel;
    }

    /**
     * 95% intervals.
     *
     * @return the comparisons
     */
    public static DesignComparisons withDefaults() {
        return DEFAULTS;
    }

    /**
     * Sets the confidence level.
     *
     * @param level in (0, 1)
     * @return new comparisons
     */
    public DesignComparisons withConfidenceLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level " + level + " is outside (0, 1)");
        }
        return new DesignComparisons(level);
    }

    /**
     * Domain means with their joint covariance ({@code svyby(..., svymean, covmat = TRUE)}).
     *
     * @param design the design
     * @param y values, NaN = missing
     * @param group codes {@code 0..names.size()-1}, or -1 for no group
     * @param names domain names, one per code
     * @return the domain means
     */
    public DomainMeans domainMeans(Design design, double[] y, int[] group, List<String> names) {
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(names, "names");
        int n = design.size();
        int k = names.size();
        if (y.length != n || group.length != n) {
            throw new IllegalArgumentException("y has " + y.length + " and group " + group.length
                    + " values; the design has " + n + " units");
        }
        if (k < 1) {
            throw new IllegalArgumentException("need at least 1 domain name");
        }
        for (int i = 0; i < n; i++) {
            int g = group[i];
            if (g < -1 || g >= k) {
                throw new IllegalArgumentException("group[" + i + "] = " + g + " is outside -1.." + (k - 1));
            }
            if (Double.isInfinite(y[i])) {
                throw new IllegalArgumentException("y[" + i + "] = " + y[i] + " is not finite (NaN marks missing)");
            }
        }
        // the engine's joint domain estimates (svyby with covmat = TRUE): full design, one totalCovariance call
        SurveyData data = SurveyData.of(design, group).withNumeric(Variable.numeric(VALUE), y);
        List<Statistic> statistics = new ArrayList<>(k);
        for (int g = 0; g < k; g++) {
            statistics.add(Statistic.mean(VALUE).in(g));
        }
        EstimateSet set = Estimator.withDefaults().estimate(data, statistics);
        double[] means = new double[k];
        double[][] covariance = new double[k][k];
        long[] counts = new long[k];
        long[] missing = new long[k];
        for (int g = 0; g < k; g++) {
            Estimate e = set.get(g);
            if (!e.isDefined()) {
                throw new IllegalArgumentException("domain '" + names.get(g) + "' has no unit with positive weight and a value");
            }
            means[g] = e.value();
            counts[g] = e.validN();
            missing[g] = e.excluded().total();
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                covariance[a][b] = set.covariance(a, b);
            }
        }
        return new DomainMeans(names, means, covariance, counts, missing, design.degreesOfFreedom());
    }

    /**
     * Domain means of a variable over the domains of the data, named by their domain codes in
     * ascending order; the same as {@link #domainMeans(Design, double[], int[], List)} with the
     * data's design and values ({@link SurveyData#values(String)}: excluded answers missing).
     *
     * @param data rows with domains
     * @param variable the variable's name (a scale variable's values are its scale points)
     * @return the domain means, domain {@code i} being the i-th smallest code
     */
    public DomainMeans domainMeans(SurveyData data, String variable) {
        Objects.requireNonNull(data, "data");
        int[] codes = data.domains();
        int[] distinct = java.util.Arrays.stream(codes).distinct().sorted().toArray();
        List<String> names = new ArrayList<>();
        for (int d : distinct) {
            names.add(Integer.toString(d));
        }
        return domainMeans(data.design(), data.values(variable), positions(codes, distinct), names);
    }

    /**
     * The design-based t test of a variable between the two domains of the data,
     * {@code svyttest(y ~ g, design)}: the mean of the larger domain code minus that of the smaller.
     *
     * @param data rows with exactly two domain codes
     * @param variable the variable's name
     * @return the test
     * @throws IllegalArgumentException naming the codes when the data do not have two domains
     */
    public TestResult tTest(SurveyData data, String variable) {
        Objects.requireNonNull(data, "data");
        int[] codes = data.domains();
        int[] distinct = java.util.Arrays.stream(codes).distinct().sorted().toArray();
        if (distinct.length != 2) {
            throw new IllegalArgumentException("a t test needs rows in exactly two domains; the data have domain codes "
                + java.util.Arrays.toString(distinct));
        }
        return tTest(data.design(), data.values(variable), positions(codes, distinct));
    }

    /**
     * The Rao-Scott test of independence of two categorical variables of the data,
     * {@code svychisq(~r + c, design)}; excluded answers are missing.
     *
     * @param data rows
     * @param rowVariable a categorical variable
     * @param columnVariable another categorical variable
     * @return F, (d0, d0 degf), p
     */
    public TestResult chiSquare(SurveyData data, String rowVariable, String columnVariable) {
        Objects.requireNonNull(data, "data");
        return chiSquare(data.design(), categoryCodes(data, rowVariable), categoryCodes(data, columnVariable));
    }

    private static int[] positions(int[] codes, int[] distinct) {
        int[] out = new int[codes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = java.util.Arrays.binarySearch(distinct, codes[i]);
        }
        return out;
    }

    private static int[] categoryCodes(SurveyData data, String variable) {
        Variable v = data.variable(variable);
        if (!v.isCategorical()) {
            throw new IllegalArgumentException("variable " + variable + " is numeric; a chi-square test needs categories");
        }
        double[] values = data.values(variable);
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.isNaN(values[i]) ? -1 : v.codeOf(values[i]);
        }
        return out;
    }

    /**
     * The design-based t test of a difference of two domain means, {@code svyttest(y ~ g, design)}:
     * estimate {@code mean(g = 1) - mean(g = 0)}, t on {@code degf - 1} degrees of freedom.
     *
     * @param design the design
     * @param y values, NaN = missing
     * @param group 0 or 1 per unit, -1 for neither
     * @return the test (estimate, standard error, interval)
     */
    public TestResult tTest(Design design, double[] y, int[] group) {
        DomainMeans m = domainMeans(design, y, group, List.of("0", "1"));
        return difference(m, 1, 0, m.degreesOfFreedom() - 1, TestResult.Method.DESIGN_T);
    }

    /**
     * The difference of two domain means (or proportions) with its design standard error,
     * {@code svycontrast(svyby(...), c(1, -1))}, and a Wald t test on the design's degrees of
     * freedom ({@code 2 pt(-|est/se|, degf)}, interval {@code est -/+ qt(level, degf) se}).
     * Two periods are two domains of a design that contains both.
     *
     * @param means the domain means
     * @param first the first domain's code
     * @param second the second domain's code
     * @return the test of {@code mean(first) - mean(second)}
     */
    public TestResult difference(DomainMeans means, int first, int second) {
        Objects.requireNonNull(means, "means");
        return difference(means, first, second, means.degreesOfFreedom(), TestResult.Method.DESIGN_DIFFERENCE);
    }

    /**
     * All pairwise differences of domain means with adjusted p-values; each as
     * {@link #difference(DomainMeans, int, int)}.
     *
     * @param means the domain means
     * @param adjustment p-value adjustment over the {@code k(k-1)/2} pairs
     * @return pairs {@code (i, j)}, {@code i < j}, row-major
     */
    public List<PairwiseComparison> pairwise(DomainMeans means, PValueAdjustment adjustment) {
        Objects.requireNonNull(means, "means");
        Objects.requireNonNull(adjustment, "adjustment");
        List<TestResult> tests = new ArrayList<>();
        for (int i = 0; i < means.size(); i++) {
            for (int j = i + 1; j < means.size(); j++) {
                tests.add(difference(means, i, j));
            }
        }
        return PairwiseComparison.family(means.names(), tests, adjustment);
    }

    private TestResult difference(DomainMeans m, int a, int b, double df, TestResult.Method method) {
        if (a == b) {
            throw new IllegalArgumentException("cannot compare domain " + a + " with itself");
        }
        if (df < 1) {
            throw new IllegalArgumentException(method + " needs at least 1 degree of freedom; the design has "
                    + m.degreesOfFreedom());
        }
        double est = m.mean(a) - m.mean(b);
        double var = m.covariance(a, a) + m.covariance(b, b) - 2 * m.covariance(a, b);
        double se = Math.sqrt(Math.max(0, var));
        if (!(se > 0)) {
            throw new IllegalArgumentException("the difference of '" + m.names().get(a) + "' and '" + m.names().get(b)
                    + "' has standard error " + se + "; no test is defined");
        }
        double t = est / se;
        double q = Distributions.tQuantile(1 - (1 - confidenceLevel) / 2, df);
        return new TestResult(method, t, List.of(df), Distributions.tTwoSided(t, df), OptionalDouble.of(est),
                OptionalDouble.of(se), Optional.of(new Interval(est - q * se, est + q * se, confidenceLevel)),
                Optional.empty(), m.count(a) + m.count(b), m.missing(a) + m.missing(b));
    }

    /**
     * The Rao-Scott test of independence with the second-order correction,
     * {@code svychisq(~r + c, design)} (R's default {@code statistic = "F"}): with {@code X²} the
     * Pearson statistic of the estimated table and {@code Delta} the generalised design-effect
     * matrix, {@code F = X² / tr(Delta)} on {@code d0 = tr(Delta)² / tr(Delta²)} and
     * {@code d0 degf} degrees of freedom (Rao and Scott 1984, Ann. Statist. 12, 46-60). Effect
     * size: Cramér's V of the estimated population table.
     *
     * @param design the design
     * @param rows row category codes {@code 0..r-1}, -1 for missing
     * @param cols column category codes {@code 0..c-1}, -1 for missing
     * @return F, (d0, d0 degf), p
     */
    public TestResult chiSquare(Design design, int[] rows, int[] cols) {
        return raoScott(design, rows, cols, true);
    }

    /**
     * The Rao-Scott test with the first-order correction, {@code svychisq(..., statistic = "Chisq")}:
     * the corrected statistic {@code X² / mean(diag(Delta))} on {@code (r-1)(c-1)} degrees of
     * freedom. (R prints the uncorrected {@code X²} of the table scaled to the sample size and
     * computes its p-value from this corrected statistic.)
     *
     * @param design the design
     * @param rows row category codes, -1 for missing
     * @param cols column category codes, -1 for missing
     * @return corrected X², df, p
     */
    public TestResult chiSquareFirstOrder(Design design, int[] rows, int[] cols) {
        return raoScott(design, rows, cols, false);
    }

    private static TestResult raoScott(Design design, int[] rows, int[] cols, boolean secondOrder) {
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(cols, "cols");
        int n = design.size();
        if (rows.length != n || cols.length != n) {
            throw new IllegalArgumentException("rows has " + rows.length + " and cols " + cols.length
                    + " codes; the design has " + n + " units");
        }
        int r = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (rows[i] < -1 || cols[i] < -1) {
                throw new IllegalArgumentException("unit " + i + ": codes (" + rows[i] + ", " + cols[i]
                        + ") must be >= 0, or -1 for missing");
            }
            r = Math.max(r, rows[i] + 1);
            c = Math.max(c, cols[i] + 1);
        }
        if (r < 2 || c < 2) {
            throw new IllegalArgumentException("the table needs at least 2 row and 2 column categories; got " + r + " x " + c);
        }
        int cells = r * c;
        double[] p = new double[cells];
        double total = 0;
        long used = 0;
        for (int i = 0; i < n; i++) {
            if (rows[i] >= 0 && cols[i] >= 0) {
                double w = design.weight(i);
                p[rows[i] + r * cols[i]] += w;
                total += w;
                used++;
            }
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("no unit with both codes and positive weight");
        }
        for (int k = 0; k < cells; k++) {
            p[k] /= total;
        }
        double[] pr = new double[r];
        double[] pc = new double[c];
        for (int a = 0; a < r; a++) {
            for (int b = 0; b < c; b++) {
                pr[a] += p[a + r * b];
                pc[b] += p[a + r * b];
            }
        }
        for (int a = 0; a < r; a++) {
            if (!(pr[a] > 0)) {
                throw new IllegalArgumentException("row category " + a + " has no unit with positive weight");
            }
        }
        for (int b = 0; b < c; b++) {
            if (!(pc[b] > 0)) {
                throw new IllegalArgumentException("column category " + b + " has no unit with positive weight");
            }
        }
        // influence values of the cell proportions (svymean of the cell indicators)
        double[][] z = new double[cells][n];
        for (int i = 0; i < n; i++) {
            if (rows[i] >= 0 && cols[i] >= 0) {
                double w = design.weight(i) / total;
                int cell = rows[i] + r * cols[i];
                for (int k = 0; k < cells; k++) {
                    z[k][i] = w * ((k == cell ? 1 : 0) - p[k]);
                }
            }
        }
        double[][] v = design.totalCovariance(z);
        // Pearson X² of the table scaled to the units used (the corrected statistics do not depend on the scale)
        double nn = used;
        double x2 = 0;
        for (int a = 0; a < r; a++) {
            for (int b = 0; b < c; b++) {
                double e = pr[a] * pc[b];
                double d = p[a + r * b] - e;
                x2 += nn * d * d / e;
            }
        }
        double[][] cm = contrasts(r, c);
        int q = (r - 1) * (c - 1);
        double[] inv = new double[cells];
        for (int k = 0; k < cells; k++) {
            inv[k] = p[k] == 0 ? 0 : 1 / p[k];
        }
        double[][] denom = new double[q][q];
        double[][] numr = new double[q][q];
        for (int s = 0; s < q; s++) {
            for (int t = 0; t < q; t++) {
                double d = 0;
                double u = 0;
                for (int k = 0; k < cells; k++) {
                    d += cm[k][s] * inv[k] * cm[k][t];
                    double row = 0;
                    for (int l = 0; l < cells; l++) {
                        row += v[k][l] * inv[l] * cm[l][t];
                    }
                    u += cm[k][s] * inv[k] * row;
                }
                denom[s][t] = d / nn;
                numr[s][t] = u;
            }
        }
        RealMatrix delta = new LUDecomposition(new Array2DRowRealMatrix(denom, false)).getSolver()
                .solve(new Array2DRowRealMatrix(numr, false));
        double tr = delta.getTrace();
        double tr2 = delta.multiply(delta).getTrace();
        int df = design.degreesOfFreedom();
        if (df < 1) {
            throw new IllegalArgumentException("Rao-Scott test needs at least 1 design degree of freedom; got " + df);
        }
        if (!(tr > 0)) {
            throw new IllegalArgumentException("the design effect matrix has trace " + tr + "; no test is defined");
        }
        Optional<EffectSize> v2 = Optional.of(new EffectSize(EffectSize.Kind.CRAMERS_V,
                Math.sqrt(x2 / (nn * (Math.min(r, c) - 1)))));
        if (secondOrder) {
            double d0 = tr * tr / tr2;
            double f = x2 / tr;
            return new TestResult(TestResult.Method.RAO_SCOTT_F, f, List.of(d0, d0 * df),
                    Distributions.fUpper(f, d0, d0 * df), OptionalDouble.empty(), OptionalDouble.empty(),
                    Optional.empty(), v2, used, n - used);
        }
        double stat = x2 / (tr / q);
        return new TestResult(TestResult.Method.RAO_SCOTT_CHISQ, stat, List.of((double) q),
                Distributions.chiSquareUpper(stat, q), OptionalDouble.empty(), OptionalDouble.empty(),
                Optional.empty(), v2, used, n - used);
    }

    /**
     * The interaction contrasts of an r x c table, residualised on the main effects
     * ({@code qr.resid(qr(X1), X12[, interaction columns])} in svychisq); cells row-fastest.
     */
    private static double[][] contrasts(int r, int c) {
        int cells = r * c;
        int p1 = r + c - 1;
        double[][] x1 = new double[cells][p1];
        int q = (r - 1) * (c - 1);
        double[][] xi = new double[cells][q];
        for (int b = 0; b < c; b++) {
            for (int a = 0; a < r; a++) {
                int k = a + r * b;
                x1[k][0] = 1;
                if (a > 0) {
                    x1[k][a] = 1;
                }
                if (b > 0) {
                    x1[k][r - 1 + b] = 1;
                }
                if (a > 0 && b > 0) {
                    xi[k][(a - 1) + (r - 1) * (b - 1)] = 1;
                }
            }
        }
        RealMatrix x = new Array2DRowRealMatrix(x1, false);
        RealMatrix y = new Array2DRowRealMatrix(xi, false);
        RealMatrix beta = new LUDecomposition(x.transpose().multiply(x)).getSolver().solve(x.transpose().multiply(y));
        return y.subtract(x.multiply(beta)).getData();
    }
}
