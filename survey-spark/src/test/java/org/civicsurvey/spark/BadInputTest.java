package org.civicsurvey.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicsurvey.spark.SparkTests.Col.d;
import static org.civicsurvey.spark.SparkTests.Col.i;
import static org.civicsurvey.spark.SparkTests.Col.l;
import static org.civicsurvey.spark.SparkTests.Col.s;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.civicsurvey.spark.SparkTests.Col;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input names the column and the problem; nulls in answers are missing answers. */
class BadInputTest {
    private static final List<Col> COLS = List.of(d("w"), i("stratum"), l("psu"), i("domain"), d("fpc"), i("q1"),
        s("name"), d("x"));

    private static Dataset<Row> df(Object[]... rows) {
        return SparkTests.partitioned(List.of(Arrays.stream(rows).map(RowFactory::create).toList()), SparkTests.schema(COLS));
    }

    /** The rows as they are, or cached: then read as column batches (the string column does not prevent it). */
    private static Dataset<Row> df(boolean cached, Object[]... rows) {
        return cached ? df(rows).cache() : df(rows);
    }

    private static Dataset<Row> good() {
        return good(false);
    }

    private static Dataset<Row> good(boolean cached) {
        return df(cached, new Object[] {10.0, 1, 11L, 1, 40.0, 4, "a", 2.5}, new Object[] {20.0, 1, 12L, 2, 40.0, 5, "b", null},
            new Object[] {30.0, 2, 21L, 1, 30.0, null, "c", 4.0}, new Object[] {40.0, 2, 22L, 2, 30.0, 9, "d", Double.NaN});
    }

    private static final Variable Q1 = Variable.scale("q1", 1, 5);

    @Test
    void aMissingColumnIsNamed() {
        SurveyFrame f = SurveyFrame.of(good()).weight("w").strata("stratum").clusters("psu");
        assertThatThrownBy(() -> f.statistics(Variable.scale("q7", 1, 5)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("item column 'q7' is not in the DataFrame; its columns are [w, stratum, psu, domain, fpc, q1, name, x]");
        assertThatThrownBy(() -> f.weight("wt").statistics(Q1)).hasMessageStartingWith("weight column 'wt' is not in the DataFrame");
        assertThatThrownBy(() -> f.groupBy("province").statistics(Q1)).hasMessageStartingWith("domain column 'province' is not");
        assertThatThrownBy(() -> f.fpc("N").statistics(Q1)).hasMessageStartingWith("fpc column 'N' is not");
        assertThatThrownBy(() -> f.rake(org.civicsurvey.weighting.Weighting.withDefaults(),
            List.of(ColumnMargin.of("sex", java.util.Map.of("F", 1))), "raked")).hasMessageStartingWith("margin column 'sex' is not");
    }

    @Test
    void aNonNumericItemOrDesignColumnIsNamed() {
        SurveyFrame f = SurveyFrame.of(good()).weight("w");
        assertThatThrownBy(() -> f.statistics(Q1, Variable.scale("name", 1, 5)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("item column 'name' is of type string; it must be numeric");
        assertThatThrownBy(() -> f.weight("name").statistics(Q1)).hasMessage("weight column 'name' is of type string; it must be numeric");
        assertThatThrownBy(() -> f.strata("x").statistics(Q1))
            .hasMessage("strata column 'x' is of type double; it must be integral (byte, short, int or long codes)");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void badValuesInRowsAreNamedByColumnAndValue(boolean cached) {
        SurveyFrame f = SurveyFrame.of(good(cached)).weight("w").strata("stratum").clusters("psu").groupBy("domain");
        assertThatThrownBy(() -> f.statistics(Q1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("column 'q1': value 9 is neither a category of q1 (1, 2, 3, 4, 5) nor an exclusion code (none declared)");
        Dataset<Row> smallest = df(cached, new Object[] {1.0, 1, 11L, 1, 40.0, Integer.MIN_VALUE, "a", 1.0});
        assertThatThrownBy(() -> SurveyFrame.of(smallest).statistics(Q1))
            .hasMessage("column 'q1': value -2147483648 is neither a category of q1 (1, 2, 3, 4, 5) nor an exclusion code"
                + " (none declared)");
        Dataset<Row> infinite = df(cached, new Object[] {1.0, 1, 11L, 1, 40.0, 4, "a", Double.NEGATIVE_INFINITY});
        assertThatThrownBy(() -> SurveyFrame.of(infinite).statistics(Variable.numeric("x")))
            .hasMessage("column 'x': value -Infinity is infinite; a numeric answer must be finite (null or NaN for missing)");
        Dataset<Row> wide = df(cached, new Object[] {1.0, 1, 1L << 40, 1, 40.0, 4, "a", 1.0});
        assertThatThrownBy(() -> SurveyFrame.of(wide).groupBy("psu").statistics(Q1))
            .hasMessage("column 'psu': code 1099511627776 is outside the int range");
        Dataset<Row> nullWeight = df(cached, new Object[] {null, 1, 11L, 1, 40.0, 4, "a", 1.0});
        assertThatThrownBy(() -> SurveyFrame.of(nullWeight).weight("w").statistics(Q1))
            .hasMessage("column 'w' has a null value; every row needs one");
        Dataset<Row> nullPsu = df(cached, new Object[] {1.0, 1, null, 1, 40.0, 4, "a", 1.0});
        assertThatThrownBy(() -> SurveyFrame.of(nullPsu).clusters("psu").statistics(Q1))
            .hasMessage("column 'psu' has a null value; every row needs one");
        Dataset<Row> negative = df(cached, new Object[] {-1.0, 1, 11L, 1, 40.0, 4, "a", 1.0});
        assertThatThrownBy(() -> SurveyFrame.of(negative).weight("w").statistics(Q1))
            .hasMessage("column 'w': weight -1.0; weights must be finite and >= 0");
        Dataset<Row> fpcVaries = df(cached, new Object[] {1.0, 1, 11L, 1, 40.0, 4, "a", 1.0},
            new Object[] {1.0, 1, 12L, 1, 41.0, 4, "a", 1.0});
        assertThatThrownBy(() -> SurveyFrame.of(fpcVaries).weight("w").strata("stratum").clusters("psu").fpc("fpc").statistics(Q1))
            .hasMessageContaining("column 'fpc': the fpc varies within stratum 1 (40.0 and 41.0)");
        Dataset<Row> negativeFpc = df(cached, new Object[] {1.0, 1, 11L, 1, -2.0, 4, "a", 1.0});
        assertThatThrownBy(() -> SurveyFrame.of(negativeFpc).fpc("fpc").statistics(Q1))
            .hasMessage("column 'fpc': fpc -2.0; must be a population size >= 1 or a sampling fraction in [0, 1]");
        Dataset<Row> notNested = df(cached, new Object[] {1.0, 1, 11L, 1, 40.0, 4, "a", 1.0},
            new Object[] {1.0, 2, 11L, 1, 40.0, 4, "a", 1.0});
        assertThatThrownBy(() -> SurveyFrame.of(notNested).strata("stratum").clusters("psu").statistics(Q1))
            .hasMessage("clusters not nested in strata: PSU 11 of column 'psu' appears in strata 1 and 2; use nest(true) if PSU"
                + " ids are only unique within strata");
        assertThatThrownBy(() -> SurveyFrame.of(good(cached).limit(0)).statistics(Q1))
            .hasMessage("the DataFrame has no rows; statistics need at least one");
    }

    /** Rows of one PSU in two partitions: the disagreement shows when the partitions' sums are added. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anFpcThatVariesBetweenPartitionsIsNamed(boolean cached) {
        Dataset<Row> split = SparkTests.partitioned(List.of(List.of(RowFactory.create(1.0, 1, 11L, 1, 40.0, 4, "a", 1.0)),
            List.of(RowFactory.create(1.0, 1, 11L, 1, 41.0, 4, "a", 1.0))), SparkTests.schema(COLS));
        Dataset<Row> df = cached ? split.cache() : split;
        assertThatThrownBy(() -> SurveyFrame.of(df).weight("w").strata("stratum").clusters("psu").fpc("fpc").statistics(Q1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageMatching("column 'fpc': the fpc varies within stratum 1 \\((40\\.0 and 41\\.0|41\\.0 and 40\\.0)\\); .*");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSecondStageFpcNeedsSsusAndOneValuePerPsu(boolean cached) {
        // the domain column serves as the SSU, x as the second-stage fpc
        Dataset<Row> varies = df(cached, new Object[] {1.0, 1, 11L, 1, 40.0, 4, "a", 3.0},
            new Object[] {1.0, 1, 11L, 2, 40.0, 4, "a", 4.0});
        assertThatThrownBy(() -> SurveyFrame.of(varies).weight("w").strata("stratum").clusters("psu", "domain").fpc("fpc", "x")
            .statistics(Q1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("column 'x': the second-stage fpc varies within PSU 11 of stratum 1 (3.0 and 4.0); sufficient statistics"
                + " need one population of SSUs (or sampling fraction) per PSU");
        assertThatThrownBy(() -> SurveyFrame.of(varies).clusters("psu").fpc("fpc", "x").statistics(Q1))
            .hasMessage("a second-stage fpc (column 'x') needs second-stage clusters: call clusters(psu, ssu)");
        Dataset<Row> tooSmall = df(cached, new Object[] {1.0, 1, 11L, 1, 40.0, 4, "a", 1.5}, new Object[] {1.0, 1, 11L, 2, 40.0, 4, "a", 1.5});
        assertThatThrownBy(() -> SurveyFrame.of(tooSmall).clusters("psu", "domain").fpc("fpc", "x").statistics(Q1))
            .hasMessageContaining("column 'x': PSU 11 of stratum 0 has second-stage fpc 1.5, a population of 1.5 SSUs, smaller"
                + " than the 2 sampled there");
    }

    /** Nulls and NaN are missing answers, counted as such, exactly as NaN in the core's columns. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nullsAreMissingAnswers(boolean cached) {
        var stats = SurveyFrame.of(good(cached)).weight("w").strata("stratum").clusters("psu").fpc("fpc")
            .excluding(9, Exclusion.DONT_KNOW).statistics(Q1, Variable.numeric("x"));
        SurveyDesign design = SurveyDesign.builder(new double[] {10, 20, 30, 40}).strata(new int[] {1, 1, 2, 2})
            .clusters(new int[] {11, 12, 21, 22}).fpc(new double[] {40, 40, 30, 30}).build();
        SurveyData rows = SurveyData.of(design).withCategorical(Q1, new byte[] {3, 4, Exclusion.MISSING.code(),
            Exclusion.DONT_KNOW.code()}).withNumeric(Variable.numeric("x"), new double[] {2.5, Double.NaN, 4, Double.NaN});
        for (Statistic s : List.of(Statistic.mean("q1"), Statistic.mean("x"), Statistic.proportion("q1", 5))) {
            Estimate a = Estimator.withDefaults().estimate(stats, s);
            Estimate b = Estimator.withDefaults().estimate(rows, s);
            assertThat(a.value()).isCloseTo(b.value(), org.assertj.core.api.Assertions.within(1e-12 * Math.abs(b.value())));
            assertThat(a.standardError()).isCloseTo(b.standardError(),
                org.assertj.core.api.Assertions.within(1e-12 * b.standardError()));
            assertThat(a.excluded()).isEqualTo(b.excluded());
        }
        assertThat(stats.excluded("q1", 0).missing()).isEqualTo(1);
        assertThat(stats.excluded("q1", 0).dontKnow()).isEqualTo(1);
        assertThat(stats.excluded("x", 0).missing()).isEqualTo(2);
    }
}
