package org.civicsurvey.analysis.pls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.civicsurvey.analysis.drivers.DriverAnalysis;
import org.civicsurvey.analysis.drivers.DriverResult;
import org.civicsurvey.analysis.drivers.ImportancePerformance;
import org.civicsurvey.analysis.drivers.ImportancePerformance.Grid;
import org.civicsurvey.analysis.drivers.ImportancePerformance.Measure;
import org.civicsurvey.analysis.drivers.Quadrant;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/** Mirrors the README section on drivers and PLS (the snippet in docs/drivers.md's report). */
class DriversReadmeTest {
    @Test
    void readmeSnippet() {
        CsvTable attitude = CsvTable.resource("/reference/drivers/attitude.csv");
        double[] overall = attitude.doubles("rating");
        double[] complaints = attitude.doubles("complaints");
        double[] learning = attitude.doubles("learning");
        double[] advance = attitude.doubles("advance");
        Map<String, Double> performanceByDriver = Map.of("complaints", 66.6, "learning", 56.4, "advance", 42.9);
        PlsModel ecsiModel = MobiData.ecsi();
        double[][] columns = MobiData.columns(ecsiModel.items());

        // --- README ---
        DriverResult d = DriverAnalysis.withDefaults()
                .analyze(overall, new double[][] {complaints, learning, advance},
                        List.of("complaints", "learning", "advance"));
        double lmg = d.driver("complaints").lmg();
        Grid g = ImportancePerformance.atMeans().analyze(
                ImportancePerformance.derived(d, Measure.LMG, performanceByDriver));
        List<ImportancePerformance.Attribute> fixFirst = g.in(Quadrant.CONCENTRATE_HERE);

        PlsResult pls = PlsPathModeling.withDefaults().withScheme(WeightingScheme.CENTROID)
                .fit(ecsiModel, columns, 1, 10);
        double path = pls.pathCoefficient("Quality", "Satisfaction");
        double index = pls.index("Satisfaction");
        double impact = pls.impact("Quality", "Satisfaction");
        // --- end ---

        // attitude: complaints is the strongest driver (R: cor(rating, complaints) = 0.825,
        // cor(rating, advance) = 0.155), so its LMG share is the largest
        assertThat(lmg).isGreaterThan(d.driver("advance").lmg()).isGreaterThan(d.driver("learning").lmg());
        // performance mean = 55.3: only advance (42.9) is below it, and advance has the smallest
        // importance, so nothing is in "concentrate here"
        assertThat(fixFirst).isEmpty();
        assertThat(g.in(Quadrant.LOW_PRIORITY)).extracting(ImportancePerformance.Attribute::name)
                .containsExactly("advance");
        assertThat(path).isCloseTo(0.51254524, within(1e-6));                 // SmartPLS 2.0.M3
        assertThat(index).isCloseTo(MobiData.expected().get("centroid/indexSmartPls/Satisfaction/"), within(1e-5));
        assertThat(impact).isCloseTo(MobiData.expected().get("centroid/impactSmartPls/Quality/Satisfaction"),
                within(1e-5));
    }
}
