package org.civicsurvey.analysis.regression;

import java.util.ArrayList;
import java.util.List;

/** R's {@code regTermTest(model, terms, method = "Wald")} on coefficients, their covariance and the model's df. */
final class Wald {
    private Wald() {
    }

    /**
     * @param termNames the model's term names
     * @param assign the term index of each coefficient (-1: intercept or cut-point, never tested)
     * @param coef the coefficients
     * @param vcov their covariance
     * @param df the denominator degrees of freedom
     * @param tested the names of the terms to test
     */
    static WaldTest test(List<String> termNames, int[] assign, double[] coef, double[][] vcov, int df, String... tested) {
        java.util.Objects.requireNonNull(tested, "terms");
        if (tested.length == 0) {
            throw new IllegalArgumentException("name at least one term to test; the model's terms are " + termNames);
        }
        boolean[] testTerm = new boolean[termNames.size()];
        for (String t : tested) {
            int i = termNames.indexOf(t);
            if (i < 0) {
                throw new IllegalArgumentException("no term " + t + " in the model; its terms are " + termNames);
            }
            testTerm[i] = true;
        }
        List<Integer> index = new ArrayList<>();
        for (int j = 0; j < assign.length; j++) {
            if (assign[j] >= 0 && testTerm[assign[j]]) {
                index.add(j);
            }
        }
        int k = index.size();
        if (k == 0) {
            throw new IllegalArgumentException("the terms " + List.of(tested) + " have no coefficient in the model");
        }
        double[] b = new double[k];
        double[][] v = new double[k][k];
        for (int a = 0; a < k; a++) {
            b[a] = coef[index.get(a)];
            for (int c = 0; c < k; c++) {
                v[a][c] = vcov[index.get(a)][index.get(c)];
            }
        }
        double[][] inv = Linear.inverse(v, "the covariance of the coefficients of " + List.of(tested));
        double chisq = 0;
        for (int a = 0; a < k; a++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += inv[a][c] * b[c];
            }
            chisq += b[a] * s;
        }
        double f = chisq / k;
        if (df < 1) {
            throw new IllegalArgumentException("the model has " + df + " residual degrees of freedom; an F test needs at least 1");
        }
        return new WaldTest(List.of(tested), f, k, df, Tails.fUpper(f, k, df), chisq);
    }
}
