package org.civicsurvey.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A stratified one- or two-stage cluster design with finite population correction, the Java
 * counterpart of R's {@code svydesign(ids = ~psu + ssu, strata = ~stratum, fpc = ~fpc1 + fpc2,
 * weights = ~w, nest = ...)}; its {@link #totalCovariance(double[][])} is R's
 * {@code survey:::svyrecvar}.
 *
 * <p>Definitions (all as R's {@code survey} 4.1):
 * <ul>
 *   <li>No clusters: every unit is its own PSU. No strata: one stratum.</li>
 *   <li>{@code fpc} values per unit: all values {@code > 1} somewhere means population sizes (then
 *       every value must be {@code >= 1}); otherwise all are sampling fractions ({@code <= 1}) and
 *       the population size is (PSUs sampled in the stratum) / fraction. A fraction of 0 or a
 *       size of {@code +Infinity} means no correction. Mixing the two, a population smaller than
 *       the sample, a negative or NaN value is an {@link IllegalArgumentException}.</li>
 *   <li>Stage 1: stratum h with {@code n_h} PSUs and population {@code N_h} contributes
 *       {@code (1 - n_h/N_h) n_h/(n_h - 1) sum_p (t_p - mean t)(t_p - mean t)'} where {@code t_p}
 *       is the PSU total of z. A stratum where every unit has {@code 1 - n_h/N_h < 1e-7}
 *       contributes zero. A stratum with one PSU follows {@link LonelyPsu}.</li>
 *   <li>Stage 2 (only with second-stage clusters and second-stage fpc): each PSU is a stratum of
 *       its secondary units, and its variance is added multiplied by {@code n_h/N_h}.</li>
 *   <li>Without {@code nest}, a PSU id that appears in two strata is an error (R's
 *       "Clusters not nested in strata"); with {@code nest(true)} PSU ids are only unique within
 *       a stratum.</li>
 *   <li>Weights must be finite and {@code >= 0} with a positive sum; zero-weight units stay in the
 *       design (they count as sampled PSUs) but not in {@link #degreesOfFreedom()}.</li>
 * </ul>
 */
public final class SurveyDesign implements Design {
    static final double CERTAINTY_F = 1e-7;

    private final double[] weights;
    private final LonelyPsu lonelyPsu;
    // stage 1
    private final int strataCount;
    private final int[] stratumOf;      // unit -> stratum index
    private final int[] stratumCodes;   // stratum index -> caller's code
    private final int psuCount;
    private final int[] psuOf;          // unit -> psu index (null when unclustered: the identity)
    private final int[] psuCodes;       // psu index -> caller's code (null when unclustered: the unit index)
    private final int[] psuStratum;     // psu index -> stratum index (the stratumOf array when unclustered)
    private final int[] psuInStratum;   // stratum index -> number of PSUs
    private final double[] psuScale;    // psu index -> f * n/(n-1) (or f when n == 1); null: use stratumScale
    private final double[] stratumScale; // stratum -> scale of its first PSU
    private final boolean[] stratumCertain;
    private final double[] stratumPopulation; // stratum -> N_h of its first unit (+Inf without fpc)
    private final boolean clustered;
    private final boolean hasFpc;
    private final boolean fpcConstantWithinStrata;
    // stage 2 (null when absent)
    private final int[] ssuOf;
    private final int[] ssuCodes;       // ssu index -> caller's code
    private final int[] ssuPsu;
    private final int[] ssuInPsu;
    private final double[] ssuScale;
    private final boolean[] psuCertain2;
    private final double[] stage2Factor;
    private final double[] stage2Population; // psu index -> M of its first unit
    private final boolean fpc2ConstantWithinPsus;
    private final int degreesOfFreedom;

    private SurveyDesign(Builder b, double[] weights) {
        int n = weights.length;
        this.weights = weights;
        this.lonelyPsu = b.lonelyPsu;
        // strata
        int[] strata = b.strata == null ? new int[n] : b.strata;
        Map<Integer, Integer> sIdx = new HashMap<>();
        stratumOf = new int[n];
        int[] sCodes = new int[Math.min(n, 16)];
        for (int i = 0; i < n; i++) {
            Integer h = sIdx.get(strata[i]);
            if (h == null) {
                h = sIdx.size();
                sIdx.put(strata[i], h);
                if (h == sCodes.length) {
                    sCodes = Arrays.copyOf(sCodes, 2 * h);
                }
                sCodes[h] = strata[i];
            }
            stratumOf[i] = h;
        }
        strataCount = sIdx.size();
        stratumCodes = Arrays.copyOf(sCodes, strataCount);
        // PSUs
        clustered = b.psu != null;
        int[] pStratum;
        int[] pCodes;
        if (!clustered) {
            psuCount = n;
            psuOf = null;
            pStratum = stratumOf;
            pCodes = null;
        } else {
            psuOf = new int[n];
            Map<Long, Integer> pIdx = new HashMap<>();
            Map<Integer, Integer> firstStratumOfCode = new HashMap<>();
            pStratum = new int[Math.min(n, 16)];
            pCodes = new int[pStratum.length];
            for (int i = 0; i < n; i++) {
                int code = b.psu[i];
                if (!b.nest) {
                    Integer prev = firstStratumOfCode.putIfAbsent(code, stratumOf[i]);
                    if (prev != null && prev != stratumOf[i]) {
                        throw new IllegalArgumentException("clusters not nested in strata: PSU " + code
                            + " appears in strata " + stratumCodes[prev] + " and " + stratumCodes[stratumOf[i]]
                            + " (unit " + i + "); use nest(true) if PSU ids are only unique within strata");
                    }
                }
                long key = b.nest ? ((long) stratumOf[i] << 32) | (code & 0xffffffffL) : code;
                Integer p = pIdx.get(key);
                if (p == null) {
                    p = pIdx.size();
                    pIdx.put(key, p);
                    if (p == pStratum.length) {
                        pStratum = Arrays.copyOf(pStratum, 2 * p);
                        pCodes = Arrays.copyOf(pCodes, 2 * p);
                    }
                    pStratum[p] = stratumOf[i];
                    pCodes[p] = code;
                }
                psuOf[i] = p;
            }
            psuCount = pIdx.size();
        }
        psuStratum = clustered ? Arrays.copyOf(pStratum, psuCount) : stratumOf;
        psuCodes = clustered ? Arrays.copyOf(pCodes, psuCount) : null;
        psuInStratum = new int[strataCount];
        for (int p = 0; p < psuCount; p++) {
            psuInStratum[psuStratum[p]]++;
        }
        // SSUs
        boolean stage2 = b.ssu != null && b.fpc2 != null;
        int[] ssuOfTmp = null;
        int[] ssuCodesTmp = null;
        int[] ssuPsuTmp = null;
        int[] ssuInPsuTmp = null;
        if (b.ssu != null) {
            Map<Long, Integer> qIdx = new HashMap<>();
            ssuOfTmp = new int[n];
            int[] qPsu = new int[Math.min(n, 16)];
            int[] qCodes = new int[qPsu.length];
            for (int i = 0; i < n; i++) {
                long key = ((long) psuIndex(i) << 32) | (b.ssu[i] & 0xffffffffL);
                Integer q = qIdx.get(key);
                if (q == null) {
                    q = qIdx.size();
                    qIdx.put(key, q);
                    if (q == qPsu.length) {
                        qPsu = Arrays.copyOf(qPsu, 2 * q);
                        qCodes = Arrays.copyOf(qCodes, 2 * q);
                    }
                    qPsu[q] = psuIndex(i);
                    qCodes[q] = b.ssu[i];
                }
                ssuOfTmp[i] = q;
            }
            ssuPsuTmp = Arrays.copyOf(qPsu, qIdx.size());
            ssuCodesTmp = Arrays.copyOf(qCodes, qIdx.size());
            ssuInPsuTmp = new int[psuCount];
            for (int psu : ssuPsuTmp) {
                ssuInPsuTmp[psu]++;
            }
        }
        // fpc
        hasFpc = b.fpc1 != null;
        boolean popSizes = false;
        if (hasFpc) {
            popSizes = fpcArePopulationSizes(b.fpc1, b.fpc2);
        }
        double[] scales = new double[psuCount];
        boolean[] stratumScaleSet = new boolean[strataCount];
        stratumScale = new double[strataCount];
        boolean scaleVaries = false;
        stratumCertain = new boolean[strataCount];
        stratumPopulation = new double[strataCount];
        Arrays.fill(stratumPopulation, Double.POSITIVE_INFINITY);
        double[] popsize1 = new double[n];
        Arrays.fill(popsize1, Double.POSITIVE_INFINITY);
        boolean[] seenPsu = new boolean[psuCount];
        boolean[] seenStratum = new boolean[strataCount];
        boolean constantFpc = true;
        Arrays.fill(stratumCertain, true);
        for (int i = 0; i < n; i++) {
            int h = stratumOf[i];
            int nh = psuInStratum[h];
            double f = 1;
            if (hasFpc) {
                popsize1[i] = population(b.fpc1[i], nh, popSizes, 1, i);
                f = fpcFactor(popsize1[i], nh);
            }
            if (f >= CERTAINTY_F) {
                stratumCertain[h] = false;
            }
            if (!seenStratum[h]) {
                seenStratum[h] = true;
                stratumPopulation[h] = popsize1[i];
            } else if (stratumPopulation[h] != popsize1[i]) {
                constantFpc = false;
            }
            int p = psuIndex(i);
            if (!seenPsu[p]) {
                seenPsu[p] = true;
                double scale = nh > 1 ? f * nh / (nh - 1.0) : f;
                scales[p] = scale;
                if (!stratumScaleSet[h]) {
                    stratumScaleSet[h] = true;
                    stratumScale[h] = scale;
                } else if (stratumScale[h] != scale) {
                    scaleVaries = true;
                }
            }
        }
        fpcConstantWithinStrata = constantFpc;
        psuScale = scaleVaries ? scales : null;
        if (stage2) {
            int s = ssuPsuTmp.length;
            ssuScale = new double[s];
            psuCertain2 = new boolean[psuCount];
            Arrays.fill(psuCertain2, true);
            stage2Factor = new double[psuCount];
            stage2Population = new double[psuCount];
            boolean constant2 = true;
            boolean[] seenSsu = new boolean[s];
            Arrays.fill(seenPsu, false);
            for (int i = 0; i < n; i++) {
                int p = psuIndex(i);
                int m = ssuInPsuTmp[p];
                double pop2 = population(b.fpc2[i], m, popSizes, 2, i);
                if (seenPsu[p] && stage2Population[p] != pop2) {
                    constant2 = false;
                }
                double f = fpcFactor(pop2, m);
                if (f >= CERTAINTY_F) {
                    psuCertain2[p] = false;
                }
                int q = ssuOfTmp[i];
                if (!seenSsu[q]) {
                    seenSsu[q] = true;
                    ssuScale[q] = m > 1 ? f * m / (m - 1.0) : f;
                }
                if (!seenPsu[p]) {
                    seenPsu[p] = true;
                    stage2Factor[p] = psuInStratum[stratumOf[i]] / popsize1[i];
                    stage2Population[p] = pop2;
                }
            }
            fpc2ConstantWithinPsus = constant2;
            ssuOf = ssuOfTmp;
            ssuCodes = ssuCodesTmp;
            ssuPsu = ssuPsuTmp;
            ssuInPsu = ssuInPsuTmp;
        } else {
            ssuOf = null;
            ssuCodes = null;
            ssuPsu = null;
            ssuInPsu = null;
            ssuScale = null;
            psuCertain2 = null;
            stage2Factor = null;
            stage2Population = null;
            fpc2ConstantWithinPsus = true;
        }
        degreesOfFreedom = computeDegreesOfFreedom();
    }

    private SurveyDesign(SurveyDesign base, double[] weights) {
        this.weights = weights;
        this.lonelyPsu = base.lonelyPsu;
        this.strataCount = base.strataCount;
        this.stratumOf = base.stratumOf;
        this.stratumCodes = base.stratumCodes;
        this.psuCount = base.psuCount;
        this.psuOf = base.psuOf;
        this.psuCodes = base.psuCodes;
        this.psuStratum = base.psuStratum;
        this.psuInStratum = base.psuInStratum;
        this.psuScale = base.psuScale;
        this.stratumScale = base.stratumScale;
        this.stratumCertain = base.stratumCertain;
        this.stratumPopulation = base.stratumPopulation;
        this.clustered = base.clustered;
        this.hasFpc = base.hasFpc;
        this.fpcConstantWithinStrata = base.fpcConstantWithinStrata;
        this.ssuOf = base.ssuOf;
        this.ssuCodes = base.ssuCodes;
        this.ssuPsu = base.ssuPsu;
        this.ssuInPsu = base.ssuInPsu;
        this.ssuScale = base.ssuScale;
        this.psuCertain2 = base.psuCertain2;
        this.stage2Factor = base.stage2Factor;
        this.stage2Population = base.stage2Population;
        this.fpc2ConstantWithinPsus = base.fpc2ConstantWithinPsus;
        this.degreesOfFreedom = computeDegreesOfFreedom();
    }

    @Override
    public int degreesOfFreedom(boolean[] member) {
        Objects.requireNonNull(member, "member");
        if (member.length != weights.length) {
            throw new IllegalArgumentException("member has length " + member.length + "; the design has "
                + weights.length + " units");
        }
        return computeDegreesOfFreedom(member);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the predicate once per unit; allocates one flag per PSU when clustered and none
     * otherwise.
     */
    @Override
    public int degreesOfFreedom(IntPredicate member) {
        Objects.requireNonNull(member, "member");
        boolean[] stratum = new boolean[strataCount];
        boolean[] psu = clustered ? new boolean[psuCount] : null;
        int psus = 0;
        int strata = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != 0 && member.test(i)) {
                if (psu == null) {
                    psus++;
                } else if (!psu[psuOf[i]]) {
                    psu[psuOf[i]] = true;
                    psus++;
                }
                if (!stratum[stratumOf[i]]) {
                    stratum[stratumOf[i]] = true;
                    strata++;
                }
            }
        }
        return psus - strata;
    }

    private int computeDegreesOfFreedom() {
        return computeDegreesOfFreedom(null);
    }

    private int computeDegreesOfFreedom(boolean[] member) {
        boolean[] psu = new boolean[psuCount];
        boolean[] stratum = new boolean[strataCount];
        int psus = 0;
        int strata = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != 0 && (member == null || member[i])) {
                int p = psuIndex(i);
                if (!psu[p]) {
                    psu[p] = true;
                    psus++;
                }
                if (!stratum[stratumOf[i]]) {
                    stratum[stratumOf[i]] = true;
                    strata++;
                }
            }
        }
        return psus - strata;
    }

    private static boolean fpcArePopulationSizes(double[] fpc1, double[] fpc2) {
        boolean anyAboveOne = false;
        boolean anyBelowOne = false;
        for (double[] fpc : fpc2 == null ? new double[][] {fpc1} : new double[][] {fpc1, fpc2}) {
            for (int i = 0; i < fpc.length; i++) {
                double v = fpc[i];
                if (Double.isNaN(v) || v < 0) {
                    throw new IllegalArgumentException("fpc[" + i + "] is " + v
                        + "; must be a population size >= 1 or a sampling fraction in [0, 1]");
                }
                anyAboveOne |= v > 1;
                anyBelowOne |= v < 1;
            }
        }
        if (anyAboveOne && anyBelowOne) {
            throw new IllegalArgumentException(
                "fpc mixes population sizes (> 1) and sampling fractions (< 1); must be all >= 1 or all <= 1");
        }
        return anyAboveOne;
    }

    private static double population(double fpc, int sampled, boolean popSizes, int stage, int unit) {
        double pop = popSizes ? fpc : sampled / fpc;
        if (pop < sampled) {
            throw new IllegalArgumentException("fpc at stage " + stage + " for unit " + unit + " implies population "
                + pop + " smaller than the " + sampled + " units sampled (sampling fraction > 100%)");
        }
        return pop;
    }

    private static double fpcFactor(double population, int sampled) {
        return population == Double.POSITIVE_INFINITY ? 1 : (population - sampled) / population;
    }

    /**
     * Starts a design with the given weights (copied).
     *
     * @param weights per-unit weights, finite, {@code >= 0}, with a positive sum
     * @return a builder
     */
    public static Builder builder(double[] weights) {
        Objects.requireNonNull(weights, "weights");
        return new Builder(checkWeights(weights.clone()));
    }

    /**
     * Starts a design whose weights follow from the population sizes (or sampling fractions) of
     * its stages, as R's {@code svydesign(id = ~psu + ssu, strata = ~stratum, fpc = ~fpc1 + fpc2)}
     * without weights: a unit's weight is the inverse of the product of its stages' sampling
     * fractions, {@code n_h / N_h} for the PSUs sampled in its stratum and {@code m / M} for the
     * second-stage units sampled in its PSU (sizes of 1 or less are fractions). Call
     * {@link Builder#fpc(double[])} or {@link Builder#fpc(double[], double[])} before
     * {@link Builder#build()}.
     *
     * @param units the number of units, {@code >= 1}
     * @return a builder
     */
    public static Builder fromPopulationSizes(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("units is " + units + "; must be >= 1");
        }
        double[] w = new double[units];
        Arrays.fill(w, 1);
        Builder b = new Builder(w);
        b.deriveWeights = true;
        return b;
    }

    /** R's weights(fpc): 1 / the product over stages of the sampled units over the population. */
    private static double[] weightsFromPopulationSizes(Builder b) {
        int n = b.weights.length;
        int[] strata = b.strata != null ? b.strata : new int[n];
        Map<Integer, Integer> stratumIndex = new HashMap<>();
        Map<Long, Integer> psuIndex = new HashMap<>();
        Map<Long, Integer> ssuIndex = new HashMap<>();
        int[] psuOf = new int[n];
        List<Integer> psuStratum = new ArrayList<>();
        List<Integer> ssuPsu = new ArrayList<>();
        int[] ssuOf = new int[n];
        for (int i = 0; i < n; i++) {
            int h = stratumIndex.computeIfAbsent(strata[i], k -> stratumIndex.size());
            long key = b.psu == null ? i : b.nest ? ((long) h << 32) | (b.psu[i] & 0xffffffffL) : b.psu[i];
            int p = psuIndex.computeIfAbsent(key, k -> psuIndex.size());
            if (p == psuStratum.size()) {
                psuStratum.add(h);
            }
            psuOf[i] = p;
            if (b.ssu != null) {
                int q = ssuIndex.computeIfAbsent(((long) p << 32) | (b.ssu[i] & 0xffffffffL), k -> ssuIndex.size());
                if (q == ssuPsu.size()) {
                    ssuPsu.add(p);
                }
                ssuOf[i] = q;
            }
        }
        int[] sampledPsus = new int[stratumIndex.size()];
        psuStratum.forEach(h -> sampledPsus[h]++);
        int[] sampledSsus = new int[psuIndex.size()];
        ssuPsu.forEach(p -> sampledSsus[p]++);
        boolean popSizes = fpcArePopulationSizes(b.fpc1, b.fpc2);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            int nh = sampledPsus[psuStratum.get(psuOf[i])];
            double f = nh / population(b.fpc1[i], nh, popSizes, 1, i);
            if (b.fpc2 != null) {
                int m = sampledSsus[psuOf[i]];
                f *= m / population(b.fpc2[i], m, popSizes, 2, i);
            }
            w[i] = 1 / f;
        }
        return w;
    }

    /**
     * A simple random sample with replacement of n units, each with weight 1 (no fpc).
     *
     * @param n number of units, {@code >= 1}
     * @return the design
     */
    public static SurveyDesign unweighted(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n is " + n + "; must be >= 1");
        }
        double[] w = new double[n];
        Arrays.fill(w, 1);
        return new Builder(w).build();
    }

    static double[] checkWeights(double[] w) {
        if (w.length == 0) {
            throw new IllegalArgumentException("weights is empty; a design needs at least one unit");
        }
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            double v = w[i];
            if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("weights[" + i + "] is " + v + "; must be finite and >= 0");
            }
            sum += v;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException("weights sum to " + sum + "; must be positive and finite");
        }
        return w;
    }

    /**
     * The same strata, clusters, fpc and lonely-PSU policy with new weights (for calibration).
     *
     * @param newWeights one weight per unit, finite, {@code >= 0}, positive sum
     * @return a new design
     */
    public SurveyDesign withWeights(double[] newWeights) {
        Objects.requireNonNull(newWeights, "newWeights");
        if (newWeights.length != weights.length) {
            throw new IllegalArgumentException("newWeights has length " + newWeights.length + "; the design has "
                + weights.length + " units");
        }
        return new SurveyDesign(this, checkWeights(newWeights.clone()));
    }

    @Override
    public int size() {
        return weights.length;
    }

    @Override
    public double weight(int unit) {
        return weights[unit];
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public int degreesOfFreedom() {
        return degreesOfFreedom;
    }

    /** @return the lonely-PSU policy */
    public LonelyPsu lonelyPsu() {
        return lonelyPsu;
    }

    /** @return the number of strata */
    public int strataCount() {
        return strataCount;
    }

    /** @return the number of primary sampling units (units when unclustered) */
    public int psuCount() {
        return psuCount;
    }

    /** @return whether PSUs were given (false: every unit is its own PSU) */
    public boolean isClustered() {
        return clustered;
    }

    /** @return whether the variance includes a second stage */
    public boolean hasSecondStage() {
        return ssuOf != null;
    }

    // ---- package-private views for the sufficient statistics -------------------------------
    int stratumIndex(int unit) {
        return stratumOf[unit];
    }

    int stratumCode(int stratum) {
        return stratumCodes[stratum];
    }

    /**
     * @param unit a unit index, {@code 0 <= unit < size()}
     * @return the index of the unit's PSU, {@code 0 <= index < psuCount()}, in the order
     *     {@link #covarianceOfPsuTotals(double[], int)} takes totals in (the unit itself when
     *     unclustered)
     */
    public int psuIndex(int unit) {
        return psuOf == null ? unit : psuOf[unit];
    }

    int psuCode(int psu) {
        return psuCodes == null ? psu : psuCodes[psu];
    }

    private double psuScale(int psu) {
        return psuScale == null ? stratumScale[psuStratum[psu]] : psuScale[psu];
    }

    double[] weightArray() {
        return weights;
    }

    int[] stratumIndexes() {
        return stratumOf;
    }

    /** The stratum index of a PSU (of a unit's own stratum when unclustered). */
    int psuStratumIndex(int psu) {
        return psuStratum[psu];
    }

    int[] psuIndexes() {
        return psuOf;
    }

    double stratumPopulation(int stratum) {
        return stratumPopulation[stratum];
    }

    boolean fpcConstantWithinStrata() {
        return fpcConstantWithinStrata;
    }

    boolean hasFpc() {
        return hasFpc;
    }

    // second stage (only when hasSecondStage())
    int[] ssuIndexes() {
        return ssuOf;
    }

    int ssuCount() {
        return ssuPsu.length;
    }

    int ssuPsuIndex(int ssu) {
        return ssuPsu[ssu];
    }

    int ssuCode(int ssu) {
        return ssuCodes[ssu];
    }

    /** A PSU's population of SSUs (R's second-stage fpc as a size; +Infinity for none). */
    double ssuPopulation(int psu) {
        return stage2Population[psu];
    }

    boolean fpc2ConstantWithinPsus() {
        return fpc2ConstantWithinPsus;
    }

    @Override
    public double[][] totalCovariance(double[][] z) {
        Objects.requireNonNull(z, "z");
        int k = z.length;
        int n = weights.length;
        for (int j = 0; j < k; j++) {
            Objects.requireNonNull(z[j], "z[" + j + "]");
            if (z[j].length != n) {
                throw new IllegalArgumentException("z[" + j + "] has length " + z[j].length + "; the design has " + n + " units");
            }
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(z[j][i])) {
                    throw new IllegalArgumentException("z[" + j + "][" + i + "] is " + z[j][i] + "; must be finite");
                }
            }
        }
        return totalCovariance(k, (from, to, out) -> {
            for (int i = from; i < to; i++) {
                int o = (i - from) * k;
                for (int j = 0; j < k; j++) {
                    out[o + j] = z[j][i];
                }
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One pass over the rows sums the values per PSU (and per SSU with a second stage), in
     * parallel ranges whose partial sums are added; unclustered, a first pass sums them per stratum
     * and a second adds the centred cross-products of the rows. Memory is O(PSUs x K) (unclustered:
     * O(strata x K + K²)), whatever the number of rows.
     *
     * @throws IllegalArgumentException if a value is not finite (naming the row and the total)
     */
    @Override
    public double[][] totalCovariance(int k, InfluenceValues z) {
        Objects.requireNonNull(z, "z");
        if (k < 1) {
            throw new IllegalArgumentException("k is " + k + "; need at least one total");
        }
        double[] v;
        if (clustered) {
            boolean stage2 = ssuOf != null;
            double[][] totals = stage2
                ? groupTotals(k, z, new int[][] {psuOf, ssuOf}, new int[] {psuCount, ssuPsu.length})
                : groupTotals(k, z, new int[][] {psuOf}, new int[] {psuCount});
            v = stageOne(totals[0], k);
            if (stage2) {
                addSecondStage(totals[1], v, k);
            }
        } else {
            v = unclusteredStageOne(k, z);
        }
        return symmetric(v, k);
    }

    /**
     * The K x K covariance of totals from their PSU totals the caller summed itself, for a
     * one-stage clustered design: {@link #totalCovariance(int, InfluenceValues)} of values z is
     * this of {@code t[p * k + j]} = the sum of {@code z[j]} over the units of PSU p (by
     * {@link #psuIndex(int)}), without a pass over the units.
     *
     * @param t {@code t[p * k + j]}: total j of PSU p, PSUs in this design's index order, finite
     * @param k the number of totals
     * @return the covariance matrix
     * @throws IllegalStateException if the design is unclustered or has a second stage
     * @throws IllegalArgumentException if k &lt; 1, t does not hold {@code psuCount() * k} values or
     *     one is not finite
     */
    public double[][] covarianceOfPsuTotals(double[] t, int k) {
        Objects.requireNonNull(t, "t");
        if (!clustered || ssuOf != null) {
            throw new IllegalStateException("PSU totals give the covariance of a one-stage clustered design only");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k is " + k + "; need at least one total");
        }
        if (t.length != (long) psuCount * k) {
            throw new IllegalArgumentException("t has " + t.length + " values; need psuCount() * k = " + psuCount + " * "
                + k + " = " + (long) psuCount * k);
        }
        for (int x = 0; x < t.length; x++) {
            if (!Double.isFinite(t[x])) {
                throw new IllegalArgumentException("the total " + (x % k) + " of PSU index " + (x / k) + " is " + t[x]
                    + "; must be finite");
            }
        }
        return symmetric(stageOne(t, k), k);
    }

    /** The k x k matrix whose upper triangle is {@code v[a * k + b]}, {@code a <= b}. */
    static double[][] symmetric(double[] v, int k) {
        double[][] out = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                out[a][b] = v[a * k + b];
                out[b][a] = v[a * k + b];
            }
        }
        return out;
    }

    /** The number of row ranges summed in parallel: one per core, unless the rows are few or the sums large. */
    private static int threads(int n, long cellsPerThread) {
        // each extra range holds its own sums: keep that below 32 MB
        int bySize = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (4L << 20) / Math.max(1, cellsPerThread)));
        return Math.min(RowRanges.count(n, 4 * InfluenceValues.BLOCK), bySize);
    }

    /** Rows per block: at most {@link InfluenceValues#BLOCK}, and few enough that a block of K values stays in cache. */
    private static int blockRows(int k) {
        return Math.max(64, Math.min(InfluenceValues.BLOCK, (1 << 14) / k));
    }

    private static void checkFinite(double[] block, int from, int to, int k) {
        for (int x = 0; x < (to - from) * k; x++) {
            if (!Double.isFinite(block[x])) {
                throw new IllegalArgumentException("the influence value of total " + (x % k) + " at row "
                    + (from + x / k) + " is " + block[x] + "; must be finite");
            }
        }
    }

    /** Sums z per group, for each grouping ({@code groupOf[g][row]} in {@code 0..groups[g]-1}), in one pass. */
    private double[][] groupTotals(int k, InfluenceValues z, int[][] groupOf, int[] groups) {
        int n = weights.length;
        long cells = 0;
        for (int g : groups) {
            cells += (long) g * k;
        }
        int threads = threads(n, cells);
        double[][][] part = new double[threads][][];
        RowRanges.forEach(threads, r -> {
            double[][] acc = new double[groupOf.length][];
            for (int g = 0; g < acc.length; g++) {
                acc[g] = new double[groups[g] * k];
            }
            int rows = blockRows(k);
            double[] block = new double[rows * k];
            int to = RowRanges.start(n, r + 1, threads);
            for (int start = RowRanges.start(n, r, threads); start < to; start += rows) {
                int end = Math.min(start + rows, to);
                z.fill(start, end, block);
                checkFinite(block, start, end, k);
                for (int g = 0; g < acc.length; g++) {
                    int[] of = groupOf[g];
                    double[] a = acc[g];
                    for (int i = start; i < end; i++) {
                        int base = of[i] * k;
                        int o = (i - start) * k;
                        for (int j = 0; j < k; j++) {
                            a[base + j] += block[o + j];
                        }
                    }
                }
            }
            part[r] = acc;
        });
        for (int r = 1; r < threads; r++) {
            for (int g = 0; g < groupOf.length; g++) {
                double[] dst = part[0][g];
                double[] src = part[r][g];
                for (int x = 0; x < dst.length; x++) {
                    dst[x] += src[x];
                }
            }
        }
        return part[0];
    }

    /**
     * Turns per-stratum sums into per-stratum centres ({@code mean}, in place) and applies the
     * lonely-PSU policy.
     *
     * @return the strata left out of the variance and averaged over ({@link LonelyPsu#AVERAGE})
     */
    private boolean[] centres(double[] mean, int k) {
        boolean[] missing = new boolean[strataCount];
        for (int h = 0; h < strataCount; h++) {
            int nh = psuInStratum[h];
            for (int j = 0; j < k; j++) {
                mean[h * k + j] /= nh;
            }
            if (nh == 1 && !stratumCertain[h]) {
                switch (lonelyPsu) {
                    case FAIL:
                        throw new IllegalStateException("stratum " + stratumCodes[h] + " has only one PSU at stage 1"
                            + " (LonelyPsu.FAIL); choose another LonelyPsu policy or merge strata");
                    case ADJUST:
                        Arrays.fill(mean, h * k, h * k + k, 0); // not centred
                        break;
                    case AVERAGE:
                        missing[h] = true;
                        break;
                    default:
                        break; // REMOVE, CERTAINTY: centred single PSU contributes zero
                }
            }
        }
        return missing;
    }

    /** Scales the covariance up for the strata that {@link LonelyPsu#AVERAGE} left out. */
    private void averageOverStrata(double[] v, boolean[] missing) {
        int ok = 0;
        for (boolean m : missing) {
            ok += m ? 0 : 1;
        }
        if (ok < strataCount) {
            if (ok == 0) {
                throw new IllegalStateException("every stratum has only one PSU at stage 1; LonelyPsu.AVERAGE has no"
                    + " stratum to average over");
            }
            double factor = (double) strataCount / ok;
            for (int j = 0; j < v.length; j++) {
                v[j] *= factor;
            }
        }
    }

    /** Stage-1 covariance from PSU totals {@code t[p * k + j]}. */
    private double[] stageOne(double[] t, int k) {
        double[] v = new double[k * k];
        double[] mean = new double[strataCount * k];
        for (int p = 0; p < psuCount; p++) {
            int h = psuStratum[p];
            for (int j = 0; j < k; j++) {
                mean[h * k + j] += t[p * k + j];
            }
        }
        boolean[] missing = centres(mean, k);
        double[] d = new double[k];
        for (int p = 0; p < psuCount; p++) {
            int h = psuStratum[p];
            if (stratumCertain[h] || missing[h]) {
                continue;
            }
            for (int j = 0; j < k; j++) {
                d[j] = t[p * k + j] - mean[h * k + j];
            }
            addOuter(v, d, psuScale(p), k);
        }
        averageOverStrata(v, missing);
        return v;
    }

    /** Stage-1 covariance when every row is its own PSU: stratum centres first, then the rows' centred products. */
    private double[] unclusteredStageOne(int k, InfluenceValues z) {
        int n = weights.length;
        double[] mean = groupTotals(k, z, new int[][] {stratumOf}, new int[] {strataCount})[0];
        boolean[] missing = centres(mean, k);
        int threads = threads(n, (long) k * k);
        double[][] part = new double[threads][];
        RowRanges.forEach(threads, r -> {
            double[] v = new double[k * k];
            int rows = blockRows(k);
            double[] block = new double[rows * k];
            double[] d = new double[k];
            int to = RowRanges.start(n, r + 1, threads);
            for (int start = RowRanges.start(n, r, threads); start < to; start += rows) {
                int end = Math.min(start + rows, to);
                z.fill(start, end, block);
                for (int i = start; i < end; i++) {
                    int h = stratumOf[i];
                    if (stratumCertain[h] || missing[h]) {
                        continue;
                    }
                    int o = (i - start) * k;
                    for (int j = 0; j < k; j++) {
                        d[j] = block[o + j] - mean[h * k + j];
                    }
                    addOuter(v, d, psuScale(i), k);
                }
            }
            part[r] = v;
        });
        double[] v = part[0];
        for (int r = 1; r < threads; r++) {
            for (int x = 0; x < v.length; x++) {
                v[x] += part[r][x];
            }
        }
        averageOverStrata(v, missing);
        return v;
    }

    private void addSecondStage(double[] u, double[] v, int k) {
        int s = ssuPsu.length;
        double[] mean = new double[psuCount * k];
        for (int q = 0; q < s; q++) {
            int p = ssuPsu[q];
            for (int j = 0; j < k; j++) {
                mean[p * k + j] += u[q * k + j];
            }
        }
        boolean[] skip = new boolean[psuCount];
        for (int p = 0; p < psuCount; p++) {
            int m = ssuInPsu[p];
            for (int j = 0; j < k; j++) {
                mean[p * k + j] /= m;
            }
            skip[p] = psuCertain2[p] || stage2Factor[p] == 0;
            if (m == 1 && !psuCertain2[p]) {
                switch (lonelyPsu) {
                    case FAIL:
                        throw new IllegalStateException("PSU " + psuCode(p) + " (stratum " + stratumCodes[psuStratum[p]]
                            + ") has only one secondary unit at stage 2 (LonelyPsu.FAIL)");
                    case AVERAGE:
                        throw new IllegalStateException("PSU " + psuCode(p) + " (stratum " + stratumCodes[psuStratum[p]]
                            + ") has only one secondary unit at stage 2 and no other stage-2 stratum to average"
                            + " over (R gives NaN); use LonelyPsu.ADJUST, REMOVE or CERTAINTY");
                    case ADJUST:
                        Arrays.fill(mean, p * k, p * k + k, 0);
                        break;
                    default:
                        skip[p] = true;
                        break;
                }
            }
        }
        double[] d = new double[k];
        for (int q = 0; q < s; q++) {
            int p = ssuPsu[q];
            if (skip[p]) {
                continue;
            }
            for (int j = 0; j < k; j++) {
                d[j] = u[q * k + j] - mean[p * k + j];
            }
            addOuter(v, d, ssuScale[q] * stage2Factor[p], k);
        }
    }

    /** Adds {@code scale d d'} to the upper triangle {@code v[a * k + b]}, {@code a <= b}. */
    static void addOuter(double[] v, double[] d, double scale, int k) {
        for (int a = 0; a < k; a++) {
            double da = d[a] * scale;
            if (da == 0) {
                continue;
            }
            int row = a * k;
            for (int b = a; b < k; b++) {
                v[row + b] += da * d[b];
            }
        }
    }

    @Override
    public String toString() {
        return "SurveyDesign[units=" + weights.length + ", strata=" + strataCount + ", psus=" + psuCount
            + (ssuOf != null ? ", ssus=" + ssuPsu.length : "") + ", fpc=" + hasFpc + ", lonelyPsu=" + lonelyPsu
            + ", df=" + degreesOfFreedom + "]";
    }

    /** Builds a {@link SurveyDesign}; every array has one entry per unit. */
    public static final class Builder {
        private final double[] weights;
        private int[] strata;
        private int[] psu;
        private int[] ssu;
        private double[] fpc1;
        private double[] fpc2;
        private LonelyPsu lonelyPsu = LonelyPsu.FAIL;
        private boolean nest;
        private boolean deriveWeights;

        private Builder(double[] weights) {
            this.weights = weights;
        }

        private int[] check(String name, int[] codes) {
            Objects.requireNonNull(codes, name);
            if (codes.length != weights.length) {
                throw new IllegalArgumentException(name + " has length " + codes.length + "; the design has "
                    + weights.length + " units");
            }
            return codes.clone();
        }

        private double[] check(String name, double[] values) {
            Objects.requireNonNull(values, name);
            if (values.length != weights.length) {
                throw new IllegalArgumentException(name + " has length " + values.length + "; the design has "
                    + weights.length + " units");
            }
            return values.clone();
        }

        /**
         * @param codes stratum code per unit (any ints)
         * @return this builder
         */
        public Builder strata(int[] codes) {
            this.strata = check("strata", codes);
            return this;
        }

        /**
         * One-stage clusters.
         *
         * @param psu primary sampling unit code per unit
         * @return this builder
         */
        public Builder clusters(int[] psu) {
            this.psu = check("psu", psu);
            this.ssu = null;
            return this;
        }

        /**
         * Two-stage clusters; the second stage enters the variance only with a second-stage fpc
         * (as R, where without fpc the variance is the ultimate-cluster one).
         *
         * @param psu primary sampling unit code per unit
         * @param ssu secondary sampling unit code per unit (unique within its PSU)
         * @return this builder
         */
        public Builder clusters(int[] psu, int[] ssu) {
            this.psu = check("psu", psu);
            this.ssu = check("ssu", ssu);
            return this;
        }

        /**
         * First-stage finite population correction, per unit: population sizes (values {@code > 1})
         * or sampling fractions ({@code <= 1}). With two-stage clusters and only this fpc, the
         * variance is the ultimate-cluster one with the first-stage fpc, as R's
         * {@code svydesign(id = ~psu, fpc = ~fpc1)} (R itself rejects {@code id = ~psu + ssu} with
         * a single fpc column).
         *
         * @param stage1 per-unit fpc of the first stage
         * @return this builder
         */
        public Builder fpc(double[] stage1) {
            this.fpc1 = check("fpc", stage1);
            this.fpc2 = null;
            return this;
        }

        /**
         * Finite population corrections at both stages (as R's {@code fpc = ~fpc1 + fpc2}).
         *
         * @param stage1 per-unit fpc of the first stage
         * @param stage2 per-unit fpc of the second stage
         * @return this builder
         */
        public Builder fpc(double[] stage1, double[] stage2) {
            this.fpc1 = check("fpc stage 1", stage1);
            this.fpc2 = check("fpc stage 2", stage2);
            return this;
        }

        /**
         * @param policy what to do with a stratum with one PSU (default {@link LonelyPsu#FAIL}, as R)
         * @return this builder
         */
        public Builder lonelyPsu(LonelyPsu policy) {
            this.lonelyPsu = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param nest true when PSU codes are only unique within strata (R's {@code nest = TRUE})
         * @return this builder
         */
        public Builder nest(boolean nest) {
            this.nest = nest;
            return this;
        }

        /**
         * @return the design
         * @throws IllegalArgumentException for clusters not nested in strata, inconsistent fpc, or a
         *     second-stage fpc without second-stage clusters
         */
        public SurveyDesign build() {
            if (fpc2 != null && ssu == null) {
                throw new IllegalArgumentException("a second-stage fpc needs second-stage clusters: call clusters(psu, ssu)");
            }
            if (deriveWeights) {
                if (fpc1 == null) {
                    throw new IllegalStateException("a design from population sizes needs them: call fpc(...) before build()");
                }
                return new SurveyDesign(this, checkWeights(weightsFromPopulationSizes(this)));
            }
            return new SurveyDesign(this, weights);
        }
    }
}
