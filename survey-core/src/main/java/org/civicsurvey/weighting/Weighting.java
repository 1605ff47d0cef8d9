package org.civicsurvey.weighting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.civicsurvey.stats.Design;

/**
 * Weights a sample to known population figures, as R's {@code survey} package: post-stratification
 * ({@code postStratify}), raking ({@code rake}), calibration ({@code calibrate}: linear/GREG,
 * raking and logit distances, bounded g-weights) and trimming ({@code trimWeights}). Each returns a
 * {@link CalibratedDesign} whose {@code totalCovariance} gives R's standard errors.
 *
 * <pre>{@code
 * WeightingResult r = Weighting.withDefaults().requiringConvergence(true)
 *         .rake(design, List.of(province, sex, ageBand));
 * CalibratedDesign weighted = r.design();
 * }</pre>
 *
 * <p>Iterative methods stop after {@link #maxIterations()} iterations: they never loop forever.
 * Without {@link #requiringConvergence(boolean)} a run that did not converge returns its weights with
 * a report flagged {@code converged = false} (R's {@code calibrate(force = TRUE)}; R's {@code rake}
 * warns); with it, a {@link WeightingException} carrying the report is thrown.
 *
 * <p>Input weights must be finite and non-negative (NaN, infinite or negative weights are rejected,
 * naming the unit); raking and calibration need them strictly positive, since R's variance divides
 * by them. Immutable and thread-safe.
 */
public final class Weighting {
    private static final Weighting DEFAULTS = new Weighting(100, 1e-10, false, true);

    private final int maxIterations;
    private final double tolerance;
    private final boolean requireConvergence;
    private final boolean parallel;

    private Weighting(int maxIterations, double tolerance, boolean requireConvergence, boolean parallel) {
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.requireConvergence = requireConvergence;
        this.parallel = parallel;
    }

    /** @return at most 100 iterations, tolerance 1e-10, convergence not required, rows read in parallel */
    public static Weighting withDefaults() {
        return DEFAULTS;
    }

    /**
     * @param max the iteration limit (raking sweeps, calibration Newton steps, strict trimming passes), &gt;= 1
     * @return a copy with that limit
     */
    public Weighting withMaxIterations(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxIterations is " + max + "; must be >= 1");
        }
        return new Weighting(max, tolerance, requireConvergence, parallel);
    }

    /**
     * @param tol the relative tolerance, in (0, 1): raking stops when every margin's largest
     *     absolute discrepancy is at most {@code tol} times the population total; calibration when
     *     every {@code |misfit| / (1 + |total|)} is below {@code tol} (R's {@code epsilon})
     * @return a copy with that tolerance
     */
    public Weighting withTolerance(double tol) {
        if (!(tol > 0 && tol < 1)) {
            throw new IllegalArgumentException("tolerance is " + tol + "; must be in (0, 1)");
        }
        return new Weighting(maxIterations, tol, requireConvergence, parallel);
    }

    /**
     * @param require whether a run that does not converge throws {@link WeightingException}
     *     instead of returning a flagged report
     * @return a copy with that setting
     */
    public Weighting requiringConvergence(boolean require) {
        return new Weighting(maxIterations, tolerance, require, parallel);
    }

    /**
     * @param inParallel whether raking, and the variance through a raked design, may read the rows
     *     in parallel ranges, one per core (from 65,536 rows per range; default true). Partial sums
     *     are added at the end, so weights and variances depend on the number of ranges in the last
     *     bits only (relative differences around 1e-15); {@code false} gives the same bits on every
     *     machine.
     * @return a copy with that setting
     */
    public Weighting inParallel(boolean inParallel) {
        return new Weighting(maxIterations, tolerance, requireConvergence, inParallel);
    }

    /** @return the iteration limit */
    public int maxIterations() {
        return maxIterations;
    }

    /** @return the relative tolerance */
    public double tolerance() {
        return tolerance;
    }

    /** @return whether non-convergence throws */
    public boolean requiresConvergence() {
        return requireConvergence;
    }

    /** @return whether raking and its variance may read the rows in parallel */
    public boolean isParallel() {
        return parallel;
    }

    // ------------------------------------------------------------------ post-stratification

    /**
     * Post-stratifies to known cell counts, as R's {@code postStratify(design, ~cells, population)}:
     * each unit's weight is multiplied by {@code N_c / (sum of weights in its cell c)}. For several
     * crossed variables pass {@link Margin#crossed}.
     *
     * @param design the design to weight (a {@link CalibratedDesign} extends its chain)
     * @param cells each unit's cell and the cells' population counts
     * @return the post-stratified design; the report lists each cell's remaining discrepancy (rounding only)
     * @throws WeightingException naming a cell with a population count but no respondents, or whose
     *     respondents all have weight 0
     */
    public WeightingResult postStratify(Design design, Margin cells) {
        double[] w = designWeights(design, cells, false);
        int[] c = cells.codesUnsafe();
        double[] pop = cells.countsUnsafe();
        double[] total = new double[pop.length];
        int[] count = new int[pop.length];
        for (int i = 0; i < w.length; i++) {
            total[c[i]] += w[i];
            count[c[i]]++;
        }
        double[] g = new double[pop.length];
        for (int k = 0; k < pop.length; k++) {
            requireRespondents(cells, k, count[k], total[k]);
            g[k] = pop[k] / total[k];
        }
        double[] nw = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            nw[i] = w[i] * g[c[i]];
        }
        CalibratedDesign d = CalibratedDesign.extend(design, nw,
                new PostStratumAdjustment(cells.name(), c, pop.length, w, g));
        double[] after = new double[pop.length];
        for (int i = 0; i < nw.length; i++) {
            after[c[i]] += nw[i];
        }
        List<Discrepancy> disc = List.of(largest(cells, after));
        return new WeightingResult(d, new ConvergenceReport("postStratify", true, 1, maxIterations, tolerance, disc));
    }

    static void requireRespondents(Margin m, int k, int count, double total) {
        if (count == 0) {
            throw new WeightingException("margin '" + m.name() + "', category '" + m.label(k) + "': population count "
                    + m.countsUnsafe()[k] + " but no sample respondents (collapse it with a neighbouring category)");
        }
        if (!(total > 0)) {
            throw new WeightingException("margin '" + m.name() + "', category '" + m.label(k) + "': population count "
                    + m.countsUnsafe()[k] + " but its " + count + " respondents all have weight 0");
        }
    }

    private static Discrepancy largest(Margin m, double[] achieved) {
        double[] pop = m.countsUnsafe();
        int worst = 0;
        double gap = -1;
        for (int k = 0; k < pop.length; k++) {
            double d = Math.abs(achieved[k] - pop[k]);
            if (d > gap) {
                gap = d;
                worst = k;
            }
        }
        return Discrepancy.of(m.name(), m.label(worst), pop[worst], achieved[worst]);
    }

    // ------------------------------------------------------------------ raking

    /**
     * Rakes (iterative proportional fitting) to several margins, as R's
     * {@code rake(design, list(~a, ~b, ...), list(popA, popB, ...))}: each sweep post-stratifies to
     * every margin in turn. Stops when every margin's largest absolute discrepancy is at most
     * {@code tolerance * N}, or after {@link #maxIterations()} sweeps (R instead stops when the
     * joint weighted table changes by less than its {@code epsilon}; at a tight tolerance both reach
     * the same weights). The variance is R's for raked designs.
     *
     * <p>Units in the same category of every margin get the same factors, so when the margins cross
     * into at most {@code max(units, 65,536)} cells the sweeps run over the crossed cells and the
     * rows are read twice (summed by cell, then multiplied by their cell's factors), in parallel
     * ranges unless {@link #inParallel(boolean) inParallel(false)}; otherwise every sweep reads the
     * rows once per margin.
     *
     * @param design the design to weight (a {@link CalibratedDesign} extends its chain)
     * @param margins the margins, at least one, all of {@code design.size()} units, with equal
     *     population totals
     * @return the raked design and the convergence report (iterations = sweeps)
     * @throws WeightingException naming margins whose totals disagree, a category without
     *     respondents, or (when convergence is required) reporting the remaining discrepancies
     */
    public WeightingResult rake(Design design, List<Margin> margins) {
        Objects.requireNonNull(margins, "margins");
        if (margins.isEmpty()) {
            throw new IllegalArgumentException("rake needs at least one margin");
        }
        int nm = margins.size();
        double[] w = designWeights(design, margins.get(0), true);
        double popTotal = margins.get(0).populationTotal();
        for (Margin m : margins) {
            if (m.size() != w.length) {
                throw new IllegalArgumentException("margin '" + m.name() + "' has " + m.size()
                        + " units; the design has " + w.length);
            }
            double t = m.populationTotal();
            if (Math.abs(t - popTotal) > tolerance * popTotal) {
                throw new WeightingException("margins disagree: population total of '" + margins.get(0).name() + "' is "
                        + popTotal + " but of '" + m.name() + "' is " + t + " (they must agree within the relative tolerance "
                        + tolerance + ")");
            }
        }
        int[][] codes = new int[nm][];
        int[] cats = new int[nm];
        List<String> names = new ArrayList<>(nm);
        for (int m = 0; m < nm; m++) {
            Margin mg = margins.get(m);
            codes[m] = mg.codesUnsafe();
            cats[m] = mg.categories();
            names.add(mg.name());
        }
        int maxRanges = parallel ? Runtime.getRuntime().availableProcessors() : 1;
        ProportionalFitting.Fit fit = ProportionalFitting.rake(w, margins, maxIterations, tolerance * popTotal, maxRanges);
        List<Discrepancy> disc = new ArrayList<>(nm);
        for (int m = 0; m < nm; m++) {
            disc.add(largest(margins.get(m), fit.achieved()[m]));
        }
        ConvergenceReport report = new ConvergenceReport("rake", fit.converged(), fit.sweeps(), maxIterations, tolerance,
                disc);
        if (!fit.converged() && requireConvergence) {
            throw new WeightingException("raking did not converge", report);
        }
        CalibratedDesign d = CalibratedDesign.extend(design, w,
                new RakingAdjustment(names, codes, cats, w, fit.lastFactors(), maxRanges));
        return new WeightingResult(d, report);
    }

    // ------------------------------------------------------------------ calibration

    /**
     * Calibrates with the linear (GREG) distance and no bounds, as R's
     * {@code calibrate(design, formula, population)}.
     *
     * @param design the design to weight
     * @param model the auxiliary variables (R's model matrix)
     * @param totals their population totals, in {@link CalibrationModel#columnNames()} order
     * @return the calibrated design
     */
    public WeightingResult calibrate(Design design, CalibrationModel model, double[] totals) {
        return calibrate(design, model, totals, CalibrationDistance.LINEAR, Bounds.NONE);
    }

    /**
     * Calibrates to population totals, as R's
     * {@code calibrate(design, formula, population, calfun = distance, bounds = c(lower, upper))}.
     * Linear without bounds is solved directly (R's {@code regcalibrate}); every other case by R's
     * Newton iteration {@code grake} (Moore-Penrose step, step halving on overflow, R's rescaling
     * when every total exceeds its sample total 20-fold). Columns that are zero for every unit and
     * have total 0 are dropped, as in R.
     *
     * @param design the design to weight (a {@link CalibratedDesign} extends its chain)
     * @param model the auxiliary variables (R's model matrix)
     * @param totals their population totals, in {@link CalibrationModel#columnNames()} order
     * @param distance the distance function ({@code calfun})
     * @param bounds bounds on the g-weights; {@link CalibrationDistance#LOGIT} needs finite bounds
     * @return the calibrated design and the convergence report
     * @throws WeightingException if the variables are collinear (linear, unbounded), a variable is
     *     zero for every unit but has a non-zero total, or (when required) calibration did not converge
     */
    public WeightingResult calibrate(Design design, CalibrationModel model, double[] totals, CalibrationDistance distance,
            Bounds bounds) {
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(distance, "distance");
        Objects.requireNonNull(bounds, "bounds");
        int n = design.size();
        if (model.size() != n) {
            throw new IllegalArgumentException("calibration model has " + model.size() + " units; the design has " + n);
        }
        if (totals.length != model.columnCount()) {
            throw new IllegalArgumentException(totals.length + " population totals for " + model.columnCount()
                    + " calibration columns " + model.columnNames());
        }
        if (distance == CalibrationDistance.LOGIT && !bounds.isFinite()) {
            throw new IllegalArgumentException("logit calibration needs finite bounds; got [" + bounds.lower() + ", "
                    + bounds.upper() + "]");
        }
        double[] ww = design.weights();
        checkWeights(ww, true);
        double[][] all = model.columnsUnsafe();
        List<double[]> keptCols = new ArrayList<>();
        List<String> keptNames = new ArrayList<>();
        List<Double> keptTotals = new ArrayList<>();
        for (int j = 0; j < all.length; j++) {
            String name = model.columnNames().get(j);
            if (!Double.isFinite(totals[j])) {
                throw new IllegalArgumentException("population total of '" + name + "' is " + totals[j] + "; must be finite");
            }
            boolean allZero = true;
            for (double x : all[j]) {
                if (x != 0) {
                    allZero = false;
                    break;
                }
            }
            if (allZero) {
                if (totals[j] == 0) {
                    continue;
                }
                throw new WeightingException("calibration variable '" + name + "' is 0 for every respondent but its "
                        + "population total is " + totals[j] + " (a category with no sample respondents?)");
            }
            keptCols.add(all[j]);
            keptNames.add(name);
            keptTotals.add(totals[j]);
        }
        double[][] x = keptCols.toArray(new double[0][]);
        int p = x.length;
        double[] pop = new double[p];
        for (int j = 0; j < p; j++) {
            pop[j] = keptTotals.get(j);
        }
        String description = "calibrate(" + distance.name().toLowerCase(java.util.Locale.ROOT)
                + (bounds.isUnbounded() ? "" : ", bounds [" + bounds.lower() + ", " + bounds.upper() + "]")
                + ": " + String.join(", ", keptNames) + ")";
        GregAdjustment greg = GregAdjustment.create(description, x, keptNames, ww);
        double[] g;
        int iterations;
        boolean converged;
        if (distance == CalibrationDistance.LINEAR && bounds.isUnbounded()) {
            if (greg.rank() < p) {
                throw new WeightingException("calibration variables are collinear: " + greg.dependentColumns()
                        + " depend linearly on the other columns of " + keptNames);
            }
            g = regcalibrate(x, ww, pop);
            iterations = 1;
            converged = true;
        } else {
            Newton newton = grake(x, ww, pop, distance, bounds);
            g = newton.g();
            iterations = newton.iterations();
            converged = newton.converged();
        }
        double[] nw = new double[n];
        for (int i = 0; i < n; i++) {
            nw[i] = ww[i] * g[i];
        }
        List<Discrepancy> disc = new ArrayList<>(p);
        for (int j = 0; j < p; j++) {
            double a = 0;
            for (int i = 0; i < n; i++) {
                a += x[j][i] * nw[i];
            }
            disc.add(Discrepancy.of(keptNames.get(j), "", pop[j], a));
        }
        ConvergenceReport report = new ConvergenceReport("calibrate(" + distance.name().toLowerCase(java.util.Locale.ROOT)
                + ")", converged, iterations, maxIterations, tolerance, disc);
        if (!converged && requireConvergence) {
            throw new WeightingException("calibration did not converge", report);
        }
        GregAdjustment step = greg.withG(g);
        return new WeightingResult(CalibratedDesign.extend(design, nw, step), report);
    }

    /** R's regcalibrate, stage 0, no lambda: g = 1 + X solve(X'WX, T - X'w). */
    private static double[] regcalibrate(double[][] x, double[] ww, double[] pop) {
        int p = x.length;
        int n = ww.length;
        double[][] t = crossprod(x, ww, null);
        double[] misfit = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[j][i] * ww[i];
            }
            misfit[j] = pop[j] - s;
        }
        double[] tT;
        try {
            tT = new LUDecomposition(new Array2DRowRealMatrix(t, false)).getSolver()
                    .solve(new ArrayRealVector(misfit, false)).toArray();
        } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
            throw new WeightingException("calibration variables are collinear: X'WX is singular");
        }
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 1;
            for (int j = 0; j < p; j++) {
                s += x[j][i] * tT[j];
            }
            g[i] = s;
        }
        return g;
    }

    /** X' diag(ww * d) X, d = 1 when null. */
    private static double[][] crossprod(double[][] x, double[] ww, double[] d) {
        int p = x.length;
        int n = ww.length;
        double[][] t = new double[p][p];
        double[] wd = new double[n];
        for (int i = 0; i < n; i++) {
            wd[i] = d == null ? ww[i] : ww[i] * d[i];
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                double[] xa = x[a];
                double[] xb = x[b];
                for (int i = 0; i < n; i++) {
                    s += xa[i] * wd[i] * xb[i];
                }
                t[a][b] = s;
                t[b][a] = s;
            }
        }
        return t;
    }

    /** The outcome of {@link #grake}. */
    private record Newton(double[] g, int iterations, boolean converged) {
    }

    /** R's survey:::grake with sigma2 = 1. */
    private Newton grake(double[][] x, double[] inputWeights, double[] pop, CalibrationDistance cal, Bounds bounds) {
        double[] eta = new double[x.length];
        int p = x.length;
        int n = inputWeights.length;
        double lo = bounds.lower();
        double hi = bounds.upper();
        double[] ww = inputWeights.clone();
        double[] sampleTotal = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[j][i] * ww[i];
            }
            sampleTotal[j] = s;
        }
        double minScale = Double.POSITIVE_INFINITY;
        double meanScale = 0;
        for (int j = 0; j < p; j++) {
            double sc = pop[j] / sampleTotal[j];
            minScale = Math.min(minScale, sc);
            meanScale += sc / p;
        }
        double scale = 1;
        if (minScale > 20) {
            scale = meanScale;
            for (int i = 0; i < n; i++) {
                ww[i] *= scale;
            }
            for (int j = 0; j < p; j++) {
                sampleTotal[j] *= scale;
            }
        }
        double[] xeta = new double[n];
        double[] fm1 = new double[n];
        double[] deriv = new double[n];
        evaluate(cal, x, eta, xeta, fm1, deriv, lo, hi);
        int iter = 1;
        boolean converged = false;
        while (true) {
            double[][] t = crossprod(x, ww, deriv);
            double[] misfit = misfit(x, ww, pop, sampleTotal, fm1);
            double[] deta = ginvSolve(t, misfit);
            for (int j = 0; j < p; j++) {
                eta[j] += deta[j];
            }
            evaluate(cal, x, eta, xeta, fm1, deriv, lo, hi);
            while (iter < maxIterations && !allFinite(fm1, deriv)) {
                iter++;
                for (int j = 0; j < p; j++) {
                    deta[j] /= 2;
                    eta[j] -= deta[j];
                }
                evaluate(cal, x, eta, xeta, fm1, deriv, lo, hi);
            }
            misfit = misfit(x, ww, pop, sampleTotal, fm1);
            boolean done = true;
            for (int j = 0; j < p; j++) {
                if (!(Math.abs(misfit[j]) / (1 + Math.abs(pop[j])) < tolerance)) {
                    done = false;
                    break;
                }
            }
            if (done) {
                converged = true;
                break;
            }
            iter++;
            if (iter > maxIterations) {
                break;
            }
        }
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = (1 + fm1[i]) * scale;
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(g[i])) {
                throw new WeightingException("calibration diverged: g-weight of unit " + i + " is " + g[i]
                        + " after " + Math.min(iter, maxIterations) + " iterations");
            }
        }
        return new Newton(g, Math.min(iter, maxIterations), converged);
    }

    private static void evaluate(CalibrationDistance cal, double[][] x, double[] eta, double[] xeta, double[] fm1,
            double[] deriv, double lo, double hi) {
        int n = xeta.length;
        java.util.Arrays.fill(xeta, 0);
        for (int j = 0; j < x.length; j++) {
            double e = eta[j];
            double[] xj = x[j];
            for (int i = 0; i < n; i++) {
                xeta[i] += xj[i] * e;
            }
        }
        for (int i = 0; i < n; i++) {
            fm1[i] = cal.fm1(xeta[i], lo, hi);
            deriv[i] = cal.derivative(xeta[i], lo, hi);
        }
    }

    private static double[] misfit(double[][] x, double[] ww, double[] pop, double[] sampleTotal, double[] fm1) {
        int p = x.length;
        double[] m = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            double[] xj = x[j];
            for (int i = 0; i < ww.length; i++) {
                s += xj[i] * ww[i] * fm1[i];
            }
            m[j] = pop[j] - sampleTotal[j] - s;
        }
        return m;
    }

    private static boolean allFinite(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** MASS::ginv(t, tol = 256 * .Machine$double.eps) %*% b. */
    private static double[] ginvSolve(double[][] t, double[] b) {
        int p = b.length;
        if (!allFinite(flatten(t), flatten(t))) {
            throw new WeightingException("calibration diverged: the Newton matrix has non-finite entries");
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(t, false));
        double[] d = svd.getSingularValues();
        RealMatrix u = svd.getU();
        RealMatrix v = svd.getV();
        double cut = Math.max(256 * Math.ulp(1.0) * d[0], 0);
        double[] out = new double[p];
        for (int k = 0; k < d.length; k++) {
            if (!(d[k] > cut)) {
                continue;
            }
            double s = 0;
            for (int i = 0; i < p; i++) {
                s += u.getEntry(i, k) * b[i];
            }
            s /= d[k];
            for (int i = 0; i < p; i++) {
                out[i] += v.getEntry(i, k) * s;
            }
        }
        return out;
    }

    private static double[] flatten(double[][] t) {
        double[] f = new double[t.length * t.length];
        for (int a = 0; a < t.length; a++) {
            System.arraycopy(t[a], 0, f, a * t.length, t.length);
        }
        return f;
    }

    // ------------------------------------------------------------------ trimming

    /**
     * Trims weights to {@code [lower, upper]}, as R's {@code trimWeights(design, upper, lower, strict)}:
     * weights outside are set to the bound and the total trimmed amount is shared <em>equally</em>
     * among the units that were inside, so the sum of weights is kept. With {@code strict} this is
     * repeated until no weight is outside (at most {@link #maxIterations()} passes). The design's
     * weighting steps are kept unchanged for the variance, as in R.
     *
     * @param design the design whose weights to trim
     * @param lower the lower bound ({@code -Infinity} for none)
     * @param upper the upper bound ({@code +Infinity} for none), &gt;= lower
     * @param strict whether to repeat until every weight is within the bounds
     * @return the trimmed design (the same weights when none is outside)
     * @throws IllegalArgumentException if the bounds are NaN or reversed
     * @throws WeightingException if every weight is outside, or a strict trim is impossible
     *     ({@code n * upper < sum w} or {@code n * lower > sum w}) or does not settle
     */
    public CalibratedDesign trim(Design design, double lower, double upper, boolean strict) {
        Objects.requireNonNull(design, "design");
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("trimming bounds [" + lower + ", " + upper + "] must satisfy lower <= upper");
        }
        double[] pw = design.weights();
        checkWeights(pw, false);
        int n = pw.length;
        double sum = 0;
        for (double w : pw) {
            sum += w;
        }
        if (strict && (n * upper < sum * (1 - 1e-12) || n * lower > sum * (1 + 1e-12))) {
            throw new WeightingException("cannot trim strictly to [" + lower + ", " + upper + "]: " + n
                    + " weights summing to " + sum + " need a mean weight of " + sum / n);
        }
        int passes = 0;
        while (true) {
            int inside = 0;
            double trimmed = 0;
            boolean[] outside = new boolean[n];
            for (int i = 0; i < n; i++) {
                if (pw[i] < lower || pw[i] > upper) {
                    outside[i] = true;
                    double nw = Math.max(lower, Math.min(pw[i], upper));
                    trimmed += pw[i] - nw;
                    pw[i] = nw;
                } else {
                    inside++;
                }
            }
            if (inside == n) {
                break;
            }
            if (inside == 0) {
                throw new WeightingException("cannot trim to [" + lower + ", " + upper + "]: all " + n
                        + " weights are outside");
            }
            double share = trimmed / inside;
            for (int i = 0; i < n; i++) {
                if (!outside[i]) {
                    pw[i] += share;
                }
            }
            passes++;
            if (!strict) {
                break;
            }
            if (passes >= maxIterations) {
                throw new WeightingException("strict trimming to [" + lower + ", " + upper + "] did not settle in "
                        + maxIterations + " passes");
            }
        }
        return CalibratedDesign.extend(design, pw, null);
    }

    // ------------------------------------------------------------------ checks

    private static double[] designWeights(Design design, Margin margin, boolean positive) {
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(margin, "margin");
        if (margin.size() != design.size()) {
            throw new IllegalArgumentException("margin '" + margin.name() + "' has " + margin.size()
                    + " units; the design has " + design.size());
        }
        double[] w = design.weights();
        checkWeights(w, positive);
        return w;
    }

    static void checkWeights(double[] w, boolean positive) {
        for (int i = 0; i < w.length; i++) {
            double v = w[i];
            if (!Double.isFinite(v) || v < 0 || (positive && v == 0)) {
                throw new IllegalArgumentException("weight of unit " + i + " is " + v + "; must be finite and "
                        + (positive ? "> 0 (raking and calibration divide by it)" : ">= 0"));
            }
        }
    }
}
