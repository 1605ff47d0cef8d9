package org.civicsurvey.analysis.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicsurvey.analysis.regression.RegressionData.AGEGROUP;
import static org.civicsurvey.analysis.regression.RegressionData.CHANNEL;
import static org.civicsurvey.analysis.regression.RegressionData.CLUS1;
import static org.civicsurvey.analysis.regression.RegressionData.CLUS2;
import static org.civicsurvey.analysis.regression.RegressionData.SAT;
import static org.civicsurvey.analysis.regression.RegressionData.STRAT;
import static org.civicsurvey.analysis.regression.RegressionData.STYPE;
import static org.civicsurvey.analysis.regression.RegressionData.design;
import static org.civicsurvey.analysis.regression.RegressionData.factor;
import static org.civicsurvey.analysis.regression.RegressionData.where;
import static org.civicsurvey.analysis.regression.RegressionData.yes;
import static org.civicsurvey.analysis.regression.RegressionReference.REF;

import java.util.List;

import org.civicsurvey.stats.Interval;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * svyglm, confint and regTermTest against {@code reference/regression/regression.csv}, written by
 * {@code regression.R} (R 4.2.2, survey 4.1.1); each case is named by its R call there, e.g.
 * {@code glm/dclus2/api00~ell+meals+mobility} is {@code svyglm(api00 ~ ell + meals + mobility,
 * design = dclus2)}. Tolerance 1e-8 relative for coefficients, standard errors, t, p-values,
 * intervals and covariances (covariances relative to the product of the two standard errors);
 * df, rows and iterations exactly.
 */
class GlmReferenceTest {
    private static final double TOL = 1e-8;
    private static final SurveyRegression REG = SurveyRegression.withDefaults();

    static void check(String c, GlmFit fit) {
        List<Coefficient> table = fit.coefficients();
        int k = 0;
        for (Coefficient co : table) {
            String nm = co.name();
            assertThat(REF.has(c, "est." + nm)).as(c + " has no coefficient " + nm).isTrue();
            REF.check(co.estimate(), c, "est." + nm, TOL, REF.get(c, "se." + nm));
            REF.check(co.standardError(), c, "se." + nm, TOL);
            REF.check(co.statistic(), c, "t." + nm, TOL, 1);
            REF.check(co.pValue(), c, "p." + nm, TOL);
            Interval ci = fit.interval(nm);
            REF.check(ci.lower(), c, "lower." + nm, TOL, REF.get(c, "se." + nm));
            REF.check(ci.upper(), c, "upper." + nm, TOL, REF.get(c, "se." + nm));
            double[][] v = fit.covariance();
            for (int j = 0; j < table.size(); j++) {
                String other = table.get(j).name();
                REF.check(v[k][j], c, "vcov." + nm + "." + other, TOL,
                    Math.sqrt(REF.get(c, "vcov." + nm + "." + nm) * REF.get(c, "vcov." + other + "." + other)));
            }
            k++;
        }
        // every R coefficient is there
        long expected = REF.cases().contains(c) ? countCoefficients(c) : -1;
        assertThat((long) table.size()).as(c + " coefficients").isEqualTo(expected);
        assertThat(fit.residualDegreesOfFreedom()).as(c + " df").isEqualTo((int) REF.get(c, "df"));
        assertThat(fit.rowsUsed()).as(c + " n").isEqualTo((long) REF.get(c, "n"));
        assertThat(fit.iterations()).as(c + " iter").isEqualTo((int) REF.get(c, "iter"));
    }

    private static long countCoefficients(String c) {
        long n = 0;
        for (String nm : new String[] {"(Intercept)", "ell", "meals", "mobility", "stypeH", "stypeM", "acs.46", "enroll",
            "channelonline", "channelphone", "agegroup35-54", "agegroup55+", "wait", "female", "arrests"}) {
            if (REF.has(c, "est." + nm)) {
                n++;
            }
        }
        return n;
    }

    static void checkTest(String c, WaldTest t) {
        REF.check(t.statistic(), c, "F", TOL);
        assertThat(t.numeratorDf()).as(c + " df").isEqualTo((int) REF.get(c, "df"));
        assertThat(t.denominatorDf()).as(c + " ddf").isEqualTo((int) REF.get(c, "ddf"));
        REF.check(t.pValue(), c, "p", TOL);
        REF.check(t.chiSquare(), c, "chisq", TOL);
    }

    static Terms api(CsvTable t, String... names) {
        Terms.Builder b = Terms.builder();
        for (String n : names) {
            if (n.equals("stype")) {
                b.factor("stype", factor(t, "stype", STYPE), STYPE);
            } else {
                b.numeric(n, t.doubles(n));
            }
        }
        return b.build();
    }

    static Terms sat(String... names) {
        Terms.Builder b = Terms.builder();
        for (String n : names) {
            switch (n) {
                case "channel":
                    b.factor("channel", factor(SAT, "channel", CHANNEL), CHANNEL);
                    break;
                case "agegroup":
                    b.factor("agegroup", factor(SAT, "agegroup", AGEGROUP), AGEGROUP);
                    break;
                default:
                    b.numeric(n, SAT.doubles(n));
            }
        }
        return b.build();
    }

    @Test
    void gaussianOnTwoStageClusters() {
        // svyglm(api00 ~ ell + meals + mobility, design = dclus2); regTermTest(m, ~ell + meals)
        String c = "glm/dclus2/api00~ell+meals+mobility";
        GlmFit fit = REG.glm(design("dclus2"), Family.GAUSSIAN, "api00", CLUS2.doubles("api00"), api(CLUS2, "ell", "meals", "mobility"));
        check(c, fit);
        checkTest(c + "/regTermTest~ell + meals", fit.termTest("ell", "meals"));
    }

    @Test
    void gaussianWithFactor() {
        // svyglm(api00 ~ ell + meals + stype, design = dclus1); regTermTest(m, ~stype), regTermTest(m, ~ell + stype)
        String c = "glm/dclus1/api00~ell+meals+stype";
        GlmFit fit = REG.glm(design("dclus1"), Family.GAUSSIAN, "api00", CLUS1.doubles("api00"), api(CLUS1, "ell", "meals", "stype"));
        check(c, fit);
        checkTest(c + "/regTermTest~stype", fit.termTest("stype"));
        checkTest(c + "/regTermTest~ell + stype", fit.termTest("ell", "stype"));
    }

    @Test
    void gaussianWithMissingValuesAndADroppedLevel() {
        // svyglm(api00 ~ acs.46 + ell + stype, design = dstrat): 66 rows without acs.46 leave, the weights
        // are rescaled over all 200 before; 2 high schools remain
        String c = "glm/dstrat/api00~acs.46+ell+stype";
        GlmFit fit = REG.glm(design("dstrat"), Family.GAUSSIAN, "api00", STRAT.doubles("api00"), api(STRAT, "acs.46", "ell", "stype"));
        check(c, fit);
        assertThat(fit.rowsExcluded()).isEqualTo(66);
        // svyglm(api00 ~ enroll + ell, design = dclus2nofpc): 6 schools without enroll
        c = "glm/dclus2nofpc/api00~enroll+ell";
        check(c, REG.glm(design("dclus2nofpc"), Family.GAUSSIAN, "api00", CLUS2.doubles("api00"), api(CLUS2, "enroll", "ell")));
    }

    @Test
    void gaussianInDomains() {
        // svyglm(api00 ~ ell + meals, design = subset(dstrat, comp.imp == "Yes"))
        check("glm/dstrat[comp.imp==Yes]/api00~ell+meals", REG.glm(design("dstrat"), Family.GAUSSIAN, "api00",
            STRAT.doubles("api00"), api(STRAT, "ell", "meals"), where(STRAT.strings("comp.imp"), "Yes", true)));
        // svyglm(api00 ~ ell + mobility, design = dclus2, subset = stype != "H")
        check("glm/dclus2[stype!=H]/api00~ell+mobility", REG.glm(design("dclus2"), Family.GAUSSIAN, "api00",
            CLUS2.doubles("api00"), api(CLUS2, "ell", "mobility"), where(CLUS2.strings("stype"), "H", false)));
    }

    @Test
    void zeroWeights() {
        // apistrat$pwz <- apistrat$pw * (apistrat$comp.imp == "Yes");
        // dzero <- svydesign(id = ~1, strata = ~stype, weights = ~pwz, data = apistrat, fpc = ~fpc)
        double[] pw = STRAT.doubles("pw");
        String[] comp = STRAT.strings("comp.imp");
        for (int i = 0; i < pw.length; i++) {
            pw[i] = comp[i].equals("Yes") ? pw[i] : 0;
        }
        org.civicsurvey.stats.SurveyDesign dzero = org.civicsurvey.stats.SurveyDesign.builder(pw)
            .strata(STRAT.codes("stype")).fpc(STRAT.doubles("fpc")).build();
        // svyglm(api00 ~ ell + meals, design = dzero); svyglm(sch.wide ~ ell + meals, dzero, family = quasibinomial())
        check("glm/dzero/api00~ell+meals", REG.glm(dzero, Family.GAUSSIAN, "api00", STRAT.doubles("api00"), api(STRAT, "ell", "meals")));
        check("qb/dzero/sch.wide~ell+meals", REG.glm(dzero, Family.QUASIBINOMIAL, "sch.wide", yes(STRAT, "sch.wide"),
            api(STRAT, "ell", "meals")));
    }

    @Test
    void quasibinomial() {
        // svyglm(sch.wide ~ ell + meals, design = dstrat, family = quasibinomial()); regTermTest(m, ~ell + meals)
        String c = "qb/dstrat/sch.wide~ell+meals";
        GlmFit fit = REG.glm(design("dstrat"), Family.QUASIBINOMIAL, "sch.wide", yes(STRAT, "sch.wide"), api(STRAT, "ell", "meals"));
        check(c, fit);
        checkTest(c + "/regTermTest~ell + meals", fit.termTest("ell", "meals"));
        // svyglm(comp.imp ~ stype + ell + mobility, design = dclus1, family = quasibinomial()); regTermTest(m, ~stype)
        c = "qb/dclus1/comp.imp~stype+ell+mobility";
        fit = REG.glm(design("dclus1"), Family.QUASIBINOMIAL, "comp.imp", yes(CLUS1, "comp.imp"), api(CLUS1, "stype", "ell", "mobility"));
        check(c, fit);
        checkTest(c + "/regTermTest~stype", fit.termTest("stype"));
        // svyglm(awards ~ ell + meals + enroll, design = dclus2, family = quasibinomial())
        check("qb/dclus2/awards~ell+meals+enroll", REG.glm(design("dclus2"), Family.QUASIBINOMIAL, "awards",
            yes(CLUS2, "awards"), api(CLUS2, "ell", "meals", "enroll")));
    }

    @Test
    void quasibinomialOnAProportion() {
        // svyglm(I(meals / 100) ~ ell + stype, design = dstrat, family = quasibinomial())
        double[] meals = STRAT.doubles("meals");
        double[] share = new double[meals.length];
        for (int i = 0; i < share.length; i++) {
            share[i] = meals[i] / 100;
        }
        check("qb/dstrat/meals/100~ell+stype", REG.glm(design("dstrat"), Family.QUASIBINOMIAL, "meals/100", share,
            api(STRAT, "ell", "stype")));
    }

    @Test
    void quasibinomialInADomain() {
        // svyglm(sch.wide ~ ell + meals, design = subset(dclus1, stype == "E"), family = quasibinomial())
        check("qb/dclus1[stype==E]/sch.wide~ell+meals", REG.glm(design("dclus1"), Family.QUASIBINOMIAL, "sch.wide",
            yes(CLUS1, "sch.wide"), api(CLUS1, "ell", "meals"), where(CLUS1.strings("stype"), "E", true)));
    }

    @Test
    void satisfaction() {
        // svyglm(satisfied ~ channel + agegroup + wait + female, design = dsat, family = quasibinomial())
        String c = "qb/dsat/satisfied~channel+agegroup+wait+female";
        GlmFit fit = REG.glm(design("dsat"), Family.QUASIBINOMIAL, "satisfied", SAT.doubles("satisfied"),
            sat("channel", "agegroup", "wait", "female"));
        check(c, fit);
        checkTest(c + "/regTermTest~channel", fit.termTest("channel"));
        checkTest(c + "/regTermTest~channel + agegroup", fit.termTest("channel", "agegroup"));
        // svyglm(satisfied ~ channel + agegroup + wait, design = dsat, family = quasibinomial()) (docs/analysis.md)
        c = "qb/dsat/satisfied~channel+agegroup+wait";
        fit = REG.glm(design("dsat"), Family.QUASIBINOMIAL, "satisfied", SAT.doubles("satisfied"), sat("channel", "agegroup", "wait"));
        check(c, fit);
        checkTest(c + "/regTermTest~channel", fit.termTest("channel"));
        // svyglm(as.numeric(rating) ~ channel + agegroup + wait, design = dsat2): two stages, fpc at both
        c = "glm/dsat2/rating~channel+agegroup+wait";
        fit = REG.glm(design("dsat2"), Family.GAUSSIAN, "rating", SAT.doubles("rating"), sat("channel", "agegroup", "wait"));
        check(c, fit);
        checkTest(c + "/regTermTest~agegroup", fit.termTest("agegroup"));
        // svyglm(satisfied ~ channel + wait, design = subset(dsat, region != 2), family = quasibinomial())
        boolean[] notTwo = where(SAT.strings("region"), "2", false);
        check("qb/dsat[region!=2]/satisfied~channel+wait", REG.glm(design("dsat"), Family.QUASIBINOMIAL, "satisfied",
            SAT.doubles("satisfied"), sat("channel", "wait"), notTwo));
    }
}
