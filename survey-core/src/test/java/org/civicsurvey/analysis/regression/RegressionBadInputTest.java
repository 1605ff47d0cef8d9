package org.civicsurvey.analysis.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicsurvey.analysis.regression.GlmReferenceTest.api;
import static org.civicsurvey.analysis.regression.GlmReferenceTest.sat;
import static org.civicsurvey.analysis.regression.RegressionData.SAT;
import static org.civicsurvey.analysis.regression.RegressionData.STRAT;
import static org.civicsurvey.analysis.regression.RegressionData.STYPE;
import static org.civicsurvey.analysis.regression.RegressionData.design;
import static org.civicsurvey.analysis.regression.RegressionData.factor;
import static org.civicsurvey.analysis.regression.RegressionData.yes;

import java.util.List;

import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.Variable;
import org.junit.jupiter.api.Test;

/** Malformed and degenerate input: each rejected with a message naming the variable and the problem. */
class RegressionBadInputTest {
    private static final SurveyRegression REG = SurveyRegression.withDefaults();
    private static final Design DSTRAT = design("dstrat");
    private static final Design DSAT = design("dsat");

    @Test
    void collinearPredictorsNameTheColumn() {
        // R: svyglm(api00 ~ ell + ell2, dstrat) with ell2 = 2 * ell reports NA for ell2
        double[] ell = STRAT.doubles("ell");
        double[] ell2 = new double[ell.length];
        for (int i = 0; i < ell.length; i++) {
            ell2[i] = 2 * ell[i];
        }
        Terms terms = Terms.builder().numeric("ell", ell).numeric("ell2", ell2).build();
        assertThatThrownBy(() -> REG.glm(DSTRAT, Family.GAUSSIAN, "api00", STRAT.doubles("api00"), terms))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("ell2").hasMessageContaining("linear combination").hasMessageContaining("[(Intercept), ell]");
        // a dummy that repeats a factor level
        int[] stype = factor(STRAT, "stype", STYPE);
        double[] isHigh = new double[stype.length];
        for (int i = 0; i < stype.length; i++) {
            isHigh[i] = stype[i] == 1 ? 1 : 0;
        }
        Terms withDummy = Terms.builder().factor("stype", stype, STYPE).numeric("high", isHigh).build();
        assertThatThrownBy(() -> REG.glm(DSTRAT, Family.QUASIBINOMIAL, "sch.wide", yes(STRAT, "sch.wide"), withDummy))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column high");
        // and in the ordinal model (its starting values are a glm)
        assertThatThrownBy(() -> REG.ordinal(DSAT, Variable.scale("rating", 1, 5), SAT.doubles("rating"),
            Terms.builder().numeric("wait", SAT.doubles("wait")).numeric("wait.again", SAT.doubles("wait")).build()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wait.again");
    }

    @Test
    void quasibinomialOutcomeOutsideTheUnitInterval() {
        double[] y = yes(STRAT, "sch.wide");
        y[5] = 2;
        assertThatThrownBy(() -> REG.glm(DSTRAT, Family.QUASIBINOMIAL, "sch.wide", y, api(STRAT, "ell")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("sch.wide").hasMessageContaining("row 5").hasMessageContaining("0 <= y <= 1");
        y[5] = -0.5;
        assertThatThrownBy(() -> REG.glm(DSTRAT, Family.QUASIBINOMIAL, "sch.wide", y, api(STRAT, "ell")))
            .hasMessageContaining("-0.5");
        // a proportion is fine (R accepts y in [0, 1]); the gaussian family takes any value
        y[5] = 0.25;
        assertThat(REG.glm(DSTRAT, Family.QUASIBINOMIAL, "sch.wide", y, api(STRAT, "ell")).rowsUsed()).isEqualTo(200);
        y[5] = 2;
        assertThat(REG.glm(DSTRAT, Family.GAUSSIAN, "sch.wide", y, api(STRAT, "ell")).rowsUsed()).isEqualTo(200);
    }

    @Test
    void nonConvergence() {
        // R: svyglm(sch.wide ~ ell + meals, dstrat, quasibinomial(), control = glm.control(maxit = 2)) warns
        // "glm.fit: algorithm did not converge" (it needs 4 iterations)
        SurveyRegression two = REG.withGlmControl(1e-8, 2);
        assertThatThrownBy(() -> two.glm(DSTRAT, Family.QUASIBINOMIAL, "sch.wide", yes(STRAT, "sch.wide"),
            api(STRAT, "ell", "meals")))
            .isInstanceOf(ArithmeticException.class)
            .hasMessageContaining("sch.wide").hasMessageContaining("did not converge in 2 iterations");
        // svyolr(..., control = list(maxit = 3)) stops with convergence = 1
        assertThatThrownBy(() -> REG.withOptimControl(1.5e-8, 3).ordinal(DSAT, Variable.scale("rating", 1, 5),
            SAT.doubles("rating"), sat("channel", "wait")))
            .isInstanceOf(ArithmeticException.class)
            .hasMessageContaining("svyolr(rating").hasMessageContaining("did not converge in 3 BFGS iterations");
    }

    @Test
    void ratingWithAnEmptyCategory() {
        double[] rating = SAT.doubles("rating");
        for (int i = 0; i < rating.length; i++) {
            if (rating[i] == 5) {
                rating[i] = 4;
            }
        }
        assertThatThrownBy(() -> REG.ordinal(DSAT, Variable.scale("rating", 1, 5), rating, sat("channel")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("rating rating category 5 has no answer");
        // the same rating declared with the categories it has is fine
        assertThat(REG.ordinal(DSAT, Variable.scale("rating", 1, 4), rating, sat("channel")).cutPoints()).hasSize(3);
        // an empty category inside a domain
        boolean[] highOnly = new boolean[rating.length];
        double[] original = SAT.doubles("rating");
        for (int i = 0; i < rating.length; i++) {
            highOnly[i] = original[i] >= 3;
        }
        assertThatThrownBy(() -> REG.ordinal(DSAT, Variable.scale("rating", 1, 5), original, sat("channel"), highOnly))
            .hasMessageContaining("category 1 has no answer");
    }

    @Test
    void ratingShapes() {
        double[] rating = SAT.doubles("rating");
        assertThatThrownBy(() -> REG.ordinal(DSAT, Variable.scale("rating", 1, 2), rating, sat("channel")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 3 or more");
        assertThatThrownBy(() -> REG.ordinal(DSAT, Variable.numeric("rating"), rating, sat("channel")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rating rating is numeric");
        double[] bad = rating.clone();
        bad[7] = 7;
        assertThatThrownBy(() -> REG.ordinal(DSAT, Variable.scale("rating", 1, 5), bad, sat("channel")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is 7.0 at row 7");
    }

    @Test
    void lengthsAndValues() {
        double[] api00 = STRAT.doubles("api00");
        Terms ell = api(STRAT, "ell");
        assertThatThrownBy(() -> REG.glm(DSTRAT, Family.GAUSSIAN, "api00", new double[3], ell))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome api00 has 3 values; the design has 200");
        assertThatThrownBy(() -> REG.glm(DSTRAT, Family.GAUSSIAN, "api00", api00,
            Terms.builder().numeric("x", new double[10]).build()))
            .hasMessageContaining("the terms have 10 rows; the design has 200");
        assertThatThrownBy(() -> REG.glm(DSTRAT, Family.GAUSSIAN, "api00", api00, ell, new boolean[2]))
            .hasMessageContaining("domain has 2 values");
        assertThatThrownBy(() -> REG.glm(DSTRAT, Family.GAUSSIAN, "api00", api00, ell, new boolean[200]))
            .hasMessageContaining("no row in the domain");
        double[] inf = api00.clone();
        inf[3] = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> REG.glm(DSTRAT, Family.GAUSSIAN, "api00", inf, ell))
            .hasMessageContaining("outcome api00 is Infinity at row 3");
        double[] nan = new double[200];
        java.util.Arrays.fill(nan, Double.NaN);
        assertThatThrownBy(() -> REG.glm(DSTRAT, Family.GAUSSIAN, "api00", nan, ell))
            .hasMessageContaining("no row without a missing value");
    }

    @Test
    void replicatesThatCannotBeRefitted() {
        // a replicate without weight on the rows of the fit: R's glm.fit gets weights 0/0
        double[] pw = RegressionData.CLUS1.doubles("pw");
        double[][] rep = new double[pw.length][3];
        for (double[] row : rep) {
            java.util.Arrays.fill(row, 1);
            row[1] = 0;
        }
        Design zero = org.civicsurvey.stats.ReplicateDesign.builder(org.civicsurvey.stats.ReplicateType.OTHER, pw, rep)
            .combinedWeights(false).build();
        assertThatThrownBy(() -> REG.glm(zero, Family.GAUSSIAN, "api00", RegressionData.CLUS1.doubles("api00"),
            api(RegressionData.CLUS1, "ell")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicate 2 gives every row of the fit weight 0");
        // a column that is 0 outside the first PSU: JK1's replicate that deletes that PSU cannot estimate it
        // (R drops the replicate with a warning; here it is an error naming it)
        int[] dnum = RegressionData.ints(RegressionData.CLUS1, "dnum");
        double[] firstPsu = new double[dnum.length];
        for (int i = 0; i < dnum.length; i++) {
            firstPsu[i] = dnum[i] == dnum[0] ? i % 3 : 0;
        }
        Design jk1 = org.civicsurvey.stats.ReplicateDesign.jk1(design("dclus1"));
        assertThatThrownBy(() -> REG.glm(jk1, Family.GAUSSIAN, "api00", RegressionData.CLUS1.doubles("api00"),
            Terms.builder().numeric("ell", RegressionData.CLUS1.doubles("ell")).numeric("first", firstPsu).build()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in replicate ")
            .hasMessageContaining("the column first is a linear combination");
    }

    @Test
    void termsBuilder() {
        assertThatThrownBy(() -> Terms.builder().numeric("x", new double[] {1, Double.NEGATIVE_INFINITY}))
            .hasMessageContaining("term x row 1 is -Infinity");
        assertThatThrownBy(() -> Terms.builder().factor("f", new int[] {0, 3}, List.of("a", "b")))
            .hasMessageContaining("factor f row 1 has code 3; must be 0..1");
        assertThatThrownBy(() -> Terms.builder().factor("f", new int[] {0}, List.of("a", "a")))
            .hasMessageContaining("repeats a level");
        assertThatThrownBy(() -> Terms.builder().numeric("x", new double[2]).numeric("x", new double[2]))
            .hasMessageContaining("term x added twice");
        assertThatThrownBy(() -> Terms.builder().numeric("x", new double[2]).numeric("y", new double[3]).build())
            .hasMessageContaining("term y has 3 rows; term x has 2");
        assertThatThrownBy(() -> Terms.builder().build()).hasMessageContaining("at least one term");
        // factor(x) of numbers: levels in ascending order, labelled as R prints them
        Terms t = Terms.builder().factor("age", new double[] {3, 1, Double.NaN, 2, 1}).build();
        assertThat(t.names()).containsExactly("age");
        assertThat(t.terms().get(0).levels).containsExactly("1", "2", "3");
        assertThat(t.terms().get(0).codes).containsExactly(2, 0, -1, 1, 0);
    }

    @Test
    void termTestsAndPredictedMeansNameWhatIsWrong() {
        GlmFit fit = REG.glm(DSTRAT, Family.GAUSSIAN, "api00", STRAT.doubles("api00"), api(STRAT, "ell", "stype"));
        assertThatThrownBy(() -> fit.termTest("meals")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no term meals in the model; its terms are [ell, stype]");
        assertThatThrownBy(fit::termTest).hasMessageContaining("at least one term");
        assertThatThrownBy(() -> fit.coefficient("stypeX")).hasMessageContaining("no coefficient stypeX");
        assertThatThrownBy(() -> REG.predictedMeans(DSTRAT, Family.GAUSSIAN, "api00", STRAT.doubles("api00"),
            api(STRAT, "ell", "stype"), "ell"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ell is not a factor term");
        assertThatThrownBy(() -> REG.withGlmControl(0, 25)).hasMessageContaining("epsilon 0.0 is outside (0, 1)");
        assertThatThrownBy(() -> REG.withOptimControl(1e-8, 0)).hasMessageContaining("maxIterations 0 < 1");
        assertThatThrownBy(() -> REG.withConfidenceLevel(1)).hasMessageContaining("confidence level 1.0");
    }
}
