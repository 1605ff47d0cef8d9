package org.civicsurvey.analysis.pls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Invalid models and data: each a clear error or a defined result. */
class PlsBadInputTest {
    @Test
    void cycleIsRejectedWithItsConstructs() {
        assertThatThrownBy(() -> PlsModel.builder().reflective("A", "a1").reflective("B", "b1").reflective("C", "c1")
                .path("A", "B").path("B", "C").path("C", "A").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the inner model has a cycle A -> B -> C -> A");
    }

    @Test
    void unconnectedConstructIsRejected() {
        assertThatThrownBy(() -> PlsModel.builder().reflective("A", "a1").reflective("B", "b1").reflective("Lonely", "l1")
                .path("A", "B").build())
                .hasMessageContaining("construct 'Lonely' is not connected: it is in no path");
    }

    @Test
    void malformedModelsAreRejected() {
        assertThatThrownBy(() -> PlsModel.builder().reflective("A", "a1").build()).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> PlsModel.builder().reflective("A")).hasMessageContaining("'A' has no items");
        assertThatThrownBy(() -> PlsModel.builder().reflective("A", "x").reflective("B", "x").path("A", "B").build())
                .hasMessageContaining("item 'x' appears in more than one block");
        assertThatThrownBy(() -> PlsModel.builder().reflective("A", "a").reflective("B", "b").path("A", "Z").build())
                .hasMessageContaining("unknown construct 'Z'");
        assertThatThrownBy(() -> PlsModel.builder().reflective("A", "a").reflective("B", "b").path("A", "A").build())
                .hasMessageContaining("is a loop");
        assertThatThrownBy(() -> PlsModel.builder().reflective("A", "a").reflective("A", "b"))
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> PlsModel.builder().reflective("A", "a").reflective("B", "b").path("A", "B").path("A", "B")
                .build()).hasMessageContaining("declared twice");
    }

    @Test
    void oneItemBlockHasWeightAndLoadingOne() {
        PlsModel m = PlsModel.builder().reflective("Sat", "CUSA1", "CUSA2", "CUSA3").reflective("Complaints", "CUSCO")
                .path("Sat", "Complaints").build();
        PlsResult fit = PlsPathModeling.withDefaults().fit(m, MobiData.columns(m.items()));
        assertThat(fit.outerWeight("CUSCO")).isCloseTo(1.0, within(1e-15));
        assertThat(fit.loading("CUSCO")).isCloseTo(1.0, within(1e-12));
        assertThat(fit.compositeReliability("Complaints")).isCloseTo(1.0, within(1e-12));
        assertThat(fit.averageVarianceExtracted("Complaints")).isCloseTo(1.0, within(1e-12));
        assertThatThrownBy(() -> fit.rSquared("Sat")).hasMessageContaining("'Sat' is exogenous");
        assertThatThrownBy(() -> fit.pathCoefficient("Complaints", "Sat")).isInstanceOf(NoSuchElementException.class);
        assertThat(fit.totalEffect("Complaints", "Sat")).isZero();
    }

    @Test
    void constantItemIsNamed() {
        PlsModel m = PlsModel.builder().reflective("Sat", "CUSA1", "CUSA2", "FLAT").reflective("Complaints", "CUSCO")
                .path("Sat", "Complaints").build();
        double[][] x = MobiData.columns(java.util.List.of("CUSA1", "CUSA2", "CUSA3", "CUSCO"));
        Arrays.fill(x[2], 7.0);
        assertThatThrownBy(() -> PlsPathModeling.withDefaults().fit(m, x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("item 'FLAT' is constant (every used row has the value 7.0)");
    }

    @Test
    void collinearFormativeBlockIsNamed() {
        PlsModel m = PlsModel.builder().formative("Sat", "CUSA1", "CUSA2", "SUM").reflective("Complaints", "CUSCO")
                .path("Sat", "Complaints").build();
        double[][] x = MobiData.columns(java.util.List.of("CUSA1", "CUSA2", "CUSA3", "CUSCO"));
        for (int i = 0; i < x[2].length; i++) {
            x[2][i] = x[0][i] + x[1][i];
        }
        assertThatThrownBy(() -> PlsPathModeling.withDefaults().fit(m, x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("collinear items of formative block 'Sat': 'SUM' is a linear combination of [CUSA1, CUSA2]");
    }

    @Test
    void bootstrapCountsResamplesWithAConstantItem() {
        // RARE is 1 for one respondent and 0 for the other 249: a resample misses that row with
        // probability (249/250)^250 = 0.37, and then RARE is constant there.
        PlsModel m = PlsModel.builder().reflective("Sat", "CUSA1", "CUSA2", "CUSA3").reflective("Rare", "RARE")
                .path("Rare", "Sat").build();
        double[][] x = MobiData.columns(java.util.List.of("CUSA1", "CUSA2", "CUSA3", "CUSCO"));
        Arrays.fill(x[3], 0.0);
        x[3][17] = 1.0;
        PlsBootstrap b = PlsPathModeling.withDefaults().bootstrap(m, x, 100, 7L);
        assertThat(b.degenerate()).isBetween(15, 60);
        assertThat(b.used() + b.degenerate() + b.notConverged()).isEqualTo(100);
        assertThat(b.originalConverged()).isTrue();
    }

    @Test
    void badDataAndSettingsAreRejected() {
        PlsModel m = PlsModel.builder().reflective("Sat", "CUSA1", "CUSA2").reflective("Complaints", "CUSCO")
                .path("Sat", "Complaints").build();
        double[][] x = MobiData.columns(m.items());
        PlsPathModeling pls = PlsPathModeling.withDefaults();
        assertThatThrownBy(() -> pls.fit(m, new double[][] {x[0], x[1]})).hasMessageContaining("3 items");
        assertThatThrownBy(() -> pls.fit(m, x, 1, 5)).hasMessageContaining("item 'CUSA1': value")
                .hasMessageContaining("outside the scale 1.0..5.0");
        double[][] inf = {x[0].clone(), x[1], x[2]};
        inf[0][4] = Double.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> pls.fit(m, inf)).hasMessageContaining("item 'CUSA1' has value -Infinity at row 4");
        assertThatThrownBy(() -> pls.withTolerance(0)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> pls.withMaxIterations(0)).hasMessageContaining("maximum iterations");
        assertThatThrownBy(() -> pls.bootstrap(m, x, 1, 1L)).hasMessageContaining("at least 2 resamples");
    }
}
