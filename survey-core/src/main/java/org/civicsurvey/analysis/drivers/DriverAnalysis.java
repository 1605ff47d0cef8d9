package org.civicsurvey.analysis.drivers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Beta;
import org.civicsurvey.stats.SurveyData;

/**
 * Driver analysis: what moves an outcome (overall satisfaction) among correlated drivers (item or
 * element scores).
 *
 * <p>For each driver it reports the Pearson and Spearman correlation with the outcome with Fisher-z
 * intervals, the standardised coefficient in the regression of the outcome on all drivers (with
 * SE, t, p and the model's R²), the Shapley / LMG share of R² (exact over all 2^p subsets, p ≤
 * {@value RelativeImportance#MAX_SHAPLEY_DRIVERS}) and Johnson's relative weight. See
 * {@link Correlation}, {@link StandardizedCoefficient} and {@link RelativeImportance} for the
 * formulas; they match R's {@code cor.test} and {@code lm} (see {@code docs/drivers.md}).
 *
 * <p>Data come as primitive columns: {@code drivers[j][i]} is driver j's value for row i. NaN
 * marks a missing value; rows with a missing outcome or driver are left out (<em>listwise
 * deletion</em>) and counted in {@link DriverResult#excluded()}. Weights, when given, must be
 * finite and positive for every row (they are design information, not answers); the weighted
 * analysis uses the weighted correlation matrix (R's {@code cov.wt}), which gives the same
 * standardised coefficients and R² as {@code lm(weights = w)}; Spearman is the weighted Pearson
 * correlation of the unweighted mid-ranks; intervals and correlation p-values use Kish's effective
 * sample size in place of n.
 *
 * <p>Edge cases: a driver or outcome that is constant among the used rows, drivers that are
 * (nearly) collinear, an outcome that is an exact linear function of the drivers (R² = 1, no
 * residual variance), fewer used rows than {@code p + 2} (no residual degrees of freedom) or
 * fewer than 4 (no Fisher interval) are rejected with an {@link IllegalArgumentException} naming
 * the column and value.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DriverAnalysis {
    private final double confidenceLevel;

    private DriverAnalysis(double confidenceLevel) {
        this.confidenceLevel = confidenceLevel;
    }

    /**
     * An analysis with 95% confidence intervals.
     *
     * @return the analysis
     */
    public static DriverAnalysis withDefaults() {
        return new DriverAnalysis(0.95);
    }

    /**
     * A copy with another confidence level for the correlation intervals.
     *
     * @param level the level, strictly between 0 and 1
     * @return the copy
     */
    public DriverAnalysis withConfidenceLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), was " + level);
        }
        return new DriverAnalysis(level);
    }

    /**
     * Unweighted driver analysis.
     *
     * @param outcome the outcome column (NaN = missing)
     * @param drivers the driver columns, {@code drivers[j][i]} (NaN = missing)
     * @param names the driver names, one per column
     * @return the result
     */
    public DriverResult analyze(double[] outcome, double[][] drivers, List<String> names) {
        return run(outcome, drivers, names, null);
    }

    /**
     * Weighted driver analysis.
     *
     * @param outcome the outcome column (NaN = missing)
     * @param drivers the driver columns, {@code drivers[j][i]} (NaN = missing)
     * @param names the driver names, one per column
     * @param weights one finite positive weight per row
     * @return the result
     */
    public DriverResult analyze(double[] outcome, double[][] drivers, List<String> names, double[] weights) {
        Objects.requireNonNull(weights, "weights");
        return run(outcome, drivers, names, weights);
    }

    /**
     * Driver analysis of named columns, weighted by the data's design weights (excluded answers
     * missing; a scale variable's values are its scale points).
     *
     * @param data rows
     * @param outcome the outcome variable's name
     * @param drivers the drivers' variable names
     * @return the result, drivers named as given
     */
    public DriverResult analyze(SurveyData data, String outcome, List<String> drivers) {
        Objects.requireNonNull(data, "data");
        double[][] x = new double[drivers.size()][];
        for (int j = 0; j < x.length; j++) {
            x[j] = data.values(drivers.get(j));
        }
        return run(data.values(outcome), x, drivers, data.design().weights());
    }

    private DriverResult run(double[] outcome, double[][] drivers, List<String> names, double[] weights) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(drivers, "drivers");
        List<String> driverNames = List.copyOf(names);
        int p = drivers.length;
        int rows = outcome.length;
        if (p == 0) {
            throw new IllegalArgumentException("at least one driver column is needed, got 0");
        }
        if (driverNames.size() != p) {
            throw new IllegalArgumentException("got " + p + " driver columns but " + driverNames.size() + " names");
        }
        if (new HashSet<>(driverNames).size() != p) {
            throw new IllegalArgumentException("driver names must be distinct, got " + driverNames);
        }
        for (int j = 0; j < p; j++) {
            if (drivers[j].length != rows) {
                throw new IllegalArgumentException("driver '" + driverNames.get(j) + "' has " + drivers[j].length
                        + " values, the outcome has " + rows);
            }
        }
        if (weights != null) {
            if (weights.length != rows) {
                throw new IllegalArgumentException("weights have " + weights.length + " values, the outcome has " + rows);
            }
            for (int i = 0; i < rows; i++) {
                if (!(weights[i] > 0) || !Double.isFinite(weights[i])) {
                    throw new IllegalArgumentException("weights[" + i + "] = " + weights[i] + ": weights must be finite and > 0");
                }
            }
        }
        // listwise deletion: column 0 is the outcome, 1..p the drivers
        int[] keep = new int[rows];
        int n = 0;
        for (int i = 0; i < rows; i++) {
            boolean complete = !Double.isNaN(outcome[i]);
            for (int j = 0; j < p && complete; j++) {
                complete = !Double.isNaN(drivers[j][i]);
            }
            if (complete) {
                keep[n++] = i;
            }
        }
        int excluded = rows - n;
        double[][] x = new double[p + 1][n];
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            int i = keep[k];
            x[0][k] = outcome[i];
            for (int j = 0; j < p; j++) {
                x[j + 1][k] = drivers[j][i];
            }
            w[k] = weights == null ? 1.0 : weights[i];
        }
        for (int j = 0; j <= p; j++) {
            for (int k = 0; k < n; k++) {
                if (!Double.isFinite(x[j][k])) {
                    throw new IllegalArgumentException(label(j, driverNames) + " has value " + x[j][k] + " at row "
                            + keep[k] + "; values must be finite numbers or NaN for missing");
                }
            }
        }
        if (n < 4 || n < p + 2) {
            throw new IllegalArgumentException("driver analysis of " + p + " drivers needs at least " + Math.max(4, p + 2)
                    + " complete rows, got " + n + " (" + excluded + " left out for missing values)");
        }
        double sumW = 0;
        double sumW2 = 0;
        for (double v : w) {
            sumW += v;
            sumW2 += v * v;
        }
        double effective = weights == null ? n : sumW * sumW / sumW2;
        double[][] corr = correlation(x, w, driverNames, n, excluded);
        double[][] ranks = new double[p + 1][];
        for (int j = 0; j <= p; j++) {
            ranks[j] = midRanks(x[j]);
        }
        double[][] rankCorr = correlation(ranks, w, driverNames, n, excluded);

        double[][] rxx = new double[p][p];
        double[] rxy = new double[p];
        for (int a = 0; a < p; a++) {
            rxy[a] = corr[0][a + 1];
            for (int b = 0; b < p; b++) {
                rxx[a][b] = corr[a + 1][b + 1];
            }
        }
        double[][] chol = RelativeImportance.requireNotCollinear(rxx, driverNames);
        double[][] inv = inverseFromCholesky(chol);
        double[] beta = new double[p];
        double r2 = 0;
        for (int a = 0; a < p; a++) {
            double s = 0;
            for (int b = 0; b < p; b++) {
                s += inv[a][b] * rxy[b];
            }
            beta[a] = s;
            r2 += s * rxy[a];
        }
        r2 = Math.min(1, Math.max(0, r2));
        if (1 - r2 < 1e-12) {
            throw new IllegalArgumentException("the outcome is an exact linear function of the drivers " + driverNames
                    + " in the " + n + " complete rows (R² = 1): standard errors are undefined");
        }
        int df = n - p - 1;
        double[] lmg = RelativeImportance.lmg(rxx, rxy, driverNames);
        double[] rw = RelativeImportance.relativeWeights(rxx, rxy, driverNames);
        double z = new NormalDistribution().inverseCumulativeProbability(0.5 + confidenceLevel / 2);
        List<DriverStatistics> stats = new ArrayList<>(p);
        for (int j = 0; j < p; j++) {
            double se = Math.sqrt((1 - r2) / df * inv[j][j]);
            double t = beta[j] / se;
            StandardizedCoefficient coefficient = new StandardizedCoefficient(beta[j], se, t, twoSidedT(t, df));
            stats.add(new DriverStatistics(driverNames.get(j), fisher(corr[0][j + 1], effective, z),
                    fisher(rankCorr[0][j + 1], effective, z), coefficient, Math.max(0, lmg[j]), Math.max(0, rw[j])));
        }
        return new DriverResult(n, excluded, weights != null, effective, confidenceLevel, r2, stats);
    }

    private static String label(int column, List<String> names) {
        return column == 0 ? "the outcome" : "driver '" + names.get(column - 1) + "'";
    }

    /** Weighted (or unweighted, w = 1) correlation matrix of the columns, two-pass. */
    private static double[][] correlation(double[][] x, double[] w, List<String> names, int n, int excluded) {
        int m = x.length;
        double sumW = 0;
        for (double v : w) {
            sumW += v;
        }
        double[][] c = new double[m][n];
        for (int j = 0; j < m; j++) {
            double mean = 0;
            for (int k = 0; k < n; k++) {
                mean += w[k] * x[j][k];
            }
            mean /= sumW;
            for (int k = 0; k < n; k++) {
                c[j][k] = x[j][k] - mean;
            }
        }
        double[][] cov = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                double[] ca = c[a];
                double[] cb = c[b];
                for (int k = 0; k < n; k++) {
                    s += w[k] * ca[k] * cb[k];
                }
                cov[a][b] = s;
                cov[b][a] = s;
            }
        }
        for (int j = 0; j < m; j++) {
            if (!(cov[j][j] > 0)) {
                throw new IllegalArgumentException(label(j, names) + " is constant (every used row has the value "
                        + x[j][0] + ") in the " + n + " complete rows (" + excluded
                        + " left out for missing values); its correlation is undefined: drop it");
            }
        }
        double[][] r = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                r[a][b] = a == b ? 1.0 : Math.max(-1, Math.min(1, cov[a][b] / Math.sqrt(cov[a][a] * cov[b][b])));
            }
        }
        return r;
    }

    /** Mid-ranks (average ranks for ties), as R's {@code rank()}. */
    static double[] midRanks(double[] v) {
        int n = v.length;
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double[] result = new double[n];
        for (int i = 0; i < n; i++) {
            // rank = (number below) + (number equal + 1) / 2
            int lo = lowerBound(sorted, v[i]);
            int hi = upperBound(sorted, v[i]);
            result[i] = lo + (hi - lo + 1) / 2.0;
        }
        return result;
    }

    private static int lowerBound(double[] a, double key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static Correlation fisher(double r, double n, double z) {
        if (Math.abs(r) == 1) {
            return new Correlation(r, r, r, 0.0);
        }
        double center = atanh(r);
        double half = z / Math.sqrt(n - 3);
        double lower = Math.min(r, Math.tanh(center - half));
        double upper = Math.max(r, Math.tanh(center + half));
        double t = r * Math.sqrt((n - 2) / (1 - r * r));
        return new Correlation(r, lower, upper, twoSidedT(t, n - 2));
    }

    private static double atanh(double r) {
        return 0.5 * Math.log((1 + r) / (1 - r));
    }

    /** Two-sided p-value of t with df degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
    static double twoSidedT(double t, double df) {
        if (Double.isInfinite(t)) {
            return 0.0;
        }
        return Math.min(1.0, Beta.regularizedBeta(df / (df + t * t), df / 2, 0.5));
    }

    private static double[][] inverseFromCholesky(double[][] l) {
        int p = l.length;
        double[][] linv = new double[p][p];
        for (int j = 0; j < p; j++) {
            linv[j][j] = 1 / l[j][j];
            for (int i = j + 1; i < p; i++) {
                double s = 0;
                for (int k = j; k < i; k++) {
                    s -= l[i][k] * linv[k][j];
                }
                linv[i][j] = s / l[i][i];
            }
        }
        double[][] inv = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int k = a; k < p; k++) {
                    s += linv[k][a] * linv[k][b];
                }
                inv[a][b] = s;
                inv[b][a] = s;
            }
        }
        return inv;
    }
}
