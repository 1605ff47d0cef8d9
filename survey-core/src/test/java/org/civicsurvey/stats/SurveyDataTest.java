package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Columns written and read by scale values, not codes. */
class SurveyDataTest {
    @Test
    void scaleValuesInAndOut() {
        Variable q = Variable.scale("q", 1, 5);
        SurveyData byValues = SurveyData.of(SurveyDesign.builder(new double[] {1, 2, 1, 3}).build())
            .withCategoricalValues(q, new double[] {5, 4, Double.NaN, 1});
        SurveyData byCodes = SurveyData.of(SurveyDesign.builder(new double[] {1, 2, 1, 3}).build())
            .withCategorical(q, new byte[] {4, 3, Exclusion.MISSING.code(), 0});
        assertThat(byValues.values("q")).containsExactly(5, 4, Double.NaN, 1);
        // share of 4-5 among valid answers: weights 1 + 2 of 1 + 2 + 3, worked by hand
        Estimate p = Estimator.withDefaults().estimate(byValues, Statistic.proportion("q", 4, 5));
        assertThat(p.value()).isCloseTo(0.5, within(1e-15));
        assertThat(p.excluded().missing()).isEqualTo(1);
        assertThat(Estimator.withDefaults().estimate(byCodes, Statistic.proportion("q", 4, 5)).value())
            .isEqualTo(p.value());
        assertThat(byValues.domains()).containsExactly(0, 0, 0, 0);
        // one interval shape: the estimate's own bounds and level
        Interval ci = p.interval().orElseThrow();
        assertThat(ci.lower()).isEqualTo(p.lower());
        assertThat(ci.upper()).isEqualTo(p.upper());
        assertThat(ci.level()).isEqualTo(0.95);
        assertThat(ci.contains(0.5)).isTrue();
        Estimate none = Estimator.withDefaults().estimate(byValues, Statistic.proportion("q", 4, 5).in(7));
        assertThat(none.isDefined()).isFalse();
        assertThat(none.interval()).isEmpty();
        assertThatThrownBy(() -> SurveyData.of(SurveyDesign.unweighted(2)).withCategoricalValues(q, new double[] {3, 6}))
            .hasMessageContaining("variable q row 1: 6.0 is not one of its categories [1.0, 2.0, 3.0, 4.0, 5.0]");
        assertThatThrownBy(() -> byValues.values("nope")).hasMessageContaining("no variable nope in this data; have [q]");
        assertThatThrownBy(() -> SurveyData.of(SurveyDesign.unweighted(1))
            .withCategoricalValues(Variable.numeric("x"), new double[] {1})).hasMessageContaining("x is numeric");
    }
}
