package org.civicsurvey.analysis.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicsurvey.analysis.regression.RegressionData.AGEGROUP;
import static org.civicsurvey.analysis.regression.RegressionData.CHANNEL;
import static org.civicsurvey.analysis.regression.RegressionData.SAT;
import static org.civicsurvey.analysis.regression.RegressionData.factor;
import static org.civicsurvey.analysis.regression.RegressionReference.REF;

import java.util.List;

import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.Interval;
import org.civicsurvey.stats.Variable;
import org.junit.jupiter.api.Test;

/**
 * Mirrors the example of docs/analysis.md ("Design-based regression") on satisfaction.csv with
 * {@code dsat <- svydesign(id = ~office, strata = ~region, fpc = ~fpc1, weights = ~pw, data = sat)};
 * expected values from regression.R (R 4.2.2, survey 4.1.1), 1e-8 relative.
 */
class RegressionDocsTest {
    @Test
    void docsExample() {
        Design design = RegressionData.design("dsat");
        int[] channelCodes = factor(SAT, "channel", CHANNEL);
        int[] ageCodes = factor(SAT, "agegroup", AGEGROUP);
        double[] waitDays = SAT.doubles("wait");
        double[] satisfied = SAT.doubles("satisfied");
        double[] rating = SAT.doubles("rating");

        // --- docs/analysis.md ---
        Terms x = Terms.builder()
                .factor("channel", channelCodes, List.of("in person", "online", "phone"))  // first level = reference
                .factor("agegroup", ageCodes, List.of("18-34", "35-54", "55+"))
                .numeric("wait", waitDays)                                                  // NaN = missing
                .build();
        SurveyRegression reg = SurveyRegression.withDefaults();

        GlmFit logit = reg.glm(design, Family.QUASIBINOMIAL, "satisfied", satisfied, x);    // 0/1 (or a share)
        Coefficient online = logit.coefficient("channelonline");   // estimate, SE, t, p on degf + 1 - p df
        Interval ci = logit.interval("channelonline");             // confint(): estimate ± qt(0.975, df) SE
        WaldTest channel = logit.termTest("channel");              // regTermTest(m, ~channel): Wald F on (2, df)

        PredictedMeans byChannel = reg.predictedMeans(design, Family.QUASIBINOMIAL, "satisfied", satisfied, x, "channel");
        double mean = byChannel.mean("online");                    // svypredmeans(svyglm(satisfied ~ agegroup + wait), ~channel)
        double se = byChannel.standardError("online");

        OrdinalFit olr = reg.ordinal(design, Variable.scale("rating", 1, 5), rating, x);   // the 1-5 answer itself
        Coefficient onlineOlr = olr.coefficient("channelonline");  // > 0: answers shift towards 5
        List<Coefficient> cuts = olr.cutPoints();                  // 1|2, 2|3, 3|4, 4|5
        WaldTest channelOlr = olr.termTest("channel");
        // --- end ---

        double tol = 1e-8;
        // svyglm(satisfied ~ channel + agegroup + wait, dsat, family = quasibinomial())
        String c = "qb/dsat/satisfied~channel+agegroup+wait";
        REF.check(online.estimate(), c, "est.channelonline", tol);
        REF.check(online.standardError(), c, "se.channelonline", tol);
        REF.check(online.pValue(), c, "p.channelonline", tol);
        REF.check(ci.lower(), c, "lower.channelonline", tol);
        REF.check(ci.upper(), c, "upper.channelonline", tol);
        REF.check(channel.statistic(), c + "/regTermTest~channel", "F", tol);
        REF.check(channel.pValue(), c + "/regTermTest~channel", "p", tol);
        // svypredmeans(svyglm(satisfied ~ agegroup + wait, dsat, family = quasibinomial()), ~channel)
        REF.check(mean, "predmeans/dsat/satisfied~agegroup+wait|channel", "mean.online", tol);
        REF.check(se, "predmeans/dsat/satisfied~agegroup+wait|channel", "se.online", tol);
        // svyolr(rating ~ channel + agegroup + wait, dsat)
        c = "olr/dsat/rating~channel+agegroup+wait";
        REF.check(onlineOlr.estimate(), c, "est.channelonline", tol);
        REF.check(onlineOlr.standardError(), c, "se.channelonline", tol);
        assertThat(cuts).extracting(Coefficient::name).containsExactly("1|2", "2|3", "3|4", "4|5");
        REF.check(cuts.get(3).estimate(), c, "est.4|5", tol);
        REF.check(channelOlr.statistic(), c + "/regTermTest~channel", "F", tol);
    }
}
