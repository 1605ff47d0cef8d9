package org.civicsurvey.examples.indices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.examples.data.DemoData;
import org.civicsurvey.examples.indices.SipasIndices.GroupIndex;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.response.Response;
import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.testing.CsvTable;
import org.civicsurvey.weighting.Margin;
import org.civicsurvey.weighting.Weighting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIPAS index, elements and items, overall and by agency, on the seeded demo sample (1,000
 * respondents, seed 7) against R 4.2.2 / survey 4.1.1: {@code reference/sipas/sipas-index.R}
 * (svytotal of the item numerators and denominators, then svycontrast of the ratios and their
 * means; confint for intervals) on three designs: unweighted, weighted and stratified by area, and
 * raked to sex and age-band margins.
 */
class SipasIndicesTest {
    private static final String DIR = "reference/sipas/";
    private static DemoData data;
    private static List<Response> responses;
    private static CsvTable reference;

    @BeforeAll
    static void load() {
        data = DemoData.generate(1000, 7);
        responses = data.responses();
        reference = CsvTable.resource("/" + DIR + "sipas-index.csv");
    }

    @Test
    void theDemoDataIsTheFileRReads() throws IOException {
        StringBuilder csv = new StringBuilder();
        data.writeCsv(csv);
        try (InputStream in = SipasIndicesTest.class.getClassLoader().getResourceAsStream(DIR + "demo-1000-seed7.csv")) {
            assertThat(csv.toString()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Design stratified() {
        int[] strata = new int[data.size()];
        for (int i = 0; i < strata.length; i++) {
            strata[i] = data.stratum[i] % 2;
        }
        return SurveyDesign.builder(data.weight.clone()).strata(strata).build();
    }

    private static Design raked() {
        String[] sex = new String[data.size()];
        String[] age = new String[data.size()];
        for (int i = 0; i < sex.length; i++) {
            sex[i] = data.sex[i] == 0 ? "female" : "male";
            age[i] = DemoData.AGE_BANDS.get(data.ageBand[i]);
        }
        Map<String, Double> sexPop = new LinkedHashMap<>();
        sexPop.put("female", 510000.0);
        sexPop.put("male", 490000.0);
        Map<String, Double> agePop = new LinkedHashMap<>();
        double[] counts = {150000, 220000, 300000, 180000, 150000};
        for (int k = 0; k < counts.length; k++) {
            agePop.put(DemoData.AGE_BANDS.get(k), counts[k]);
        }
        // R: rake(des, list(~sex, ~age_band), ..., control = list(maxit = 100, epsilon = 1e-10))
        return Weighting.withDefaults().withMaxIterations(100).withTolerance(1e-10).requiringConvergence(true)
            .rake(stratified(), List.of(Margin.ofLabels("sex", sex, sexPop), Margin.ofLabels("age_band", age, agePop)))
            .design();
    }

    @Test
    void unweightedMatchesR() {
        check("unweighted", SurveyDesign.unweighted(data.size()), 1e-9);
    }

    @Test
    void weightedStratifiedMatchesR() {
        check("stratified", stratified(), 1e-9);
    }

    @Test
    void rakedMatchesR() {
        check("raked", raked(), 1e-8);
    }

    private static void check(String design, Design d, double seTolerance) {
        SipasIndices indices = SipasIndices.create(StandardInstruments.sipas2017());
        GroupIndex overall = indices.byGroup(responses, d, r -> "all").get(0);
        List<GroupIndex> byAgency = indices.byGroup(responses, d, r -> r.transaction().agency().orElseThrow());
        assertThat(byAgency).hasSize(DemoData.AGENCIES.size());
        Map<String, GroupIndex> groups = new HashMap<>();
        groups.put("all", overall);
        byAgency.forEach(g -> groups.put(g.key(), g));
        int checked = 0;
        for (int row = 0; row < reference.size(); row++) {
            if (!reference.get(row, "design").equals(design)) {
                continue;
            }
            GroupIndex g = groups.get(reference.get(row, "domain"));
            assertThat(g).as(reference.get(row, "domain")).isNotNull();
            String what = reference.get(row, "estimate");
            Estimate e = "index".equals(what) ? g.index() : g.elements().containsKey(what) ? g.elements().get(what) : g.items().get(what);
            String label = design + " " + reference.get(row, "domain") + " " + what;
            double value = Double.parseDouble(reference.get(row, "value"));
            double se = Double.parseDouble(reference.get(row, "se"));
            // R 4.2.2 survey 4.1.1: coef/SE/confint of svycontrast(svytotal(...), ...) — sipas-index.R
            assertThat(e.value()).as(label + " value").isCloseTo(value, within(1e-9 * Math.max(1, value)));
            assertThat(e.standardError()).as(label + " SE").isCloseTo(se, within(seTolerance * se));
            if (g.items().containsKey(what)) {
                // item intervals are the engine's logit proportion intervals, not normal ones: only check they hold the value
                assertThat(e.lower()).isLessThanOrEqualTo(e.value());
                assertThat(e.upper()).isGreaterThanOrEqualTo(e.value());
            } else {
                assertThat(e.lower()).as(label + " lower").isCloseTo(Double.parseDouble(reference.get(row, "lower")),
                    within(seTolerance * se * 2 + 1e-9));
                assertThat(e.upper()).as(label + " upper").isCloseTo(Double.parseDouble(reference.get(row, "upper")),
                    within(seTolerance * se * 2 + 1e-9));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(9 * (1 + 5 + 22));
    }

    @Test
    void countsDontKnowAndHiddenAnswersOutOfTheDenominator() {
        GroupIndex g = SipasIndices.create(StandardInstruments.sipas2017()).overall(responses);
        long dk = 0;
        long hidden = 0;
        long valid = 0;
        for (int i = 0; i < data.size(); i++) {
            if (data.answers[0][i] < 0) {
                dk++;
            }
            if (!data.madeComplaint[i]) {
                hidden++;
            }
        }
        valid = data.size() - dk;
        assertThat(g.items().get("tc1").excluded().dontKnow()).isEqualTo(dk);
        assertThat(g.items().get("tc1").validN()).isEqualTo(valid);
        assertThat(g.items().get("pa3").excluded().hidden()).isEqualTo(hidden);
        assertThat(g.responses()).isEqualTo(1000);
    }

    @Test
    void refusesMismatchedInput() {
        SipasIndices indices = SipasIndices.create(StandardInstruments.sipas2017());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> indices.byGroup(responses, SurveyDesign.unweighted(3), r -> "x"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the design has 3 units; there are 1000 responses");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SipasIndices.create(StandardInstruments.sipas2022())
                .byGroup(responses, SurveyDesign.unweighted(1000), r -> "x"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answers sipas2017 1.0, not sipas2022");
        assertThat(indices.overall(List.of()).index()).isNull();
    }
}
