package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of reference/quantile/quantiles.csv: R 4.2.2, survey 4.1.1,
 * {@code svyquantile(~y, design, c(0.25, 0.5, 0.9), na.rm = TRUE)} with the defaults
 * {@code qrule = "math"}, {@code interval.type = "mean"} on Taylor designs (SRS with equal weights,
 * stratified, one- and two-stage clusters, the domain {@code subset(design, stype == "E")}) and on
 * replicate designs ({@code as.svrepdesign} JK1, JKn). Quantile and bounds are data values: equal
 * to 1e-12; SE 1e-8 relative; df exactly. Where R's interval for the share leaves [0, 1] (R: NA) the
 * engine's bound is the largest (smallest) valid value.
 */
class QuantileTest {
    private static final CsvTable REF = CsvTable.resource("/reference/quantile/quantiles.csv");

    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        for (int r = 0; r < REF.size(); r++) {
            out.add(new Object[] {REF.get(r, "design") + " " + REF.get(r, "domain") + " " + REF.get(r, "variable") + " "
                + REF.get(r, "p"), r});
        }
        return out;
    }

    private static Design design(String name) {
        switch (name) {
            case "srs_unweighted":
                return SurveyDesign.unweighted(ApiData.SRS.size());
            case "clus1_jk1":
            case "strat_jkn":
                return ReplicateFixtures.design(name);
            default:
                return ApiData.design(name);
        }
    }

    static SurveyData data(String name) {
        CsvTable t = name.startsWith("srs") ? ApiData.SRS : name.startsWith("strat") ? ApiData.STRAT
            : name.startsWith("clus1") ? ApiData.CLUS1 : ApiData.CLUS2;
        String[] stype = t.strings("stype");
        int[] dom = new int[stype.length];
        for (int i = 0; i < dom.length; i++) {
            dom[i] = "EHM".indexOf(stype[i]) + 1;
        }
        return SurveyData.of(design(name), dom)
            .withNumeric(Variable.numeric("api00"), t.doubles("api00"))
            .withNumeric(Variable.numeric("enroll"), t.doubles("enroll"))
            .withNumeric(Variable.numeric("acs.k3"), t.doubles("acs.k3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void quantileMatchesR(String label, int row) {
        String name = REF.get(row, "design");
        String variable = REF.get(row, "variable");
        SurveyData data = data(name);
        Integer domain = REF.get(row, "domain").equals("all") ? null : 1;
        Estimate e = Estimator.withDefaults().quantile(data, variable, REF.doubles("p")[row], domain);
        assertThat(e.value()).as(label + " quantile").isCloseTo(REF.doubles("quantile")[row], within(1e-12));
        assertThat(e.degreesOfFreedom()).as(label + " df").isEqualTo((int) REF.doubles("df")[row]);
        double[] x = data.values(variable);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && (domain == null || data.domains()[i] == domain)) {
                min = Math.min(min, x[i]);
                max = Math.max(max, x[i]);
            }
        }
        double lower = REF.doubles("lower")[row];
        double upper = REF.doubles("upper")[row];
        assertThat(e.lower()).as(label + " lower").isCloseTo(Double.isNaN(lower) ? min : lower, within(1e-12));
        assertThat(e.upper()).as(label + " upper").isCloseTo(Double.isNaN(upper) ? max : upper, within(1e-12));
        double se = REF.doubles("se")[row];
        if (!Double.isNaN(se)) {
            assertThat(e.standardError()).as(label + " se").isCloseTo(se, within(1e-8 * se));
        }
        assertThat(e.validN()).isPositive();
    }

    @Test
    void probabilityOutsideZeroOneIsRefused() {
        SurveyData data = data("srs_fpc");
        for (double p : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> Estimator.withDefaults().quantile(data, "api00", p, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("probability is " + p).hasMessageContaining("(0, 1)");
        }
        assertThatThrownBy(() -> Estimator.withDefaults().quantile(data, "nope", 0.5, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no variable nope");
    }

    /** No valid answer in the domain: undefined, with the excluded answers counted. */
    @Test
    void emptyDomainIsUndefined() {
        SurveyData data = data("srs_fpc");
        Estimate e = Estimator.withDefaults().quantile(data, "api00", 0.5, 99);
        assertThat(e.isDefined()).isFalse();
        assertThat(e.validN()).isZero();
        Estimate k3 = Estimator.withDefaults().quantile(data, "acs.k3", 0.5, null);
        assertThat(k3.excluded().missing()).isPositive();
    }
}
