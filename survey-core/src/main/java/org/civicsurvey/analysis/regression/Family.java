package org.civicsurvey.analysis.regression;

/**
 * The error distribution and link of a design-based generalised linear model, as R's
 * {@code family} objects define them (link, inverse link, its derivative, variance function,
 * deviance residuals and starting values of {@code glm.fit}).
 */
public enum Family {
    /** {@code gaussian()}: identity link, constant variance; a weighted least-squares fit. */
    GAUSSIAN {
        @Override
        double linkInverse(double eta) {
            return eta;
        }

        @Override
        double muEta(double eta) {
            return 1;
        }

        @Override
        void inverse(double[] eta, double[] mu, double[] muEta, int from, int to) {
            System.arraycopy(eta, from, mu, from, to - from);
            java.util.Arrays.fill(muEta, from, to, 1);
        }

        @Override
        double variance(double mu) {
            return 1;
        }

        @Override
        double devianceResidual(double y, double mu, double weight) {
            double r = y - mu;
            return weight * r * r;
        }

        @Override
        double startingMean(double y, double weight) {
            return y;
        }

        @Override
        double link(double mu) {
            return mu;
        }
    },
    /**
     * {@code quasibinomial()}: logit link, variance {@code mu (1 - mu)}, for a 0/1 outcome or a
     * proportion in [0, 1] (R accepts both); the dispersion is not assumed to be 1, which does not
     * matter to the design-based variance.
     */
    QUASIBINOMIAL {
        @Override
        double linkInverse(double eta) {
            // R's C logit_linkinv: clamps to eps / (1 + eps) .. (1/eps) / (1 + 1/eps) beyond |eta| > 30
            double e = eta < -THRESHOLD ? EPS : eta > THRESHOLD ? 1 / EPS : Math.exp(eta);
            return e / (1 + e);
        }

        @Override
        double muEta(double eta) {
            // R's C logit_mu_eta
            if (eta > THRESHOLD || eta < -THRESHOLD) {
                return EPS;
            }
            double e = Math.exp(eta);
            double opexp = 1 + e;
            return e / (opexp * opexp);
        }

        @Override
        void inverse(double[] eta, double[] mu, double[] muEta, int from, int to) {
            // linkInverse and muEta from one exp, each as R's C code computes it: the exps first
            // (R's tmp, kept in muEta), then the divisions in a loop of their own, which the
            // compiler turns into vector instructions, then muEta = eps where |eta| > 30
            boolean clamped = false;
            for (int r = from; r < to; r++) {
                double x = eta[r];
                boolean out = x < -THRESHOLD || x > THRESHOLD;
                clamped |= out;
                muEta[r] = out ? (x < 0 ? EPS : 1 / EPS) : Math.exp(x);
            }
            for (int r = from; r < to; r++) {
                double e = muEta[r];
                double opexp = 1 + e;
                mu[r] = e / opexp;
                muEta[r] = e / (opexp * opexp);
            }
            if (clamped) {
                for (int r = from; r < to; r++) {
                    if (eta[r] < -THRESHOLD || eta[r] > THRESHOLD) {
                        muEta[r] = EPS;
                    }
                }
            }
        }

        @Override
        void workingWeights(double[] pw, int at, double[] mu, double[] muEta, double[] w, int len) {
            for (int i = 0; i < len; i++) {
                double me = muEta[i];
                double m = mu[i];
                w[i] = pw[at + i] * me * me / (m * (1 - m));
            }
        }

        @Override
        void devianceResiduals(double[] y, double[] pw, int at, double[] mu, double[] out, int len) {
            // a 0/1 outcome's term is log(1 / mu) or log(1 / (1 - mu)): 1 / p for every row in a loop
            // of vector instructions (p = y mu + (1 - y)(1 - mu) is exactly mu or 1 - mu when y is 0 or 1), then
            // the logs; another y in the general form
            for (int i = 0; i < len; i++) {
                double yi = y[at + i];
                double m = mu[i];
                out[i] = 1 / (yi * m + (1 - yi) * (1 - m));
            }
            for (int i = 0; i < len; i++) {
                double yi = y[at + i];
                double weight = pw[at + i];
                out[i] = yi * (1 - yi) == 0 ? 2 * weight * Math.log(out[i])
                    : 2 * weight * (yLogY(yi, mu[i]) + yLogY(1 - yi, 1 - mu[i]));
            }
        }

        @Override
        double variance(double mu) {
            return mu * (1 - mu);
        }

        @Override
        double devianceResidual(double y, double mu, double weight) {
            // R's C binomial_dev_resids
            if (y * (1 - y) == 0) {
                // y is 0 or 1: one term is 0, the other 1 * log(1 / mu) or 1 * log(1 / (1 - mu)); the
                // argument is picked by a mask, not a branch, which a 0/1 outcome in random order
                // would mispredict half the time
                long one = -(long) y;
                double p = Double.longBitsToDouble(Double.doubleToRawLongBits(mu) & one
                    | Double.doubleToRawLongBits(1 - mu) & ~one);
                return 2 * weight * Math.log(1 / p);
            }
            return 2 * weight * (yLogY(y, mu) + yLogY(1 - y, 1 - mu));
        }

        @Override
        double startingMean(double y, double weight) {
            // binomial()$initialize: mustart <- (weights * y + 0.5) / (weights + 1), y set to 0 where the weight is 0
            double yy = weight == 0 ? 0 : y;
            return (weight * yy + 0.5) / (weight + 1);
        }

        @Override
        double link(double mu) {
            return Math.log(mu / (1 - mu));
        }
    };

    private static final double EPS = Math.ulp(1.0);
    private static final double THRESHOLD = 30;

    abstract double linkInverse(double eta);

    abstract double muEta(double eta);

    /** Sets {@code mu[r] = linkInverse(eta[r])} and {@code muEta[r] = muEta(eta[r])} for {@code from <= r < to}. */
    abstract void inverse(double[] eta, double[] mu, double[] muEta, int from, int to);

    /**
     * Sets {@code w[i] = pw[at + i] muEta[i]^2 / variance(mu[i])} for {@code 0 <= i < len}: the
     * working weights {@code glm.fit} computes.
     */
    void workingWeights(double[] pw, int at, double[] mu, double[] muEta, double[] w, int len) {
        for (int i = 0; i < len; i++) {
            w[i] = pw[at + i] * muEta[i] * muEta[i] / variance(mu[i]);
        }
    }

    /** Sets {@code out[i] = devianceResidual(y[at + i], mu[i], pw[at + i])} for {@code 0 <= i < len}. */
    void devianceResiduals(double[] y, double[] pw, int at, double[] mu, double[] out, int len) {
        for (int i = 0; i < len; i++) {
            out[i] = devianceResidual(y[at + i], mu[i], pw[at + i]);
        }
    }

    abstract double variance(double mu);

    abstract double devianceResidual(double y, double mu, double weight);

    abstract double startingMean(double y, double weight);

    abstract double link(double mu);

    private static double yLogY(double y, double mu) {
        return y != 0 ? y * Math.log(y / mu) : 0;
    }

    /** @return R's name of the family, e.g. {@code quasibinomial} */
    public String rName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
