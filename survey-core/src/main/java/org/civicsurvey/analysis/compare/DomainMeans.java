package org.civicsurvey.analysis.compare;

import java.util.List;
import java.util.Objects;

/**
 * Weighted (Hájek) means of a variable in domains (groups) of a survey design, with their joint
 * design-based covariance, as {@code svyby(~y, ~g, design, svymean, covmat = TRUE)}. A mean of a
 * 0/1 variable is a proportion. Created by {@link DesignComparisons#domainMeans}.
 *
 * <p>The mean of domain {@code d} is {@code sum_{i in d} w_i y_i / sum_{i in d} w_i}; its
 * linearised influence value is {@code w_i 1[i in d] (y_i - mean_d) / sum_{i in d} w_i}, and the
 * covariance of the means is the design's {@code totalCovariance} of these influence values
 * (R's {@code svyrecvar}); they are computed jointly by the engine's
 * {@link org.civicsurvey.stats.Estimator}. Units with a missing value ({@code NaN}) or no group belong to no domain
 * but stay in the design, as R's domain estimation does.
 */
public final class DomainMeans {
    private final List<String> names;
    private final double[] means;
    private final double[][] covariance;
    private final long[] counts;
    private final long[] missing;
    private final int degreesOfFreedom;

    DomainMeans(List<String> names, double[] means, double[][] covariance, long[] counts, long[] missing,
            int degreesOfFreedom) {
        this.names = List.copyOf(names);
        this.means = means;
        this.covariance = covariance;
        this.counts = counts;
        this.missing = missing;
        this.degreesOfFreedom = degreesOfFreedom;
    }

    /**
     * The domain names, in code order.
     *
     * @return the names
     */
    public List<String> names() {
        return names;
    }

    /**
     * Number of domains.
     *
     * @return the count
     */
    public int size() {
        return names.size();
    }

    /**
     * The mean of a domain.
     *
     * @param domain its code, {@code 0 <= domain < size()}
     * @return the mean
     */
    public double mean(int domain) {
        return means[check(domain)];
    }

    /**
     * The standard error of a domain's mean.
     *
     * @param domain its code
     * @return the standard error
     */
    public double standardError(int domain) {
        check(domain);
        return Math.sqrt(covariance[domain][domain]);
    }

    /**
     * The design covariance of two domain means.
     *
     * @param a a domain code
     * @param b a domain code
     * @return the covariance
     */
    public double covariance(int a, int b) {
        return covariance[check(a)][check(b)];
    }

    /**
     * Units of the domain with a value.
     *
     * @param domain its code
     * @return the count
     */
    public long count(int domain) {
        return counts[check(domain)];
    }

    /**
     * Units of the domain whose value is missing (left out).
     *
     * @param domain its code
     * @return the count
     */
    public long missing(int domain) {
        return missing[check(domain)];
    }

    /**
     * The design's degrees of freedom ({@code degf}).
     *
     * @return the degrees of freedom
     */
    public int degreesOfFreedom() {
        return degreesOfFreedom;
    }

    /**
     * The index of a domain name.
     *
     * @param name the name
     * @return its code
     * @throws IllegalArgumentException if there is no such domain
     */
    public int indexOf(String name) {
        int i = names.indexOf(Objects.requireNonNull(name, "name"));
        if (i < 0) {
            throw new IllegalArgumentException("no domain named '" + name + "' among " + names);
        }
        return i;
    }

    private int check(int domain) {
        if (domain < 0 || domain >= names.size()) {
            throw new IndexOutOfBoundsException("domain " + domain + " is outside 0.." + (names.size() - 1));
        }
        return domain;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("DomainMeans[");
        for (int i = 0; i < names.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(means[i])
                    .append(" (se ").append(standardError(i)).append(')');
        }
        return s.append(']').toString();
    }
}
