package org.civicsurvey.analysis.regression;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.civicsurvey.stats.Interval;

/**
 * A design-based generalised linear model, R's {@code svyglm}: coefficients, their design-based
 * covariance ({@code vcov}), the coefficient table of {@code summary} (t on the residual degrees
 * of freedom {@code degf(design) + 1 - p}), {@code confint} intervals and {@code regTermTest}
 * Wald tests. Immutable; made by {@link SurveyRegression#glm}.
 */
public final class GlmFit {
    private final Family family;
    private final String outcome;
    private final List<String> termNames;
    private final List<String> names;
    private final double[] coef;
    private final double[][] vcov;
    private final int[] assign;
    private final int df;
    private final double confidenceLevel;
    private final long rowsUsed;
    private final long rowsExcluded;
    private final int iterations;
    private final List<Coefficient> coefficients;

    GlmFit(Family family, String outcome, List<String> termNames, List<String> names, double[] coef, double[][] vcov,
            int[] assign, int df, double confidenceLevel, long rowsUsed, long rowsExcluded, int iterations) {
        this.family = family;
        this.outcome = outcome;
        this.termNames = List.copyOf(termNames);
        this.names = List.copyOf(names);
        this.coef = coef;
        this.vcov = vcov;
        this.assign = assign;
        this.df = df;
        this.confidenceLevel = confidenceLevel;
        this.rowsUsed = rowsUsed;
        this.rowsExcluded = rowsExcluded;
        this.iterations = iterations;
        List<Coefficient> table = new ArrayList<>(coef.length);
        for (int j = 0; j < coef.length; j++) {
            double se = Math.sqrt(vcov[j][j]);
            double t = coef[j] / se;
            table.add(new Coefficient(names.get(j), coef[j], se, t, df > 0 ? Tails.tTwoSided(t, df) : Double.NaN));
        }
        this.coefficients = List.copyOf(table);
    }

    /** @return the family */
    public Family family() {
        return family;
    }

    /** @return the outcome's name */
    public String outcome() {
        return outcome;
    }

    /** @return the model's term names, in model order */
    public List<String> terms() {
        return termNames;
    }

    /** @return the coefficient table, the intercept first, then each term's columns in model order */
    public List<Coefficient> coefficients() {
        return coefficients;
    }

    /**
     * @param name a coefficient's name, e.g. {@code (Intercept)}, {@code ell}, {@code stypeH}
     * @return its row of the coefficient table
     * @throws IllegalArgumentException naming the coefficients there are when there is no such coefficient
     */
    public Coefficient coefficient(String name) {
        return coefficients.get(index(name));
    }

    private int index(String name) {
        int j = names.indexOf(Objects.requireNonNull(name, "name"));
        if (j < 0) {
            throw new IllegalArgumentException("no coefficient " + name + " in the model; it has " + names);
        }
        return j;
    }

    /** @return the design-based covariance of the coefficients ({@code vcov}), in coefficient order, a new array */
    public double[][] covariance() {
        return Linear.copy(vcov);
    }

    /**
     * @return the residual degrees of freedom of the t tests and of {@link #termTest}: R's
     *     {@code degf(design) + 1 - p}, with {@code degf} over the rows the model uses
     */
    public int residualDegreesOfFreedom() {
        return df;
    }

    /** @return the rows the model used (in the domain, with no missing value) */
    public long rowsUsed() {
        return rowsUsed;
    }

    /** @return the rows of the domain left out because the outcome or a term was missing */
    public long rowsExcluded() {
        return rowsExcluded;
    }

    /** @return the iterations of the fit, R's {@code iter} */
    public int iterations() {
        return iterations;
    }

    /** @return the confidence level of {@link #interval(String)} */
    public double confidenceLevel() {
        return confidenceLevel;
    }

    /**
     * A Wald confidence interval as R's {@code confint(model)} (method {@code "Wald"}):
     * {@code estimate ± qt(1 - (1 - level) / 2, df) * se} on the residual degrees of freedom.
     *
     * @param name the coefficient's name
     * @return the interval
     * @throws IllegalArgumentException if there is no such coefficient or the model has no
     *     residual degrees of freedom (R returns NaN)
     */
    public Interval interval(String name) {
        Coefficient c = coefficient(name);
        if (df < 1) {
            throw new IllegalArgumentException("the model has " + df + " residual degrees of freedom; no interval");
        }
        double h = Tails.tQuantile(1 - (1 - confidenceLevel) / 2, df) * c.standardError();
        return new Interval(c.estimate() - h, c.estimate() + h, confidenceLevel);
    }

    /**
     * The Wald test that every coefficient of the named terms is zero, R's
     * {@code regTermTest(model, ~ a + b)}: a factor's terms test all its levels at once.
     *
     * @param terms term names of this model
     * @return the test
     * @throws IllegalArgumentException if a name is not a term of the model
     */
    public WaldTest termTest(String... terms) {
        return Wald.test(termNames, assign, coef, vcov, df, terms);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("svyglm(").append(outcome).append(" ~ ").append(String.join(" + ", termNames))
            .append(", family = ").append(family.rName()).append(")\n");
        for (Coefficient c : coefficients) {
            s.append(String.format(java.util.Locale.ROOT, "%-20s %14.6g %14.6g %9.3f %10.3g%n", c.name(), c.estimate(),
                c.standardError(), c.statistic(), c.pValue()));
        }
        return s.append("residual df ").append(df).append(", rows used ").append(rowsUsed).toString();
    }
}
