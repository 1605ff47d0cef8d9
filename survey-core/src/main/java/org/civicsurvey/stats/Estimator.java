package org.civicsurvey.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Design-based estimates with Taylor-linearised standard errors, equal to R's {@code survey}
 * package: {@code svymean}, {@code svytotal}, {@code svyratio} (all {@code na.rm = TRUE}),
 * {@code svyby} for domains (the full design, not a subset), {@code svyciprop} for proportion
 * intervals and {@code svycontrast} for linear combinations ({@link EstimateSet}).
 *
 * <p>Two inputs give the same numbers: rows ({@link SurveyData}, any {@link Design}, including
 * two-stage and calibrated designs) and {@link SufficientStatistics} (one- and two-stage designs; fast,
 * mergeable, from memory or SQL). Immutable; configure with {@code withDefaults().with...}.
 * On a {@link ReplicateDesign} (rows, or mergeable {@link ReplicateSums}) every variance is the
 * replicate variance of R's {@code svrVar}, as R's estimators on a {@code svrepdesign}; quantiles
 * ({@link #quantile(SurveyData, String, double, Integer)}) work on both kinds of design.
 *
 * <p>Rules, defined once: exclusions ({@link Exclusion}) and missing values leave the
 * denominator and are counted. Means, totals and scored means get the interval
 * {@code value ± q · SE} with q the normal quantile (as R's {@code confint}) or, with
 * {@link #withDesignDegreesOfFreedom(boolean)}, Student's t with the design df. Proportions get
 * the {@link ProportionInterval} chosen (default {@link ProportionInterval#LOGIT}, as
 * {@code svyciprop}) with the design df for the whole sample and, for a domain, the domain's df
 * (see {@link #withFullDesignDfForDomainProportions(boolean)}); excluded answers keep their rows in
 * that design as R's {@code na.rm = TRUE} does, or leave it as R's {@code subset()}
 * ({@link #withExcludedAnswers(ExcludedAnswers)}). {@link Estimate#degreesOfFreedom()} is the df
 * the interval used. The design effect is R's {@code deff = TRUE}
 * (SRS without replacement) when the valid weights sum to more than the valid n, otherwise
 * R's {@code deff = "replace"}. With {@link LonelyPsu#AVERAGE}, statistics count the strata that
 * have valid answers in the domain (as R's {@code svyby}); rows count all strata of the design.
 */
public final class Estimator {
    /** The most per-PSU sums (over all statistics) the one-pass rows path keeps per core. */
    private static final long PSU_SUMS_LIMIT = 1 << 21;
    private static final Estimator DEFAULTS = new Estimator(0.95, ProportionInterval.LOGIT, false, false,
        ExcludedAnswers.NA_RM);

    private final double level;
    private final ProportionInterval proportionInterval;
    private final boolean designDf;
    private final boolean fullDesignDomainDf;
    private final ExcludedAnswers excludedAnswers;

    private Estimator(double level, ProportionInterval proportionInterval, boolean designDf, boolean fullDesignDomainDf,
                      ExcludedAnswers excludedAnswers) {
        this.level = level;
        this.proportionInterval = proportionInterval;
        this.designDf = designDf;
        this.fullDesignDomainDf = fullDesignDomainDf;
        this.excludedAnswers = excludedAnswers;
    }

    /** @return 95% intervals, logit intervals for proportions, normal quantiles for means */
    public static Estimator withDefaults() {
        return DEFAULTS;
    }

    /**
     * @param confidenceLevel in (0, 1), e.g. 0.90
     * @return a copy with that level
     */
    public Estimator withConfidenceLevel(double confidenceLevel) {
        ProportionInterval.checkLevel(confidenceLevel);
        return new Estimator(confidenceLevel, proportionInterval, designDf, fullDesignDomainDf, excludedAnswers);
    }

    /**
     * @param method the interval for proportions
     * @return a copy with that method
     */
    public Estimator withProportionInterval(ProportionInterval method) {
        return new Estimator(level, Objects.requireNonNull(method, "method"), designDf, fullDesignDomainDf, excludedAnswers);
    }

    /**
     * @param useT true for t quantiles with the design df in intervals of means, totals and
     *     combinations (R's {@code confint(..., df = degf(design))}); false for normal quantiles
     * @return a copy
     */
    public Estimator withDesignDegreesOfFreedom(boolean useT) {
        return new Estimator(level, proportionInterval, useT, fullDesignDomainDf, excludedAnswers);
    }

    /**
     * Which degrees of freedom the interval of a proportion in a domain uses (with the default
     * {@link ExcludedAnswers#NA_RM}; see {@link #withExcludedAnswers(ExcludedAnswers)}).
     *
     * <p>Default ({@code false}), as R's defaults: the domain's own df, {@code degf} of the domain's
     * subset design, i.e. the PSUs minus the strata that hold a row of the domain with positive
     * weight (whether or not it answered the item; unclustered: the domain's rows minus its strata).
     * That is what {@code svyby(~y, ~domain, design, svyciprop, method = ...)} and
     * {@code svyciprop(~y, subset(design, ...), method = ...)} use, since {@code svyciprop}'s
     * default {@code df = degf(design)} is evaluated on the subset (survey 4.1.1).
     *
     * <p>{@code true}: the full design's df for {@link ProportionInterval#LOGIT},
     * {@link ProportionInterval#ASIN} and {@link ProportionInterval#WALD}, as
     * {@code svyby(..., svyciprop, method = ..., df = degf(design))}.
     * {@link ProportionInterval#KORN_GRAUBARD} keeps the domain's df either way (R's {@code "beta"}
     * ignores {@code df}); {@link ProportionInterval#WILSON} uses the normal quantile, no df.
     * Estimates of the whole sample use the design df in both cases, and so do the intervals of
     * means, totals and combinations ({@link #withDesignDegreesOfFreedom(boolean)}).
     *
     * <p>Edge case: a domain whose df is 0 or less (all its rows in one PSU of one stratum; one row
     * when unclustered) has no t quantile (R gives {@code NaN}); its interval is [0, 1], except
     * {@code [p, p]} when p is 0 or 1 or the variance is 0, and Wilson's, which needs no df.
     *
     * @param fullDesign true for the full design's df, false (default) for the domain's df
     * @return a copy
     */
    public Estimator withFullDesignDfForDomainProportions(boolean fullDesign) {
        return new Estimator(level, proportionInterval, designDf, fullDesign, excludedAnswers);
    }

    /**
     * What excluded answers do to the design of an item's intervals: {@link ExcludedAnswers#NA_RM}
     * (default, R's {@code na.rm = TRUE}) or {@link ExcludedAnswers#SUBSET} (R's
     * {@code subset(design, !is.na(y))}). With {@code SUBSET}, "the full design" of
     * {@link #withFullDesignDfForDomainProportions(boolean)} is the valid answers' design.
     *
     * @param value the rule
     * @return a copy
     */
    public Estimator withExcludedAnswers(ExcludedAnswers value) {
        return new Estimator(level, proportionInterval, designDf, fullDesignDomainDf,
            Objects.requireNonNull(value, "excludedAnswers"));
    }

    /** @return what excluded answers do to the design of an item's intervals */
    public ExcludedAnswers excludedAnswers() {
        return excludedAnswers;
    }

    /** @return true when domain proportions use the full design's df ({@link #withFullDesignDfForDomainProportions(boolean)}) */
    public boolean fullDesignDfForDomainProportions() {
        return fullDesignDomainDf;
    }

    /** @return the confidence level */
    public double confidenceLevel() {
        return level;
    }

    /** @return the proportion interval method */
    public ProportionInterval proportionInterval() {
        return proportionInterval;
    }

    double meanQuantile(int df) {
        double q = 1 - (1 - level) / 2;
        return designDf ? ProportionInterval.tQuantile(q, df) : ProportionInterval.normalQuantile(q);
    }

    // ------------------------------------------------------------------ statistics path

    /**
     * @param stats sufficient statistics
     * @param statistic what to estimate
     * @return the estimate
     */
    public Estimate estimate(SufficientStatistics stats, Statistic statistic) {
        return estimate(stats, List.of(statistic)).get(0);
    }

    /**
     * Estimates several statistics jointly, with their covariance.
     *
     * @param stats sufficient statistics
     * @param statistics what to estimate (each possibly in its own domain)
     * @return the estimates
     */
    public EstimateSet estimate(SufficientStatistics stats, List<Statistic> statistics) {
        Objects.requireNonNull(stats, "stats");
        return estimate(stats, List.copyOf(statistics), null);
    }

    /** Estimates over the cells listed (null: all cells); statistics outside those cells see no data. */
    private EstimateSet estimate(SufficientStatistics stats, List<Statistic> list, int[] cellList) {
        int cellCount = cellList == null ? stats.cells : cellList.length;
        int k = list.size();
        Spec[] specs = new Spec[k];
        for (int s = 0; s < k; s++) {
            Statistic st = list.get(s);
            int j = stats.index(st.variable());
            specs[s] = new Spec(st, stats.variables().get(j), j);
        }
        // pass 1: values
        for (int ci = 0; ci < cellCount; ci++) {
            int c = cellList == null ? ci : cellList[ci];
            int d = stats.cellDomain[c];
            for (Spec sp : specs) {
                if (sp.matches(d)) {
                    sp.addCell(stats, c);
                }
            }
        }
        Map<Integer, Integer> dfByDomain = new TreeMap<>();
        for (Spec sp : specs) {
            sp.finish();
            if (excludedAnswers == ExcludedAnswers.SUBSET) {
                sp.designDf = validDegreesOfFreedom(stats, sp, null, false);
                sp.domainDf = sp.domain == null ? sp.designDf : validDegreesOfFreedom(stats, sp, cellList, true);
            } else {
                sp.designDf = stats.degreesOfFreedom();
                sp.domainDf = sp.domain == null ? sp.designDf
                    : dfByDomain.computeIfAbsent(sp.domain, d -> domainDegreesOfFreedom(stats, d, cellList));
            }
        }
        // pass 2: S and Q per stratum
        // strata (and PSUs) touched by these cells, renumbered locally so that a domain's work and
        // memory depend on its own cells only
        int[] local = new int[stats.strataCodes.length];
        int[] global = new int[stats.strataCodes.length];
        int strata = 0;
        if (cellList == null) {
            for (int h = 0; h < local.length; h++) {
                local[h] = h;
                global[h] = h;
            }
            strata = local.length;
        } else {
            Arrays.fill(local, -1);
            for (int c : cellList) {
                int h = stats.cellStratumIndex[c];
                if (local[h] < 0) {
                    local[h] = strata;
                    global[strata++] = h;
                }
            }
        }
        double[] sSum = new double[strata * k];
        double[] qSum = new double[strata * k * k];
        boolean[] present = new boolean[strata];
        boolean[][] known = new boolean[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                known[a][b] = stats.isClustered() || specs[a].variable == specs[b].variable
                    || specs[a].v.isCategorical() && specs[b].v.isCategorical() && stats.hasCrossProducts();
            }
        }
        int[] active = new int[k];
        if (stats.isClustered()) {
            int[] localPsu;
            int[] globalPsu;
            int psus;
            if (cellList == null) {
                psus = stats.psuStratumIndex.length;
                localPsu = null;
                globalPsu = null;
            } else {
                localPsu = new int[stats.psuStratumIndex.length];
                Arrays.fill(localPsu, -1);
                globalPsu = new int[cellList.length];
                psus = 0;
                for (int c : cellList) {
                    int p = stats.cellPsuIndex[c];
                    if (localPsu[p] < 0) {
                        localPsu[p] = psus;
                        globalPsu[psus++] = p;
                    }
                }
            }
            double[] t = new double[psus * k];
            boolean[] touched = new boolean[psus];
            for (int ci = 0; ci < cellCount; ci++) {
                int c = cellList == null ? ci : cellList[ci];
                int d = stats.cellDomain[c];
                int p = localPsu == null ? stats.cellPsuIndex[c] : localPsu[stats.cellPsuIndex[c]];
                for (int a = 0; a < k; a++) {
                    if (specs[a].defined && specs[a].matches(d)) {
                        t[p * k + a] += specs[a].linear(stats, c);
                        touched[p] = true;
                        if (specs[a].validIn(stats, c)) {
                            present[local[stats.cellStratumIndex[c]]] = true;
                        }
                    }
                }
            }
            for (int p = 0; p < psus; p++) {
                if (!touched[p]) {
                    continue;
                }
                int h = local[stats.psuStratumIndex[globalPsu == null ? p : globalPsu[p]]];
                int m = 0;
                for (int a = 0; a < k; a++) {
                    if (t[p * k + a] != 0) {
                        active[m++] = a;
                    }
                }
                for (int x = 0; x < m; x++) {
                    int a = active[x];
                    double ta = t[p * k + a];
                    sSum[h * k + a] += ta;
                    for (int y = x; y < m; y++) {
                        int b = active[y];
                        qSum[(h * k + a) * k + b] += ta * t[p * k + b];
                    }
                }
            }
        } else {
            for (int ci = 0; ci < cellCount; ci++) {
                int c = cellList == null ? ci : cellList[ci];
                int d = stats.cellDomain[c];
                int h = local[stats.cellStratumIndex[c]];
                int m = 0;
                for (int a = 0; a < k; a++) {
                    if (specs[a].defined && specs[a].matches(d)) {
                        active[m++] = a;
                        sSum[h * k + a] += specs[a].linear(stats, c);
                        if (specs[a].validIn(stats, c)) {
                            present[h] = true;
                        }
                    }
                }
                for (int x = 0; x < m; x++) {
                    int a = active[x];
                    for (int y = x; y < m; y++) {
                        int b = active[y];
                        if (known[a][b]) {
                            qSum[(h * k + a) * k + b] += quadratic(stats, c, specs[a], specs[b]);
                        }
                    }
                }
            }
        }
        double[][] cov = combine(stats, sSum, qSum, present, k, strata, global);
        if (stats.isTwoStage()) {
            double[] v = secondStage(stats, specs, cellList, k);
            for (int a = 0; a < k; a++) {
                for (int b = a; b < k; b++) {
                    cov[a][b] += v[a * k + b];
                    if (b != a) {
                        cov[b][a] += v[a * k + b];
                    }
                }
            }
        }
        return build(list, specs, cov, known, stats.degreesOfFreedom());
    }

    /**
     * The second stage of R's {@code svyrecvar} from SSU cells (upper triangle): for each PSU p of
     * stratum h with m sampled SSUs out of M, {@code (n_h/N_h) (1 - m/M) m/(m-1) sum_q (u_q - mean
     * u)(u_q - mean u)'} over its SSU totals {@code u_q} of the linearisation variables, SSUs
     * without cells here (other domains) having {@code u_q = 0}. A PSU with one SSU follows the
     * lonely-PSU policy as {@link SurveyDesign} does.
     */
    private static double[] secondStage(SufficientStatistics stats, Spec[] specs, int[] cellList, int k) {
        int cellCount = cellList == null ? stats.cells : cellList.length;
        int[] localSsu = new int[stats.ssuPsuIndex.length];
        Arrays.fill(localSsu, -1);
        int[] ssuPsu = new int[Math.min(cellCount, localSsu.length)]; // local SSU -> local PSU
        int[] localPsu = new int[stats.psuStratumIndex.length];
        Arrays.fill(localPsu, -1);
        int[] globalPsu = new int[Math.min(cellCount, localPsu.length)];
        int ssus = 0;
        int psus = 0;
        for (int ci = 0; ci < cellCount; ci++) {
            int c = cellList == null ? ci : cellList[ci];
            int q = stats.cellSsuIndex[c];
            if (localSsu[q] < 0) {
                int p = stats.cellPsuIndex[c];
                if (localPsu[p] < 0) {
                    localPsu[p] = psus;
                    globalPsu[psus++] = p;
                }
                localSsu[q] = ssus;
                ssuPsu[ssus++] = localPsu[p];
            }
        }
        double[] u = new double[ssus * k];
        for (int ci = 0; ci < cellCount; ci++) {
            int c = cellList == null ? ci : cellList[ci];
            int d = stats.cellDomain[c];
            int q = localSsu[stats.cellSsuIndex[c]];
            for (int a = 0; a < k; a++) {
                if (specs[a].defined && specs[a].matches(d)) {
                    u[q * k + a] += specs[a].linear(stats, c);
                }
            }
        }
        double[] mean = new double[psus * k];
        int[] seen = new int[psus];
        for (int q = 0; q < ssus; q++) {
            int p = ssuPsu[q];
            seen[p]++;
            for (int a = 0; a < k; a++) {
                mean[p * k + a] += u[q * k + a];
            }
        }
        double[] scale = new double[psus];
        for (int p = 0; p < psus; p++) {
            int g = globalPsu[p];
            int m = stats.ssusInPsu[g];
            double pop2 = stats.psuSsuPopulation[g];
            double f = pop2 == Double.POSITIVE_INFINITY ? 1 : (pop2 - m) / pop2;
            boolean certain = f < SurveyDesign.CERTAINTY_F;
            int h = stats.psuStratumIndex[g];
            Double pop1 = stats.stratumPopulations().get(stats.strataCodes[h]);
            double factor = pop1 == null || pop1 == Double.POSITIVE_INFINITY ? 0 : stats.psusInStratum[h] / pop1;
            boolean skip = certain || factor == 0;
            boolean centre = true;
            if (m == 1 && !certain) {
                String psu = "PSU " + stats.cellPsu[firstCell(stats, g)] + " (stratum " + stats.strataCodes[h] + ")";
                switch (stats.lonelyPsu()) {
                    case FAIL:
                        throw new IllegalStateException(psu + " has only one secondary unit at stage 2 (LonelyPsu.FAIL)");
                    case AVERAGE:
                        throw new IllegalStateException(psu + " has only one secondary unit at stage 2 and no other"
                            + " stage-2 stratum to average over (R gives NaN); use LonelyPsu.ADJUST, REMOVE or CERTAINTY");
                    case ADJUST:
                        centre = false;
                        break;
                    default:
                        skip = true;
                        break;
                }
            }
            scale[p] = skip ? 0 : (m > 1 ? f * m / (m - 1.0) : f) * factor;
            for (int a = 0; a < k; a++) {
                mean[p * k + a] = centre ? mean[p * k + a] / m : 0;
            }
        }
        double[] v = new double[k * k];
        double[] dev = new double[k];
        for (int q = 0; q < ssus; q++) {
            int p = ssuPsu[q];
            if (scale[p] == 0) {
                continue;
            }
            for (int a = 0; a < k; a++) {
                dev[a] = u[q * k + a] - mean[p * k + a];
            }
            SurveyDesign.addOuter(v, dev, scale[p], k);
        }
        // the PSU's SSUs without a cell here (other domains) have u = 0: each adds mean mean'
        for (int p = 0; p < psus; p++) {
            int absent = stats.ssusInPsu[globalPsu[p]] - seen[p];
            if (scale[p] != 0 && absent > 0) {
                System.arraycopy(mean, p * k, dev, 0, k);
                SurveyDesign.addOuter(v, dev, scale[p] * absent, k);
            }
        }
        return v;
    }

    /** A cell of PSU {@code psu} (index), for its code in messages. */
    private static int firstCell(SufficientStatistics stats, int psu) {
        for (int c = 0; c < stats.cells; c++) {
            if (stats.cellPsuIndex[c] == psu) {
                return c;
            }
        }
        throw new IllegalStateException("PSU index " + psu + " has no cell");
    }

    /** R's degf of the domain's subset: PSUs minus strata with a positive-weight row of the domain. */
    private static int domainDegreesOfFreedom(SufficientStatistics stats, int domain, int[] cellList) {
        boolean[] strata = new boolean[stats.strataCodes.length];
        boolean[] psus = stats.isTwoStage() ? new boolean[stats.psuStratumIndex.length] : null;
        int df = 0;
        int cellCount = cellList == null ? stats.cells : cellList.length;
        for (int ci = 0; ci < cellCount; ci++) {
            int c = cellList == null ? ci : cellList[ci];
            if (stats.cellDomain[c] == domain && stats.cellPositiveRows[c] > 0) {
                if (psus == null) {
                    df += stats.isClustered() ? 1 : (int) stats.cellPositiveRows[c]; // one cell per PSU and domain
                } else if (!psus[stats.cellPsuIndex[c]]) {
                    psus[stats.cellPsuIndex[c]] = true; // a PSU has a cell per SSU
                    df++;
                }
                if (!strata[stats.cellStratumIndex[c]]) {
                    strata[stats.cellStratumIndex[c]] = true;
                    df--;
                }
            }
        }
        return df;
    }

    /**
     * R's degf of the subset of rows with a valid answer to a statistic's variable (in its domain
     * when {@code inDomain}): PSUs minus strata holding such a row; unclustered, the valid answers
     * minus their strata.
     */
    private static int validDegreesOfFreedom(SufficientStatistics stats, Spec sp, int[] cellList, boolean inDomain) {
        boolean[] strata = new boolean[stats.strataCodes.length];
        boolean[] psus = new boolean[stats.psuStratumIndex.length];
        int df = 0;
        int cellCount = cellList == null ? stats.cells : cellList.length;
        for (int ci = 0; ci < cellCount; ci++) {
            int c = cellList == null ? ci : cellList[ci];
            if (inDomain && !sp.matches(stats.cellDomain[c])) {
                continue;
            }
            long valid = sp.validCount(stats, c);
            if (valid > 0) {
                if (!stats.isClustered()) {
                    df += (int) valid;
                } else if (!psus[stats.cellPsuIndex[c]]) {
                    psus[stats.cellPsuIndex[c]] = true;
                    df++;
                }
                if (!strata[stats.cellStratumIndex[c]]) {
                    strata[stats.cellStratumIndex[c]] = true;
                    df--;
                }
            }
        }
        return df;
    }

    private double[][] combine(SufficientStatistics stats, double[] sSum, double[] qSum, boolean[] present, int k,
                               int strata, int[] global) {
        double[] v = new double[k * k];
        int nstrat = 0;
        int ok = 0;
        for (int h = 0; h < strata; h++) {
            if (!present[h]) {
                continue;
            }
            nstrat++;
            double nh = stats.psusInStratum[global[h]];
            Double pop = stats.stratumPopulations().get(stats.strataCodes[global[h]]);
            double f = pop == null || pop == Double.POSITIVE_INFINITY ? 1 : (pop - nh) / pop;
            if (f < SurveyDesign.CERTAINTY_F) {
                ok++;
                continue;
            }
            boolean centre = true;
            double scale = f;
            if (nh > 1) {
                scale = f * nh / (nh - 1);
            } else {
                switch (stats.lonelyPsu()) {
                    case FAIL:
                        throw new IllegalStateException("stratum " + stats.strataCodes[global[h]] + " has only one PSU at stage 1"
                            + " (LonelyPsu.FAIL); choose another LonelyPsu policy or merge strata");
                    case AVERAGE:
                        continue;
                    case ADJUST:
                        centre = false;
                        break;
                    default:
                        ok++;
                        continue;
                }
            }
            ok++;
            for (int a = 0; a < k; a++) {
                for (int b = a; b < k; b++) {
                    double q = qSum[(h * k + a) * k + b];
                    if (centre) {
                        q -= sSum[h * k + a] * sSum[h * k + b] / nh;
                    }
                    v[a * k + b] += scale * q;
                }
            }
        }
        if (ok < nstrat) {
            if (ok == 0) {
                throw new IllegalStateException("every stratum has only one PSU; LonelyPsu.AVERAGE has no stratum to"
                    + " average over");
            }
            double factor = (double) nstrat / ok;
            for (int i = 0; i < v.length; i++) {
                v[i] *= factor;
            }
        }
        return SurveyDesign.symmetric(v, k);
    }

    private static double quadratic(SufficientStatistics stats, int c, Spec a, Spec b) {
        if (a.variable == b.variable) {
            double[] d = stats.data[a.variable];
            int base = c * stats.stride[a.variable];
            if (a.v.isCategorical()) {
                double q = 0;
                for (int i = 0; i < a.g.length; i++) {
                    q += a.g[i] * b.g[i] * d[base + 3 * i + 2];
                }
                return q;
            }
            return a.g[0] * b.g[0] * d[base + SufficientStatistics.W2]
                + (a.g[0] * b.g[1] + a.g[1] * b.g[0]) * d[base + SufficientStatistics.W2Y]
                + a.g[1] * b.g[1] * d[base + SufficientStatistics.W2Y2];
        }
        Spec first = a.variable < b.variable ? a : b;
        Spec second = first == a ? b : a;
        double[] x = stats.cross[stats.pairIndex[first.variable][second.variable]];
        int kb = second.g.length;
        int block = first.g.length * kb;
        int base = c * block;
        double q = 0;
        for (int i = 0; i < first.g.length; i++) {
            if (first.g[i] == 0) {
                continue;
            }
            double row = 0;
            for (int j = 0; j < kb; j++) {
                row += second.g[j] * x[base + i * kb + j];
            }
            q += first.g[i] * row;
        }
        return q;
    }

    /**
     * One statistic in every domain of the statistics (each with the full design, as {@code svyby}).
     *
     * @param stats sufficient statistics
     * @param statistic what to estimate (its own domain, if any, is ignored)
     * @return estimates by domain code, ascending
     */
    public Map<Integer, Estimate> byDomain(SufficientStatistics stats, Statistic statistic) {
        return firstOfEach(byDomain(stats, List.of(statistic)));
    }

    /**
     * Several statistics jointly within every domain (each with the full design, as {@code svyby}):
     * e.g. all items of an instrument per province, ready for per-province roll-ups. Cost is
     * linear in the number of cells.
     *
     * @param stats sufficient statistics
     * @param statistics what to estimate (their own domains, if any, are ignored)
     * @return per domain code, ascending, the joint estimates
     */
    public Map<Integer, EstimateSet> byDomain(SufficientStatistics stats, List<Statistic> statistics) {
        Objects.requireNonNull(stats, "stats");
        Map<Integer, List<Integer>> cellsByDomain = new TreeMap<>();
        for (int c = 0; c < stats.cells; c++) {
            cellsByDomain.computeIfAbsent(stats.cellDomain[c], x -> new ArrayList<>()).add(c);
        }
        Map<Integer, EstimateSet> out = new TreeMap<>();
        for (Map.Entry<Integer, List<Integer>> e : cellsByDomain.entrySet()) {
            List<Statistic> list = new ArrayList<>();
            for (Statistic st : statistics) {
                list.add(st.in(e.getKey()));
            }
            int[] cells = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            out.put(e.getKey(), estimate(stats, list, cells));
        }
        return out;
    }

    // ------------------------------------------------------------------ rows path

    /**
     * @param data rows over a design
     * @param statistic what to estimate
     * @return the estimate
     */
    public Estimate estimate(SurveyData data, Statistic statistic) {
        return estimate(data, List.of(statistic)).get(0);
    }

    /**
     * Estimates several statistics jointly from rows via {@link Design#totalCovariance(double[][])}.
     *
     * @param data rows over a design
     * @param statistics what to estimate
     * @return the estimates with their covariance
     */
    public EstimateSet estimate(SurveyData data, List<Statistic> statistics) {
        Objects.requireNonNull(data, "data");
        List<Statistic> list = List.copyOf(statistics);
        if (data.design() instanceof ReplicateDesign) {
            return ReplicateEstimation.fromRows(this, data, list);
        }
        int k = list.size();
        int n = data.size();
        Design design = data.design();
        double[] w = weightsOf(design);
        int[] domains = data.domainCodes();
        Spec[] specs = new Spec[k];
        Object[] columns = new Object[k];
        for (int s = 0; s < k; s++) {
            Statistic st = list.get(s);
            int j = data.index(st.variable());
            specs[s] = new Spec(st, data.variables().get(j), j);
            columns[s] = data.column(j);
        }
        // one-stage clustered designs: the linearisation variables' PSU totals are linear in each
        // statistic's per-PSU sums (Σw per category; Σw and Σwy), so the values pass collects those
        // and no second pass over the rows is needed
        SurveyDesign clustered = design instanceof SurveyDesign && ((SurveyDesign) design).isClustered()
            && !((SurveyDesign) design).hasSecondStage() ? (SurveyDesign) design : null;
        int[] psuOf = null;
        if (clustered != null) {
            long width = 0;
            for (Spec sp : specs) {
                width += sp.psuWidth();
            }
            if (width * clustered.psuCount() <= PSU_SUMS_LIMIT) {
                psuOf = clustered.psuIndexes();
                for (Spec sp : specs) {
                    sp.psuSums = new double[clustered.psuCount() * sp.psuWidth()];
                }
            }
        }
        sumRows(specs, columns, domains, w, psuOf, n);
        Map<Integer, Integer> dfByDomain = new TreeMap<>();
        for (int s = 0; s < k; s++) {
            Spec sp = specs[s];
            Object col = columns[s];
            sp.finish();
            if (excludedAnswers == ExcludedAnswers.SUBSET) {
                sp.designDf = design.degreesOfFreedom(i -> sp.isValid(col, i));
                sp.domainDf = sp.domain == null ? sp.designDf
                    : design.degreesOfFreedom(i -> sp.isValid(col, i) && sp.matches(domainOf(domains, i)));
            } else {
                sp.designDf = design.degreesOfFreedom();
                sp.domainDf = sp.domain == null ? sp.designDf
                    : dfByDomain.computeIfAbsent(sp.domain, d -> design.degreesOfFreedom(i -> domainOf(domains, i) == d));
            }
            if (sp.defined && proportionInterval == ProportionInterval.LIKELIHOOD
                && sp.statistic.kind() == Statistic.Kind.PROPORTION) {
                // replay the start of R's glm fit from the rows, with svyglm's rescaled weights
                sp.start = new LikelihoodInterval.Start();
                double meanW = designMeanWeight(sp);
                for (int i = 0; i < n; i++) {
                    if (sp.matches(domainOf(domains, i)) && sp.isValid(col, i)) {
                        sp.start.add(w[i] / meanW, sp.numerator(col, i));
                    }
                }
            }
        }
        // the linearisation variables, computed a block of rows at a time as the design reads them
        double[][] cov;
        if (psuOf != null) {
            int psus = clustered.psuCount();
            double[] t = new double[psus * k];
            for (int s = 0; s < k; s++) {
                specs[s].psuTotals(t, s, k, psus);
            }
            cov = clustered.covarianceOfPsuTotals(t, k);
        } else {
            cov = design.totalCovariance(k, (from, to, out) -> {
                for (int s = 0; s < k; s++) {
                    specs[s].influence(columns[s], domains, w, from, to, out, s, k);
                }
            });
        }
        boolean[][] known = new boolean[k][k];
        for (boolean[] row : known) {
            Arrays.fill(row, true);
        }
        return build(list, specs, cov, known, design.degreesOfFreedom());
    }

    /** The design's own weights when it lends them (no copy per call), else a copy. */
    private static double[] weightsOf(Design design) {
        return design instanceof SurveyDesign ? ((SurveyDesign) design).weightArray() : design.weights();
    }

    private static int domainOf(int[] domains, int row) {
        return domains == null ? 0 : domains[row];
    }

    /**
     * The values pass: every statistic's sums over the rows, in one pass over blocks of rows, with
     * one contiguous range of rows per core and the ranges' sums added at the end.
     */
    private static void sumRows(Spec[] specs, Object[] columns, int[] domains, double[] w, int[] psuOf, int n) {
        int block = InfluenceValues.BLOCK;
        int threads = RowRanges.count(n, 4 * block);
        Spec[][] parts = new Spec[threads][];
        parts[0] = specs;
        RowRanges.forEach(threads, r -> {
            Spec[] mine = r == 0 ? specs : new Spec[specs.length];
            if (r > 0) {
                for (int s = 0; s < specs.length; s++) {
                    mine[s] = specs[s].emptyCopy();
                }
                parts[r] = mine;
            }
            int to = RowRanges.start(n, r + 1, threads);
            for (int start = RowRanges.start(n, r, threads); start < to; start += block) {
                int end = Math.min(start + block, to);
                for (int s = 0; s < mine.length; s++) {
                    mine[s].addRows(columns[s], domains, w, psuOf, start, end);
                }
            }
        });
        for (int r = 1; r < threads; r++) {
            for (int s = 0; s < specs.length; s++) {
                specs[s].absorb(parts[r][s]);
            }
        }
        for (Spec sp : specs) {
            sp.settleRows();
        }
    }

    /**
     * One statistic in every domain of the rows.
     *
     * @param data rows with domain codes
     * @param statistic what to estimate
     * @return estimates by domain code, ascending
     */
    public Map<Integer, Estimate> byDomain(SurveyData data, Statistic statistic) {
        int[] codes = data.hasDomains() ? distinct(data.domainCodes()) : new int[] {0};
        List<Statistic> list = new ArrayList<>();
        for (int d : codes) {
            list.add(statistic.in(d));
        }
        EstimateSet set = estimate(data, list);
        Map<Integer, Estimate> out = new TreeMap<>();
        int i = 0;
        for (int d : codes) {
            out.put(d, set.get(i++));
        }
        return out;
    }

    /**
     * The ratio of two totals, {@code Σ w y / Σ w x} over rows where both are valid, as R's
     * {@code svyratio(~y, ~x, design, na.rm = TRUE)}; its design effect is R's
     * {@code deff(svytotal(r, design, deff = TRUE))} for the ratio's residual r.
     *
     * @param data rows
     * @param numerator numeric variable y
     * @param denominator numeric variable x
     * @param domain a domain code, or {@code null} for all rows
     * @return the ratio (undefined when Σ w x is 0)
     */
    public Estimate ratio(SurveyData data, String numerator, String denominator, Integer domain) {
        if (data.design() instanceof ReplicateDesign) {
            return ReplicateEstimation.ratio(this, data, numerator, denominator, domain);
        }
        int jy = data.index(numerator);
        int jx = data.index(denominator);
        Object cy = data.column(jy);
        Object cx = data.column(jx);
        if (!(cy instanceof double[]) || !(cx instanceof double[])) {
            throw new IllegalArgumentException("ratio needs two numeric variables: " + numerator + ", " + denominator);
        }
        double[] y = (double[]) cy;
        double[] x = (double[]) cx;
        Design design = data.design();
        double[] w = weightsOf(design);
        int n = w.length;
        double sy = 0;
        double sx = 0;
        double sw = 0;
        double sw2 = 0;
        long valid = 0;
        long missing = 0;
        for (int i = 0; i < n; i++) {
            if (domain != null && data.domain(i) != domain) {
                continue;
            }
            if (Double.isNaN(y[i]) || Double.isNaN(x[i])) {
                missing++;
                continue;
            }
            valid++;
            sy += w[i] * y[i];
            sx += w[i] * x[i];
            sw += w[i];
            sw2 += w[i] * w[i];
        }
        Exclusions ex = new Exclusions(0, 0, 0, missing, 0);
        int df = design.degreesOfFreedom();
        if (valid == 0 || sx == 0) {
            return undefined(valid, ex, df);
        }
        double r = sy / sx;
        double total = sx;
        int[] domains = data.domainCodes();
        IntPredicate member = i -> (domain == null || domainOf(domains, i) == domain) && !Double.isNaN(y[i])
            && !Double.isNaN(x[i]);
        double var = Math.max(0, design.totalCovariance(1, (from, to, out) -> {
            for (int i = from; i < to; i++) {
                out[i - from] = member.test(i) ? w[i] * ((y[i] - r * x[i]) / total) : 0;
            }
        })[0][0]);
        double se = Math.sqrt(var);
        // deff as svytotal(r): svyvar(r) * N^2 * (N - n) / (N n), N = Σw
        double mr = 0;
        for (int i = 0; i < n; i++) {
            if (member.test(i)) {
                mr += w[i] * ((y[i] - r * x[i]) / sx);
            }
        }
        mr /= sw;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            if (member.test(i)) {
                double resid = (y[i] - r * x[i]) / sx;
                ss += w[i] * (resid - mr) * (resid - mr);
            }
        }
        double deff = designEffect(var, ss, sw, valid, true);
        double q = meanQuantile(df);
        return new Estimate(r, se, r - q * se, r + q * se, level, df, valid, ex, deff, sw * sw / sw2);
    }

    /**
     * The distinct codes, ascending, without boxing: a flag per value when the codes span at most
     * 2^22 values (domain codes usually do), else a sorted copy.
     */
    static int[] distinct(int[] codes) {
        if (codes.length == 0) {
            return codes;
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int c : codes) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        if ((long) max - min < 1 << 22) {
            boolean[] seen = new boolean[max - min + 1];
            int count = 0;
            for (int c : codes) {
                if (!seen[c - min]) {
                    seen[c - min] = true;
                    count++;
                }
            }
            int[] out = new int[count];
            int i = 0;
            for (int x = 0; x < seen.length; x++) {
                if (seen[x]) {
                    out[i++] = x + min;
                }
            }
            return out;
        }
        return Arrays.stream(codes).sorted().distinct().toArray();
    }

    // ------------------------------------------------------------------ replicate designs and quantiles

    /**
     * A statistic from the mergeable sums of a replicate design ({@link ReplicateSums}), as R's
     * {@code svymean}, {@code svytotal} (and {@code svyciprop} for proportions) on a
     * {@code svrepdesign}.
     *
     * @param sums replicate sums
     * @param statistic what to estimate
     * @return the estimate
     */
    public Estimate estimate(ReplicateSums sums, Statistic statistic) {
        return estimate(sums, List.of(statistic)).get(0);
    }

    /**
     * Several statistics jointly from replicate sums, with the replicate covariance (R's
     * {@code svrVar} of their replicate estimates), so that {@link EstimateSet#linear(double[])}
     * equals R's {@code svycontrast}. Proportions in a domain use the domain's df when the sums
     * know it ({@link ReplicateSums}), else the design's.
     *
     * @param sums replicate sums
     * @param statistics what to estimate (each possibly in its own domain)
     * @return the estimates
     */
    public EstimateSet estimate(ReplicateSums sums, List<Statistic> statistics) {
        Objects.requireNonNull(sums, "sums");
        return ReplicateEstimation.estimate(this, sums, List.copyOf(statistics));
    }

    /**
     * One statistic in every domain of replicate sums, as R's {@code svyby} on a {@code svrepdesign}.
     *
     * @param sums replicate sums
     * @param statistic what to estimate (its own domain, if any, is ignored)
     * @return estimates by domain code, ascending
     */
    public Map<Integer, Estimate> byDomain(ReplicateSums sums, Statistic statistic) {
        return firstOfEach(byDomain(sums, List.of(statistic)));
    }

    /**
     * Several statistics jointly within every domain of replicate sums.
     *
     * @param sums replicate sums
     * @param statistics what to estimate (their own domains, if any, are ignored)
     * @return per domain code, ascending, the joint estimates
     */
    public Map<Integer, EstimateSet> byDomain(ReplicateSums sums, List<Statistic> statistics) {
        Objects.requireNonNull(sums, "sums");
        return ReplicateEstimation.byDomain(this, sums, List.copyOf(statistics));
    }

    /**
     * A quantile of a variable's valid answers with its interval, as R's
     * {@code svyquantile(~y, design, p, na.rm = TRUE)} with survey 4.1.1's defaults
     * ({@code qrule = "math"}, {@code interval.type = "mean"}: Woodruff's interval) on a Taylor or
     * replicate design: the quantile is the smallest value whose weighted share of valid answers at
     * or below it reaches p; the interval maps {@code p̂ ± t(df) · se(p̂)} of the share at or below
     * the quantile back through the same rule, with df R's {@code degf} of the valid answers' (and
     * the domain's) design; the standard error is the interval's width over {@code 2 t(df)}, as R
     * reports it. Where R's interval for the share leaves [0, 1] (R gives NaN) the bound is the
     * smallest or largest valid answer. The design effect is NaN.
     *
     * @param data rows
     * @param variable a numeric variable (or a categorical one, by its category values)
     * @param probability in (0, 1), e.g. 0.5 for the median
     * @param domain a domain code (R's {@code svyby} / {@code subset}), or {@code null} for all rows
     * @return the quantile; undefined with no valid answer of positive weight
     * @throws IllegalArgumentException when the probability is outside (0, 1)
     */
    public Estimate quantile(SurveyData data, String variable, double probability, Integer domain) {
        return Quantiles.quantile(this, data, variable, probability, domain);
    }

    // ------------------------------------------------------------------ shared

    private Estimate undefined(long valid, Exclusions ex, int df) {
        return new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, level, df, valid, ex, Double.NaN, Double.NaN);
    }

    /** The only estimate of each domain's set, by domain code. */
    private static Map<Integer, Estimate> firstOfEach(Map<Integer, EstimateSet> sets) {
        Map<Integer, Estimate> out = new TreeMap<>();
        sets.forEach((d, set) -> out.put(d, set.get(0)));
        return out;
    }

    /** R's deff: v / (svyvar * (N - n) / (N n)) for a mean, times N² for a total; "replace" when N &lt;= n. */
    static double designEffect(double var, double sumSquares, double sumW, long n, boolean total) {
        if (n < 2 || sumSquares <= 0) {
            return Double.NaN;
        }
        double svyvar = sumSquares / sumW * n / (n - 1.0);
        double vsrs = sumW > n ? svyvar * (sumW - n) / (sumW * n) : svyvar / n;
        if (total) {
            vsrs *= sumW * sumW;
        }
        return var / vsrs;
    }

    private EstimateSet build(List<Statistic> list, Spec[] specs, double[][] cov, boolean[][] known, int df) {
        List<Estimate> out = new ArrayList<>();
        double meanQ = meanQuantile(df);
        double tUpper = ProportionInterval.tQuantile(1 - (1 - level) / 2, df);
        for (int s = 0; s < specs.length; s++) {
            Spec sp = specs[s];
            Exclusions ex = Exclusions.of(sp.excluded);
            if (!sp.defined) {
                out.add(undefined(sp.validN, ex, df));
                continue;
            }
            double var = Math.max(0, cov[s][s]);
            double se = Math.sqrt(var);
            double value = sp.value;
            double lower;
            double upper;
            int ciDf = df;
            if (sp.statistic.kind() == Statistic.Kind.PROPORTION) {
                double p = Math.min(1, Math.max(0, value));
                // R's default: degf() of the domain's subset design for every method (svyciprop's
                // df = degf(design) on the subset); "beta" ignores df, so it keeps the domain's df always
                ciDf = fullDesignDomainDf && proportionInterval != ProportionInterval.KORN_GRAUBARD ? sp.designDf
                    : sp.domainDf;
                double[] ci;
                if (proportionInterval == ProportionInterval.LIKELIHOOD && p > 0 && p < 1 && var > 0 && ciDf >= 1
                    && sp.validN >= 2) {
                    double meanW = designMeanWeight(sp);
                    ci = LikelihoodInterval.interval(p, var, ciDf, level, sp.validN, sp.sumW / meanW,
                        sp.sumW / sp.validN / meanW, sp.start);
                } else {
                    long rows = excludedAnswers == ExcludedAnswers.SUBSET ? sp.validN : sp.rows;
                    ci = proportionInterval.interval(p, var, ciDf, rows, level, ciDf == df ? tUpper : Double.NaN);
                }
                lower = ci[0];
                upper = ci[1];
            } else {
                lower = value - meanQ * se;
                upper = value + meanQ * se;
            }
            double deff = designEffect(var, sp.sumSquares, sp.sumW, sp.validN, !sp.ratio);
            out.add(new Estimate(value, se, lower, upper, level, ciDf, sp.validN, ex, deff, sp.sumW * sp.sumW / sp.sumW2));
        }
        return new EstimateSet(list, out, cov, known, this, df);
    }

    /**
     * The mean weight of the rows of the design the likelihood interval is read from (R's
     * {@code svyglm} rescales its weights by it): all rows of the (domain's) design, or the valid
     * answers with {@link ExcludedAnswers#SUBSET}.
     */
    private double designMeanWeight(Spec sp) {
        return excludedAnswers == ExcludedAnswers.SUBSET ? sp.sumW / sp.validN : sp.designSumW / sp.rows;
    }

    /**
     * The numerator score of each category of a statistic's categorical variable: 1 for the
     * proportion's categories (0 for the others), the given scores of a scored mean, else the
     * category values; {@code null} for a numeric variable (which takes means and totals only).
     *
     * @throws IllegalArgumentException for a proportion's value that is not a category, scores that
     *     are not one per category, or a proportion or scored mean of a numeric variable
     */
    static double[] categoryScores(Statistic st, Variable v) {
        if (!v.isCategorical()) {
            if (st.kind() == Statistic.Kind.PROPORTION || st.kind() == Statistic.Kind.SCORED_MEAN) {
                throw new IllegalArgumentException(st.kind() + " needs a categorical variable; " + v.name()
                    + " is numeric");
            }
            return null;
        }
        int k = v.categoryCount();
        double[] num = new double[k];
        double[] vals = st.rawValues();
        switch (st.kind()) {
            case PROPORTION:
                for (double x : vals) {
                    int c = v.codeOf(x);
                    if (c < 0) {
                        throw new IllegalArgumentException(x + " is not a category of " + v);
                    }
                    num[c] = 1;
                }
                break;
            case SCORED_MEAN:
                if (vals.length != k) {
                    throw new IllegalArgumentException("scored mean of " + v.name() + " has " + vals.length
                        + " scores; the variable has " + k + " categories");
                }
                System.arraycopy(vals, 0, num, 0, k);
                break;
            default:
                for (int c = 0; c < k; c++) {
                    num[c] = v.category(c);
                }
        }
        return num;
    }

    /** Σ_c w_c (num_c − centre · den_c)²: a categorical statistic's weighted sum of squares about the centre. */
    static double categorySumSquares(double[] num, double[] den, double[] catW, double centre) {
        double ss = 0;
        for (int c = 0; c < num.length; c++) {
            double e = num[c] - centre * den[c];
            ss += catW[c] * e * e;
        }
        return ss;
    }

    /** One requested statistic: scores per category (or a + b y for numeric) for numerator and denominator. */
    private static final class Spec {
        final Statistic statistic;
        final Variable v;
        final int variable;
        final Integer domain;
        final boolean ratio;
        final double[] num;
        final double[] den;
        double[] g;
        double a;
        double b;
        double sumW;
        double sumW2;
        long validN;
        long rows;
        final long[] excluded = new long[SufficientStatistics.REASONS];
        // per-category / moment accumulators for the SRS variance
        final double[] catW;
        // the rows path's per-category answers and Σw² (the other sums follow from them, see settleRows)
        final long[] catN;
        final double[] catW2;
        // the one-pass rows path's sums per PSU (see psuWidth), or null
        double[] psuSums;
        double mW;
        double mWY;
        double mWY2;
        double value;
        double sumSquares;
        boolean defined;
        int domainDf;
        int designDf;
        double designSumW;
        LikelihoodInterval.Start start;

        Spec(Statistic st, Variable v, int variable) {
            this.statistic = st;
            this.v = v;
            this.variable = variable;
            this.domain = st.domainOrNull();
            this.ratio = st.kind() != Statistic.Kind.TOTAL;
            double[] scores = categoryScores(st, v);
            if (scores != null) {
                int k = scores.length;
                num = scores;
                den = new double[k];
                Arrays.fill(den, 1);
                catW = new double[k];
                catN = new long[k];
                catW2 = new double[k];
            } else {
                num = new double[] {0, 1};
                den = new double[] {1, 0};
                catW = null;
                catN = null;
                catW2 = null;
            }
        }

        boolean matches(int d) {
            return domain == null || domain == d;
        }

        void addCell(SufficientStatistics s, int c) {
            double[] d = s.data[variable];
            int base = c * s.stride[variable];
            rows += (long) s.cellRows[c];
            designSumW += s.cellSumW[c];
            if (v.isCategorical()) {
                for (int i = 0; i < num.length; i++) {
                    double cnt = d[base + 3 * i];
                    double w = d[base + 3 * i + 1];
                    validN += (long) cnt;
                    sumW += w;
                    sumW2 += d[base + 3 * i + 2];
                    a += num[i] * w;
                    b += den[i] * w;
                    catW[i] += w;
                }
            } else {
                validN += (long) d[base + SufficientStatistics.N];
                double w = d[base + SufficientStatistics.W];
                double wy = d[base + SufficientStatistics.WY];
                sumW += w;
                sumW2 += d[base + SufficientStatistics.W2];
                a += wy;
                b += w;
                mW += w;
                mWY += wy;
                mWY2 += d[base + SufficientStatistics.WY2];
            }
            int ex = base + SufficientStatistics.exclusionOffset(v);
            for (int r = 0; r < excluded.length; r++) {
                excluded[r] += (long) d[ex + r];
            }
        }

        Spec emptyCopy() {
            Spec copy = new Spec(statistic, v, variable);
            if (psuSums != null) {
                copy.psuSums = new double[psuSums.length];
            }
            return copy;
        }

        /** Sums per PSU the one-pass rows path keeps: Σw per category, or Σw and Σwy. */
        int psuWidth() {
            return v.isCategorical() ? num.length : 2;
        }

        /** Writes the PSU totals of {@code w g(y)} to column {@code s} of {@code t} (PSUs x k). */
        void psuTotals(double[] t, int s, int k, int psus) {
            if (!defined) {
                return;
            }
            int width = psuWidth();
            for (int p = 0; p < psus; p++) {
                double total = 0;
                for (int c = 0; c < width; c++) {
                    total += g[c] * psuSums[p * width + c];
                }
                t[p * k + s] = total;
            }
        }

        /** Adds another range's sums of the same statistic. */
        void absorb(Spec o) {
            rows += o.rows;
            designSumW += o.designSumW;
            validN += o.validN;
            sumW += o.sumW;
            sumW2 += o.sumW2;
            a += o.a;
            b += o.b;
            mW += o.mW;
            mWY += o.mWY;
            mWY2 += o.mWY2;
            if (catW != null) {
                for (int i = 0; i < catW.length; i++) {
                    catW[i] += o.catW[i];
                    catN[i] += o.catN[i];
                    catW2[i] += o.catW2[i];
                }
            }
            for (int r = 0; r < excluded.length; r++) {
                excluded[r] += o.excluded[r];
            }
            if (psuSums != null) {
                for (int x = 0; x < psuSums.length; x++) {
                    psuSums[x] += o.psuSums[x];
                }
            }
        }

        /**
         * The rows path's remaining sums from the ones its loops keep, once all rows are in: a
         * numeric variable's Σwy and Σw, a categorical one's from the per-category sums.
         */
        void settleRows() {
            if (catN == null) {
                a = mWY;
                b = sumW;
                mW = sumW;
                return;
            }
            for (int i = 0; i < num.length; i++) {
                validN += catN[i];
                sumW += catW[i];
                sumW2 += catW2[i];
                a += num[i] * catW[i];
                b += den[i] * catW[i];
            }
        }

        /**
         * Adds rows {@code from..to-1} of the statistic's domain (categorical answers to the
         * per-category sums; call {@link #settleRows()} after the last rows).
         */
        void addRows(Object column, int[] domains, double[] w, int[] psuOf, int from, int to) {
            boolean all = domain == null || domains == null && domain == 0;
            if (!all && domains == null) {
                return; // a domain other than 0 in rows without domains: no rows
            }
            int d = all ? 0 : domain;
            if (v.isCategorical()) {
                byte[] codes = (byte[]) column;
                for (int i = from; i < to; i++) {
                    if (!all && domains[i] != d) {
                        continue;
                    }
                    double wi = w[i];
                    rows++;
                    designSumW += wi;
                    int code = codes[i];
                    if (code < 0) {
                        excluded[Exclusion.ofCode(code).ordinal()]++;
                        continue;
                    }
                    if (code >= num.length) {
                        throw new IllegalArgumentException("variable " + v.name() + " row " + i + ": code " + code
                            + " is outside the categories 0.." + (num.length - 1));
                    }
                    catN[code]++;
                    catW[code] += wi;
                    catW2[code] += wi * wi;
                    if (psuOf != null) {
                        psuSums[psuOf[i] * num.length + code] += wi;
                    }
                }
                return;
            }
            double[] values = (double[]) column;
            for (int i = from; i < to; i++) {
                if (!all && domains[i] != d) {
                    continue;
                }
                double wi = w[i];
                rows++;
                designSumW += wi;
                double y = values[i];
                if (y - y != 0) { // NaN or infinite
                    if (Double.isNaN(y)) {
                        excluded[Exclusion.MISSING.ordinal()]++;
                        continue;
                    }
                    throw new IllegalArgumentException("variable " + v.name() + " row " + i + " is " + y
                        + "; must be finite (NaN for missing)");
                }
                validN++;
                sumW += wi;
                sumW2 += wi * wi;
                mWY += wi * y;
                mWY2 += wi * y * y;
                if (psuOf != null) {
                    int p = 2 * psuOf[i];
                    psuSums[p] += wi;
                    psuSums[p + 1] += wi * y;
                }
            }
        }

        void finish() {
            if (validN == 0 || sumW <= 0 || (ratio && b == 0)) {
                defined = false;
                return;
            }
            defined = true;
            value = ratio ? a / b : a;
            double centre = ratio ? value : a / sumW; // svyvar centres at the mean of the numerator score
            g = new double[num.length];
            for (int i = 0; i < num.length; i++) {
                g[i] = ratio ? (num[i] - value * den[i]) / b : num[i];
            }
            if (v.isCategorical()) {
                sumSquares = categorySumSquares(num, den, catW, centre);
            } else {
                // Σ w (y - m)² = Σwy² - 2 m Σwy + m² Σw
                sumSquares = Math.max(0, mWY2 - 2 * centre * mWY + centre * centre * mW);
            }
        }

        /** Σ over the cell of z = w g(y). */
        double linear(SufficientStatistics s, int c) {
            double[] d = s.data[variable];
            int base = c * s.stride[variable];
            if (v.isCategorical()) {
                double t = 0;
                for (int i = 0; i < g.length; i++) {
                    t += g[i] * d[base + 3 * i + 1];
                }
                return t;
            }
            return g[0] * d[base + SufficientStatistics.W] + g[1] * d[base + SufficientStatistics.WY];
        }

        /** The valid answers in a cell. */
        long validCount(SufficientStatistics s, int c) {
            double[] d = s.data[variable];
            int base = c * s.stride[variable];
            if (v.isCategorical()) {
                long n = 0;
                for (int i = 0; i < num.length; i++) {
                    n += (long) d[base + 3 * i];
                }
                return n;
            }
            return (long) d[base + SufficientStatistics.N];
        }

        /** The numerator score of a valid row (1 or 0 for a proportion). */
        double numerator(Object column, int i) {
            return num[((byte[]) column)[i]];
        }

        /** Whether row i has a valid answer. */
        boolean isValid(Object column, int i) {
            if (v.isCategorical()) {
                return ((byte[]) column)[i] >= 0;
            }
            return !Double.isNaN(((double[]) column)[i]);
        }

        boolean validIn(SufficientStatistics s, int c) {
            double[] d = s.data[variable];
            int base = c * s.stride[variable];
            if (v.isCategorical()) {
                for (int i = 0; i < num.length; i++) {
                    if (d[base + 3 * i] > 0) {
                        return true;
                    }
                }
                return false;
            }
            return d[base + SufficientStatistics.N] > 0;
        }

        /**
         * Writes the linearisation variable {@code w g(y)} of rows {@code from..to-1} into column
         * {@code s} of a row-major block of {@code k} columns (0 outside the domain, for an
         * excluded answer, or for an undefined statistic).
         */
        void influence(Object column, int[] domains, double[] w, int from, int to, double[] out, int s, int k) {
            boolean all = domain == null || domains == null && domain == 0;
            if (!defined || !all && domains == null) {
                for (int i = from; i < to; i++) {
                    out[(i - from) * k + s] = 0;
                }
                return;
            }
            int d = all ? 0 : domain;
            if (v.isCategorical()) {
                byte[] codes = (byte[]) column;
                for (int i = from; i < to; i++) {
                    int code = codes[i];
                    out[(i - from) * k + s] = (all || domains[i] == d) && code >= 0 ? w[i] * g[code] : 0;
                }
                return;
            }
            double[] values = (double[]) column;
            for (int i = from; i < to; i++) {
                double y = values[i];
                out[(i - from) * k + s] = (all || domains[i] == d) && !Double.isNaN(y) ? w[i] * (g[0] + g[1] * y) : 0;
            }
        }
    }
}
