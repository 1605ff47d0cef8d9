package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * Designs declared from population sizes per stage, their weights derived as R's {@code svydesign}
 * does without weights (R 4.2.2, survey 4.1.1, data(api)).
 */
class DesignFromPopulationSizesTest {
    @Test
    void twoStageWeightsEqualRsAndSoDoTheEstimates() {
        CsvTable t = ApiData.CLUS2;
        SurveyDesign d = SurveyDesign.fromPopulationSizes(t.size())
            .clusters(ApiData.ints(t, "dnum"), ApiData.ints(t, "snum")).fpc(t.doubles("fpc1"), t.doubles("fpc2")).build();
        // R: all(abs(weights(svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)) / apiclus2$pw - 1) < 1e-12)
        double[] pw = t.doubles("pw");
        for (int i = 0; i < pw.length; i++) {
            assertThat(d.weights()[i]).as("weight %d", i).isCloseTo(pw[i], within(1e-12 * pw[i]));
        }
        // estimates.csv, design clus2_fpc: svymean(~api00, svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2))
        Estimate mean = Estimator.withDefaults().estimate(SurveyData.of(d).withNumeric(Variable.numeric("api00"),
            t.doubles("api00")), Statistic.mean("api00"));
        assertThat(mean.value()).isCloseTo(670.811808118081, within(1e-9));
        assertThat(mean.standardError()).isCloseTo(30.0990273768366, within(1e-9));
    }

    @Test
    void stratifiedAndOneStageWeightsEqualRs() {
        CsvTable s = ApiData.STRAT;
        SurveyDesign strat = SurveyDesign.fromPopulationSizes(s.size()).strata(s.codes("stype")).fpc(s.doubles("fpc")).build();
        // R: weights(svydesign(id = ~1, strata = ~stype, fpc = ~fpc, data = apistrat)) is fpc / n_h, 44.21 for
        // E (4421 schools, 100 sampled), 50 H and 50 M sampled; apistrat$pw holds it in single precision (44.2099990844727)
        double[] pw = s.doubles("pw");
        double[] fpc = s.doubles("fpc");
        String[] stype = s.strings("stype");
        for (int i = 0; i < pw.length; i++) {
            double expected = fpc[i] / (stype[i].equals("E") ? 100 : 50);
            assertThat(strat.weights()[i]).isCloseTo(expected, within(1e-12 * expected));
            assertThat(strat.weights()[i]).isCloseTo(pw[i], within(1e-6 * pw[i]));
        }
        CsvTable c = ApiData.CLUS1;
        SurveyDesign clus1 = SurveyDesign.fromPopulationSizes(c.size()).clusters(ApiData.ints(c, "dnum"))
            .fpc(c.doubles("fpc")).build();
        // R: unique(weights(svydesign(id = ~dnum, fpc = ~fpc, data = apiclus1))) is 50.4666666666667 (757 districts, 15 sampled)
        for (double w : clus1.weights()) {
            assertThat(w).isCloseTo(757.0 / 15, within(1e-12));
        }
    }

    @Test
    void samplingFractionsWorkAsWellAndPopulationSizesAreRequired() {
        // two strata: 2 of 10 PSUs and 1 of 4 PSUs sampled, given as fractions 0.2 and 0.25
        SurveyDesign d = SurveyDesign.fromPopulationSizes(3).strata(new int[] {1, 1, 2}).clusters(new int[] {1, 2, 3})
            .fpc(new double[] {0.2, 0.2, 0.25}).build();
        assertThat(d.weights()).containsExactly(5, 5, 4);
        assertThatThrownBy(() -> SurveyDesign.fromPopulationSizes(3).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("call fpc(...)");
        assertThatThrownBy(() -> SurveyDesign.fromPopulationSizes(0)).hasMessageContaining("units is 0");
        assertThatThrownBy(() -> SurveyDesign.fromPopulationSizes(2).fpc(new double[] {10, 0.5}).build())
            .hasMessageContaining("fpc mixes population sizes");
        assertThatThrownBy(() -> SurveyDesign.fromPopulationSizes(3).fpc(new double[] {2, 2, 2}).build())
            .hasMessageContaining("fpc at stage 1 for unit 0 implies population 2.0 smaller than the 3 units sampled");
    }
}
