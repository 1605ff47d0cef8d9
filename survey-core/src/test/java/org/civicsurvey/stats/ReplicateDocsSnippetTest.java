package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * docs/estimation.md's replicate-weight snippet, line for line, on the synthetic survey; the share
 * of 4-5 in province 3 is R's {@code svyby(~t1, ~province, syn_jkn, svymean, na.rm = TRUE)}
 * (reference/replicate/replicate.R, 1e-8 relative).
 */
class ReplicateDocsSnippetTest {
    @Test
    void snippetRunsAndEqualsR() {
        SurveyDesign surveyDesign = Synthetic.design("syn_clus");
        SurveyDesign pairs = ReplicateFixtures.scd();
        int[] province = ApiData.ints(Synthetic.TABLE, "province");
        byte[] q1Codes = Synthetic.codes("q1");
        ReplicateDesign converted = ReplicateDesign.jackknife(surveyDesign);
        double[] w = surveyDesign.weights();
        double[][] rw = ReplicateFixtures.analysisWeights(converted);
        double[] rs = converted.rscales();

        // --- docs/estimation.md: replicate weights
        // user-supplied replicate weights, R's svrepdesign(type = "JKn", repweights = rw, weights = ~w, rscales = rs)
        ReplicateDesign d = ReplicateDesign.builder(ReplicateType.JKN, w, rw).rscales(rs).build();
        // or converted from a Taylor design, as.svrepdesign
        ReplicateDesign jk = ReplicateDesign.jackknife(surveyDesign);   // JK1 unstratified, JKn stratified
        ReplicateDesign brr = ReplicateDesign.brr(pairs);               // or fay(pairs, 0.3), bootstrap(design, 500, seed)
        SurveyData data = SurveyData.of(jk, province).withCategorical(Variable.scale("q1", 1, 5), q1Codes);
        Estimate top2 = Estimator.withDefaults().estimate(data, Statistic.proportion("q1", 4, 5).in(3));
        ReplicateSums sums = ReplicateSums.of(data);                      // mergeable, see below
        Map<Integer, Estimate> byProvince = Estimator.withDefaults().byDomain(sums, Statistic.mean("q1"));
        // --- end

        CsvTable ref = ReplicateFixtures.ESTIMATES;
        for (int r = 0; r < ref.size(); r++) {
            if (ref.get(r, "design").equals("syn_jkn") && ref.get(r, "statistic").equals("top2")
                && ref.get(r, "domain").equals("3")) {
                assertThat(top2.value()).isCloseTo(ref.doubles("value")[r], within(1e-8 * ref.doubles("value")[r]));
                assertThat(top2.standardError()).isCloseTo(ref.doubles("se")[r], within(1e-8 * ref.doubles("se")[r]));
            }
        }
        Estimate same = Estimator.withDefaults().estimate(SurveyData.of(d, province)
            .withCategorical(Variable.scale("q1", 1, 5), q1Codes), Statistic.proportion("q1", 4, 5).in(3));
        assertThat(same.standardError()).isCloseTo(top2.standardError(), within(1e-12));
        assertThat(brr.replicates()).isEqualTo(4);
        assertThat(byProvince).containsOnlyKeys(1, 2, 3, 4, 5, 6);
        assertThat(byProvince.get(2).standardError()).isCloseTo(
            Estimator.withDefaults().estimate(data, Statistic.mean("q1").in(2)).standardError(), within(1e-12));
    }
}
