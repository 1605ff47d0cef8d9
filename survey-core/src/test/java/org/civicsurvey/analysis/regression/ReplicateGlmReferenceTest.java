package org.civicsurvey.analysis.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicsurvey.analysis.regression.GlmReferenceTest.api;
import static org.civicsurvey.analysis.regression.GlmReferenceTest.check;
import static org.civicsurvey.analysis.regression.GlmReferenceTest.checkTest;
import static org.civicsurvey.analysis.regression.RegressionData.CLUS1;
import static org.civicsurvey.analysis.regression.RegressionData.STRAT;
import static org.civicsurvey.analysis.regression.RegressionData.design;
import static org.civicsurvey.analysis.regression.RegressionData.ints;
import static org.civicsurvey.analysis.regression.RegressionData.where;
import static org.civicsurvey.analysis.regression.RegressionData.yes;

import java.util.List;

import org.civicsurvey.stats.ReplicateDesign;
import org.civicsurvey.stats.ReplicateType;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * svyglm, regTermTest and svypredmeans on replicate-weight designs against the {@code rep...}
 * cases of {@code reference/regression/regression.csv}, written by {@code regression.R} (R 4.2.2,
 * survey 4.1.1), e.g. {@code rep/jk1/api00~ell+meals+stype} is
 * {@code svyglm(api00 ~ ell + meals + stype, design = as.svrepdesign(dclus1))}. Tolerances as
 * {@link GlmReferenceTest}: 1e-8 relative; df, rows and iterations exactly.
 */
class ReplicateGlmReferenceTest {
    private static final SurveyRegression REG = SurveyRegression.withDefaults();
    private static final CsvTable SCD = CsvTable.resource("/reference/replicate/scd.csv");
    private static final CsvTable BOOT = CsvTable.resource("/reference/replicate/boot-clus1.csv");

    /** {@code as.svrepdesign(dclus1)}: JK1, 15 replicates, the fpc in the scale. */
    private static ReplicateDesign jk1() {
        return ReplicateDesign.jk1(design("dclus1"));
    }

    /** dstrat with its strata coded 1, 2, 3 for E, H, M, the order in which R pairs character strata for BRR. */
    private static SurveyDesign strat() {
        String[] stype = STRAT.strings("stype");
        int[] codes = new int[stype.length];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = "EHM".indexOf(stype[i]) + 1;
        }
        return SurveyDesign.builder(STRAT.doubles("pw")).strata(codes).fpc(STRAT.doubles("fpc")).build();
    }

    /** R's {@code svydesign(data = scd, prob = ~1, id = ~ambulance, strata = ~ESA, nest = TRUE)}. */
    private static SurveyDesign scd() {
        return SurveyDesign.builder(new double[] {1, 1, 1, 1, 1, 1}).strata(ints(SCD, "ESA"))
            .clusters(ints(SCD, "ambulance")).nest(true).build();
    }

    /** R's bootstrap multipliers of ../replicate/boot-clus1.csv as user-supplied weights, svrepdesign's default scale. */
    private static ReplicateDesign boot(boolean mse) {
        double[][] rep = new double[BOOT.size()][BOOT.columns().size()];
        for (int r = 0; r < rep[0].length; r++) {
            double[] col = BOOT.doubles("r" + (r + 1));
            for (int i = 0; i < rep.length; i++) {
                rep[i][r] = col[i];
            }
        }
        return ReplicateDesign.builder(ReplicateType.BOOTSTRAP, CLUS1.doubles("pw"), rep).combinedWeights(false)
            .mse(mse).build();
    }

    private static Terms scdTerms() {
        return Terms.builder().numeric("arrests", SCD.doubles("arrests")).build();
    }

    @Test
    void jackknifeOneOnClusters() {
        // svyglm(api00 ~ ell + meals + stype, design = jk1); regTermTest(m, ~stype), regTermTest(m, ~ell + stype)
        String c = "rep/jk1/api00~ell+meals+stype";
        GlmFit fit = REG.glm(jk1(), Family.GAUSSIAN, "api00", CLUS1.doubles("api00"), api(CLUS1, "ell", "meals", "stype"));
        check(c, fit);
        checkTest(c + "/regTermTest~stype", fit.termTest("stype"));
        checkTest(c + "/regTermTest~ell + stype", fit.termTest("ell", "stype"));
        // svyglm(comp.imp ~ stype + ell + mobility, design = jk1, family = quasibinomial()); regTermTest(m, ~stype)
        c = "rep/jk1/comp.imp~stype+ell+mobility";
        fit = REG.glm(jk1(), Family.QUASIBINOMIAL, "comp.imp", yes(CLUS1, "comp.imp"), api(CLUS1, "stype", "ell", "mobility"));
        check(c, fit);
        checkTest(c + "/regTermTest~stype", fit.termTest("stype"));
        // as.svrepdesign(dclus1, type = "JK1", mse = TRUE)
        check("rep/jk1mse/api00~ell+meals+stype", REG.glm(jk1().withMse(true), Family.GAUSSIAN, "api00",
            CLUS1.doubles("api00"), api(CLUS1, "ell", "meals", "stype")));
    }

    @Test
    void jackknifeNOnStrata() {
        ReplicateDesign jkn = ReplicateDesign.jkn(strat());
        // svyglm(api00 ~ acs.46 + ell + stype, design = jkn): 66 rows without acs.46 leave the fit, not degf
        String c = "rep/jkn/api00~acs.46+ell+stype";
        GlmFit fit = REG.glm(jkn, Family.GAUSSIAN, "api00", STRAT.doubles("api00"), api(STRAT, "acs.46", "ell", "stype"));
        check(c, fit);
        assertThat(fit.rowsExcluded()).isEqualTo(66);
        checkTest(c + "/regTermTest~acs.46 + stype", fit.termTest("acs.46", "stype"));
        // svyglm(sch.wide ~ ell + meals, design = jkn, family = quasibinomial()); regTermTest(m, ~ell + meals)
        c = "rep/jkn/sch.wide~ell+meals";
        fit = REG.glm(jkn, Family.QUASIBINOMIAL, "sch.wide", yes(STRAT, "sch.wide"), api(STRAT, "ell", "meals"));
        check(c, fit);
        checkTest(c + "/regTermTest~ell + meals", fit.termTest("ell", "meals"));
    }

    @Test
    void jackknifeNInDomains() {
        ReplicateDesign jkn = ReplicateDesign.jkn(strat());
        // svyglm(api00 ~ ell + meals, design = subset(jkn, comp.imp == "Yes"))
        check("rep/jkn[comp.imp==Yes]/api00~ell+meals", REG.glm(jkn, Family.GAUSSIAN, "api00", STRAT.doubles("api00"),
            api(STRAT, "ell", "meals"), where(STRAT.strings("comp.imp"), "Yes", true)));
        // svyglm(sch.wide ~ ell + meals, design = jkn, subset = stype != "H", family = quasibinomial())
        check("rep/jkn[stype!=H]/sch.wide~ell+meals", REG.glm(jkn, Family.QUASIBINOMIAL, "sch.wide",
            yes(STRAT, "sch.wide"), api(STRAT, "ell", "meals"), where(STRAT.strings("stype"), "H", false)));
    }

    @Test
    void fay() {
        // svyglm(sch.wide ~ ell + meals + stype, design = as.svrepdesign(dstrat, type = "Fay", fay.rho = 0.5),
        //   family = quasibinomial()); regTermTest(m, ~stype)
        String c = "rep/fay/sch.wide~ell+meals+stype";
        GlmFit fit = REG.glm(ReplicateDesign.fay(strat(), 0.5), Family.QUASIBINOMIAL, "sch.wide", yes(STRAT, "sch.wide"),
            api(STRAT, "ell", "meals", "stype"));
        check(c, fit);
        checkTest(c + "/regTermTest~stype", fit.termTest("stype"));
    }

    @Test
    void balancedRepeatedReplicationOnScd() {
        // scdbrr <- as.svrepdesign(svydesign(data = scd, prob = ~1, id = ~ambulance, strata = ~ESA, nest = TRUE), "BRR")
        ReplicateDesign brr = ReplicateDesign.brr(scd());
        check("rep/scdbrr/alive~arrests", REG.glm(brr, Family.GAUSSIAN, "alive", SCD.doubles("alive"), scdTerms()));
        // svyglm(I(alive / arrests) ~ arrests, design = scdbrr, family = quasibinomial())
        double[] alive = SCD.doubles("alive");
        double[] arrests = SCD.doubles("arrests");
        double[] share = new double[alive.length];
        for (int i = 0; i < share.length; i++) {
            share[i] = alive[i] / arrests[i];
        }
        check("rep/scdbrr/alive/arrests~arrests", REG.glm(brr, Family.QUASIBINOMIAL, "alive/arrests", share, scdTerms()));
        // ?svrepdesign's user-supplied multipliers: svrepdesign(data = scd, type = "BRR", repweights = 2 * cbind(...),
        //   combined.weights = FALSE)
        double[][] rep = {{2, 2, 0, 0}, {0, 0, 2, 2}, {2, 0, 2, 0}, {0, 2, 0, 2}, {2, 0, 0, 2}, {0, 2, 2, 0}};
        ReplicateDesign user = ReplicateDesign.builder(ReplicateType.BRR, new double[] {1, 1, 1, 1, 1, 1}, rep)
            .combinedWeights(false).build();
        check("rep/scduser/alive~arrests", REG.glm(user, Family.GAUSSIAN, "alive", SCD.doubles("alive"), scdTerms()));
    }

    @Test
    void bootstrapFromUserWeights() {
        // svyglm(api00 ~ ell + meals + stype, design = dboot); regTermTest(m, ~stype)
        String c = "rep/boot/api00~ell+meals+stype";
        GlmFit fit = REG.glm(boot(false), Family.GAUSSIAN, "api00", CLUS1.doubles("api00"), api(CLUS1, "ell", "meals", "stype"));
        check(c, fit);
        checkTest(c + "/regTermTest~stype", fit.termTest("stype"));
        // svyglm(sch.wide ~ ell + meals + stype, design = dboot, family = quasibinomial()); regTermTest(m, ~ell + meals)
        c = "rep/boot/sch.wide~ell+meals+stype";
        fit = REG.glm(boot(false), Family.QUASIBINOMIAL, "sch.wide", yes(CLUS1, "sch.wide"), api(CLUS1, "ell", "meals", "stype"));
        check(c, fit);
        checkTest(c + "/regTermTest~ell + meals", fit.termTest("ell", "meals"));
        // the same with mse = TRUE
        check("rep/bootmse/sch.wide~ell+meals+stype", REG.glm(boot(true), Family.QUASIBINOMIAL, "sch.wide",
            yes(CLUS1, "sch.wide"), api(CLUS1, "ell", "meals", "stype")));
    }

    @Test
    void predictedMeans() {
        List<String> types = List.of("E", "H", "M");
        // svypredmeans(svyglm(api00 ~ ell + meals, design = jk1), ~stype)
        PredictedMeansReferenceTest.check("rep-predmeans/jk1/api00~ell+meals|stype", REG.predictedMeans(jk1(),
            Family.GAUSSIAN, "api00", CLUS1.doubles("api00"), api(CLUS1, "ell", "meals", "stype"), "stype"), types);
        // svypredmeans(svyglm(sch.wide ~ ell + meals, design = jkn, family = quasibinomial()), ~stype)
        PredictedMeansReferenceTest.check("rep-predmeans/jkn/sch.wide~ell+meals|stype", REG.predictedMeans(
            ReplicateDesign.jkn(strat()), Family.QUASIBINOMIAL, "sch.wide", yes(STRAT, "sch.wide"),
            api(STRAT, "ell", "meals", "stype"), "stype"), types);
        // svypredmeans(svyglm(sch.wide ~ ell + meals, design = dboot, family = quasibinomial()), ~stype)
        PredictedMeansReferenceTest.check("rep-predmeans/boot/sch.wide~ell+meals|stype", REG.predictedMeans(boot(false),
            Family.QUASIBINOMIAL, "sch.wide", yes(CLUS1, "sch.wide"), api(CLUS1, "ell", "meals", "stype"), "stype"), types);
    }

    @Test
    void ordinalModelsAreRefusedOnReplicateDesigns() {
        double[] meals = CLUS1.doubles("meals");
        double[] cat = new double[meals.length];
        for (int i = 0; i < cat.length; i++) {
            cat[i] = meals[i] <= 25 ? 1 : meals[i] <= 50 ? 2 : meals[i] <= 75 ? 3 : 4;
        }
        assertThatThrownBy(() -> REG.ordinal(jk1(), Variable.scale("mealcat", 1, 4), cat, api(CLUS1, "ell")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("svyolr on a replicate-weight design");
    }
}
