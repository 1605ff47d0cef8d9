package org.civicsurvey.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.stats.SurveyDesign;
import org.junit.jupiter.api.Test;

/** Margin and model construction; hand-checkable post-stratification. */
class MarginTest {
    @Test
    void crossedCellsAreRowMajorWithJoinedLabels() {
        Margin m = Margin.crossed("sex:age", List.of(new int[] {0, 1, 1}, new int[] {2, 0, 1}),
                List.of(List.of("F", "M"), List.of("young", "mid", "old")), new double[] {1, 2, 3, 4, 5, 6});
        assertThat(m.labels()).containsExactly("F:young", "F:mid", "F:old", "M:young", "M:mid", "M:old");
        assertThat(m.codes()).containsExactly(2, 3, 4);
        assertThat(m.populationTotal()).isEqualTo(21);
        assertThat(m.populationTable()).containsEntry("M:mid", 5.0);
    }

    @Test
    void labelsAreNumberedInTableOrder() {
        Map<String, Integer> pop = new LinkedHashMap<>();
        pop.put("E", 4421);
        pop.put("H", 755);
        pop.put("M", 1018);
        Margin m = Margin.ofLabels("stype", new String[] {"H", "E", "M", "E"}, pop);
        assertThat(m.codes()).containsExactly(1, 0, 2, 0);
        assertThat(m.label(2)).isEqualTo("M");
        assertThat(m.populationCounts()).containsExactly(4421, 755, 1018);
    }

    @Test
    void postStratificationByHand() {
        // cell a: weights 1 + 3 = 4 -> population 8, factor 2; cell b: weight 2 -> population 1, factor 0.5
        Margin m = Margin.of("cell", new int[] {0, 1, 0}, List.of("a", "b"), new double[] {8, 1});
        WeightingResult r = Weighting.withDefaults().postStratify(SurveyDesign.builder(new double[] {1, 2, 3}).build(), m);
        assertThat(r.design().weights()).containsExactly(new double[] {2, 1, 6}, within(1e-15));
        assertThat(r.report().converged()).isTrue();
        assertThat(r.report().largestDiscrepancy()).isLessThan(1e-12);
        assertThat(r.design().steps()).containsExactly("postStratify(cell)");
    }

    @Test
    void marginModelMatchesRModelMatrixNames() {
        Margin a = Margin.of("sex", new int[] {0, 1}, List.of("F", "M"), new double[] {6, 4});
        Margin b = Margin.of("age", new int[] {2, 0}, List.of("A", "B", "C"), new double[] {3, 3, 4});
        CalibrationModel model = CalibrationModel.ofMargins(List.of(a, b));
        // R: colnames(model.matrix(~sex + age)) for factors sex (F, M), age (A, B, C)
        assertThat(model.columnNames()).containsExactly("(Intercept)", "sexM", "ageB", "ageC");
        assertThat(CalibrationModel.marginTotals(List.of(a, b))).containsExactly(10, 4, 3, 4);
        assertThat(model.column(3)).containsExactly(1, 0);
    }
}
