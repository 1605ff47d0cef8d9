package org.civicsurvey.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Several estimates with their joint covariance, so that linear combinations (averages of items,
 * differences between domains or periods) get standard errors as R's {@code svycontrast}.
 *
 * <p>A covariance may be unknown: statistics of an unclustered layout without cross-products
 * cannot relate two different variables. {@link #covariance(int, int)} and
 * {@link #linear(double[])} then throw {@link IllegalStateException}.
 */
public final class EstimateSet {
    private final List<Statistic> statistics;
    private final List<Estimate> estimates;
    private final double[][] covariance;
    private final boolean[][] known;
    private final Estimator estimator;
    private final int degreesOfFreedom;

    EstimateSet(List<Statistic> statistics, List<Estimate> estimates, double[][] covariance, boolean[][] known,
                Estimator estimator, int degreesOfFreedom) {
        this.statistics = List.copyOf(statistics);
        this.estimates = List.copyOf(estimates);
        this.covariance = covariance;
        this.known = known;
        this.estimator = estimator;
        this.degreesOfFreedom = degreesOfFreedom;
    }

    /** @return the number of estimates */
    public int size() {
        return estimates.size();
    }

    /**
     * @param i index
     * @return the i-th estimate
     */
    public Estimate get(int i) {
        return estimates.get(i);
    }

    /** @return all estimates, in request order */
    public List<Estimate> estimates() {
        return estimates;
    }

    /** @return the statistics, in request order */
    public List<Statistic> statistics() {
        return statistics;
    }

    /**
     * @param i first index
     * @param j second index
     * @return the covariance of estimates i and j
     * @throws IllegalStateException if it is not known (see class comment)
     */
    public double covariance(int i, int j) {
        Objects.checkIndex(i, estimates.size());
        Objects.checkIndex(j, estimates.size());
        if (!known[i][j]) {
            throw new IllegalStateException("the covariance of " + statistics.get(i) + " and " + statistics.get(j)
                + " is not known: unclustered statistics need cross-products (collect with crossProducts(true))");
        }
        return covariance[i][j];
    }

    /**
     * A linear combination {@code Σ c_i θ_i} with variance {@code c' Σ c}, as R's
     * {@code svycontrast(stat, c)}. Its valid and excluded counts are the sums over the estimates
     * with a non-zero coefficient; its design effect and effective n are NaN (not defined).
     * Estimates with no valid answers make it undefined unless their coefficient is 0.
     *
     * @param coefficients one coefficient per estimate
     * @return the combination, with an interval by the estimator's mean rule (normal, or t with
     *     the design df)
     */
    public Estimate linear(double[] coefficients) {
        Objects.requireNonNull(coefficients, "coefficients");
        if (coefficients.length != estimates.size()) {
            throw new IllegalArgumentException("coefficients has length " + coefficients.length + "; there are "
                + estimates.size() + " estimates");
        }
        double value = 0;
        double var = 0;
        long n = 0;
        Exclusions ex = Exclusions.NONE;
        boolean defined = true;
        for (int i = 0; i < coefficients.length; i++) {
            double c = coefficients[i];
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("coefficient " + i + " is " + c + "; must be finite");
            }
            if (c == 0) {
                continue;
            }
            Estimate e = estimates.get(i);
            n += e.validN();
            ex = ex.plus(e.excluded());
            if (!e.isDefined()) {
                defined = false;
                continue;
            }
            value += c * e.value();
            for (int j = 0; j < coefficients.length; j++) {
                if (coefficients[j] != 0 && estimates.get(j).isDefined()) {
                    var += c * coefficients[j] * covariance(i, j);
                }
            }
        }
        if (!defined || n == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, estimator.confidenceLevel(),
                degreesOfFreedom, n, ex, Double.NaN, Double.NaN);
        }
        double se = Math.sqrt(Math.max(var, 0));
        double q = estimator.meanQuantile(degreesOfFreedom);
        return new Estimate(value, se, value - q * se, value + q * se, estimator.confidenceLevel(), degreesOfFreedom, n, ex,
            Double.NaN, Double.NaN);
    }

    /**
     * @param coefficients coefficients, see {@link #linear(double[])}
     * @return the combination
     */
    public Estimate linear(List<Double> coefficients) {
        double[] c = new double[coefficients.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = coefficients.get(i);
        }
        return linear(c);
    }

    /**
     * @param i index of the first estimate
     * @param j index of the second
     * @return estimate i minus estimate j
     */
    public Estimate difference(int i, int j) {
        Objects.checkIndex(i, estimates.size());
        Objects.checkIndex(j, estimates.size());
        double[] c = new double[estimates.size()];
        c[i] += 1;
        c[j] -= 1;
        return linear(c);
    }

    /** @return the unweighted average of all estimates (e.g. an element from its items) */
    public Estimate average() {
        double[] c = new double[estimates.size()];
        java.util.Arrays.fill(c, 1.0 / c.length);
        return linear(c);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < estimates.size(); i++) {
            parts.add(statistics.get(i) + "=" + estimates.get(i).value());
        }
        return "EstimateSet" + parts;
    }
}
