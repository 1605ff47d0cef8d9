package org.civicsurvey.analysis.regression;

/**
 * The BFGS variable-metric minimiser of R's {@code optim(method = "BFGS")} ({@code vmmin} in R's
 * {@code src/appl/optim.c}, after J.C. Nash, Compact Numerical Methods for Computers, 2nd ed.,
 * Algorithm 21): the same steps, line search (step reduction 0.2, acceptance 1e-4), restarts and
 * stopping rule {@code |f - fmin| <= reltol (|fmin| + reltol)}, so that it stops at the same point
 * R does. Every parameter is free ({@code optim}'s mask), {@code abstol = -Inf},
 * {@code parscale = fnscale = 1}.
 */
final class Vmmin {
    private static final double STEP_REDUCTION = 0.2;
    private static final double ACCEPTANCE = 0.0001;
    private static final double RELTEST = 10.0;

    /** The objective and its gradient. */
    interface Objective {
        /** @return the value at b, {@code +Infinity} where it is not defined */
        double value(double[] b);

        /** Writes the gradient at b into g. */
        void gradient(double[] b, double[] g);
    }

    /**
     * @param par the minimum found (the start is overwritten)
     * @param value the objective there ({@code optim}'s {@code value})
     * @param functionCount evaluations of the objective
     * @param gradientCount evaluations of the gradient
     * @param converged {@code optim}'s {@code convergence == 0}: the iterations stopped before maxit
     */
    record Result(double[] par, double value, int functionCount, int gradientCount, boolean converged) {
    }

    private Vmmin() {
    }

    static Result minimize(double[] b, Objective fn, double reltol, int maxit) {
        int n = b.length;
        double abstol = Double.NEGATIVE_INFINITY;
        double[] g = new double[n];
        double[] t = new double[n];
        double[] x = new double[n];
        double[] c = new double[n];
        double[][] lower = new double[n][];
        for (int i = 0; i < n; i++) {
            lower[i] = new double[i + 1];
        }
        double f = fn.value(b);
        if (!Double.isFinite(f)) {
            throw new ArithmeticException("the objective is not finite at the starting values (R: initial value in"
                + " 'vmmin' is not finite)");
        }
        double fmin = f;
        int funcount = 1;
        int gradcount = 1;
        fn.gradient(b, g);
        int iter = 1;
        int ilast = gradcount;
        int count;
        do {
            if (ilast == gradcount) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < i; j++) {
                        lower[i][j] = 0.0;
                    }
                    lower[i][i] = 1.0;
                }
            }
            for (int i = 0; i < n; i++) {
                x[i] = b[i];
                c[i] = g[i];
            }
            double gradproj = 0.0;
            for (int i = 0; i < n; i++) {
                double s = 0.0;
                for (int j = 0; j <= i; j++) {
                    s -= lower[i][j] * g[j];
                }
                for (int j = i + 1; j < n; j++) {
                    s -= lower[j][i] * g[j];
                }
                t[i] = s;
                gradproj += s * g[i];
            }
            if (gradproj < 0.0) {
                double steplength = 1.0;
                boolean accpoint = false;
                do {
                    count = 0;
                    for (int i = 0; i < n; i++) {
                        b[i] = x[i] + steplength * t[i];
                        if (RELTEST + x[i] == RELTEST + b[i]) {
                            count++;
                        }
                    }
                    if (count < n) {
                        f = fn.value(b);
                        funcount++;
                        accpoint = Double.isFinite(f) && f <= fmin + gradproj * steplength * ACCEPTANCE;
                        if (!accpoint) {
                            steplength *= STEP_REDUCTION;
                        }
                    }
                } while (!(count == n || accpoint));
                boolean enough = f > abstol && Math.abs(f - fmin) > reltol * (Math.abs(fmin) + reltol);
                if (!enough) {
                    count = n;
                    fmin = f;
                }
                if (count < n) {
                    fmin = f;
                    fn.gradient(b, g);
                    gradcount++;
                    iter++;
                    double d1 = 0.0;
                    for (int i = 0; i < n; i++) {
                        t[i] = steplength * t[i];
                        c[i] = g[i] - c[i];
                        d1 += t[i] * c[i];
                    }
                    if (d1 > 0) {
                        double d2 = 0.0;
                        for (int i = 0; i < n; i++) {
                            double s = 0.0;
                            for (int j = 0; j <= i; j++) {
                                s += lower[i][j] * c[j];
                            }
                            for (int j = i + 1; j < n; j++) {
                                s += lower[j][i] * c[j];
                            }
                            x[i] = s;
                            d2 += s * c[i];
                        }
                        d2 = 1.0 + d2 / d1;
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j <= i; j++) {
                                lower[i][j] += (d2 * t[i] * t[j] - x[i] * t[j] - t[i] * x[j]) / d1;
                            }
                        }
                    } else {
                        ilast = gradcount;
                    }
                } else {
                    if (ilast < gradcount) {
                        count = 0;
                        ilast = gradcount;
                    }
                }
            } else {
                count = 0;
                if (ilast == gradcount) {
                    count = n;
                } else {
                    ilast = gradcount;
                }
            }
            if (iter >= maxit) {
                break;
            }
            if (gradcount - ilast > 2 * n) {
                ilast = gradcount;
            }
        } while (count != n || ilast != gradcount);
        return new Result(b, fmin, funcount, gradcount, iter < maxit);
    }

    /**
     * R's {@code optimhess} with an analytic gradient: central differences of the gradient with
     * step {@code ndeps = 1e-3} in each parameter (the parameter is moved by +eps, -2 eps, +eps in
     * place, as R does), then symmetrised.
     */
    static double[][] hessian(double[] par, Objective fn) {
        int n = par.length;
        double eps = 1e-3;
        double[] dpar = par.clone();
        double[] df1 = new double[n];
        double[] df2 = new double[n];
        double[][] h = new double[n][n]; // h[i][j]: d gradient_j / d par_i
        for (int i = 0; i < n; i++) {
            dpar[i] = dpar[i] + eps;
            fn.gradient(dpar, df1);
            dpar[i] = dpar[i] - 2 * eps;
            fn.gradient(dpar, df2);
            for (int j = 0; j < n; j++) {
                h[i][j] = (df1[j] - df2[j]) / (2 * eps);
            }
            dpar[i] = dpar[i] + eps;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double tmp = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = tmp;
                h[j][i] = tmp;
            }
        }
        return h;
    }
}
