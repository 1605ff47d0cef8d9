package org.civicsurvey.analysis.regression;

import java.util.List;
import java.util.Objects;

/**
 * Predicted means (marginal standardisation) of a factor's groups, R's
 * {@code svypredmeans(adjustmodel, ~group)}: for each group g, the design-weighted mean over the
 * sample of the model's predictions with every unit's group set to g (the other covariates as
 * observed). The covariance adds the variance of that mean with the predictions held fixed
 * ({@code svymean}) and the coefficients' uncertainty through the gradient of the means.
 * Immutable; made by {@link SurveyRegression#predictedMeans}.
 */
public final class PredictedMeans {
    private final String factor;
    private final List<String> groups;
    private final double[] means;
    private final double[][] covariance;
    private final GlmFit model;

    PredictedMeans(String factor, List<String> groups, double[] means, double[][] covariance, GlmFit model) {
        this.factor = factor;
        this.groups = List.copyOf(groups);
        this.means = means;
        this.covariance = covariance;
        this.model = model;
    }

    /** @return the factor's name */
    public String factor() {
        return factor;
    }

    /** @return the groups (the factor's levels present among the rows, in level order) */
    public List<String> groups() {
        return groups;
    }

    /**
     * @param group a group (level) name
     * @return the predicted mean of the group (a proportion for a quasibinomial model)
     * @throws IllegalArgumentException naming the groups there are when there is no such group
     */
    public double mean(String group) {
        return means[index(group)];
    }

    /**
     * @param group a group name
     * @return the standard error of its predicted mean
     */
    public double standardError(String group) {
        int g = index(group);
        return Math.sqrt(covariance[g][g]);
    }

    /** @return the predicted means in group order, a new array */
    public double[] means() {
        return means.clone();
    }

    /** @return their covariance in group order, a new array */
    public double[][] covariance() {
        return Linear.copy(covariance);
    }

    /** @return the model the predictions come from (the adjustment terms and the factor) */
    public GlmFit model() {
        return model;
    }

    private int index(String group) {
        int g = groups.indexOf(Objects.requireNonNull(group, "group"));
        if (g < 0) {
            throw new IllegalArgumentException("no group " + group + " of " + factor + "; groups are " + groups);
        }
        return g;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("svypredmeans by ").append(factor).append('\n');
        for (int g = 0; g < groups.size(); g++) {
            s.append(String.format(java.util.Locale.ROOT, "%-20s %14.6g %14.6g%n", groups.get(g), means[g],
                Math.sqrt(covariance[g][g])));
        }
        return s.toString();
    }
}
