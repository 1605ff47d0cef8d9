package org.civicsurvey.analysis.pls;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A fitted PLS path model. Immutable; arrays are copied on the way out.
 *
 * <p><b>Loadings and cross-loadings</b> are correlations of the items with the construct scores.
 * <b>Composite reliability</b> is Dillon–Goldstein's rho {@code (Σλ)² / ((Σλ)² + Σ(1 − λ²))} and
 * the <b>average variance extracted</b> is {@code Σλ² / k}, both from the block's loadings λ (as
 * SmartPLS and semPLS compute them; meaningful for reflective blocks, reported for all). A
 * one-item block has weight, loading, rho and AVE 1.
 *
 * <p><b>0–100 index scores</b> (ACSI rescaling, Fornell et al. 1996): the outer weights of the
 * unstandardised items, {@code w_k / sd_k}, are normalised to sum 1 within the block
 * ({@link #indexWeight(String)}); a respondent's index score is
 * {@code Σ_k ŵ_k (x_k − min_k) / (max_k − min_k) · 100} with the items' scale bounds, and the
 * construct's index ({@link #index(String)}) is its mean. It is undefined — {@link #hasIndex(String)}
 * is false and the index methods throw — when the unstandardised weights of a block do not sum to
 * a positive number (possible in formative blocks with negative weights).
 *
 * <p><b>Impacts</b> as the ACSI reports them: "the change in [the target construct's 0–100 score]
 * that results from a 5-point change in [the driver's 0–100 score]" (Fornell, Johnson, Anderson,
 * Cha and Bryant 1996, "The American Customer Satisfaction Index: Nature, Purpose, and Findings",
 * Journal of Marketing 60(4):7–18). Here: {@code impact(a, b) = 5 · T_ab · sd(index score of b) /
 * sd(index score of a)}, with {@code T_ab} the standardised total effect of a on b, i.e. five times
 * the total effect in the 0–100 metric.
 */
public final class PlsResult {
    private final PlsModel model;
    private final WeightingScheme scheme;
    private final int used;
    private final int excluded;
    private final Wold.Estimate est;
    private final double[][] scores;      // [construct][row]
    private final double[] indexWeights;  // per item; NaN when the block's index is undefined
    private final boolean[] hasIndex;
    private final double[][] indexScores; // [construct][row], null when undefined
    private final boolean[] endogenous;

    PlsResult(PlsModel model, WeightingScheme scheme, PlsPathModeling.Data data, Wold.Estimate est, double[] min,
            double[] max) {
        this.model = model;
        this.scheme = scheme;
        this.used = data.n;
        this.excluded = data.excluded;
        this.est = est;
        int p = data.p;
        int m = model.constructs().size();
        int n = data.n;
        int[] blockOf = model.blockOf();
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (int k = 0; k < p; k++) {
            double s = 0;
            for (double v : data.x[k]) {
                s += v;
            }
            mean[k] = s / n;
            double ss = 0;
            for (double v : data.x[k]) {
                ss += (v - mean[k]) * (v - mean[k]);
            }
            sd[k] = Math.sqrt(ss / (n - 1));
        }
        scores = new double[m][n];
        for (int k = 0; k < p; k++) {
            double[] target = scores[blockOf[k]];
            double w = est.weights[k] / sd[k];
            double[] x = data.x[k];
            for (int i = 0; i < n; i++) {
                target[i] += w * (x[i] - mean[k]);
            }
        }
        double[] blockSum = new double[m];
        for (int k = 0; k < p; k++) {
            blockSum[blockOf[k]] += est.weights[k] / sd[k];
        }
        hasIndex = new boolean[m];
        indexScores = new double[m][];
        indexWeights = new double[p];
        for (int j = 0; j < m; j++) {
            hasIndex[j] = blockSum[j] > 0 && Double.isFinite(blockSum[j]);
            if (hasIndex[j]) {
                indexScores[j] = new double[n];
            }
        }
        for (int k = 0; k < p; k++) {
            int j = blockOf[k];
            if (!hasIndex[j]) {
                indexWeights[k] = Double.NaN;
                continue;
            }
            double w = est.weights[k] / sd[k] / blockSum[j];
            indexWeights[k] = w;
            double range = max[k] - min[k];
            double[] x = data.x[k];
            double[] target = indexScores[j];
            for (int i = 0; i < n; i++) {
                target[i] += w * (x[i] - min[k]) / range * 100;
            }
        }
        endogenous = new boolean[m];
        boolean[][] d = model.adjacency();
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                endogenous[b] |= d[a][b];
            }
        }
    }

    /** @return the model */
    public PlsModel model() {
        return model;
    }

    /** @return the inner weighting scheme used */
    public WeightingScheme scheme() {
        return scheme;
    }

    /** @return rows used (complete on every item) */
    public int used() {
        return used;
    }

    /** @return rows left out because an item was missing (NaN) */
    public int excluded() {
        return excluded;
    }

    /** @return iterations run */
    public int iterations() {
        return est.iterations;
    }

    /** @return whether the outer weights converged within the iteration cap */
    public boolean converged() {
        return est.converged;
    }

    /**
     * @return this result, if it converged
     * @throws IllegalStateException if it did not
     */
    public PlsResult requireConverged() {
        if (!est.converged) {
            throw new IllegalStateException("PLS algorithm did not converge in " + est.iterations
                    + " iterations; raise the iteration cap or the tolerance");
        }
        return this;
    }

    /**
     * @param item an item
     * @return its outer weight (standardised items, unit-variance scores)
     */
    public double outerWeight(String item) {
        return est.weights[model.itemIndex(item)];
    }

    /**
     * @param item an item
     * @return its loading: correlation with its own construct's score
     */
    public double loading(String item) {
        int k = model.itemIndex(item);
        return est.crossLoadings[k][model.blockOf()[k]];
    }

    /**
     * @param item an item
     * @param construct any construct
     * @return the correlation of the item with the construct's score
     */
    public double crossLoading(String item, String construct) {
        return est.crossLoadings[model.itemIndex(item)][model.constructIndex(construct)];
    }

    /**
     * @param from the predecessor
     * @param to the successor
     * @return the standardised path coefficient
     * @throws NoSuchElementException if the model has no path from {@code from} to {@code to}
     */
    public double pathCoefficient(String from, String to) {
        int a = model.constructIndex(from);
        int b = model.constructIndex(to);
        if (!model.adjacency()[a][b]) {
            throw new NoSuchElementException("the model has no path " + from + " -> " + to + "; paths are " + model.paths());
        }
        return est.paths[a][b];
    }

    /**
     * @param from a construct
     * @param to a construct
     * @return the standardised total effect (sum over all directed routes of the products of path
     *     coefficients); 0 when no route leads from {@code from} to {@code to}
     */
    public double totalEffect(String from, String to) {
        return est.totals[model.constructIndex(from)][model.constructIndex(to)];
    }

    /**
     * @param construct an endogenous construct
     * @return R² of its regression on its predecessors
     * @throws IllegalArgumentException if the construct is exogenous
     */
    public double rSquared(String construct) {
        int j = model.constructIndex(construct);
        if (!endogenous[j]) {
            throw new IllegalArgumentException("construct '" + construct + "' is exogenous (no path leads to it): no R²");
        }
        return est.rSquared[j];
    }

    /**
     * @param construct a construct
     * @return Dillon–Goldstein's rho of its block
     */
    public double compositeReliability(String construct) {
        double sum = 0;
        double unique = 0;
        for (String item : model.items(construct)) {
            double l = loading(item);
            sum += l;
            unique += 1 - l * l;
        }
        return sum * sum / (sum * sum + unique);
    }

    /**
     * @param construct a construct
     * @return the average variance extracted, the mean squared loading of its block
     */
    public double averageVarianceExtracted(String construct) {
        double s = 0;
        List<String> items = model.items(construct);
        for (String item : items) {
            double l = loading(item);
            s += l * l;
        }
        return s / items.size();
    }

    /**
     * @param construct a construct
     * @return its standardised scores (mean 0, variance 1), one per used row
     */
    public double[] scores(String construct) {
        return scores[model.constructIndex(construct)].clone();
    }

    /**
     * @param construct a construct
     * @return whether its 0–100 index is defined
     */
    public boolean hasIndex(String construct) {
        return hasIndex[model.constructIndex(construct)];
    }

    /**
     * @param item an item
     * @return its weight in its construct's 0–100 index (unstandardised, normalised to sum 1)
     */
    public double indexWeight(String item) {
        int k = model.itemIndex(item);
        requireIndex(model.constructs().get(model.blockOf()[k]));
        return indexWeights[k];
    }

    /**
     * @param construct a construct
     * @return its 0–100 index scores, one per used row
     */
    public double[] indexScores(String construct) {
        return requireIndex(construct).clone();
    }

    /**
     * @param construct a construct
     * @return its 0–100 index: the mean of its index scores
     */
    public double index(String construct) {
        double[] s = requireIndex(construct);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return sum / s.length;
    }

    /**
     * The ACSI impact of {@code from} on {@code to}: the change in {@code to}'s 0–100 score for a
     * 5-point gain in {@code from}'s, {@code 5 · T · sd(to) / sd(from)} (see the class comment).
     *
     * @param from the driver construct
     * @param to the target construct
     * @return the impact; 0 when no route leads from {@code from} to {@code to}
     */
    public double impact(String from, String to) {
        double t = totalEffect(from, to);
        return 5 * t * sd(requireIndex(to)) / sd(requireIndex(from));
    }

    private static double sd(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    private double[] requireIndex(String construct) {
        int j = model.constructIndex(construct);
        if (!hasIndex[j]) {
            throw new IllegalStateException("the 0-100 index of construct '" + construct
                    + "' is undefined: its unstandardised outer weights do not sum to a positive number");
        }
        return indexScores[j];
    }
}
