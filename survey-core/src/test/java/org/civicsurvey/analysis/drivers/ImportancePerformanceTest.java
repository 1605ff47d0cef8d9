package org.civicsurvey.analysis.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.civicsurvey.analysis.drivers.ImportancePerformance.Attribute;
import org.civicsurvey.analysis.drivers.ImportancePerformance.Grid;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

class ImportancePerformanceTest {
    private static final List<Attribute> ATTRIBUTES = List.of(
            new Attribute("waiting time", 2.0, 4.5),   // important, poor
            new Attribute("courtesy", 4.5, 4.2),       // important, good
            new Attribute("parking", 2.5, 2.0),        // unimportant, poor
            new Attribute("brochures", 4.0, 1.5));     // unimportant, good

    @Test
    void quadrantsAtMeans() {
        Grid g = ImportancePerformance.atMeans().analyze(ATTRIBUTES);
        // means: performance (2 + 4.5 + 2.5 + 4) / 4 = 3.25, importance (4.5 + 4.2 + 2 + 1.5) / 4 = 3.05
        assertThat(g.performanceLine()).isCloseTo(3.25, within(1e-15));
        assertThat(g.importanceLine()).isCloseTo(3.05, within(1e-15));
        assertThat(g.placements()).extracting(ImportancePerformance.Placement::quadrant).containsExactly(
                Quadrant.CONCENTRATE_HERE, Quadrant.KEEP_UP_THE_GOOD_WORK, Quadrant.LOW_PRIORITY,
                Quadrant.POSSIBLE_OVERKILL);
        assertThat(g.in(Quadrant.CONCENTRATE_HERE)).extracting(Attribute::name).containsExactly("waiting time");
        assertThat(g.counts()).containsEntry(Quadrant.LOW_PRIORITY, 1).hasSize(4);
    }

    @Test
    void scaleMidpointsAndTiesOnTheLine() {
        // 5-point scales: midpoint 3 on both axes. "parking" sits exactly on the performance line
        // and "brochures" exactly on the importance line: on the line counts as high.
        List<Attribute> list = List.of(new Attribute("parking", 3.0, 2.0), new Attribute("brochures", 2.0, 3.0),
                new Attribute("both", 3.0, 3.0));
        Grid g = ImportancePerformance.of(CrossHair.midpoint(1, 5), CrossHair.midpoint(1, 5)).analyze(list);
        assertThat(g.placements()).extracting(ImportancePerformance.Placement::quadrant).containsExactly(
                Quadrant.POSSIBLE_OVERKILL, Quadrant.CONCENTRATE_HERE, Quadrant.KEEP_UP_THE_GOOD_WORK);
        Grid fixed = ImportancePerformance.of(CrossHair.at(4.2), CrossHair.mean()).analyze(ATTRIBUTES);
        assertThat(fixed.in(Quadrant.KEEP_UP_THE_GOOD_WORK)).extracting(Attribute::name).containsExactly("courtesy");
    }

    @Test
    void derivedImportanceFromDriverAnalysis() {
        CsvTable t = CsvTable.resource("/reference/drivers/attitude.csv");
        List<String> names = List.of("complaints", "learning", "advance");
        DriverResult r = DriverAnalysis.withDefaults().analyze(t.doubles("rating"),
                new double[][] {t.doubles("complaints"), t.doubles("learning"), t.doubles("advance")}, names);
        Map<String, Double> perf = Map.of("complaints", 66.6, "learning", 56.367, "advance", 42.933);
        List<Attribute> attrs = ImportancePerformance.derived(r, ImportancePerformance.Measure.LMG, perf);
        assertThat(attrs.get(0).importance()).isEqualTo(r.driver("complaints").lmg());
        Grid g = ImportancePerformance.atMeans().analyze(attrs);
        // complaints dominates (R: cor(rating, complaints) = 0.825); advance is least important
        assertThat(g.placements().get(0).quadrant()).isEqualTo(Quadrant.KEEP_UP_THE_GOOD_WORK);
        assertThat(g.placements().get(2).quadrant()).isEqualTo(Quadrant.LOW_PRIORITY);
        assertThatThrownBy(() -> ImportancePerformance.derived(r, ImportancePerformance.Measure.BETA,
                Map.of("complaints", 1.0))).hasMessageContaining("no performance value for driver 'learning'");
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> new Attribute("x", Double.NaN, 1)).hasMessageContaining("attribute 'x'");
        assertThatThrownBy(() -> ImportancePerformance.atMeans().analyze(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> ImportancePerformance.atMeans().analyze(List.of(new Attribute("a", 1, 1),
                new Attribute("a", 2, 2)))).hasMessageContaining("'a' appears twice");
        assertThatThrownBy(() -> CrossHair.midpoint(5, 1)).hasMessageContaining("high > low");
        assertThatThrownBy(() -> CrossHair.at(Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
    }
}
