package org.civicsurvey.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * What to estimate: a mean, total, proportion (share of a set of categories among valid
 * answers) or scored mean (mean of a per-category score, e.g. NPS or a 0-100 rescaling) of one
 * variable, in the whole population or in one domain. Don't-know and other {@link Exclusion}s
 * are left out of every denominator and counted.
 */
public final class Statistic {
    /** The kinds of statistic. */
    public enum Kind {
        /** Weighted (Hájek) mean among valid answers, as R's {@code svymean(na.rm = TRUE)}. */
        MEAN,
        /** Weighted total of valid answers, as R's {@code svytotal(na.rm = TRUE)}. */
        TOTAL,
        /** Share of valid answers in a set of categories, as {@code svymean(~I(y %in% set))}. */
        PROPORTION,
        /** Mean of a score given to each category. */
        SCORED_MEAN
    }

    private final String variable;
    private final Kind kind;
    private final double[] values;
    private final Integer domain;

    private Statistic(String variable, Kind kind, double[] values, Integer domain) {
        this.variable = Objects.requireNonNull(variable, "variable");
        this.kind = kind;
        this.values = values;
        this.domain = domain;
    }

    /**
     * @param variable variable name
     * @return its mean
     */
    public static Statistic mean(String variable) {
        return new Statistic(variable, Kind.MEAN, null, null);
    }

    /**
     * @param variable variable name
     * @return its total
     */
    public static Statistic total(String variable) {
        return new Statistic(variable, Kind.TOTAL, null, null);
    }

    /**
     * @param variable a categorical variable's name
     * @param categories the category values counted as "yes" (e.g. 4 and 5 for top-2-box), at least one
     * @return the share of valid answers in those categories
     */
    public static Statistic proportion(String variable, double... categories) {
        Objects.requireNonNull(categories, "categories");
        if (categories.length == 0) {
            throw new IllegalArgumentException("a proportion of " + variable + " needs at least one category");
        }
        return new Statistic(variable, Kind.PROPORTION, categories.clone(), null);
    }

    /**
     * The share of every category among valid answers (R's {@code svymean(~factor(y), na.rm = TRUE)}).
     *
     * @param variable a categorical variable
     * @return one proportion per category, in category order
     */
    public static java.util.List<Statistic> eachCategory(Variable variable) {
        if (!variable.isCategorical()) {
            throw new IllegalArgumentException("variable " + variable.name() + " is numeric; it has no categories");
        }
        java.util.List<Statistic> out = new java.util.ArrayList<>();
        for (double c : variable.categories()) {
            out.add(proportion(variable.name(), c));
        }
        return java.util.List.copyOf(out);
    }

    /**
     * @param variable a categorical variable's name
     * @param scores one finite score per category, in category order
     * @return the weighted mean score among valid answers
     */
    public static Statistic scoredMean(String variable, double... scores) {
        Objects.requireNonNull(scores, "scores");
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " of " + variable + " is " + scores[i] + "; must be finite");
            }
        }
        return new Statistic(variable, Kind.SCORED_MEAN, scores.clone(), null);
    }

    /**
     * @param domainCode a domain code
     * @return this statistic restricted to that domain (the full design is kept, as R's {@code svyby})
     */
    public Statistic in(int domainCode) {
        return new Statistic(variable, kind, values, domainCode);
    }

    /** @return this statistic over all domains */
    public Statistic overall() {
        return new Statistic(variable, kind, values, null);
    }

    /** @return the variable name */
    public String variable() {
        return variable;
    }

    /** @return the kind */
    public Kind kind() {
        return kind;
    }

    /** @return the categories of a proportion or the scores of a scored mean (empty otherwise) */
    public double[] values() {
        return values == null ? new double[0] : values.clone();
    }

    double[] rawValues() {
        return values;
    }

    /** @return whether the statistic is restricted to one domain */
    public boolean hasDomain() {
        return domain != null;
    }

    /**
     * @return the domain code
     * @throws IllegalStateException if the statistic is over all domains
     */
    public int domain() {
        if (domain == null) {
            throw new IllegalStateException(this + " is over all domains");
        }
        return domain;
    }

    Integer domainOrNull() {
        return domain;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Statistic)) {
            return false;
        }
        Statistic s = (Statistic) o;
        return s.variable.equals(variable) && s.kind == kind && Arrays.equals(s.values, values) && Objects.equals(s.domain, domain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(variable, kind, Arrays.hashCode(values), domain);
    }

    @Override
    public String toString() {
        String v = kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + variable
            + (values == null ? "" : " " + Arrays.toString(values)) + ")";
        return domain == null ? v : v + " in " + domain;
    }
}
