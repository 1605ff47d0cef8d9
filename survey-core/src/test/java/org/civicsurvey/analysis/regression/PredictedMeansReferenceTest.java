package org.civicsurvey.analysis.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicsurvey.analysis.regression.GlmReferenceTest.api;
import static org.civicsurvey.analysis.regression.GlmReferenceTest.sat;
import static org.civicsurvey.analysis.regression.RegressionData.CLUS1;
import static org.civicsurvey.analysis.regression.RegressionData.SAT;
import static org.civicsurvey.analysis.regression.RegressionData.STRAT;
import static org.civicsurvey.analysis.regression.RegressionData.design;
import static org.civicsurvey.analysis.regression.RegressionData.yes;
import static org.civicsurvey.analysis.regression.RegressionReference.REF;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * svypredmeans against {@code reference/regression/regression.csv} ({@code regression.R}, R 4.2.2,
 * survey 4.1.1). Tolerance 1e-8 relative for the means and standard errors, covariances relative to
 * the product of the standard errors.
 */
class PredictedMeansReferenceTest {
    private static final double TOL = 1e-8;
    private static final SurveyRegression REG = SurveyRegression.withDefaults();

    static void check(String c, PredictedMeans pm, List<String> groups) {
        assertThat(pm.groups()).containsExactlyInAnyOrderElementsOf(groups);
        double[][] cov = pm.covariance();
        for (int a = 0; a < groups.size(); a++) {
            String g = pm.groups().get(a);
            REF.check(pm.mean(g), c, "mean." + g, TOL);
            REF.check(pm.standardError(g), c, "se." + g, TOL);
            for (int b = 0; b < groups.size(); b++) {
                String h = pm.groups().get(b);
                REF.check(cov[a][b], c, "cov." + g + "." + h, TOL, pm.standardError(g) * pm.standardError(h));
            }
        }
    }

    @Test
    void gaussianByType() {
        // svypredmeans(svyglm(api00 ~ ell + meals, design = dclus1), ~stype)
        PredictedMeans pm = REG.predictedMeans(design("dclus1"), Family.GAUSSIAN, "api00", CLUS1.doubles("api00"),
            api(CLUS1, "ell", "meals", "stype"), "stype");
        check("predmeans/dclus1/api00~ell+meals|stype", pm, List.of("E", "H", "M"));
        assertThat(pm.model().terms()).containsExactly("ell", "meals", "stype");
    }

    @Test
    void quasibinomialByType() {
        // svypredmeans(svyglm(sch.wide ~ ell + meals, design = dstrat, family = quasibinomial()), ~stype)
        check("predmeans/dstrat/sch.wide~ell+meals|stype", REG.predictedMeans(design("dstrat"), Family.QUASIBINOMIAL,
            "sch.wide", yes(STRAT, "sch.wide"), api(STRAT, "ell", "meals", "stype"), "stype"), List.of("E", "H", "M"));
    }

    @Test
    void satisfactionByChannel() {
        // svypredmeans(svyglm(satisfied ~ agegroup + female, design = subset(dsat, !is.na(rating)),
        //   family = quasibinomial()), ~channel): rows without a rating are outside the domain
        double[] satisfied = SAT.doubles("satisfied");
        boolean[] rated = new boolean[satisfied.length];
        for (int i = 0; i < rated.length; i++) {
            rated[i] = !Double.isNaN(satisfied[i]);
        }
        List<String> channels = List.of("in person", "online", "phone");
        check("predmeans/dsat/satisfied~agegroup+female|channel", REG.predictedMeans(design("dsat"), Family.QUASIBINOMIAL,
            "satisfied", satisfied, sat("agegroup", "female", "channel"), "channel", rated), channels);
        // svypredmeans(svyglm(as.numeric(rating) ~ agegroup + female, design = subset(dsat2, !is.na(rating))), ~channel)
        check("predmeans/dsat2/rating~agegroup+female|channel", REG.predictedMeans(design("dsat2"), Family.GAUSSIAN,
            "rating", SAT.doubles("rating"), sat("agegroup", "female", "channel"), "channel", rated), channels);
        // svypredmeans(svyglm(satisfied ~ agegroup + wait, design = dsat, family = quasibinomial()), ~channel):
        // the rows missing wait or the rating leave the adjustment model and its predictions
        check("predmeans/dsat/satisfied~agegroup+wait|channel", REG.predictedMeans(design("dsat"), Family.QUASIBINOMIAL,
            "satisfied", satisfied, sat("agegroup", "wait", "channel"), "channel"), channels);
        // without the domain the rows missing the rating leave the model as missing values: the same numbers
        check("predmeans/dsat/satisfied~agegroup+female|channel", REG.predictedMeans(design("dsat"), Family.QUASIBINOMIAL,
            "satisfied", satisfied, sat("agegroup", "female", "channel"), "channel"), channels);
    }
}
