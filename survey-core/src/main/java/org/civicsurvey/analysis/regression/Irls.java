package org.civicsurvey.analysis.regression;

/**
 * Iteratively reweighted least squares exactly as R's {@code glm.fit} (R 4.2): starting means
 * from the family's {@code initialize}, a weighted least-squares solve per iteration on the rows
 * with positive weight, step halving when the deviance is not finite, convergence when
 * {@code |dev - devold| / (|dev| + 0.1) < epsilon}. What it returns is what {@code glm.fit}
 * returns: the last coefficients, the working residuals at them, and the working weights and
 * unscaled covariance of the last iteration's solve (computed before its step, as R's are).
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
            int iterations, double deviance) {
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
        int m = x.size();
        int p = x.columns();
        double[] eta = new double[m];
        double[] mu = new double[m];
        double[] me = new double[m];
        double devold;
        double[] coefold = null;
        if (start == null) {
            for (int r = 0; r < m; r++) {
                double s = family.startingMean(y[r], priorWeights[r]);
                eta[r] = family.link(s);
            }
            family.inverse(eta, mu, me, 0, m);
            devold = deviance(family, y, mu, priorWeights);
        } else {
            coefold = start.clone();
            devold = linearPredictor(x, coefold, family, y, priorWeights, eta, mu, me);
        }
        double[] w2 = new double[m];
        double[] coef = null;
        double[][] covUnscaled = null;
        double dev = devold;
        boolean converged = false;
        double change = Double.NaN;
        int iter = 0;
        LeastSquares previous = null;
        for (iter = 1; iter <= maxIterations; iter++) {
            // gaussian: the working weights are the prior weights and the working response is
            // eta + (y - eta), y up to rounding, at every iteration: the first system is the system
            LeastSquares ls = family == Family.GAUSSIAN && previous != null ? previous
                : crossProducts(x, y, priorWeights, family, eta, mu, me, w2);
            if (ls == null) {
                // a column is (nearly) a combination of the others: the rows' QR, R's rank test
                ls = weightedSolve(x, y, priorWeights, family, eta, mu, me, w2);
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
            dev = linearPredictor(x, coef, family, y, priorWeights, eta, mu, me);
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
                    dev = linearPredictor(x, coef, family, y, priorWeights, eta, mu, me);
                }
            }
            change = Math.abs(dev - devold) / (Math.abs(dev) + 0.1);
            if (change < epsilon) {
                converged = true;
                break;
            }
            devold = dev;
            coefold = coef.clone();
        }
        if (!converged) {
            throw new ArithmeticException(model + " did not converge in " + maxIterations + " iterations: the relative change"
                + " in deviance was " + change + ", above epsilon " + epsilon + " (R's glm.fit warns \"algorithm did not"
                + " converge\"); a predictor may separate the outcome, or raise the iterations with withGlmControl");
        }
        double[] residuals = new double[m];
        for (int r = 0; r < m; r++) {
            residuals[r] = (y[r] - mu[r]) / me[r];
        }
        return new Result(coef, residuals, w2, covUnscaled, iter, dev);
    }

    /**
     * The working weights and responses of rows {@code r0 .. r0 + len} with a positive prior
     * weight and {@code mu.eta != 0} (the rows {@code glm.fit} calls good): for the k-th such row
     * i, {@code good[k] = i - r0}, {@code w[k] = pw mu.eta^2 / variance(mu)} (also kept in
     * {@code w2}, 0 for the other rows) and {@code z[k] = eta + (y - mu) / mu.eta}.
     *
     * @return the number of such rows
     */
    private static int workingRows(int r0, int len, double[] y, double[] pw, Family family, double[] eta, double[] mu,
            double[] muEta, double[] w2, double[] w, double[] z, int[] good) {
        int b = 0;
        for (int i = 0; i < len; i++) {
            int r = r0 + i;
            double me = muEta[r];
            if (!(pw[r] > 0) || me == 0) {
                w2[r] = 0;
                continue;
            }
            double wr = pw[r] * me * me / family.variance(mu[r]);
            w2[r] = wr;
            w[b] = wr;
            good[b] = i;
            z[b] = eta[r] + (y[r] - mu[r]) / me;
            b++;
        }
        return b;
    }

    /**
     * The weighted least-squares system of one iteration from X'WX and X'Wz, summed in one pass
     * over the rows (z and w from the current eta and mu, over the rows with positive weight; w
     * kept) and factored by Cholesky ({@link LeastSquares#ofCrossProducts}). Each range of rows
     * sums its own products; the ranges are added in order, so the result does not depend on
     * the threads' timing.
     *
     * @return the factored system, an empty one when no row has a positive weight, or
     *     {@code null} when a pivot is small (then solve by {@link #weightedSolve})
     */
    private static LeastSquares crossProducts(ModelMatrix x, double[] y, double[] pw, Family family, double[] eta,
            double[] mu, double[] muEta, double[] w2) {
        int m = x.size();
        int p = x.columns();
        int q = p + 1;
        int ranges = RowRanges.count(m);
        double[][] parts = new double[ranges][];
        long[] rows = new long[ranges];
        double[][] cols = x.x;
        RowRanges.forEach(ranges, range -> {
            int from = RowRanges.start(m, range, ranges);
            int to = RowRanges.start(m, range + 1, ranges);
            double[] g = new double[q * q];
            double[][] xw = new double[p][BLOCK];
            // the block's used rows of each column, and z as column p
            double[][] xs = new double[q][BLOCK];
            double[] zb = xs[p];
            double[] w = new double[BLOCK];
            int[] good = new int[BLOCK];
            long count = 0;
            for (int r0 = from; r0 < to; r0 += BLOCK) {
                int len = Math.min(BLOCK, to - r0);
                int b = workingRows(r0, len, y, pw, family, eta, mu, muEta, w2, w, zb, good);
                if (b == 0) {
                    continue;
                }
                count += b;
                for (int j = 0; j < p; j++) {
                    double[] cj = cols[j];
                    double[] sj = xs[j];
                    if (b == len) {
                        System.arraycopy(cj, r0, sj, 0, len);
                    } else {
                        for (int k = 0; k < b; k++) {
                            sj[k] = cj[r0 + good[k]];
                        }
                    }
                    double[] bj = xw[j];
                    for (int i = 0; i < b; i++) {
                        bj[i] = sj[i] * w[i];
                    }
                }
                for (int j = 0; j < p; j++) {
                    double[] a = xw[j];
                    int row = j * q;
                    int k = j;
                    for (; k + 3 < q; k += 4) {
                        dot4(a, xs[k], xs[k + 1], xs[k + 2], xs[k + 3], b, g, row + k);
                    }
                    for (; k < q; k++) {
                        g[row + k] += LeastSquares.dot(a, xs[k], b);
                    }
                }
            }
            parts[range] = g;
            rows[range] = count;
        });
        double[] gram = parts[0];
        long total = rows[0];
        for (int k = 1; k < ranges; k++) {
            for (int i = 0; i < gram.length; i++) {
                gram[i] += parts[k][i];
            }
            total += rows[k];
        }
        if (total == 0) {
            return new LeastSquares(p);
        }
        return LeastSquares.ofCrossProducts(p, gram, total);
    }

    /**
     * Adds {@code sum_i a[i] bk[i]} (i &lt; n) for four columns bk to {@code g[at..at+3]}: each entry of
     * a is read once for the four products, in two interleaved partial sums per column.
     */
    private static void dot4(double[] a, double[] b0, double[] b1, double[] b2, double[] b3, int n, double[] g, int at) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            double u = a[i];
            double v = a[i + 1];
            s0 += u * b0[i];
            s1 += u * b1[i];
            s2 += u * b2[i];
            s3 += u * b3[i];
            t0 += v * b0[i + 1];
            t1 += v * b1[i + 1];
            t2 += v * b2[i + 1];
            t3 += v * b3[i + 1];
        }
        if (i < n) {
            s0 += a[i] * b0[i];
            s1 += a[i] * b1[i];
            s2 += a[i] * b2[i];
            s3 += a[i] * b3[i];
        }
        g[at] += s0 + t0;
        g[at + 1] += s1 + t1;
        g[at + 2] += s2 + t2;
        g[at + 3] += s3 + t3;
    }

    /** One weighted least-squares solve: z and w from the current eta and mu, over the rows with positive weight; w² kept. */
    private static LeastSquares weightedSolve(ModelMatrix x, double[] y, double[] pw, Family family, double[] eta,
            double[] mu, double[] muEta, double[] w2) {
        int m = x.size();
        int p = x.columns();
        int ranges = RowRanges.count(m);
        LeastSquares[] parts = new LeastSquares[ranges];
        double[][] cols = x.x;
        RowRanges.forEach(ranges, range -> {
            int from = RowRanges.start(m, range, ranges);
            int to = RowRanges.start(m, range + 1, ranges);
            LeastSquares ls = new LeastSquares(p);
            double[][] block = new double[p + 1][BLOCK];
            double[] w = new double[BLOCK];
            int[] good = new int[BLOCK];
            for (int r0 = from; r0 < to; r0 += BLOCK) {
                int len = Math.min(BLOCK, to - r0);
                double[] zw = block[p];
                int b = workingRows(r0, len, y, pw, family, eta, mu, muEta, w2, w, zw, good);
                for (int k = 0; k < b; k++) {
                    double wr = Math.sqrt(w[k]);
                    w[k] = wr;
                    zw[k] *= wr;
                }
                if (b == len) {
                    // every row counts: each column is a contiguous product
                    for (int j = 0; j < p; j++) {
                        double[] cj = cols[j];
                        double[] bj = block[j];
                        for (int i = 0; i < len; i++) {
                            bj[i] = cj[r0 + i] * w[i];
                        }
                    }
                } else {
                    for (int j = 0; j < p; j++) {
                        double[] cj = cols[j];
                        double[] bj = block[j];
                        for (int k = 0; k < b; k++) {
                            bj[k] = cj[r0 + good[k]] * w[k];
                        }
                    }
                }
                if (b > 0) {
                    ls.add(block, b);
                }
            }
            parts[range] = ls;
        });
        for (int k = 1; k < ranges; k++) {
            parts[0].merge(parts[k]);
        }
        return parts[0];
    }

    /** Sets eta = X b, mu = linkinv(eta) and mu.eta(eta); returns the deviance there, in the same pass. */
    private static double linearPredictor(ModelMatrix x, double[] coef, Family family, double[] y, double[] pw,
            double[] eta, double[] mu, double[] muEta) {
        int m = x.size();
        int p = x.columns();
        double[][] cols = x.x;
        int ranges = RowRanges.count(m);
        double[] sums = new double[ranges];
        RowRanges.forEach(ranges, range -> {
            int from = RowRanges.start(m, range, ranges);
            int to = RowRanges.start(m, range + 1, ranges);
            double s = 0;
            double c = 0;
            for (int r0 = from; r0 < to; r0 += BLOCK) {
                int r1 = Math.min(to, r0 + BLOCK);
                // eta = ((0 + x_0 b_0) + x_1 b_1) + ..., column by column over the block
                java.util.Arrays.fill(eta, r0, r1, 0);
                for (int j = 0; j < p; j++) {
                    double[] cj = cols[j];
                    double bj = coef[j];
                    for (int r = r0; r < r1; r++) {
                        eta[r] += cj[r] * bj;
                    }
                }
                family.inverse(eta, mu, muEta, r0, r1);
                for (int r = r0; r < r1; r++) {
                    double v = family.devianceResidual(y[r], mu[r], pw[r]);
                    double t = s + v;
                    c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
                    s = t;
                }
            }
            sums[range] = s + c;
        });
        double total = 0;
        for (double v : sums) {
            total += v;
        }
        return total;
    }

    /** The deviance, summed with a running compensation (R sums in extended precision). */
    static double deviance(Family family, double[] y, double[] mu, double[] pw) {
        int m = y.length;
        int ranges = RowRanges.count(m);
        double[] sums = new double[ranges];
        RowRanges.forEach(ranges, range -> {
            int from = RowRanges.start(m, range, ranges);
            int to = RowRanges.start(m, range + 1, ranges);
            double s = 0;
            double c = 0;
            for (int r = from; r < to; r++) {
                double v = family.devianceResidual(y[r], mu[r], pw[r]);
                double t = s + v;
                c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
                s = t;
            }
            sums[range] = s + c;
        });
        double total = 0;
        for (double s : sums) {
            total += s;
        }
        return total;
    }
}
