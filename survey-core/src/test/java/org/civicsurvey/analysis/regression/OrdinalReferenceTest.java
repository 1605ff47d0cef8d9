package org.civicsurvey.analysis.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicsurvey.analysis.regression.GlmReferenceTest.api;
import static org.civicsurvey.analysis.regression.GlmReferenceTest.checkTest;
import static org.civicsurvey.analysis.regression.GlmReferenceTest.sat;
import static org.civicsurvey.analysis.regression.RegressionData.CLUS1;
import static org.civicsurvey.analysis.regression.RegressionData.SAT;
import static org.civicsurvey.analysis.regression.RegressionData.design;
import static org.civicsurvey.analysis.regression.RegressionData.where;
import static org.civicsurvey.analysis.regression.RegressionReference.REF;

import java.util.ArrayList;
import java.util.List;

import org.civicsurvey.stats.Variable;
import org.junit.jupiter.api.Test;

/**
 * svyolr and regTermTest on it against {@code reference/regression/regression.csv}
 * ({@code regression.R}, R 4.2.2, survey 4.1.1). The search is R's own (optim's BFGS from polr's
 * starting values, optim's difference Hessian), so R's default stopping point is matched, not
 * only the maximum: tolerance 1e-8 relative for coefficients, cut-points, standard errors, t and
 * p; covariances relative to the product of the standard errors; the gradient evaluations (the
 * iterations) exactly.
 */
class OrdinalReferenceTest {
    private static final double TOL = 1e-8;
    private static final SurveyRegression REG = SurveyRegression.withDefaults();
    private static final Variable RATING = Variable.scale("rating", 1, 5);

    /** Compares the fit's rows, in order, with R's rows named {@code rNames}. */
    private static void check(String c, OrdinalFit fit, List<String> rNames) {
        List<Coefficient> rows = new ArrayList<>(fit.coefficients());
        rows.addAll(fit.cutPoints());
        assertThat(rows).hasSize(rNames.size());
        double[][] v = fit.covariance();
        for (int k = 0; k < rows.size(); k++) {
            Coefficient co = rows.get(k);
            String nm = rNames.get(k);
            double se = REF.get(c, "se." + nm);
            REF.check(co.estimate(), c, "est." + nm, TOL, se);
            REF.check(co.standardError(), c, "se." + nm, TOL);
            REF.check(co.statistic(), c, "t." + nm, TOL, 1);
            REF.check(co.pValue(), c, "p." + nm, TOL);
            for (int j = 0; j < rows.size(); j++) {
                String other = rNames.get(j);
                REF.check(v[k][j], c, "vcov." + nm + "." + other, TOL, se * REF.get(c, "se." + other));
            }
        }
        assertThat(fit.residualDegreesOfFreedom()).as(c + " df").isEqualTo((int) REF.get(c, "df"));
        assertThat(fit.rowsUsed()).as(c + " n").isEqualTo((long) REF.get(c, "n"));
        REF.check(fit.deviance(), c, "deviance", TOL);
        // the same iterations (one gradient per accepted step) ...
        assertThat(fit.gradientEvaluations()).as(c + " g.evals").isEqualTo((int) REF.get(c, "gevals"));
        // ... and nearly the same objective evaluations: the last line search of a converged search halves a
        // step of ~1e-12 until the objective (~5579) stops rising by its last bit, and how many reductions that
        // takes depends on rounding (the api case: R 65, here 66; the points agree to 1e-12)
        assertThat(fit.functionEvaluations()).as(c + " f.evals").isBetween((int) REF.get(c, "fevals") - 2,
            (int) REF.get(c, "fevals") + 2);
    }

    private static List<String> names(OrdinalFit fit) {
        List<String> out = new ArrayList<>();
        fit.coefficients().forEach(co -> out.add(co.name()));
        fit.cutPoints().forEach(co -> out.add(co.name()));
        return out;
    }

    @Test
    void apiMealCategories() {
        // dclus1 <- update(dclus1, mealcat = cut(meals, c(0, 25, 50, 75, 100)))
        // svyolr(mealcat ~ avg.ed + mobility + stype, design = dclus1); regTermTest(m, ~avg.ed + stype)
        double[] meals = CLUS1.doubles("meals");
        double[] mealcat = new double[meals.length];
        for (int i = 0; i < meals.length; i++) {
            mealcat[i] = meals[i] > 0 ? Math.ceil(meals[i] / 25) : Double.NaN;
        }
        String c = "olr/dclus1/mealcat~avg.ed+mobility+stype";
        OrdinalFit fit = REG.ordinal(design("dclus1"), Variable.categorical("mealcat", 1, 2, 3, 4), mealcat,
            api(CLUS1, "avg.ed", "mobility", "stype"));
        check(c, fit, List.of("avg.ed", "mobility", "stypeH", "stypeM", "(0,25]|(25,50]", "(25,50]|(50,75]",
            "(50,75]|(75,100]"));
        assertThat(fit.rowsExcluded()).isEqualTo(26);
        checkTest(c + "/regTermTest~avg.ed + stype", fit.termTest("avg.ed", "stype"));
    }

    @Test
    void satisfactionRating() {
        // svyolr(rating ~ channel + agegroup + wait, design = dsat); regTermTest(m, ~channel)
        String c = "olr/dsat/rating~channel+agegroup+wait";
        OrdinalFit fit = REG.ordinal(design("dsat"), RATING, SAT.doubles("rating"), sat("channel", "agegroup", "wait"));
        check(c, fit, names(fit));
        assertThat(fit.cutPoints().get(0).name()).isEqualTo("1|2");
        checkTest(c + "/regTermTest~channel", fit.termTest("channel"));
        // the same with control = list(reltol = 1e-13, maxit = 1000): optimised to the maximum
        check("olr-tight/dsat/rating~channel+agegroup+wait", SurveyRegression.withDefaults().withOptimControl(1e-13, 1000)
            .ordinal(design("dsat"), RATING, SAT.doubles("rating"), sat("channel", "agegroup", "wait")), names(fit));
    }

    @Test
    void satisfactionRatingInADomain() {
        // svyolr(rating ~ channel + female, design = subset(dsat2, region != 4))
        OrdinalFit fit = REG.ordinal(design("dsat2"), RATING, SAT.doubles("rating"), sat("channel", "female"),
            where(SAT.strings("region"), "4", false));
        check("olr/dsat2[region!=4]/rating~channel+female", fit, names(fit));
    }
}
