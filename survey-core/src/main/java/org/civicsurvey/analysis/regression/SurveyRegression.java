package org.civicsurvey.analysis.regression;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.ReplicateDesign;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;

/**
 * Design-based regression equal to R's {@code survey} package (4.1.1): {@code svyglm} with the
 * gaussian and quasibinomial families ({@link #glm}), {@code svypredmeans} ({@link #predictedMeans})
 * and {@code svyolr}, the proportional-odds model of an ordered rating ({@link #ordinal}), with
 * {@code regTermTest} on the fits. Immutable; configure with
 * {@code withDefaults().withGlmControl(1e-10, 50)}.
 *
 * <p><b>Input.</b> A {@link Design} (weights, strata, clusters, fpc), the outcome as one value per
 * unit ({@code NaN} = missing), the {@link Terms}, and optionally a domain: the units R's
 * {@code subset(design, ...)} (or {@code svyglm}'s {@code subset} argument) would keep. Rows with a
 * missing outcome or term are left out ({@code na.omit}) and counted. Units outside the domain or
 * left out keep their PSUs in the variance with influence 0, as R's subset designs do, and the
 * residual degrees of freedom count only the PSUs and strata of the rows used.
 *
 * <p><b>Method.</b> The fit is R's: {@code glm.fit} on the sampling weights divided by their mean
 * over the domain ({@code svyglm(rescale = TRUE)}), from the family's starting values, with
 * {@code glm.control(epsilon = 1e-8, maxit = 25)}, so the coefficients are the same iterate R
 * stops at. The covariance is R's {@code svy.varcoef}: the design covariance
 * ({@link Design#totalCovariance(int, org.civicsurvey.stats.InfluenceValues)}, R's
 * {@code svyrecvar}) of each row's score {@code x_i r_i w_i} (working residual, working weight)
 * times the inverse of X'WX.
 *
 * <p><b>Replicate designs.</b> On a {@link ReplicateDesign} the fit is R's
 * {@code svyglm.svyrep.design}: the same full-sample fit; the covariance from the model refitted
 * with each replicate's weights (divided by their sum over the rows used, {@code glm.fit(start =}
 * the full-sample coefficients{@code )}), as R's {@code svrVar} with the design's scale, rscales
 * and mse; the residual degrees of freedom {@code degf} of the design (or of the domain, rows with
 * missing values included) + 1 − p. A domain drops the rows outside it, as R's {@code subset} of
 * a replicate design does. Predicted means take the covariance of the predictions' means from
 * the replicate weights, as {@code svymean} on the replicate design.
 *
 * <p><b>Errors.</b> Mismatched lengths, an infinite value, a quasibinomial outcome outside [0, 1],
 * a domain without rows, {@code ordinal} on a {@link ReplicateDesign},
 * a column that is a linear combination of the others (R reports NA for
 * its coefficient; here it is an error naming the column; in a replicate's refit R drops the
 * replicate from the variance with a warning, here it is an error naming the replicate), too few categories or an empty
 * category of an ordinal outcome: {@link IllegalArgumentException}. A fit that does not converge
 * within the iterations: {@link ArithmeticException} (R warns and returns the last iterate).
 */
public final class SurveyRegression {
    private static final SurveyRegression DEFAULTS = new SurveyRegression(1e-8, 25, Math.sqrt(Math.ulp(1.0)), 100, 0.95);

    private final double epsilon;
    private final int maxIterations;
    private final double relativeTolerance;
    private final int optimMaxIterations;
    private final double confidenceLevel;

    private SurveyRegression(double epsilon, int maxIterations, double relativeTolerance, int optimMaxIterations,
            double confidenceLevel) {
        this.epsilon = epsilon;
        this.maxIterations = maxIterations;
        this.relativeTolerance = relativeTolerance;
        this.optimMaxIterations = optimMaxIterations;
        this.confidenceLevel = confidenceLevel;
    }

    /**
     * R's defaults: {@code glm.control(epsilon = 1e-8, maxit = 25)}, {@code optim}'s BFGS with
     * {@code reltol = sqrt(.Machine$double.eps)} and {@code maxit = 100}, 95% intervals.
     *
     * @return the defaults
     */
    public static SurveyRegression withDefaults() {
        return DEFAULTS;
    }

    /**
     * Sets the IRLS convergence of {@link #glm} (and of {@link #ordinal}'s starting values), R's
     * {@code glm.control}.
     *
     * @param epsilon the relative deviance change that stops the iterations, in (0, 1)
     * @param maxIterations the most iterations, at least 1
     * @return new settings
     */
    public SurveyRegression withGlmControl(double epsilon, int maxIterations) {
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon " + epsilon + " is outside (0, 1)");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations " + maxIterations + " < 1");
        }
        return new SurveyRegression(epsilon, maxIterations, relativeTolerance, optimMaxIterations, confidenceLevel);
    }

    /**
     * Sets the BFGS convergence of {@link #ordinal}, R's {@code svyolr(..., control = list(reltol =
     * ..., maxit = ...))} passed to {@code optim}.
     *
     * @param relativeTolerance the relative change of the objective that stops the search, in (0, 1)
     * @param maxIterations the most iterations, at least 1
     * @return new settings
     */
    public SurveyRegression withOptimControl(double relativeTolerance, int maxIterations) {
        if (!(relativeTolerance > 0 && relativeTolerance < 1)) {
            throw new IllegalArgumentException("relativeTolerance " + relativeTolerance + " is outside (0, 1)");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations " + maxIterations + " < 1");
        }
        return new SurveyRegression(epsilon, this.maxIterations, relativeTolerance, maxIterations, confidenceLevel);
    }

    /**
     * Sets the level of {@link GlmFit#interval(String)}.
     *
     * @param level in (0, 1)
     * @return new settings
     */
    public SurveyRegression withConfidenceLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level " + level + " is outside (0, 1)");
        }
        return new SurveyRegression(epsilon, maxIterations, relativeTolerance, optimMaxIterations, level);
    }

    /**
     * A design-based GLM over the whole sample, R's {@code svyglm(y ~ terms, design, family)}.
     *
     * @param design the design
     * @param family the family
     * @param outcome the outcome's name (for messages and the model's description)
     * @param y the outcome per unit, {@code NaN} = missing; quasibinomial: 0/1 or a proportion in [0, 1]
     * @param terms the terms, one value per unit
     * @return the fit
     */
    public GlmFit glm(Design design, Family family, String outcome, double[] y, Terms terms) {
        return glm(design, family, outcome, y, terms, null);
    }

    /**
     * A design-based GLM in a domain, R's {@code svyglm(y ~ terms, subset(design, domain), family)}.
     *
     * @param design the design
     * @param family the family
     * @param outcome the outcome's name
     * @param y the outcome per unit, {@code NaN} = missing
     * @param terms the terms, one value per unit
     * @param domain whether each unit is in the domain, or {@code null} for all
     * @return the fit
     */
    public GlmFit glm(Design design, Family family, String outcome, double[] y, Terms terms, boolean[] domain) {
        Objects.requireNonNull(family, "family");
        boolean[] scope = scope(design, outcome, y, terms, domain);
        return fitGlm(design, family, outcome, y, terms, scope).fit;
    }

    /**
     * Predicted means of a factor's groups, R's {@code svypredmeans(svyglm(y ~ others, design),
     * ~factor)}, where {@code others} are the terms but the factor.
     *
     * @param design the design
     * @param family the family
     * @param outcome the outcome's name
     * @param y the outcome per unit, {@code NaN} = missing
     * @param terms the adjustment terms and the factor
     * @param factor the name of a factor term: the groups
     * @return the groups' predicted means
     */
    public PredictedMeans predictedMeans(Design design, Family family, String outcome, double[] y, Terms terms,
            String factor) {
        return predictedMeans(design, family, outcome, y, terms, factor, null);
    }

    /**
     * Predicted means of a factor's groups in a domain, R's {@code svypredmeans(svyglm(y ~ others,
     * subset(design, domain)), ~factor)}. The predictions are made for every row of the domain
     * with the outcome and the other terms present (the adjustment model's rows); rows missing the
     * factor only leave the fit.
     *
     * @param design the design
     * @param family the family
     * @param outcome the outcome's name
     * @param y the outcome per unit, {@code NaN} = missing
     * @param terms the adjustment terms and the factor
     * @param factor the name of a factor term: the groups
     * @param domain whether each unit is in the domain, or {@code null} for all
     * @return the groups' predicted means
     * @throws IllegalArgumentException if {@code factor} is not a factor term
     */
    public PredictedMeans predictedMeans(Design design, Family family, String outcome, double[] y, Terms terms,
            String factor, boolean[] domain) {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(factor, "factor");
        boolean[] scope = scope(design, outcome, y, terms, domain);
        int t = terms.indexOf(factor);
        if (t < 0 || !terms.terms().get(t).isFactor()) {
            throw new IllegalArgumentException(factor + " is not a factor term of the model; its terms are " + terms.names());
        }
        // the adjustment model's rows (R: adjustmodel$survey.design, after na.omit)
        List<Terms.Term> ts = terms.terms();
        int n = design.size();
        for (int i = 0; i < n; i++) {
            if (scope[i]) {
                boolean complete = !Double.isNaN(y[i]);
                for (int k = 0; k < ts.size() && complete; k++) {
                    complete = k == t || !ts.get(k).missing(i);
                }
                scope[i] = complete;
            }
        }
        Glm g = fitGlm(design, family, outcome, y, terms, scope);
        ModelMatrix mm = g.matrix;
        int[] levels = mm.presentLevels(t).stream().mapToInt(Integer::intValue).toArray();
        List<String> groups = new ArrayList<>();
        for (int l : levels) {
            groups.add(ts.get(t).levels.get(l));
        }
        int groupCount = levels.length;
        int[] rows = indexes(scope);
        int m = rows.length;
        int p = mm.columns();
        double[] w = new double[m];
        double sumW = 0;
        for (int r = 0; r < m; r++) {
            w[r] = design.weight(rows[r]);
            sumW += w[r];
        }
        double[][] fits = new double[groupCount][m];
        double[][] gradient = new double[p][groupCount];
        double[] means = new double[groupCount];
        double[] xr = new double[p];
        double[] beta = g.coefficients;
        for (int k = 0; k < groupCount; k++) {
            double[] dg = new double[p];
            double sum = 0;
            for (int r = 0; r < m; r++) {
                mm.row(rows[r], t, levels[k], xr);
                double eta = 0;
                for (int j = 0; j < p; j++) {
                    eta += xr[j] * beta[j];
                }
                double mu = family.linkInverse(eta);
                fits[k][r] = mu;
                sum += w[r] * mu;
                double d = w[r] * family.muEta(eta);
                for (int j = 0; j < p; j++) {
                    dg[j] += d * xr[j];
                }
            }
            means[k] = sum / sumW;
            for (int j = 0; j < p; j++) {
                gradient[j][k] = dg[j] / sumW;
            }
        }
        double[][] conditional = meanCovariance(design, rows, w, fits, means, sumW);
        double[][] vb = g.covariance;
        double[][] cov = new double[groupCount][groupCount];
        for (int a = 0; a < groupCount; a++) {
            for (int b = 0; b < groupCount; b++) {
                double s = 0;
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        s += gradient[i][a] * vb[i][j] * gradient[j][b];
                    }
                }
                cov[a][b] = s + conditional[a][b];
            }
        }
        return new PredictedMeans(factor, groups, means, cov, g.fit);
    }

    /**
     * The covariance of the weighted means of {@code fits} over {@code rows}, R's
     * {@code vcov(svymean(fits, design))}: on a Taylor design the design covariance of the
     * influence values {@code w (fit - mean) / sum(w)}; on a replicate design the replicate
     * covariance of the means computed with each replicate's weights.
     */
    private static double[][] meanCovariance(Design design, int[] rows, double[] w, double[][] fits, double[] means,
            double total) {
        int groupCount = means.length;
        int m = rows.length;
        if (design instanceof ReplicateDesign) {
            ReplicateDesign rd = (ReplicateDesign) design;
            int reps = rd.replicates();
            double[][] thetas = new double[groupCount][reps];
            for (int rep = 0; rep < reps; rep++) {
                double sw = 0;
                double[] swf = new double[groupCount];
                for (int r = 0; r < m; r++) {
                    double wr = rd.replicateWeight(rows[r], rep);
                    sw += wr;
                    for (int k = 0; k < groupCount; k++) {
                        swf[k] += wr * fits[k][r];
                    }
                }
                for (int k = 0; k < groupCount; k++) {
                    thetas[k][rep] = swf[k] / sw;
                }
            }
            return rd.replicateCovariance(thetas, means);
        }
        // svymean(fits, design): influence w (fit - mean) / sum(w) on the model's rows
        return design.totalCovariance(groupCount, (from, to, out) -> {
            java.util.Arrays.fill(out, 0, (to - from) * groupCount, 0);
            int r = java.util.Arrays.binarySearch(rows, from);
            if (r < 0) {
                r = -r - 1;
            }
            for (; r < m && rows[r] < to; r++) {
                int o = (rows[r] - from) * groupCount;
                for (int k = 0; k < groupCount; k++) {
                    out[o + k] = w[r] * (fits[k][r] - means[k]) / total;
                }
            }
        });
    }

    /**
     * A proportional-odds model of a rating over the whole sample, R's
     * {@code svyolr(factor(rating) ~ terms, design)}.
     *
     * @param design the design
     * @param rating a categorical variable whose categories, in order, are the rating's levels
     *     (e.g. {@code Variable.scale("q1", 1, 5)}); at least 3, every one answered
     * @param values the rating per unit, one of its categories or {@code NaN} = missing
     * @param terms the terms, one value per unit
     * @return the fit
     */
    public OrdinalFit ordinal(Design design, Variable rating, double[] values, Terms terms) {
        return ordinal(design, rating, values, terms, null);
    }

    /**
     * A proportional-odds model of a rating in a domain, R's
     * {@code svyolr(factor(rating) ~ terms, subset(design, domain))}. The fit is R's: starting
     * values from a quasibinomial {@code glm.fit} of {@code rating > K %/% 2} on the weights over
     * their mean, then {@code optim}'s BFGS on the weighted log-likelihood, the Hessian by
     * {@code optim}'s central differences of the gradient (step 1e-3), and the covariance
     * {@code svyrecvar} of the rows' scores times its inverse.
     *
     * @param design the design
     * @param rating a categorical variable whose categories, in order, are the rating's levels
     * @param values the rating per unit, one of its categories or {@code NaN} = missing
     * @param terms the terms, one value per unit
     * @param domain whether each unit is in the domain, or {@code null} for all
     * @return the fit
     * @throws IllegalArgumentException if the rating has fewer than 3 categories, a category has
     *     no answer among the rows used, or a value is not a category
     * @throws ArithmeticException if the search does not converge within the iterations
     */
    public OrdinalFit ordinal(Design design, Variable rating, double[] values, Terms terms, boolean[] domain) {
        Objects.requireNonNull(rating, "rating");
        String name = rating.name();
        boolean[] scope = scope(design, name, values, terms, domain);
        if (design instanceof ReplicateDesign) {
            throw new IllegalArgumentException("svyolr on a replicate-weight design is not supported: R's svyolr refits"
                + " the model with each replicate's weights, which the linearisation here would not equal; fit on the"
                + " Taylor design (SurveyDesign) instead");
        }
        if (!rating.isCategorical()) {
            throw new IllegalArgumentException("rating " + name + " is numeric; svyolr needs an ordered categorical"
                + " variable (e.g. Variable.scale(\"" + name + "\", 1, 5))");
        }
        int categories = rating.categoryCount();
        if (categories < 3) {
            throw new IllegalArgumentException("rating " + name + " has " + categories
                + " categories; svyolr needs 3 or more (use glm with the quasibinomial family for two)");
        }
        String model = "svyolr(" + name + " " + terms + ")";
        int n = design.size();
        List<Terms.Term> ts = terms.terms();
        boolean[] used = new boolean[n];
        long excluded = 0;
        int[] code = new int[n];
        long inScope = 0;
        for (int i = 0; i < n; i++) {
            if (!scope[i]) {
                continue;
            }
            inScope++;
            boolean complete = !Double.isNaN(values[i]);
            if (complete) {
                code[i] = rating.codeOf(values[i]);
                if (code[i] < 0) {
                    throw new IllegalArgumentException("rating " + name + " is " + values[i] + " at row " + i
                        + "; its categories are " + java.util.Arrays.toString(rating.categories()) + " (NaN marks a missing answer)");
                }
            }
            for (int k = 0; k < ts.size() && complete; k++) {
                complete = !ts.get(k).missing(i);
            }
            used[i] = complete;
            if (!complete) {
                excluded++;
            }
        }
        if (inScope == excluded) {
            throw new IllegalArgumentException(model + ": no row " + (inScope == 0 ? "in the domain" : "without a missing value"));
        }
        ModelMatrix mm = ModelMatrix.of(terms, used, true);
        int m = mm.size();
        int[] y = new int[m];
        double[] wt = new double[m];
        long[] counts = new long[categories];
        double sumW = 0;
        for (int r = 0; r < m; r++) {
            y[r] = code[mm.rows[r]] + 1;
            counts[y[r] - 1]++;
            wt[r] = design.weight(mm.rows[r]);
            sumW += wt[r];
        }
        double[] levels = rating.categories();
        for (int k = 0; k < categories; k++) {
            if (counts[k] == 0) {
                throw new IllegalArgumentException("rating " + name + " category " + Terms.label(levels[k])
                    + " has no answer among the " + m + " rows used; svyolr cannot place its cut-points (R's optim"
                    + " fails or returns a meaningless fit). Leave the category out of the variable or merge it with a neighbour");
            }
        }
        int q = categories - 1;
        int p = mm.columns();
        int pc = p - 1;
        // starting values: glm.fit(X, y > q1, wt / mean(wt), family = quasibinomial())
        int q1 = categories / 2;
        double meanW = sumW / m;
        double[] y1 = new double[m];
        double[] pw = new double[m];
        for (int r = 0; r < m; r++) {
            y1[r] = y[r] > q1 ? 1 : 0;
            pw[r] = wt[r] / meanW;
        }
        Irls.Result start;
        try {
            start = Irls.fit(mm, y1, pw, Family.QUASIBINOMIAL, epsilon, maxIterations, model + " starting values");
        } catch (ArithmeticException e) {
            throw new ArithmeticException(model + ": the attempt to find suitable starting values failed: " + e.getMessage());
        }
        double[] coefs = start.coefficients();
        double[] spacing = new double[q];
        for (int k = 0; k < q; k++) {
            double pk = (k + 1.0) / (q + 1);
            spacing[k] = Math.log(pk / (1 - pk)) / 1.7; // R divides by 1.7 unless method == "logit", which never holds
        }
        double[] gammas = new double[q];
        for (int k = 0; k < q; k++) {
            gammas[k] = -coefs[0] + spacing[k] - spacing[q1 - 1];
        }
        double[] par = new double[pc + q];
        System.arraycopy(coefs, 1, par, 0, pc);
        par[pc] = gammas[0];
        for (int k = 1; k < q; k++) {
            par[pc + k] = Math.log(gammas[k] - gammas[k - 1]);
        }
        double[][] x = java.util.Arrays.copyOfRange(mm.dense(), 1, p);
        ProportionalOdds po = new ProportionalOdds(x, y, wt, categories);
        Vmmin.Result res = Vmmin.minimize(par, po, relativeTolerance, optimMaxIterations);
        if (!res.converged()) {
            throw new ArithmeticException(model + " did not converge in " + optimMaxIterations + " BFGS iterations (R's"
                + " svyolr returns convergence = 1); raise them with withOptimControl");
        }
        double[][] hessian = Vmmin.hessian(res.par(), po);
        for (double[] row : hessian) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new ArithmeticException(model + ": the Hessian at the estimate is not finite");
                }
            }
        }
        double[][] vc = Linear.inverse(hessian, model + ": the Hessian of the log-likelihood (the covariates may be"
            + " collinear or separate the categories)");
        double[] zeta = po.zeta(res.par());
        // A = diag with the jacobian of zeta in theta = (zeta_1, log(diff(zeta))) in the cut-point block
        double[][] a = new double[pc + q][pc + q];
        for (int j = 0; j < pc; j++) {
            a[j][j] = 1;
        }
        for (int r = 0; r < q; r++) {
            a[pc + r][pc] = 1;
            for (int c = 1; c <= r; c++) {
                a[pc + r][pc + c] = Math.exp(Math.log(zeta[c] - zeta[c - 1]));
            }
        }
        double[][] vm = Linear.sandwich(a, vc);
        double[][] cov = Sandwich.covariance(design, mm.rows, po.scoresAt(res.par()), vm);
        double[] estimates = new double[pc + q];
        System.arraycopy(res.par(), 0, estimates, 0, pc);
        System.arraycopy(zeta, 0, estimates, pc, q);
        List<String> names = new ArrayList<>(mm.names.subList(1, p));
        for (int k = 0; k < q; k++) {
            names.add(Terms.label(levels[k]) + "|" + Terms.label(levels[k + 1]));
        }
        int[] assign = new int[pc + q];
        java.util.Arrays.fill(assign, -1);
        System.arraycopy(mm.assign, 1, assign, 0, pc);
        int df = design.degreesOfFreedom(i -> used[i]) - pc;
        return new OrdinalFit(name, terms.names(), names, estimates, cov, assign, pc, df, m, excluded,
            2 * res.value() / meanW, res.functionCount(), res.gradientCount());
    }

    /** A fitted GLM with what predictions need. */
    private static final class Glm {
        final ModelMatrix matrix;
        final double[] coefficients;
        final double[][] covariance;
        final GlmFit fit;

        Glm(ModelMatrix matrix, double[] coefficients, double[][] covariance, GlmFit fit) {
            this.matrix = matrix;
            this.coefficients = coefficients;
            this.covariance = covariance;
            this.fit = fit;
        }
    }

    /**
     * Fits on the complete rows of {@code scope}, with the weights rescaled by their mean over
     * {@code scope} (the rows of the design R's svyglm is given).
     */
    private Glm fitGlm(Design design, Family family, String outcome, double[] y, Terms terms, boolean[] scope) {
        int n = design.size();
        String model = "svyglm(" + outcome + " " + terms + ", family = " + family.rName() + ")";
        double sumW = 0;
        long inScope = 0;
        boolean[] used = scope.clone();
        terms.clearIncomplete(used);
        long m = 0;
        boolean quasibinomial = family == Family.QUASIBINOMIAL;
        for (int i = 0; i < n; i++) {
            if (!scope[i]) {
                continue;
            }
            inScope++;
            sumW += design.weight(i);
            if (!used[i]) {
                continue;
            }
            if (Double.isNaN(y[i])) {
                used[i] = false;
                continue;
            }
            if (quasibinomial && !(y[i] >= 0 && y[i] <= 1)) {
                throw new IllegalArgumentException("outcome " + outcome + " is " + y[i] + " at row " + i
                    + "; the quasibinomial family needs 0 <= y <= 1 (a 0/1 outcome or a proportion)");
            }
            m++;
        }
        long excluded = inScope - m;
        if (m == 0) {
            throw new IllegalArgumentException(model + ": no row " + (inScope == 0 ? "in the domain" : "without a missing value"));
        }
        double meanW = sumW / inScope;
        ModelMatrix mm = ModelMatrix.of(terms, used, true);
        boolean every = m == n;
        // every row used: the outcome as given (the fit only reads it)
        double[] yy = every ? y : new double[(int) m];
        double[] pw = new double[(int) m];
        for (int r = 0; r < m; r++) {
            int i = mm.rows[r];
            if (!every) {
                yy[r] = y[i];
            }
            pw[r] = design.weight(i) / meanW;
        }
        Irls.Groups psus = null;
        if (!(design instanceof ReplicateDesign) && Sandwich.takesPsuTotals(design)) {
            // the sandwich's scores summed by PSU in the pass that computes the last residuals
            SurveyDesign clustered = (SurveyDesign) design;
            int[] rows = mm.rows;
            psus = new Irls.Groups(r -> clustered.psuIndex(rows[r]), clustered.psuCount());
        }
        Irls.Result res = Irls.fit(mm, yy, pw, family, epsilon, maxIterations, model, null, psus);
        int p = mm.columns();
        double[][] cov;
        int df;
        if (design instanceof ReplicateDesign) {
            ReplicateDesign rd = (ReplicateDesign) design;
            cov = replicateCovariance(rd, mm, yy, family, res.coefficients(), model);
            // R: degf of the design the fit is given (its subset, rows with missing values included)
            df = (inScope == n ? rd.degreesOfFreedom() : rd.degreesOfFreedom(i -> scope[i])) + 1 - p;
        } else {
            cov = coefficientCovariance(design, mm, res);
            df = (every ? design.degreesOfFreedom() : design.degreesOfFreedom(i -> used[i])) + 1 - p;
        }
        GlmFit fit = new GlmFit(family, outcome, terms.names(), mm.names, res.coefficients(), cov, mm.assign, df,
            confidenceLevel, m, excluded, res.iterations());
        return new Glm(mm, res.coefficients(), cov, fit);
    }

    /**
     * The replicate covariance of the coefficients, R's {@code svyglm.svyrep.design}: the model
     * refitted with each replicate's weights (over their sum on the used rows), starting from the
     * full-sample coefficients, then {@code svrVar} of the replicate coefficients.
     */
    private double[][] replicateCovariance(ReplicateDesign design, ModelMatrix mm, double[] y, Family family,
            double[] coefficients, String model) {
        int m = mm.size();
        int p = mm.columns();
        int reps = design.replicates();
        double[][] betas = new double[p][reps];
        double[] w = new double[m];
        for (int r = 0; r < reps; r++) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                w[i] = design.replicateWeight(mm.rows[i], r);
                sum += w[i];
            }
            if (!(sum > 0)) {
                throw new IllegalArgumentException(model + ": replicate " + (r + 1) + " gives every row of the fit weight 0;"
                    + " R's glm.fit cannot refit it");
            }
            for (int i = 0; i < m; i++) {
                w[i] /= sum;
            }
            double[] b = Irls.fit(mm, y, w, family, epsilon, maxIterations, model + " in replicate " + (r + 1),
                coefficients).coefficients();
            for (int j = 0; j < p; j++) {
                betas[j][r] = b[j];
            }
        }
        return design.replicateCovariance(betas, coefficients);
    }

    /**
     * The design-based covariance of the coefficients: R's {@code svy.varcoef} for a Taylor
     * design, the sandwich of the rows' scores {@code x_i r_i w_i} with the inverse of X'WX.
     */
    private static double[][] coefficientCovariance(Design design, ModelMatrix mm, Irls.Result res) {
        double[] residuals = res.workingResiduals();
        double[] weights = res.workingWeights();
        return Sandwich.covariance(design, mm.rows, (r, out, at) -> mm.addRowTimes(r, residuals[r] * weights[r], out, at),
            res.covUnscaled(), res.scoreTotals());
    }

    /** Checks the inputs; returns the domain (all rows when null) as a new array. */
    private static boolean[] scope(Design design, String outcome, double[] y, Terms terms, boolean[] domain) {
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(terms, "terms");
        int n = design.size();
        if (y.length != n) {
            throw new IllegalArgumentException("outcome " + outcome + " has " + y.length + " values; the design has " + n + " units");
        }
        if (terms.size() != n) {
            throw new IllegalArgumentException("the terms have " + terms.size() + " rows; the design has " + n + " units");
        }
        if (domain != null && domain.length != n) {
            throw new IllegalArgumentException("domain has " + domain.length + " values; the design has " + n + " units");
        }
        for (int i = 0; i < n; i++) {
            if (Double.isInfinite(y[i])) {
                throw new IllegalArgumentException("outcome " + outcome + " is " + y[i] + " at row " + i
                    + "; must be finite (NaN marks a missing value)");
            }
        }
        boolean[] scope = new boolean[n];
        for (int i = 0; i < n; i++) {
            scope[i] = domain == null || domain[i];
        }
        return scope;
    }

    private static int[] indexes(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            if (f) {
                c++;
            }
        }
        int[] out = new int[c];
        for (int i = 0, k = 0; i < flags.length; i++) {
            if (flags[i]) {
                out[k++] = i;
            }
        }
        return out;
    }
}
