package org.civicsurvey.analysis.regression;

/**
 * Iteratively reweighted least squares exactly as R's {@code glm.fit} (R 4.2): starting means
 * from the family's {@code initialize}, a weighted least-squares solve per iteration on the rows
 * with positive weight, step halving when the deviance is not finite, convergence when
 * {@code |dev - devold| / (|dev| + 0.1) < epsilon}. What it returns is what {@code glm.fit}
 * returns: the last coefficients, the working residuals at them, and the working weights and
 * unscaled covariance of the last iteration's solve (computed before its step, as R's are).
 *
 * <p>Each iteration makes one pass over the rows ({@link #sweep}): the linear predictor of the
 * new coefficients, the means and the deviance there, and, from the same means, the next
 * iteration's working weights and responses summed into X'WX and X'Wz, unless the step is
 * expected to converge (then a second pass sums them if it does not). Factors enter these sums
 * by their rows' levels, not as columns of zeros and ones. The working residuals are written only
 * in a pass expected to be the last, which can also sum the rows' scores by group for the
 * sandwich ({@link #fit(ModelMatrix, double[], double[], Family, double, int, String, double[], Groups)}).
 */
final class Irls {
    private static final int BLOCK = 256;

    private Irls() {
    }

    /**
     * @param coefficients the fitted coefficients
     * @param workingResiduals {@code (y - mu) / mu.eta(eta)} per used row at the fitted coefficients
     * @param workingWeights {@code glm.fit}'s {@code weights}: the last iteration's working weights, 0 where the prior weight is 0
     * @param covUnscaled {@code summary.glm}'s {@code cov.unscaled}: the inverse of X'WX of the last iteration
     * @param iterations R's {@code iter}
     * @param deviance the deviance at the fitted coefficients
     */
    record Result(double[] coefficients, double[] workingResiduals, double[] workingWeights, double[][] covUnscaled,
            int iterations, double deviance, double[] scoreTotals) {
    }

    /**
     * Groups of the used rows (a design's PSUs) to sum the rows' scores over in the last pass.
     *
     * @param of the group of each used row, {@code 0 <= of(r) < count}
     * @param count the number of groups
     */
    record Groups(java.util.function.IntUnaryOperator of, int count) {
    }

    /**
     * @param x the model matrix of the used rows
     * @param y the outcome per used row
     * @param priorWeights the prior weights per used row ({@code svyglm}: the sampling weights over their mean)
     * @param family the family
     * @param epsilon {@code glm.control(epsilon)}
     * @param maxIterations {@code glm.control(maxit)}
     * @param model a description of the model for messages
     */
    static Result fit(ModelMatrix x, double[] y, double[] priorWeights, Family family, double epsilon, int maxIterations,
            String model) {
        return fit(x, y, priorWeights, family, epsilon, maxIterations, model, null);
    }

    /**
     * {@link #fit(ModelMatrix, double[], double[], Family, double, int, String)} from given
     * coefficients, as {@code glm.fit(start = start)}: the first linear predictor is
     * {@code X start}, and a first step with a non-finite deviance is halved towards {@code start}.
     *
     * @param start the starting coefficients, or {@code null} for the family's starting means
     */
    static Result fit(ModelMatrix x, double[] y, double[] priorWeights, Family family, double epsilon, int maxIterations,
            String model, double[] start) {
        return fit(x, y, priorWeights, family, epsilon, maxIterations, model, start, null);
    }

    /**
     * {@link #fit(ModelMatrix, double[], double[], Family, double, int, String, double[])} that
     * also sums, per group, the rows' scores {@code x_r workingWeight_r workingResidual_r} (the
     * sandwich's, {@code svy.varcoef}'s {@code estfun}) in the pass that computes the working
     * residuals at the fitted coefficients: {@link Result#scoreTotals} is then
     * {@code groups.count() x columns} row-major, the rows added in order within each of
     * {@link RowRanges}' ranges and the ranges' sums added in order (as
     * {@code Sandwich.covariance} sums them).
     *
     * @param groups the groups, or {@code null} for no totals
     */
    static Result fit(ModelMatrix x, double[] y, double[] priorWeights, Family family, double epsilon, int maxIterations,
            String model, double[] start, Groups groups) {
        int m = x.size();
        int p = x.columns();
        boolean gaussian = family == Family.GAUSSIAN;
        double[] residuals = new double[m];
        // the working weights of the system to solve next, and of the pass after it
        double[] weights = new double[m];
        double[] nextWeights = new double[m];
        double[] coefold = start == null ? null : start.clone();
        Sweep pending = sweep(x, y, priorWeights, family, coefold, Mode.CROSS_PRODUCTS, residuals, weights, null, null);
        double devold = pending.deviance;
        double[] coef = null;
        double[][] covUnscaled = null;
        double dev = devold;
        boolean converged = false;
        double change = Double.NaN;
        int iter = 0;
        LeastSquares previous = null;
        // the residuals (and score totals) of the last pass in mode NONE, and whether that pass was at coef
        double[] totals = null;
        boolean residualsAtCoef = false;
        for (iter = 1; iter <= maxIterations; iter++) {
            // gaussian: the working weights are the prior weights and the working response is
            // eta + (y - eta), y up to rounding, at every iteration: the first system is the system,
            // and solving it again gives the same coefficients, so the same deviance
            boolean same = gaussian && previous != null;
            LeastSquares ls = same ? previous : pending.system(p);
            if (ls == null) {
                // a column is (nearly) a combination of the others: the rows' QR, R's rank test
                ls = sweep(x, y, priorWeights, family, coefold, Mode.QR, residuals, weights, null, null).qr;
            }
            if (ls.rows() == 0) {
                throw new IllegalArgumentException(model + ": no row has a positive weight");
            }
            int dependent = ls.firstDependentColumn();
            if (dependent >= 0) {
                throw new IllegalArgumentException(model + ": the column " + x.names.get(dependent)
                    + " is a linear combination of the columns before it " + x.names.subList(0, dependent)
                    + " on the rows with positive weight (a singular design matrix; R's glm gives it the coefficient NA)."
                    + " Leave out a term or a level");
            }
            previous = ls;
            coef = ls.solve();
            covUnscaled = ls.inverseCrossProduct();
            for (double c : coef) {
                if (!Double.isFinite(c)) {
                    throw new ArithmeticException(model + ": non-finite coefficients at iteration " + iter);
                }
            }
            Sweep next = null;
            if (!same) {
                // the next iteration's system is summed in the same pass, unless this step is
                // expected to converge: near the solution the change in deviance about squares
                // from one iteration to the next, so after a change below sqrt(epsilon) / 10 the
                // next is expected below epsilon / 100
                boolean last = gaussian || change < Math.sqrt(epsilon) / 10;
                Mode mode = last ? Mode.NONE : Mode.CROSS_PRODUCTS;
                next = sweep(x, y, priorWeights, family, coef, mode, residuals, nextWeights, weights, groups);
                dev = next.deviance;
                if (!Double.isFinite(dev)) {
                    if (coefold == null) {
                        throw new ArithmeticException(model + ": no valid set of coefficients has been found (the deviance is "
                            + dev + " at the first step)");
                    }
                    int halvings = 1;
                    while (!Double.isFinite(dev)) {
                        if (halvings > maxIterations) {
                            throw new ArithmeticException(model + ": the deviance stays non-finite after " + maxIterations
                                + " step halvings (R: inner loop 1; cannot correct step size)");
                        }
                        halvings++;
                        for (int j = 0; j < p; j++) {
                            coef[j] = (coef[j] + coefold[j]) / 2;
                        }
                        next = sweep(x, y, priorWeights, family, coef, mode, residuals, nextWeights, weights, groups);
                        dev = next.deviance;
                    }
                }
                residualsAtCoef = mode == Mode.NONE;
                totals = next.totals;
            }
            change = Math.abs(dev - devold) / (Math.abs(dev) + 0.1);
            if (change < epsilon) {
                converged = true;
                break;
            }
            devold = dev;
            coefold = coef.clone();
            if (next != null && !gaussian && next.crossProducts == null) {
                // it did not converge after all: sum the system at the new coefficients
                next = sweep(x, y, priorWeights, family, coef, Mode.CROSS_PRODUCTS, residuals, nextWeights, null, null);
            }
            if (next != null && next.crossProducts != null) {
                pending = next;
                double[] t = weights;
                weights = nextWeights;
                nextWeights = t;
            }
        }
        if (!converged) {
            throw new ArithmeticException(model + " did not converge in " + maxIterations + " iterations: the relative change"
                + " in deviance was " + change + ", above epsilon " + epsilon + " (R's glm.fit warns \"algorithm did not"
                + " converge\"); a predictor may separate the outcome, or raise the iterations with withGlmControl");
        }
        if (!residualsAtCoef) {
            // it converged in a pass that summed the next system: the residuals (and the totals) at coef
            Sweep last = sweep(x, y, priorWeights, family, coef, Mode.NONE, residuals, nextWeights, weights, groups);
            totals = last.totals;
        }
        return new Result(coef, residuals, weights, covUnscaled, iter, dev, totals);
    }

    /** What a {@link #sweep} sums besides the deviance. */
    private enum Mode {
        /** Nothing. */
        NONE,
        /** X'WX and X'Wz of the working weights and responses ({@link CrossProducts}). */
        CROSS_PRODUCTS,
        /** The Householder QR of the rows times the square roots of the working weights, with z. */
        QR
    }

    /** The result of one pass: the deviance, and the system its {@link Mode} asked for. */
    private static final class Sweep {
        final double deviance;
        final CrossProducts crossProducts;
        final LeastSquares qr;
        /** Mode NONE with groups: the score totals per group. */
        final double[] totals;

        Sweep(double deviance, CrossProducts crossProducts, LeastSquares qr, double[] totals) {
            this.deviance = deviance;
            this.crossProducts = crossProducts;
            this.qr = qr;
            this.totals = totals;
        }

        /**
         * @return the system factored by Cholesky ({@link LeastSquares#ofCrossProducts}), an empty
         *     one when no row has a positive weight, or {@code null} when a pivot is small (then
         *     solve by the rows' QR)
         */
        LeastSquares system(int p) {
            if (crossProducts.rows == 0) {
                return new LeastSquares(p);
            }
            return LeastSquares.ofCrossProducts(p, crossProducts.gram(), crossProducts.rows);
        }
    }

    /**
     * One pass over the rows at {@code coef}: eta = X coef (or, for {@code null}, the family's
     * link of its starting means), mu and mu.eta, the deviance (summed with a running
     * compensation, as R sums in extended precision); in mode {@link Mode#NONE} the working
     * residuals {@code (y - mu) / mu.eta} into {@code residuals} and, with {@code groups}, each
     * group's total of the scores {@code x_r scoreWeights_r residual_r}; otherwise the working
     * weights into {@code weights} (0 for rows {@code glm.fit} does not call good) and the system
     * they give. Each range of rows sums its own part; the parts are added in order, so the result
     * does not depend on the threads' timing.
     */
    private static Sweep sweep(ModelMatrix x, double[] y, double[] pw, Family family, double[] coef, Mode mode,
            double[] residuals, double[] weights, double[] scoreWeights, Groups groups) {
        int m = x.size();
        int p = x.columns();
        int ranges = RowRanges.count(m);
        double[] deviances = new double[ranges];
        CrossProducts[] sums = new CrossProducts[ranges];
        LeastSquares[] qrs = new LeastSquares[ranges];
        boolean scores = mode == Mode.NONE && groups != null;
        double[][] parts = scores ? new double[ranges][] : null;
        double[][] byLevel = coef == null ? null : x.levelCoefficients(coef);
        RowRanges.forEach(ranges, range -> {
            int from = RowRanges.start(m, range, ranges);
            int to = RowRanges.start(m, range + 1, ranges);
            if (mode == Mode.NONE) {
                double[] part = scores ? new double[groups.count() * p] : null;
                deviances[range] = finalRange(x, y, pw, family, coef, byLevel, from, to, residuals, scoreWeights, groups, part);
                if (part != null) {
                    parts[range] = part;
                }
            } else {
                CrossProducts[] cp = new CrossProducts[1];
                LeastSquares qr = mode == Mode.QR ? new LeastSquares(p) : null;
                deviances[range] = systemRange(x, y, pw, family, coef, byLevel, from, to, weights, mode, cp, qr);
                sums[range] = cp[0];
                qrs[range] = qr;
            }
        });
        double deviance = 0;
        for (double v : deviances) {
            deviance += v;
        }
        for (int k = 1; k < ranges; k++) {
            if (mode == Mode.CROSS_PRODUCTS) {
                sums[0].merge(sums[k]);
            } else if (mode == Mode.QR) {
                qrs[0].merge(qrs[k]);
            }
        }
        double[] totals = null;
        if (scores) {
            double[] byColumn = parts[0];
            for (int k = 1; k < ranges; k++) {
                for (int i = 0; i < byColumn.length; i++) {
                    byColumn[i] += parts[k][i];
                }
            }
            int g = groups.count();
            totals = new double[byColumn.length];
            for (int j = 0; j < p; j++) {
                for (int h = 0; h < g; h++) {
                    totals[h * p + j] = byColumn[j * g + h];
                }
            }
        }
        return new Sweep(deviance, sums[0], qrs[0], totals);
    }

    /**
     * {@link #sweep} in mode NONE over rows {@code from .. to}: the residuals, the totals of the
     * scores into {@code part} unless it is null.
     *
     * @return the deviance of the rows
     */
    private static double finalRange(ModelMatrix x, double[] y, double[] pw, Family family, double[] coef,
            double[][] byLevel, int from, int to, double[] residuals, double[] scoreWeights, Groups groups, double[] part) {
        double[] eta = new double[BLOCK];
        double[] mu = new double[BLOCK];
        double[] muEta = new double[BLOCK];
        double[] dev = new double[BLOCK];
        int[] group = new int[BLOCK];
        double[] sum = new double[2];
        for (int r0 = from; r0 < to; r0 += BLOCK) {
            int len = Math.min(BLOCK, to - r0);
            means(x, y, pw, family, coef, byLevel, r0, len, eta, mu, muEta, dev, sum);
            for (int i = 0; i < len; i++) {
                residuals[r0 + i] = (y[r0 + i] - mu[i]) / muEta[i];
            }
            if (part != null) {
                for (int i = 0; i < len; i++) {
                    dev[i] = residuals[r0 + i] * scoreWeights[r0 + i];
                    group[i] = groups.of().applyAsInt(r0 + i);
                }
                addScores(x, r0, len, dev, group, groups.count(), part);
            }
        }
        return sum[0] + sum[1];
    }

    /**
     * {@link #sweep} in mode CROSS_PRODUCTS (into a new {@code cp[0]}) or QR (into {@code qr}) over
     * rows {@code from .. to}.
     *
     * @return the deviance of the rows
     */
    private static double systemRange(ModelMatrix x, double[] y, double[] pw, Family family, double[] coef,
            double[][] byLevel, int from, int to, double[] weights, Mode mode, CrossProducts[] cp, LeastSquares qr) {
        int p = x.columns();
        double[] eta = new double[BLOCK];
        double[] mu = new double[BLOCK];
        double[] muEta = new double[BLOCK];
        double[] dev = new double[BLOCK];
        double[] w = new double[BLOCK];
        double[] z = new double[BLOCK];
        int[] good = new int[BLOCK];
        CrossProducts sums = mode == Mode.CROSS_PRODUCTS ? new CrossProducts(x, w, z) : null;
        double[][] block = mode == Mode.QR ? new double[p + 1][BLOCK] : null;
        double[] sum = new double[2];
        for (int r0 = from; r0 < to; r0 += BLOCK) {
            int len = Math.min(BLOCK, to - r0);
            means(x, y, pw, family, coef, byLevel, r0, len, eta, mu, muEta, dev, sum);
            int b = workingRows(r0, len, y, pw, family, eta, mu, muEta, weights, w, z, good);
            if (b == 0) {
                continue;
            }
            if (sums != null) {
                sums.add(r0, len, b, good);
            } else {
                qrRows(x, r0, b, w, z, good, block);
                qr.add(block, b);
            }
        }
        if (sums != null) {
            sums.finish();
        }
        cp[0] = sums;
        return sum[0] + sum[1];
    }

    /**
     * eta, mu and mu.eta of the block's rows {@code r0 .. r0 + len} (eta from {@code coef}, or for
     * {@code null} the family's link of its starting means), and their deviance residuals added to
     * {@code sum[0]} with a running compensation in {@code sum[1]}, as R sums in extended precision.
     */
    private static void means(ModelMatrix x, double[] y, double[] pw, Family family, double[] coef, double[][] byLevel,
            int r0, int len, double[] eta, double[] mu, double[] muEta, double[] dev, double[] sum) {
        if (coef == null) {
            for (int i = 0; i < len; i++) {
                eta[i] = family.link(family.startingMean(y[r0 + i], pw[r0 + i]));
            }
        } else {
            x.linearPredictor(r0, r0 + len, coef, byLevel, eta);
        }
        family.inverse(eta, mu, muEta, 0, len);
        // the rows' deviance residuals first (independent, so their logs overlap), then their sum
        family.devianceResiduals(y, pw, r0, mu, dev, len);
        double s = sum[0];
        double c = sum[1];
        for (int i = 0; i < len; i++) {
            double v = dev[i];
            double t = s + v;
            c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            s = t;
        }
        sum[0] = s;
        sum[1] = c;
    }

    /**
     * Adds the scores {@code x_r s[i]} of the block's rows {@code r = r0 + i} to their group's
     * totals, kept column-major ({@code totals[column * groups + group[i]]}, so that the totals of
     * one column, which a loop adds to, stay in the nearest cache), a column at a time: each total
     * still gets its rows in order, as {@link ModelMatrix#addRowTimes} adds them.
     */
    private static void addScores(ModelMatrix x, int r0, int len, double[] s, int[] group, int groups, double[] totals) {
        if (x.intercept) {
            for (int i = 0; i < len; i++) {
                totals[group[i]] += s[i];
            }
        }
        for (int n = 0; n < x.numeric.length; n++) {
            double[] cn = x.numeric[n];
            int at = x.numericColumn[n] * groups;
            for (int i = 0; i < len; i++) {
                totals[at + group[i]] += cn[r0 + i] * s[i];
            }
        }
        for (int f = 0; f < x.codes.length; f++) {
            int[] code = x.codes[f];
            int[] col = x.levelColumn[f];
            for (int i = 0; i < len; i++) {
                int c = col[code[r0 + i]];
                if (c >= 0) {
                    totals[c * groups + group[i]] += s[i];
                }
            }
        }
    }

    /**
     * The working weights and responses of the block's rows {@code r0 .. r0 + len} with a positive prior
     * weight and {@code mu.eta != 0} (the rows {@code glm.fit} calls good), from the block's eta, mu
     * and mu.eta: for the k-th such row i, {@code good[k] = i}, {@code w[k] = pw mu.eta^2 /
     * variance(mu)} (also kept in {@code weights}, 0 for the other rows) and {@code z[k] = eta +
     * (y - mu) / mu.eta}.
     *
     * @return the number of such rows
     */
    private static int workingRows(int r0, int len, double[] y, double[] pw, Family family, double[] eta, double[] mu,
            double[] muEta, double[] weights, double[] w, double[] z, int[] good) {
        // every row's, in loops of vector instructions; then those of the good rows moved to the front
        family.workingWeights(pw, r0, mu, muEta, w, len);
        boolean all = true;
        for (int i = 0; i < len; i++) {
            z[i] = eta[i] + (y[r0 + i] - mu[i]) / muEta[i];
            all &= pw[r0 + i] > 0 & muEta[i] != 0;
        }
        if (all) {
            System.arraycopy(w, 0, weights, r0, len);
            for (int i = 0; i < len; i++) {
                good[i] = i;
            }
            return len;
        }
        int b = 0;
        for (int i = 0; i < len; i++) {
            int r = r0 + i;
            if (!(pw[r] > 0) || muEta[i] == 0) {
                weights[r] = 0;
                continue;
            }
            weights[r] = w[i];
            w[b] = w[i];
            z[b] = z[i];
            good[b] = i;
            b++;
        }
        return b;
    }

    /**
     * The block's good rows of the model matrix times the square roots of their working weights,
     * column-major with z times them as column p: rows for the QR. The weights become their
     * square roots.
     */
    private static void qrRows(ModelMatrix x, int r0, int b, double[] w, double[] z, int[] good, double[][] block) {
        int p = x.columns();
        for (int k = 0; k < b; k++) {
            double wr = Math.sqrt(w[k]);
            w[k] = wr;
            block[p][k] = z[k] * wr;
        }
        if (x.intercept) {
            System.arraycopy(w, 0, block[0], 0, b);
        }
        for (int n = 0; n < x.numeric.length; n++) {
            double[] cn = x.numeric[n];
            double[] bn = block[x.numericColumn[n]];
            for (int k = 0; k < b; k++) {
                bn[k] = cn[r0 + good[k]] * w[k];
            }
        }
        for (int f = 0; f < x.codes.length; f++) {
            int[] col = x.levelColumn[f];
            int[] code = x.codes[f];
            for (int cl : col) {
                if (cl >= 0) {
                    java.util.Arrays.fill(block[cl], 0, b, 0);
                }
            }
            for (int k = 0; k < b; k++) {
                int cl = col[code[r0 + good[k]]];
                if (cl >= 0) {
                    block[cl][k] = w[k];
                }
            }
        }
    }

    /**
     * X'WX and X'Wz of one range of rows, summed a block at a time in the shape the model matrix is
     * kept in: the "dense" columns (the intercept, a block of ones, then the numeric terms) and z
     * as products of whole columns; for each factor, per level with an indicator,
     * the sums of w, of w x over the dense columns and of w z on that level's rows (the indicator's
     * products, from one code per row); for each pair of factors, the sum of w per pair of levels.
     * {@link #gram} places them in X'WX.
     */
    private static final class CrossProducts {
        private final ModelMatrix x;
        /** The block's working weights and responses, which the pass writes. */
        private final double[] w;
        private final double[] z;
        /** The dense columns (intercept first) of the block's good rows, and z as the last. */
        private final double[][] xs;
        /** The same times w. */
        private final double[][] xw;
        private final int dense;
        /** Per pair of a dense column j and a column k &gt;= j of the dense ones and z (j, then k, ascending): its products' partial sums, one per row of a block. */
        private final double[][] lanes;
        /** Row-major dense x (dense + 1): the dense columns' products with the dense columns and z (upper part), from the lanes. */
        private final double[] products;
        /** Per factor, per level l from {@code l * (dense + 2)}: sum w, w x of each dense column, w z. */
        private final double[][] byLevel;
        /** Per pair of factors f &lt; g (f, then g, ascending): sum w at {@code lf * levels(g) + lg}. */
        private final double[][] pairs;
        /** Per block: the level of each good row, the rows in level order, where each level starts in that order, and a cursor. */
        private final int[] level = new int[BLOCK];
        private final int[] order = new int[BLOCK];
        private final int[] start;
        private final int[] next;
        private long rows;

        /**
         * @param w the block array the pass writes the good rows' working weights to
         * @param z the block array the pass writes their working responses to
         */
        CrossProducts(ModelMatrix x, double[] w, double[] z) {
            this.x = x;
            this.w = w;
            this.z = z;
            int first = x.intercept ? 1 : 0;
            dense = first + x.numeric.length;
            xs = new double[dense + 1][];
            xw = new double[dense + 1][];
            for (int d = 0; d < dense; d++) {
                xs[d] = new double[BLOCK];
                xw[d] = new double[BLOCK];
            }
            if (x.intercept) {
                java.util.Arrays.fill(xs[0], 1);
            }
            xs[dense] = z;
            xw[dense] = new double[BLOCK];
            products = new double[dense * (dense + 1)];
            lanes = new double[dense * (dense + 3) / 2][BLOCK];
            int factors = x.codes.length;
            int most = 0;
            for (int[] col : x.levelColumn) {
                most = Math.max(most, col.length);
            }
            start = new int[most + 1];
            next = new int[most];
            byLevel = new double[factors][];
            for (int f = 0; f < factors; f++) {
                byLevel[f] = new double[x.levelColumn[f].length * (dense + 2)];
            }
            pairs = new double[factors * (factors - 1) / 2][];
            for (int f = 0, k = 0; f < factors; f++) {
                for (int g = f + 1; g < factors; g++, k++) {
                    pairs[k] = new double[x.levelColumn[f].length * x.levelColumn[g].length];
                }
            }
        }

        /** Adds the block's b good rows {@code r0 + good[k]} of its len rows, with the w and z the pass wrote. */
        void add(int r0, int len, int b, int[] good) {
            rows += b;
            int first = x.intercept ? 1 : 0;
            int q = dense + 1;
            for (int d = 0; d <= dense; d++) {
                double[] sd = xs[d];
                if (d >= first && d < dense) {
                    double[] cn = x.numeric[d - first];
                    if (b == len) {
                        System.arraycopy(cn, r0, sd, 0, len);
                    } else {
                        for (int k = 0; k < b; k++) {
                            sd[k] = cn[r0 + good[k]];
                        }
                    }
                }
                double[] wd = xw[d];
                for (int k = 0; k < b; k++) {
                    wd[k] = sd[k] * w[k];
                }
            }
            // each pair's products summed lane by lane (row i of the block into lane i): a loop the
            // compiler turns into vector instructions
            int slot = 0;
            for (int j = 0; j < dense; j++) {
                double[] a = xw[j];
                for (int k = j; k <= dense; k++) {
                    double[] c = xs[k];
                    double[] lane = lanes[slot++];
                    for (int i = 0; i < b; i++) {
                        lane[i] += a[i] * c[i];
                    }
                }
            }
            int stride = dense + 2;
            int[][] codes = x.codes;
            for (int f = 0; f < codes.length; f++) {
                int[] code = codes[f];
                int[] col = x.levelColumn[f];
                int levels = col.length;
                // the good rows in level order: level l's are order[start[l] .. start[l + 1])
                java.util.Arrays.fill(start, 0, levels + 1, 0);
                for (int k = 0; k < b; k++) {
                    int l = code[r0 + good[k]];
                    level[k] = l;
                    start[l + 1]++;
                }
                for (int l = 0; l < levels; l++) {
                    start[l + 1] += start[l];
                    next[l] = start[l];
                }
                for (int k = 0; k < b; k++) {
                    order[next[level[k]]++] = k;
                }
                double[] acc = byLevel[f];
                for (int l = 0; l < levels; l++) {
                    int from = start[l];
                    int to = start[l + 1];
                    if (col[l] < 0 || from == to) {
                        continue;
                    }
                    int at = l * stride;
                    acc[at] += sum(w, order, from, to);
                    for (int d = 0; d <= dense; d++) {
                        acc[at + 1 + d] += sum(xw[d], order, from, to);
                    }
                }
            }
            for (int f = 0, pair = 0; f < codes.length; f++) {
                for (int h = f + 1; h < codes.length; h++, pair++) {
                    int[] cf = codes[f];
                    int[] ch = codes[h];
                    int[] colF = x.levelColumn[f];
                    int[] colH = x.levelColumn[h];
                    int levelsH = colH.length;
                    double[] acc = pairs[pair];
                    for (int k = 0; k < b; k++) {
                        int lf = cf[r0 + good[k]];
                        int lh = ch[r0 + good[k]];
                        if (colF[lf] >= 0 && colH[lh] >= 0) {
                            acc[lf * levelsH + lh] += w[k];
                        }
                    }
                }
            }
        }

        /** {@code sum v[order[k]]} over {@code from <= k < to}, in two interleaved partial sums. */
        private static double sum(double[] v, int[] order, int from, int to) {
            double s0 = 0;
            double s1 = 0;
            int k = from;
            for (; k + 1 < to; k += 2) {
                s0 += v[order[k]];
                s1 += v[order[k + 1]];
            }
            if (k < to) {
                s0 += v[order[k]];
            }
            return s0 + s1;
        }

        /** Adds up the lanes of each pair's products; call once, after the range's last block. */
        void finish() {
            int dq = dense + 1;
            int slot = 0;
            for (int j = 0; j < dense; j++) {
                for (int k = j; k <= dense; k++) {
                    double[] lane = lanes[slot++];
                    double s0 = 0;
                    double s1 = 0;
                    for (int i = 0; i < BLOCK; i += 2) {
                        s0 += lane[i];
                        s1 += lane[i + 1];
                    }
                    products[j * dq + k] = s0 + s1;
                }
            }
        }

        /** Adds another range's sums (of the rows after this one's). */
        void merge(CrossProducts other) {
            rows += other.rows;
            add(products, other.products);
            for (int f = 0; f < byLevel.length; f++) {
                add(byLevel[f], other.byLevel[f]);
            }
            for (int k = 0; k < pairs.length; k++) {
                add(pairs[k], other.pairs[k]);
            }
        }

        private static void add(double[] to, double[] from) {
            for (int i = 0; i < to.length; i++) {
                to[i] += from[i];
            }
        }

        /** @return X'WX with X'Wz as column p, row-major (p + 1) x (p + 1), upper triangle of rows 0..p-1 filled */
        double[] gram() {
            int p = x.columns();
            int q = p + 1;
            int first = x.intercept ? 1 : 0;
            int[] denseColumn = new int[dense];
            for (int d = first; d < dense; d++) {
                denseColumn[d] = x.numericColumn[d - first];
            }
            double[] gram = new double[q * q];
            int dq = dense + 1;
            for (int j = 0; j < dense; j++) {
                for (int k = j; k < dense; k++) {
                    put(gram, q, denseColumn[j], denseColumn[k], products[j * dq + k]);
                }
                gram[denseColumn[j] * q + p] = products[j * dq + dense];
            }
            int stride = dense + 2;
            for (int f = 0; f < byLevel.length; f++) {
                int[] col = x.levelColumn[f];
                double[] acc = byLevel[f];
                for (int l = 0; l < col.length; l++) {
                    int c = col[l];
                    if (c < 0) {
                        continue;
                    }
                    int at = l * stride;
                    gram[c * q + c] = acc[at];
                    for (int d = 0; d < dense; d++) {
                        put(gram, q, denseColumn[d], c, acc[at + 1 + d]);
                    }
                    gram[c * q + p] = acc[at + 1 + dense];
                }
            }
            for (int f = 0, pair = 0; f < byLevel.length; f++) {
                for (int h = f + 1; h < byLevel.length; h++, pair++) {
                    int[] colF = x.levelColumn[f];
                    int[] colH = x.levelColumn[h];
                    for (int lf = 0; lf < colF.length; lf++) {
                        for (int lh = 0; lh < colH.length; lh++) {
                            if (colF[lf] >= 0 && colH[lh] >= 0) {
                                put(gram, q, colF[lf], colH[lh], pairs[pair][lf * colH.length + lh]);
                            }
                        }
                    }
                }
            }
            return gram;
        }

        private static void put(double[] gram, int q, int a, int b, double v) {
            gram[Math.min(a, b) * q + Math.max(a, b)] = v;
        }
    }
}
