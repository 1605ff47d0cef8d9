package org.civicsurvey.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.ReplicateDesign;
import org.civicsurvey.stats.ReplicateSums;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * The SIPAS roll-up (item = share of 4-5 among valid answers, E1 = mean of q1..q3, E2 = mean of
 * q4, q5, index = mean of E1 and E2) on the synthetic survey converted to JKn replicate weights,
 * against R 4.2.2, survey 4.1.1 (reference/replicate/replicate.R, design syn_jkn:
 * {@code as.svrepdesign(svydesign(id = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc), type = "JKn")},
 * the item shares by {@code svyratio(covmat = TRUE)}, every node's SE {@code sqrt(c' V c)}), for the
 * whole sample and the provinces 1 and 4 ({@code subset}), from rows and from replicate sums.
 * Relative tolerance 1e-8.
 */
class ReplicateRollUpTest {
    private static final CsvTable REF = CsvTable.resource("/reference/replicate/estimates.csv");
    private static final CsvTable SYN = CsvTable.resource("/reference/engine/synthetic.csv");

    private static SurveyData data() {
        SurveyDesign taylor = SurveyDesign.builder(SYN.doubles("w")).strata(RollUpTest.ints("stratum"))
            .clusters(RollUpTest.ints("psu")).fpc(SYN.doubles("fpc")).build();
        SurveyData d = SurveyData.of(ReplicateDesign.jkn(taylor), RollUpTest.ints("province"));
        for (int k = 1; k <= 5; k++) {
            d = d.withCategorical(Variable.scale("q" + k, 1, 5), RollUpTest.codes("q" + k, 1, true));
        }
        return d;
    }

    private static void check(Estimate e, String domain, String node) {
        for (int r = 0; r < REF.size(); r++) {
            if (REF.get(r, "design").equals("syn_jkn") && REF.get(r, "statistic").equals("sipas")
                && REF.get(r, "domain").equals(domain) && REF.get(r, "variable").equals(node)) {
                double value = REF.doubles("value")[r];
                double se = REF.doubles("se")[r];
                assertThat(e.value()).as("%s %s value", domain, node).isCloseTo(value, within(1e-8 * value));
                assertThat(e.standardError()).as("%s %s se", domain, node).isCloseTo(se, within(1e-8 * se));
                return;
            }
        }
        throw new AssertionError("no reference for " + domain + " " + node);
    }

    @Test
    void sipasOnReplicateWeightsEqualsR() {
        SurveyData data = data();
        ReplicateSums sums = ReplicateSums.of(data);
        Estimator est = Estimator.withDefaults();
        List<String> nodes = List.of("q1", "q2", "q3", "q4", "q5", "E1", "E2", "index");
        RollUpResult rows = RollUp.sipas().evaluate(RollUpTest.instrument(), data, null, est);
        RollUpResult fromSums = RollUp.sipas().evaluate(RollUpTest.instrument(), sums, est);
        Map<Integer, RollUpResult> byProvince = RollUp.sipas().evaluateByDomain(RollUpTest.instrument(), sums, est);
        assertThat(byProvince).containsOnlyKeys(1, 2, 3, 4, 5, 6);
        for (String node : nodes) {
            check(rows.node(node).orElseThrow().estimate(), "all", node);
            check(fromSums.node(node).orElseThrow().estimate(), "all", node);
        }
        for (int p : new int[] {1, 4}) {
            RollUpResult domainRows = RollUp.sipas().evaluate(RollUpTest.instrument(), data, p, est);
            for (String node : nodes) {
                check(domainRows.node(node).orElseThrow().estimate(), "" + p, node);
                check(byProvince.get(p).node(node).orElseThrow().estimate(), "" + p, node);
            }
        }
        assertThat(rows.index().estimate().degreesOfFreedom()).isEqualTo(44); // degf(syn_jkn)
    }
}
