package org.civicsurvey.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.junit.jupiter.api.Test;

/** The README / docs/weighting.md snippet, run on the synthetic satisfaction survey. */
class ReadmeSnippetTest {
    @Test
    void rakeThenEstimate() {
        SurveyDesign design = ReferenceData.satisfaction();
        String[] provinceOfEachRespondent = ReferenceData.SATISFACTION.strings("province");
        String[] sexOfEachRespondent = ReferenceData.SATISFACTION.strings("sex");
        String[] ageOfEachRespondent = ReferenceData.SATISFACTION.strings("age");
        double[] top2 = ReferenceData.SATISFACTION.doubles("top2");
        Map<String, Double> censusProvinces = table(ReferenceData.PROVINCES, ReferenceData.population("province"));
        Map<String, Double> censusAges = table(ReferenceData.AGES, ReferenceData.population("age"));

        // --- snippet
        Margin province = Margin.ofLabels("province", provinceOfEachRespondent, censusProvinces);
        Margin sex = Margin.ofLabels("sex", sexOfEachRespondent, Map.of("F", 51_000, "M", 49_000));
        Margin age = Margin.ofLabels("age", ageOfEachRespondent, censusAges);
        WeightingResult raked = Weighting.withDefaults().requiringConvergence(true)
                .rake(design, List.of(province, sex, age));
        Estimate satisfied = Estimator.withDefaults().estimate(
                SurveyData.of(raked.design()).withNumeric(Variable.numeric("top2"), top2), Statistic.mean("top2"));
        WeightSummary w = raked.design().weightSummary();
        // --- end of snippet

        // R 4.2.2, survey 4.1.1: svymean(~top2, rake(dsat, list(~province, ~sex, ~age), ...)) in estimates.csv
        ReferenceData.Estimate r = ReferenceData.referenceEstimates().stream()
                .filter(e -> e.caseName().equals("rake_province_sex_age") && e.variable().equals("top2")
                        && e.statistic().equals("mean"))
                .findFirst().orElseThrow();
        assertThat(satisfied.value()).isCloseTo(r.estimate(), within(1e-10));
        assertThat(satisfied.standardError()).isCloseTo(r.se(), within(1e-8 * r.se()));
        assertThat(raked.report().converged()).isTrue();
        assertThat(w.designEffect()).isGreaterThan(1);
    }

    private static Map<String, Double> table(List<String> labels, double[] counts) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int k = 0; k < counts.length; k++) {
            m.put(labels.get(k), counts[k]);
        }
        return m;
    }
}
