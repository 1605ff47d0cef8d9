package org.civicsurvey.analysis.pls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.Variable;

/**
 * PLS path modelling by Wold's algorithm, as described by Tenenhaus, Esposito Vinzi, Chatelin and
 * Lauro (2005), "PLS path modeling", Computational Statistics &amp; Data Analysis 48:159–205, and
 * implemented by SmartPLS, semPLS and plspm.
 *
 * <p>The items are standardised (mean 0, variance 1). Starting from outer weights 1 (scaled so that
 * each construct's score has variance 1), each iteration computes the construct scores
 * {@code Y_j = X_j w_j}, the inner proxies {@code Z_j = Σ_i e_ji Y_i} over the constructs adjacent
 * to j with the inner weights of the {@link WeightingScheme}, new outer weights by {@link Mode} A
 * ({@code cov(X_j, Z_j)}) or B (regression of Z_j on X_j), and rescales them to unit score
 * variance. It stops when no outer weight changes by more than the tolerance (default
 * {@value #DEFAULT_TOLERANCE}, as SmartPLS's stop criterion) or after the iteration cap (default
 * {@value #DEFAULT_MAX_ITERATIONS}). Path coefficients are then the OLS coefficients of each
 * endogenous construct's score on its predecessors' scores.
 *
 * <p><b>Outer weight normalisation.</b> Outer weights are those of the standardised items that
 * give scores of unit variance — the normalisation SmartPLS reports (plspm's {@code outer_model}
 * too). The 0–100 index weights ({@link PlsResult#indexWeight(String)}) are the other,
 * ACSI normalisation.
 *
 * <p><b>Non-convergence</b> is not an exception: the result of the last iteration is returned with
 * {@link PlsResult#converged()} false; call {@link PlsResult#requireConverged()} to turn it into an
 * {@link IllegalStateException}. A bootstrap resample that does not converge is left out and
 * counted.
 *
 * <p><b>Data</b> are primitive columns in the order of {@link PlsModel#items()}; NaN marks a
 * missing value and rows with any missing item are left out (listwise deletion, counted in
 * {@link PlsResult#excluded()}). An item that is constant among the used rows, collinear items in
 * a formative block and collinear predecessors of a construct are rejected with an
 * {@link IllegalArgumentException} naming them.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PlsPathModeling {
    /** Default stop criterion: the largest change of an outer weight between iterations. */
    public static final double DEFAULT_TOLERANCE = 1e-7;
    /** Default iteration cap. */
    public static final int DEFAULT_MAX_ITERATIONS = 300;

    private final WeightingScheme scheme;
    private final double tolerance;
    private final int maxIterations;
    private final double confidenceLevel;

    private PlsPathModeling(WeightingScheme scheme, double tolerance, int maxIterations, double confidenceLevel) {
        this.scheme = scheme;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.confidenceLevel = confidenceLevel;
    }

    /**
     * Path weighting scheme, tolerance {@value #DEFAULT_TOLERANCE}, at most
     * {@value #DEFAULT_MAX_ITERATIONS} iterations, 95% bootstrap intervals.
     *
     * @return the analyzer
     */
    public static PlsPathModeling withDefaults() {
        return new PlsPathModeling(WeightingScheme.PATH, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS, 0.95);
    }

    /**
     * @param newScheme the inner weighting scheme
     * @return a copy using it
     */
    public PlsPathModeling withScheme(WeightingScheme newScheme) {
        return new PlsPathModeling(Objects.requireNonNull(newScheme, "scheme"), tolerance, maxIterations,
                confidenceLevel);
    }

    /**
     * @param newTolerance the stop criterion, a positive number
     * @return a copy using it
     */
    public PlsPathModeling withTolerance(double newTolerance) {
        if (!(newTolerance > 0) || !Double.isFinite(newTolerance)) {
            throw new IllegalArgumentException("tolerance must be a finite number > 0, was " + newTolerance);
        }
        return new PlsPathModeling(scheme, newTolerance, maxIterations, confidenceLevel);
    }

    /**
     * @param newMaxIterations the iteration cap, at least 1
     * @return a copy using it
     */
    public PlsPathModeling withMaxIterations(int newMaxIterations) {
        if (newMaxIterations < 1) {
            throw new IllegalArgumentException("maximum iterations must be >= 1, was " + newMaxIterations);
        }
        return new PlsPathModeling(scheme, tolerance, newMaxIterations, confidenceLevel);
    }

    /**
     * @param level the level of bootstrap percentile intervals, in (0, 1)
     * @return a copy using it
     */
    public PlsPathModeling withConfidenceLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), was " + level);
        }
        return new PlsPathModeling(scheme, tolerance, maxIterations, level);
    }

    /**
     * Fits the model; the 0–100 index scores rescale each item by its observed minimum and maximum
     * among the used rows.
     *
     * @param model the model
     * @param columns one column per item of {@link PlsModel#items()}, in that order (NaN = missing)
     * @return the result
     */
    public PlsResult fit(PlsModel model, double[][] columns) {
        Data data = Data.of(model, columns);
        double[] min = new double[data.p];
        double[] max = new double[data.p];
        for (int k = 0; k < data.p; k++) {
            min[k] = Arrays.stream(data.x[k]).min().orElseThrow();
            max[k] = Arrays.stream(data.x[k]).max().orElseThrow();
        }
        return fit(model, data, min, max);
    }

    /**
     * Fits the model on named columns: each item of {@link PlsModel#items()} is the variable of that
     * name (excluded answers missing). The 0–100 index scores rescale a scale variable by its scale
     * (first and last category), a numeric one by its observed range among the used rows. PLS is
     * fitted unweighted, as SmartPLS and seminr do; the design's weights are not used.
     *
     * @param model the model
     * @param data rows with a variable per item
     * @return the result
     * @throws IllegalArgumentException naming an item the data have no variable for
     */
    public PlsResult fit(PlsModel model, SurveyData data) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        List<String> items = model.items();
        double[][] columns = new double[items.size()][];
        double[] min = new double[items.size()];
        double[] max = new double[items.size()];
        for (int k = 0; k < columns.length; k++) {
            String item = items.get(k);
            Variable v;
            try {
                v = data.variable(item);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("item " + item + " of the model has no variable in the data: "
                    + e.getMessage(), e);
            }
            columns[k] = data.values(item);
            if (v.isCategorical()) {
                double[] cats = v.categories();
                min[k] = cats[0];
                max[k] = cats[cats.length - 1];
            } else {
                min[k] = Arrays.stream(columns[k]).filter(x -> !Double.isNaN(x)).min().orElse(Double.NaN);
                max[k] = Arrays.stream(columns[k]).filter(x -> !Double.isNaN(x)).max().orElse(Double.NaN);
            }
        }
        return fit(model, columns, min, max);
    }

    /**
     * Fits the model; the 0–100 index scores rescale every item by the same scale, e.g. 1 and 10
     * for the ACSI's 10-point items.
     *
     * @param model the model
     * @param columns one column per item of {@link PlsModel#items()}, in that order (NaN = missing)
     * @param scaleMin the lowest scale point
     * @param scaleMax the highest scale point, greater than {@code scaleMin}
     * @return the result
     */
    public PlsResult fit(PlsModel model, double[][] columns, double scaleMin, double scaleMax) {
        double[] min = new double[model.items().size()];
        double[] max = new double[min.length];
        Arrays.fill(min, scaleMin);
        Arrays.fill(max, scaleMax);
        return fit(model, columns, min, max);
    }

    /**
     * Fits the model with a scale per item for the 0–100 index scores.
     *
     * @param model the model
     * @param columns one column per item of {@link PlsModel#items()}, in that order (NaN = missing)
     * @param scaleMin per item, the lowest scale point
     * @param scaleMax per item, the highest scale point
     * @return the result
     */
    public PlsResult fit(PlsModel model, double[][] columns, double[] scaleMin, double[] scaleMax) {
        Data data = Data.of(model, columns);
        if (scaleMin.length != data.p || scaleMax.length != data.p) {
            throw new IllegalArgumentException("scale bounds need one value per item (" + data.p + "), got "
                    + scaleMin.length + " minima and " + scaleMax.length + " maxima");
        }
        for (int k = 0; k < data.p; k++) {
            String item = model.items().get(k);
            if (!(scaleMax[k] > scaleMin[k]) || !Double.isFinite(scaleMin[k]) || !Double.isFinite(scaleMax[k])) {
                throw new IllegalArgumentException("item '" + item + "': scale [" + scaleMin[k] + ", " + scaleMax[k]
                        + "] must be finite with max > min");
            }
            for (double v : data.x[k]) {
                if (v < scaleMin[k] || v > scaleMax[k]) {
                    throw new IllegalArgumentException("item '" + item + "': value " + v + " is outside the scale "
                            + scaleMin[k] + ".." + scaleMax[k]);
                }
            }
        }
        return fit(model, data, scaleMin.clone(), scaleMax.clone());
    }

    private PlsResult fit(PlsModel model, Data data, double[] min, double[] max) {
        Wold.Estimate est = new Wold(model).run(data.correlation(), scheme, tolerance, maxIterations);
        return new PlsResult(model, scheme, data, est, min, max);
    }

    /**
     * Bootstrap standard errors and percentile intervals of path coefficients, total effects, outer
     * weights and loadings: {@code resamples} samples of the used rows drawn with replacement by a
     * {@link SplittableRandom} seeded with {@code seed} (the same seed gives the same result on
     * every JVM), each fitted with this analyzer's settings. The standard error is the standard
     * deviation (denominator B − 1) of the B usable resample estimates; the interval is their
     * (1 − level)/2 and (1 + level)/2 quantiles (R's default type 7). Resamples that do not
     * converge, or in which an item is constant or a block collinear, are left out and counted. No
     * sign correction is applied.
     *
     * @param model the model
     * @param columns one column per item of {@link PlsModel#items()}, in that order (NaN = missing)
     * @param resamples the number of resamples, at least 2
     * @param seed the seed
     * @return the bootstrap results
     */
    public PlsBootstrap bootstrap(PlsModel model, double[][] columns, int resamples, long seed) {
        if (resamples < 2) {
            throw new IllegalArgumentException("bootstrap needs at least 2 resamples, got " + resamples);
        }
        Data data = Data.of(model, columns);
        Wold wold = new Wold(model);
        Wold.Estimate original = wold.run(data.correlation(), scheme, tolerance, maxIterations);
        List<PlsBootstrap.Parameter> parameters = PlsBootstrap.parameters(model);
        int q = parameters.size();
        double[][] draws = new double[q][resamples];
        SplittableRandom random = new SplittableRandom(seed);
        int used = 0;
        int notConverged = 0;
        int degenerate = 0;
        int[] rows = new int[data.n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < data.n; i++) {
                rows[i] = random.nextInt(data.n);
            }
            Wold.Estimate est;
            try {
                est = wold.run(data.correlation(rows), scheme, tolerance, maxIterations);
            } catch (Wold.Degenerate e) {
                degenerate++;
                continue;
            }
            if (!est.converged) {
                notConverged++;
                continue;
            }
            double[] values = PlsBootstrap.values(model, parameters, est);
            for (int k = 0; k < q; k++) {
                draws[k][used] = values[k];
            }
            used++;
        }
        if (used < 2) {
            throw new IllegalStateException("only " + used + " of " + resamples + " bootstrap resamples were usable ("
                    + notConverged + " did not converge, " + degenerate + " had a constant item or collinear block)");
        }
        double[] originalValues = PlsBootstrap.values(model, parameters, original);
        List<PlsBootstrap.Estimate> estimates = new ArrayList<>(q);
        for (int k = 0; k < q; k++) {
            double[] v = Arrays.copyOf(draws[k], used);
            double mean = 0;
            for (double x : v) {
                mean += x;
            }
            mean /= used;
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            Arrays.sort(v);
            PlsBootstrap.Parameter par = parameters.get(k);
            estimates.add(new PlsBootstrap.Estimate(par.kind(), par.from(), par.to(), originalValues[k],
                    Math.sqrt(ss / (used - 1)), quantile(v, (1 - confidenceLevel) / 2),
                    quantile(v, (1 + confidenceLevel) / 2)));
        }
        return new PlsBootstrap(resamples, used, notConverged, degenerate, seed, confidenceLevel, original.converged,
                estimates);
    }

    /** R's type 7 quantile of sorted values. */
    static double quantile(double[] sorted, double prob) {
        double h = (sorted.length - 1) * prob;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The used rows of the item columns, after listwise deletion. */
    static final class Data {
        final int p;
        final int n;
        final int excluded;
        final double[][] x;
        final List<String> items;

        private Data(List<String> items, double[][] x, int excluded) {
            this.items = items;
            this.p = x.length;
            this.n = x[0].length;
            this.x = x;
            this.excluded = excluded;
        }

        static Data of(PlsModel model, double[][] columns) {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(columns, "columns");
            List<String> items = model.items();
            int p = items.size();
            if (columns.length != p) {
                throw new IllegalArgumentException("the model has " + p + " items " + items + " but " + columns.length
                        + " columns were given");
            }
            int rows = columns[0].length;
            for (int k = 0; k < p; k++) {
                if (columns[k].length != rows) {
                    throw new IllegalArgumentException("item '" + items.get(k) + "' has " + columns[k].length
                            + " values, item '" + items.get(0) + "' has " + rows);
                }
            }
            int[] keep = new int[rows];
            int n = 0;
            for (int i = 0; i < rows; i++) {
                boolean complete = true;
                for (int k = 0; k < p && complete; k++) {
                    double v = columns[k][i];
                    if (Double.isInfinite(v)) {
                        throw new IllegalArgumentException("item '" + items.get(k) + "' has value " + v + " at row " + i
                                + "; values must be finite numbers or NaN for missing");
                    }
                    complete = !Double.isNaN(v);
                }
                if (complete) {
                    keep[n++] = i;
                }
            }
            if (n < 3) {
                throw new IllegalArgumentException("PLS path modelling needs at least 3 complete rows, got " + n + " ("
                        + (rows - n) + " left out for missing values)");
            }
            double[][] x = new double[p][n];
            for (int k = 0; k < p; k++) {
                for (int r = 0; r < n; r++) {
                    x[k][r] = columns[k][keep[r]];
                }
                double first = x[k][0];
                boolean constant = true;
                for (int r = 1; r < n && constant; r++) {
                    constant = x[k][r] == first;
                }
                if (constant) {
                    throw new IllegalArgumentException("item '" + items.get(k) + "' is constant (every used row has the value "
                            + first + ") in the " + n + " complete rows; it cannot be standardised: drop it");
                }
            }
            return new Data(items, x, rows - n);
        }

        /** Item correlation matrix of all used rows. */
        double[][] correlation() {
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = i;
            }
            return correlation(rows);
        }

        /** Item correlation matrix of the given rows (with repetition). */
        double[][] correlation(int[] rows) {
            int m = rows.length;
            double[][] c = new double[p][m];
            for (int k = 0; k < p; k++) {
                double mean = 0;
                for (int r : rows) {
                    mean += x[k][r];
                }
                mean /= m;
                for (int i = 0; i < m; i++) {
                    c[k][i] = x[k][rows[i]] - mean;
                }
            }
            double[] ss = new double[p];
            double[][] s = new double[p][p];
            for (int a = 0; a < p; a++) {
                for (int b = 0; b <= a; b++) {
                    double v = 0;
                    double[] ca = c[a];
                    double[] cb = c[b];
                    for (int i = 0; i < m; i++) {
                        v += ca[i] * cb[i];
                    }
                    s[a][b] = v;
                    s[b][a] = v;
                }
                ss[a] = s[a][a];
                if (!(ss[a] > 0)) {
                    throw new Wold.Degenerate("item '" + items.get(a) + "' is constant in this sample");
                }
            }
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    s[a][b] = a == b ? 1.0 : s[a][b] / Math.sqrt(ss[a] * ss[b]);
                }
            }
            return s;
        }
    }
}
