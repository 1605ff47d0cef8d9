package org.civicsurvey.stats;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A replicate-weight design, as R's {@code svrepdesign} (survey 4.1.1): full-sample weights and R
 * sets of replicate weights; a statistic's variance is
 * {@code scale · Σ_r rscales_r (θ_r − c)²} over its replicate estimates θ_r (R's {@code svrVar}),
 * c the full-sample estimate when {@code mse} is true, otherwise the mean of the replicate
 * estimates with a positive {@code rscales}. A replicate whose estimate is undefined (its
 * denominator sums to 0, e.g. a jackknife replicate that deletes a domain's only PSU) is left out,
 * as R's {@code na.omit}.
 *
 * <p>Built from user-supplied replicate weights ({@link #builder(ReplicateType, double[], double[][])})
 * or converted from a Taylor {@link SurveyDesign} as R's {@code as.svrepdesign}: {@link #jackknife},
 * {@link #jk1}, {@link #jkn}, {@link #brr}, {@link #fay}, {@link #bootstrap}. Converted designs keep
 * one multiplier per PSU and replicate, so their memory grows with PSUs x replicates, not rows.
 *
 * <p>Estimate on it with {@link Estimator} from rows ({@link SurveyData}) or from mergeable
 * {@link ReplicateSums}: means, totals, proportions, scored means, ratios, domains and
 * quantiles equal R's {@code svymean}, {@code svytotal}, {@code svyratio}, {@code svyby},
 * {@code svyciprop} and {@code svyquantile} on the replicate design.
 * {@link #totalCovariance(double[][])} is the replicate covariance of totals of the given
 * per-row values ({@code svytotal} of {@code z / w}), so that code written for any {@link Design}
 * gets a replicate variance for linear statistics.
 */
public final class ReplicateDesign implements Design {
    /** R's tolerance in {@code degf(design)}: {@code qr(weights(design, "analysis"), tol = 1e-5)$rank - 1}. */
    private static final double RANK_TOLERANCE = 1e-5;

    private final double[] weights;
    private final int replicates;
    /** Multipliers (or, combined, the replicate weights) per unit, unit-major: {@code factors[u * R + r]}. */
    private final double[] factors;
    /** Row to unit (PSU of a converted design), or null: each row its own unit. */
    private final int[] unitOf;
    private final int units;
    private final boolean combined;
    private final ReplicateType type;
    private final double scale;
    private final double[] rscales;
    private final boolean mse;
    private final double rho;
    private volatile int degreesOfFreedom = Integer.MIN_VALUE;

    ReplicateDesign(double[] weights, double[] factors, int[] unitOf, int units, int replicates, boolean combined,
                    ReplicateType type, double scale, double[] rscales, boolean mse, double rho) {
        this.weights = weights;
        this.factors = factors;
        this.unitOf = unitOf;
        this.units = units;
        this.replicates = replicates;
        this.combined = combined;
        this.type = type;
        this.scale = scale;
        this.rscales = rscales;
        this.mse = mse;
        this.rho = rho;
    }

    /**
     * Starts a design from user-supplied replicate weights, as
     * {@code svrepdesign(repweights = replicateWeights, weights = weights, type = type)}.
     *
     * @param type the kind of replicates (sets the default scale and rscales, see {@link ReplicateType})
     * @param weights full-sample weights, one per row, finite, {@code >= 0}, positive sum
     * @param replicateWeights {@code [row][replicate]}: every row the same number of replicates
     *     ({@code >= 1}), finite and {@code >= 0}; replicate weights ({@code combinedWeights(true)},
     *     R's default) or multipliers of the full-sample weights
     * @return a builder
     */
    public static Builder builder(ReplicateType type, double[] weights, double[][] replicateWeights) {
        return new Builder(type, weights, replicateWeights);
    }

    /**
     * R's {@code as.svrepdesign(design)} ({@code type = "auto"}): {@link #jk1} for an
     * unstratified design, {@link #jkn} for a stratified one.
     *
     * @param design a Taylor design
     * @return the jackknife design
     */
    public static ReplicateDesign jackknife(SurveyDesign design) {
        return design.strataCount() == 1 ? jk1(design) : jkn(design);
    }

    /**
     * R's {@code as.svrepdesign(design, type = "JK1")}: one replicate per PSU with that PSU's
     * weight 0 and the others' multiplied by {@code n/(n − 1)}; {@code scale = f (n − 1)/n} with
     * {@code f = 1 − n/N} from the design's fpc (1 without). Second-stage fpc is dropped, as R does.
     *
     * @param design an unstratified design with at least 2 PSUs and one population size
     * @return the design
     */
    public static ReplicateDesign jk1(SurveyDesign design) {
        return ReplicateConversions.jk1(design);
    }

    /**
     * R's {@code as.svrepdesign(design, type = "JKn")}: per stratum h and PSU, a replicate with that
     * PSU's weight 0 and the stratum's other PSUs' multiplied by {@code n_h/(n_h − 1)};
     * {@code rscales = f_h (n_h − 1)/n_h}, {@code scale = 1}. Strata with one PSU follow the
     * design's {@link LonelyPsu} as R's {@code jknweights} (FAIL throws; REMOVE, CERTAINTY and
     * AVERAGE give them no replicate, AVERAGE also multiplies the scale by PSUs over replicates;
     * ADJUST gives them a replicate against all other strata). Certainty strata (fpc 0) get no
     * replicate.
     *
     * @param design a Taylor design
     * @return the design
     */
    public static ReplicateDesign jkn(SurveyDesign design) {
        return ReplicateConversions.jkn(design);
    }

    /**
     * R's {@code as.svrepdesign(design, type = "BRR")}: {@link #fay(SurveyDesign, double)} with ρ = 0.
     *
     * @param design a design with 2 PSUs per stratum (or an even number, split into pairs)
     * @return the design
     */
    public static ReplicateDesign brr(SurveyDesign design) {
        return fay(design, 0);
    }

    /**
     * R's {@code as.svrepdesign(design, type = "Fay", fay.rho = rho)} (BRR for ρ = 0), with R's
     * {@code brrweights}: strata (ordered by their codes as text, as R orders character strata)
     * with 2 PSUs form one pair each, strata with an even number of PSUs more than 2 are split into
     * consecutive pairs (R's {@code large = "split"}, listed before the 2-PSU strata); a stratum with
     * one PSU or an odd number above 2 is an error. Replicate i gives the PSU chosen by row
     * {@code 1 + pair} of R's Hadamard matrix ({@code survey:::hadamard(pairs)}) the multiplier
     * {@code 2 − ρ} and its partner ρ; {@code scale = 1/(R (1 − ρ)²)}. The fpc is dropped, as R does.
     *
     * @param design a stratified design
     * @param rho Fay's factor in [0, 1)
     * @return the design
     * @throws IllegalArgumentException also when R would use its stored 28 x 28 or 36 x 36
     *     Hadamard matrix, which must then be passed to {@link #fay(SurveyDesign, double, double[][])}
     */
    public static ReplicateDesign fay(SurveyDesign design, double rho) {
        return ReplicateConversions.brr(design, rho, null);
    }

    /**
     * {@link #fay(SurveyDesign, double)} with a caller's Hadamard matrix, read as R's
     * {@code brrweights(hadamard.matrix = H)} reads it: two distinct values, the value of
     * {@code H[0][0]} taken as 0 and the other as 1, one replicate per column, row
     * {@code 1 + pair} for each pair.
     *
     * @param design a stratified design
     * @param rho Fay's factor in [0, 1) (0: BRR)
     * @param hadamard a square Hadamard matrix with more rows than pairs
     * @return the design
     */
    public static ReplicateDesign fay(SurveyDesign design, double rho, double[][] hadamard) {
        Objects.requireNonNull(hadamard, "hadamard");
        return ReplicateConversions.brr(design, rho, hadamard);
    }

    /**
     * R's {@code as.svrepdesign(design, type = "bootstrap", replicates = R)} ({@code bootweights}):
     * in every replicate and stratum, {@code n_h} PSUs drawn with replacement (without a fpc) or
     * without replacement from the population of {@code N_h} units made of the sampled PSUs
     * repeated (with one), each PSU's multiplier the number of times it was drawn;
     * {@code scale = n̄/((n̄ − 1)(R − 1))} with n̄ the harmonic mean of PSUs per stratum. R's random
     * numbers cannot be reproduced: the draws come from {@link java.util.SplittableRandom} with
     * the seed, the same for the same seed.
     *
     * @param design a design whose strata have at least 2 PSUs
     * @param replicates the number of replicates, {@code >= 2}
     * @param seed the seed of the draws
     * @return the design
     */
    public static ReplicateDesign bootstrap(SurveyDesign design, int replicates, long seed) {
        return ReplicateConversions.bootstrap(design, replicates, seed);
    }

    /**
     * @param value true to centre replicate estimates at the full-sample estimate (R's {@code mse = TRUE})
     * @return the same design with that choice
     */
    public ReplicateDesign withMse(boolean value) {
        return new ReplicateDesign(weights, factors, unitOf, units, replicates, combined, type, scale, rscales, value, rho);
    }

    /** @return the kind of replicates */
    public ReplicateType type() {
        return type;
    }

    /** @return the number of replicates R */
    public int replicates() {
        return replicates;
    }

    /** @return the overall variance multiplier ({@code scale}) */
    public double scale() {
        return scale;
    }

    /** @return the per-replicate variance multipliers ({@code rscales}), a copy of length R */
    public double[] rscales() {
        return rscales.clone();
    }

    /** @return whether replicate estimates are centred at the full-sample estimate */
    public boolean mse() {
        return mse;
    }

    /** @return Fay's ρ (0 for BRR, NaN for the other types) */
    public double rho() {
        return rho;
    }

    /**
     * @param row a row index
     * @param replicate a replicate index, {@code 0 <= replicate < replicates()}
     * @return the row's weight in that replicate (R's {@code weights(design, "analysis")})
     */
    public double replicateWeight(int row, int replicate) {
        Objects.checkIndex(row, weights.length);
        Objects.checkIndex(replicate, replicates);
        return analysisWeight(row, replicate);
    }

    double analysisWeight(int row, int replicate) {
        double f = factors[unit(row) * replicates + replicate];
        return combined ? f : weights[row] * f;
    }

    /**
     * Writes row i's weight in every replicate into {@code out[0..R-1]}.
     */
    void analysisWeights(int row, double[] out) {
        int base = unit(row) * replicates;
        if (combined) {
            System.arraycopy(factors, base, out, 0, replicates);
        } else {
            double w = weights[row];
            for (int r = 0; r < replicates; r++) {
                out[r] = w * factors[base + r];
            }
        }
    }

    private int unit(int row) {
        return unitOf == null ? row : unitOf[row];
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

    double[] weightArray() {
        return weights;
    }

    /**
     * R's {@code degf(design)}: the rank of the replicate weights (rows x replicates, R's
     * {@code qr(..., tol = 1e-5)}) minus 1. Computed once, on first use.
     */
    @Override
    public int degreesOfFreedom() {
        int df = degreesOfFreedom;
        if (df == Integer.MIN_VALUE) {
            df = rankOf(null) - 1;
            degreesOfFreedom = df;
        }
        return df;
    }

    /** R's {@code degf(design[member, ])}: the rank of the members' replicate weights minus 1. */
    @Override
    public int degreesOfFreedom(boolean[] member) {
        Objects.requireNonNull(member, "member");
        if (member.length != weights.length) {
            throw new IllegalArgumentException("member has length " + member.length + "; the design has "
                + weights.length + " rows");
        }
        return rankOf(i -> member[i]) - 1;
    }

    @Override
    public int degreesOfFreedom(IntPredicate member) {
        Objects.requireNonNull(member, "member");
        return rankOf(member) - 1;
    }

    /**
     * The rank of the members' analysis weights. Rows of one unit are multiples of the unit's
     * multipliers, so the matrix has the same cross-product as the units' multipliers scaled by
     * the root of their rows' summed squared weights; the rank is found on that smaller matrix.
     */
    private int rankOf(IntPredicate member) {
        double[] ss = new double[units];
        int n = weights.length;
        for (int i = 0; i < n; i++) {
            if (member == null || member.test(i)) {
                double c = combined ? 1 : weights[i];
                ss[unit(i)] += c * c;
            }
        }
        int rows = 0;
        for (double s : ss) {
            rows += s > 0 ? 1 : 0;
        }
        double[] x = new double[rows * replicates];
        int row = 0;
        for (int u = 0; u < units; u++) {
            if (ss[u] > 0) {
                double s = Math.sqrt(ss[u]);
                for (int r = 0; r < replicates; r++) {
                    x[r * rows + row] = s * factors[u * replicates + r];
                }
                row++;
            }
        }
        return RankQr.rank(x, rows, replicates, RANK_TOLERANCE);
    }

    /**
     * The replicate covariance of the totals {@code Σ_i z[k][i]}: replicate r's total is
     * {@code Σ_i z[k][i] w_ri / w_i} (0 for rows with weight 0), as {@code svytotal(~I(z/w))}.
     */
    @Override
    public double[][] totalCovariance(double[][] z) {
        Objects.requireNonNull(z, "z");
        int k = z.length;
        int n = weights.length;
        double[][] thetas = new double[k][replicates];
        double[] full = new double[k];
        double[] a = new double[replicates];
        for (int j = 0; j < k; j++) {
            Objects.requireNonNull(z[j], "z[" + j + "]");
            if (z[j].length != n) {
                throw new IllegalArgumentException("z[" + j + "] has length " + z[j].length + "; the design has " + n + " units");
            }
        }
        for (int i = 0; i < n; i++) {
            if (weights[i] == 0) {
                continue;
            }
            analysisWeights(i, a);
            for (int j = 0; j < k; j++) {
                double v = z[j][i];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("z[" + j + "][" + i + "] is " + v + "; must be finite");
                }
                if (v == 0) {
                    continue;
                }
                full[j] += v;
                double y = v / weights[i];
                double[] t = thetas[j];
                for (int r = 0; r < replicates; r++) {
                    t[r] += a[r] * y;
                }
            }
        }
        return covariance(thetas, full);
    }

    /**
     * The replicate covariance of statistics from their replicate estimates, R's
     * {@code svrVar(thetas, scale, rscales, mse = mse, coef = full)}: {@code scale · Σ_r rscales_r
     * (θ_ar − c_a)(θ_br − c_b)}, c the full-sample estimates when {@link #mse()} is true, otherwise
     * the means of the replicate estimates with a positive rscales. A replicate whose estimate is
     * {@code NaN} is left out of every statistic, as R's {@code na.omit}. Use it for a statistic the design does not
     * estimate itself, computed once with each replicate's weights ({@link #replicateWeight}).
     *
     * @param replicateEstimates {@code [statistic][replicate]}: each row of length {@link #replicates()}
     * @param fullEstimates the full-sample estimate of each statistic
     * @return the covariance matrix, a new array
     * @throws IllegalArgumentException if a row has another length than {@link #replicates()} or the
     *     lengths of the two arguments differ
     */
    public double[][] replicateCovariance(double[][] replicateEstimates, double[] fullEstimates) {
        Objects.requireNonNull(replicateEstimates, "replicateEstimates");
        Objects.requireNonNull(fullEstimates, "fullEstimates");
        if (replicateEstimates.length != fullEstimates.length) {
            throw new IllegalArgumentException("replicateEstimates has " + replicateEstimates.length
                + " statistics; fullEstimates has " + fullEstimates.length);
        }
        for (int a = 0; a < replicateEstimates.length; a++) {
            Objects.requireNonNull(replicateEstimates[a], "replicateEstimates[" + a + "]");
            if (replicateEstimates[a].length != replicates) {
                throw new IllegalArgumentException("replicateEstimates[" + a + "] has " + replicateEstimates[a].length
                    + " replicates; the design has " + replicates);
            }
        }
        // R's na.omit drops a replicate from every statistic when one of its estimates is NaN
        double[][] thetas = new double[replicateEstimates.length][];
        for (int a = 0; a < thetas.length; a++) {
            thetas[a] = replicateEstimates[a].clone();
        }
        for (int r = 0; r < replicates; r++) {
            boolean missing = false;
            for (double[] t : thetas) {
                missing |= Double.isNaN(t[r]);
            }
            if (missing) {
                for (double[] t : thetas) {
                    t[r] = Double.NaN;
                }
            }
        }
        return covariance(thetas, fullEstimates);
    }

    /** R's {@code svrVar} of several statistics' replicate estimates {@code [statistic][replicate]}. */
    double[][] covariance(double[][] thetas, double[] full) {
        int k = thetas.length;
        double[][] cov = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                cov[a][b] = covariance(thetas[a], thetas[b], full[a], full[b]);
                cov[b][a] = cov[a][b];
            }
        }
        return cov;
    }

    double covariance(double[] ta, double[] tb, double fullA, double fullB) {
        return ReplicateSums.covariance(ta, tb, fullA, fullB, scale, rscales, mse);
    }

    @Override
    public String toString() {
        return "ReplicateDesign[" + type.rName() + ", rows=" + weights.length + ", replicates=" + replicates + ", scale="
            + scale + ", mse=" + mse + "]";
    }

    /** Options of a design from user-supplied replicate weights, with R's defaults. */
    public static final class Builder {
        private final ReplicateType type;
        private final double[] weights;
        private final double[][] replicateWeights;
        private final int replicates;
        private boolean combined = true;
        private Double scale;
        private double[] rscales;
        private boolean mse;
        private Double rho;

        Builder(ReplicateType type, double[] weights, double[][] replicateWeights) {
            this.type = Objects.requireNonNull(type, "type");
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(replicateWeights, "replicateWeights");
            this.weights = SurveyDesign.checkWeights(weights.clone());
            if (replicateWeights.length != weights.length) {
                throw new IllegalArgumentException("replicateWeights has " + replicateWeights.length
                    + " rows; weights has " + weights.length);
            }
            if (replicateWeights[0] == null || replicateWeights[0].length == 0) {
                throw new IllegalArgumentException("replicateWeights row 0 has no replicates; need at least 1");
            }
            this.replicates = replicateWeights[0].length;
            this.replicateWeights = replicateWeights;
            for (int i = 0; i < replicateWeights.length; i++) {
                double[] row = replicateWeights[i];
                if (row == null || row.length != replicates) {
                    throw new IllegalArgumentException("replicateWeights row " + i + " has "
                        + (row == null ? 0 : row.length) + " replicates; row 0 has " + replicates);
                }
                for (int r = 0; r < replicates; r++) {
                    if (!(row[r] >= 0) || row[r] == Double.POSITIVE_INFINITY) {
                        throw new IllegalArgumentException("replicateWeights[" + i + "][" + r + "] is " + row[r]
                            + "; must be finite and >= 0");
                    }
                }
            }
        }

        /**
         * @param value true (R's default) when the replicate weights include the sampling weights;
         *     false when they are multipliers of {@code weights}
         * @return this builder
         */
        public Builder combinedWeights(boolean value) {
            this.combined = value;
            return this;
        }

        /**
         * @param value the overall variance multiplier, positive and finite (not for BRR and FAY,
         *     whose scale R fixes)
         * @return this builder
         */
        public Builder scale(double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("scale is " + value + "; must be positive and finite");
            }
            if (type == ReplicateType.BRR || type == ReplicateType.FAY) {
                throw new IllegalArgumentException("type " + type.rName() + " sets its own scale (1/R"
                    + (type == ReplicateType.FAY ? " (1 - rho)^2" : "") + "); use type other for another scale");
            }
            this.scale = value;
            return this;
        }

        /**
         * @param values per-replicate variance multipliers: one value for every replicate or one per
         *     replicate, each finite and {@code >= 0}
         * @return this builder
         */
        public Builder rscales(double... values) {
            Objects.requireNonNull(values, "rscales");
            if (values.length != 1 && values.length != replicates) {
                throw new IllegalArgumentException("rscales has length " + values.length
                    + "; must be 1 or the number of replicates (" + replicates + ")");
            }
            for (int r = 0; r < values.length; r++) {
                if (!(values[r] >= 0) || values[r] == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("rscales[" + r + "] is " + values[r] + "; must be finite and >= 0");
                }
            }
            double[] full = new double[replicates];
            for (int r = 0; r < replicates; r++) {
                full[r] = values[values.length == 1 ? 0 : r];
            }
            this.rscales = full;
            return this;
        }

        /**
         * @param value true to centre replicate estimates at the full-sample estimate (R's
         *     {@code mse = TRUE}); default false, R's {@code getOption("survey.replicates.mse")}
         * @return this builder
         */
        public Builder mse(boolean value) {
            this.mse = value;
            return this;
        }

        /**
         * @param value Fay's ρ in [0, 1), required by and only for {@link ReplicateType#FAY}
         * @return this builder
         */
        public Builder rho(double value) {
            if (type != ReplicateType.FAY) {
                throw new IllegalArgumentException("rho is only for type Fay; this design is " + type.rName());
            }
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("rho is " + value + "; must be in [0, 1)");
            }
            this.rho = value;
            return this;
        }

        /**
         * @return the design, with R's default scale and rscales for its type where not given
         * @throws IllegalArgumentException when FAY has no rho, or JKN with combined weights has no rscales
         */
        public ReplicateDesign build() {
            int n = weights.length;
            int reps = replicates;
            double s;
            double[] rs = rscales;
            switch (type) {
                case BRR:
                    s = 1.0 / reps;
                    break;
                case FAY:
                    if (rho == null) {
                        throw new IllegalArgumentException("type Fay needs rho (R: \"With type='Fay' you must supply the correct rho\")");
                    }
                    s = 1 / (reps * (1 - rho) * (1 - rho));
                    break;
                case BOOTSTRAP:
                    if (reps < 2) {
                        throw new IllegalArgumentException("a bootstrap design needs at least 2 replicates; has " + reps);
                    }
                    s = scale != null ? scale : 1.0 / (reps - 1);
                    break;
                case JK1:
                    if (scale != null) {
                        s = scale;
                    } else if (combined) {
                        s = (reps - 1.0) / reps;
                    } else {
                        double max = 0;
                        for (double[] row : replicateWeights) {
                            max = Math.max(max, row[0]);
                        }
                        if (max == 0) {
                            throw new IllegalArgumentException("type JK1 without a scale guesses it from the largest"
                                + " multiplier of replicate 0, which is 0; give the scale");
                        }
                        s = 1 / max;
                    }
                    break;
                case JKN:
                    s = scale != null ? scale : 1;
                    if (rs == null) {
                        if (combined) {
                            throw new IllegalArgumentException("type JKn with combined weights needs rscales"
                                + " ((n_h - 1)/n_h for each replicate)");
                        }
                        rs = new double[reps];
                        for (int r = 0; r < reps; r++) {
                            double max = 0;
                            for (double[] row : replicateWeights) {
                                max = Math.max(max, row[r]);
                            }
                            if (max == 0) {
                                throw new IllegalArgumentException("type JKn without rscales guesses them from each"
                                    + " replicate's largest multiplier; replicate " + r + " is all 0; give rscales");
                            }
                            rs[r] = 1 / max;
                        }
                    }
                    break;
                default:
                    s = scale != null ? scale : 1;
            }
            if (rs == null) {
                rs = new double[reps];
                Arrays.fill(rs, 1);
            }
            double[] f = new double[n * reps];
            for (int i = 0; i < n; i++) {
                System.arraycopy(replicateWeights[i], 0, f, i * reps, reps);
            }
            double r = type == ReplicateType.FAY ? rho : type == ReplicateType.BRR ? 0 : Double.NaN;
            return new ReplicateDesign(weights, f, null, n, reps, combined, type, s, rs, mse, r);
        }
    }
}
