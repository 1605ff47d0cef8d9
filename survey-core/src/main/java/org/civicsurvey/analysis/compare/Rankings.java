package org.civicsurvey.analysis.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RectangularCholeskyDecomposition;
import org.apache.commons.math3.random.Well19937c;

/**
 * Rankings of groups by an estimate with the interval of ranks each group may hold, so a report can
 * say which groups (e.g. provinces) are distinguishable from the top. Two methods
 * ({@link Ranking.Method}):
 *
 * <ul>
 *   <li>{@link #simulate(DomainMeans)} / {@link #simulate(List, double[], double[])}: draws
 *       {@code theta* ~ N(estimates, covariance)} (a Well19937c generator seeded with
 *       {@link #withSeed(long)}, so results are reproducible), ranks each draw, and reports for
 *       each group the {@code (1-level)/2} and {@code (1+level)/2} quantiles of its simulated ranks
 *       (the smallest rank whose cumulative share reaches the probability) and its share of draws
 *       at rank 1. Monte Carlo error: a share has standard error {@code sqrt(p(1-p)/draws)}.
 *   <li>{@link #fromPairwise}: from pairwise comparisons with adjusted p-values; group {@code j}
 *       is significantly better than {@code i} when the adjusted p-value is below {@code 1 - level}
 *       and {@code j}'s estimate is better. Deterministic.
 * </ul>
 *
 * <p>Rank 1 is the largest estimate unless {@link #withLowerIsBetter()}. Ties in the estimates get
 * the same (smallest) rank.
 */
public final class Rankings {
    private static final Rankings DEFAULTS = new Rankings(0.95, 10_000, 20_260_101L, true);

    private final double level;
    private final int draws;
    private final long seed;
    private final boolean higherIsBetter;

    private Rankings(double level, int draws, long seed, boolean higherIsBetter) {
        this.level = level;
        this.draws = draws;
        this.seed = seed;
        this.higherIsBetter = higherIsBetter;
    }

    /**
     * Level 0.95, 10,000 draws, seed 20260101, higher is better.
     *
     * @return the rankings
     */
    public static Rankings withDefaults() {
        return DEFAULTS;
    }

    /**
     * Sets the confidence level.
     *
     * @param confidenceLevel in (0, 1)
     * @return new rankings
     */
    public Rankings withConfidenceLevel(double confidenceLevel) {
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidence level " + confidenceLevel + " is outside (0, 1)");
        }
        return new Rankings(confidenceLevel, draws, seed, higherIsBetter);
    }

    /**
     * Sets the number of simulation draws.
     *
     * @param count at least 100
     * @return new rankings
     */
    public Rankings withDraws(int count) {
        if (count < 100) {
            throw new IllegalArgumentException("draws " + count + " must be >= 100");
        }
        return new Rankings(level, count, seed, higherIsBetter);
    }

    /**
     * Sets the simulation seed.
     *
     * @param newSeed any value
     * @return new rankings
     */
    public Rankings withSeed(long newSeed) {
        return new Rankings(level, draws, newSeed, higherIsBetter);
    }

    /**
     * Ranks the smallest estimate first (e.g. waiting times).
     *
     * @return new rankings
     */
    public Rankings withLowerIsBetter() {
        return new Rankings(level, draws, seed, false);
    }

    /**
     * Simulated rank intervals from domain means and their full design covariance.
     *
     * @param means the domain means
     * @return the ranking
     */
    public Ranking simulate(DomainMeans means) {
        Objects.requireNonNull(means, "means");
        int k = means.size();
        double[] est = new double[k];
        double[][] cov = new double[k][k];
        for (int a = 0; a < k; a++) {
            est[a] = means.mean(a);
            for (int b = 0; b < k; b++) {
                cov[a][b] = means.covariance(a, b);
            }
        }
        return simulate(means.names(), est, cov);
    }

    /**
     * Simulated rank intervals from independent estimates.
     *
     * @param names group names, distinct
     * @param estimates one per group, finite
     * @param standardErrors one per group, finite and {@code >= 0}
     * @return the ranking
     */
    public Ranking simulate(List<String> names, double[] estimates, double[] standardErrors) {
        Objects.requireNonNull(standardErrors, "standardErrors");
        check(names, estimates);
        if (standardErrors.length != names.size()) {
            throw new IllegalArgumentException(standardErrors.length + " standard errors for " + names.size() + " groups");
        }
        double[][] cov = new double[names.size()][names.size()];
        for (int i = 0; i < standardErrors.length; i++) {
            double se = standardErrors[i];
            if (!(se >= 0) || Double.isInfinite(se)) {
                throw new IllegalArgumentException("standardErrors[" + i + "] = " + se + " is not a finite value >= 0");
            }
            cov[i][i] = se * se;
        }
        return simulate(names, estimates, cov);
    }

    private Ranking simulate(List<String> names, double[] est, double[][] cov) {
        check(names, est);
        int k = est.length;
        double[][] root = root(cov);
        int cols = root[0].length;
        Well19937c rng = new Well19937c(seed);
        int[][] hist = new int[k][k + 1];
        double[] normal = new double[cols];
        double[] draw = new double[k];
        double sign = higherIsBetter ? 1 : -1;
        for (int d = 0; d < draws; d++) {
            for (int c = 0; c < cols; c++) {
                normal[c] = rng.nextGaussian();
            }
            for (int a = 0; a < k; a++) {
                double s = est[a];
                double[] row = root[a];
                for (int c = 0; c < cols; c++) {
                    s += row[c] * normal[c];
                }
                draw[a] = sign * s;
            }
            for (int a = 0; a < k; a++) {
                int rank = 1;
                for (int b = 0; b < k; b++) {
                    if (draw[b] > draw[a]) {
                        rank++;
                    }
                }
                hist[a][rank]++;
            }
        }
        double lowP = (1 - level) / 2;
        double highP = 1 - lowP;
        int[] pointRanks = ranks(est);
        List<RankInterval> out = new ArrayList<>(k);
        for (int a = 0; a < k; a++) {
            int lower = quantile(hist[a], lowP);
            int upper = quantile(hist[a], highP);
            out.add(new RankInterval(names.get(a), est[a], pointRanks[a], lower, upper,
                    OptionalDouble.of((double) hist[a][1] / draws)));
        }
        return new Ranking(Ranking.Method.SIMULATION, level, sorted(out));
    }

    /**
     * Rank intervals from pairwise comparisons: group {@code i}'s interval is
     * {@code [1 + #better, k - #worse]}, counting groups that differ from {@code i} with adjusted
     * p-value {@code < 1 - level}. Use {@link PValueAdjustment#BONFERRONI} for intervals that hold
     * jointly (Klein, Wright and Wieczorek 2020), Holm for the same with more power.
     *
     * @param names group names, distinct
     * @param estimates one per group
     * @param comparisons one comparison for every pair of the named groups (e.g. from
     *     {@link DesignComparisons#pairwise} or {@link ClassicalTests#pairwiseT})
     * @return the ranking
     */
    public Ranking fromPairwise(List<String> names, double[] estimates, List<PairwiseComparison> comparisons) {
        check(names, estimates);
        Objects.requireNonNull(comparisons, "comparisons");
        int k = names.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < k; i++) {
            index.put(names.get(i), i);
        }
        boolean[][] seen = new boolean[k][k];
        int[] better = new int[k];
        int[] worse = new int[k];
        double alpha = 1 - level;
        for (PairwiseComparison c : comparisons) {
            Integer a = index.get(c.first());
            Integer b = index.get(c.second());
            if (a == null || b == null || a.equals(b)) {
                throw new IllegalArgumentException("comparison of '" + c.first() + "' and '" + c.second()
                        + "' does not name two of the groups " + names);
            }
            if (seen[a][b]) {
                throw new IllegalArgumentException("pair '" + c.first() + "', '" + c.second() + "' appears twice");
            }
            seen[a][b] = true;
            seen[b][a] = true;
            if (c.adjustedP() < alpha) {
                boolean aBetter = higherIsBetter ? estimates[a] > estimates[b] : estimates[a] < estimates[b];
                boolean bBetter = higherIsBetter ? estimates[b] > estimates[a] : estimates[b] < estimates[a];
                if (aBetter) {
                    better[b]++;
                    worse[a]++;
                } else if (bBetter) {
                    better[a]++;
                    worse[b]++;
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                if (!seen[a][b]) {
                    throw new IllegalArgumentException("no comparison of '" + names.get(a) + "' and '" + names.get(b) + "'");
                }
            }
        }
        int[] pointRanks = ranks(estimates);
        List<RankInterval> out = new ArrayList<>(k);
        for (int a = 0; a < k; a++) {
            out.add(new RankInterval(names.get(a), estimates[a], pointRanks[a], 1 + better[a], k - worse[a],
                    OptionalDouble.empty()));
        }
        return new Ranking(Ranking.Method.PAIRWISE, level, sorted(out));
    }

    private static List<RankInterval> sorted(List<RankInterval> in) {
        List<RankInterval> out = new ArrayList<>(in);
        out.sort(Comparator.comparingInt(RankInterval::rank)); // stable: ties keep input order
        return out;
    }

    private int[] ranks(double[] est) {
        int k = est.length;
        int[] r = new int[k];
        for (int a = 0; a < k; a++) {
            r[a] = 1;
            for (int b = 0; b < k; b++) {
                if (higherIsBetter ? est[b] > est[a] : est[b] < est[a]) {
                    r[a]++;
                }
            }
        }
        return r;
    }

    private static int quantile(int[] hist, double p) {
        long total = 0;
        for (int h : hist) {
            total += h;
        }
        long cumulative = 0;
        for (int r = 1; r < hist.length; r++) {
            cumulative += hist[r];
            if (cumulative >= p * total - 1e-9) {
                return r;
            }
        }
        return hist.length - 1;
    }

    /** A k x r matrix L with L L' = cov (positive semi-definite allowed). */
    private static double[][] root(double[][] cov) {
        int k = cov.length;
        boolean diagonal = true;
        for (int a = 0; a < k && diagonal; a++) {
            for (int b = 0; b < k; b++) {
                if (a != b && cov[a][b] != 0) {
                    diagonal = false;
                    break;
                }
            }
        }
        for (int a = 0; a < k; a++) {
            if (!(cov[a][a] >= 0) || Double.isInfinite(cov[a][a])) {
                throw new IllegalArgumentException("variance of group " + a + " is " + cov[a][a]);
            }
        }
        if (diagonal) {
            double[][] l = new double[k][k];
            for (int a = 0; a < k; a++) {
                l[a][a] = Math.sqrt(cov[a][a]);
            }
            return l;
        }
        RectangularCholeskyDecomposition chol = new RectangularCholeskyDecomposition(new Array2DRowRealMatrix(cov, true), 1e-12);
        return chol.getRootMatrix().getData();
    }

    private static void check(List<String> names, double[] estimates) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(estimates, "estimates");
        if (names.size() < 2) {
            throw new IllegalArgumentException("ranking needs at least 2 groups; got " + names.size());
        }
        if (estimates.length != names.size()) {
            throw new IllegalArgumentException(estimates.length + " estimates for " + names.size() + " groups");
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("group names are not distinct: " + names);
        }
        for (int i = 0; i < estimates.length; i++) {
            if (Double.isNaN(estimates[i]) || Double.isInfinite(estimates[i])) {
                throw new IllegalArgumentException("estimates[" + i + "] (" + names.get(i) + ") = " + estimates[i]
                        + " is not finite");
            }
        }
    }
}
