package org.civicsurvey.analysis.regression;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A design-based proportional-odds model of an ordered rating, R's {@code svyolr}:
 * {@code logit P(rating <= k) = zeta_k - x beta}, so a positive coefficient shifts answers
 * towards the higher categories. Coefficients and the cut-points {@code zeta} (named
 * {@code "1|2"}, {@code "2|3"}, ... after the categories they separate) with their design-based
 * covariance ({@code vcov}); t statistics as {@code summary.svyolr}, and p-values on the residual
 * degrees of freedom {@code degf(design) - p} (the ones {@code regTermTest} uses; R's summary
 * prints none). Immutable; made by {@link SurveyRegression#ordinal}.
 */
public final class OrdinalFit {
    private final String outcome;
    private final List<String> termNames;
    private final List<String> names;
    private final double[] estimates;
    private final double[][] vcov;
    private final int[] assign;
    private final int pc;
    private final int df;
    private final long rowsUsed;
    private final long rowsExcluded;
    private final double deviance;
    private final int functionEvaluations;
    private final int gradientEvaluations;
    private final List<Coefficient> table;

    OrdinalFit(String outcome, List<String> termNames, List<String> names, double[] estimates, double[][] vcov,
            int[] assign, int pc, int df, long rowsUsed, long rowsExcluded, double deviance, int functionEvaluations,
            int gradientEvaluations) {
        this.outcome = outcome;
        this.termNames = List.copyOf(termNames);
        this.names = List.copyOf(names);
        this.estimates = estimates;
        this.vcov = vcov;
        this.assign = assign;
        this.pc = pc;
        this.df = df;
        this.rowsUsed = rowsUsed;
        this.rowsExcluded = rowsExcluded;
        this.deviance = deviance;
        this.functionEvaluations = functionEvaluations;
        this.gradientEvaluations = gradientEvaluations;
        List<Coefficient> t = new ArrayList<>(estimates.length);
        for (int j = 0; j < estimates.length; j++) {
            double se = Math.sqrt(vcov[j][j]);
            double stat = estimates[j] / se;
            t.add(new Coefficient(names.get(j), estimates[j], se, stat, df > 0 ? Tails.tTwoSided(stat, df) : Double.NaN));
        }
        this.table = List.copyOf(t);
    }

    /** @return the rating's name */
    public String outcome() {
        return outcome;
    }

    /** @return the model's term names */
    public List<String> terms() {
        return termNames;
    }

    /** @return the coefficient table of the terms' columns (no intercept: the cut-points take its place) */
    public List<Coefficient> coefficients() {
        return table.subList(0, pc);
    }

    /** @return the cut-points {@code zeta}, ascending, named {@code "lower|upper"} by the categories they separate */
    public List<Coefficient> cutPoints() {
        return table.subList(pc, table.size());
    }

    /**
     * @param name a coefficient's or a cut-point's name
     * @return its row
     * @throws IllegalArgumentException naming the rows there are when there is no such name
     */
    public Coefficient coefficient(String name) {
        int j = names.indexOf(Objects.requireNonNull(name, "name"));
        if (j < 0) {
            throw new IllegalArgumentException("no coefficient or cut-point " + name + " in the model; it has " + names);
        }
        return table.get(j);
    }

    /** @return the design-based covariance of the coefficients then the cut-points ({@code vcov}), a new array */
    public double[][] covariance() {
        return Linear.copy(vcov);
    }

    /** @return R's {@code df.residual}: {@code degf(design) - p} over the rows used (p coefficients, cut-points not counted) */
    public int residualDegreesOfFreedom() {
        return df;
    }

    /** @return the rows used */
    public long rowsUsed() {
        return rowsUsed;
    }

    /** @return the rows of the domain left out because the rating or a term was missing */
    public long rowsExcluded() {
        return rowsExcluded;
    }

    /** @return R's {@code deviance}: twice the minimised weighted negative log-likelihood over the mean weight */
    public double deviance() {
        return deviance;
    }

    /** @return the BFGS search's objective evaluations, R's {@code niter["f.evals"]} */
    public int functionEvaluations() {
        return functionEvaluations;
    }

    /** @return the BFGS search's gradient evaluations, R's {@code niter["g.evals"]} */
    public int gradientEvaluations() {
        return gradientEvaluations;
    }

    /**
     * The Wald test that every coefficient of the named terms is zero, R's
     * {@code regTermTest(svyolr(...), ~ a + b)} on {@link #residualDegreesOfFreedom()}.
     *
     * @param terms term names of this model
     * @return the test
     */
    public WaldTest termTest(String... terms) {
        return Wald.test(termNames, assign, estimates, vcov, df, terms);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("svyolr(").append(outcome).append(" ~ ").append(String.join(" + ", termNames))
            .append(")\n");
        for (Coefficient c : table) {
            s.append(String.format(java.util.Locale.ROOT, "%-20s %14.6g %14.6g %9.3f%n", c.name(), c.estimate(),
                c.standardError(), c.statistic()));
        }
        return s.append("residual df ").append(df).append(", rows used ").append(rowsUsed).toString();
    }
}
