package org.civicsurvey.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.civicsurvey.spark.SparkTests.Col.d;
import static org.civicsurvey.spark.SparkTests.Col.i;
import static org.civicsurvey.spark.SparkTests.Col.s;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.civicsurvey.spark.SparkTests.Col;
import org.civicsurvey.stats.EstimateSet;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.LonelyPsu;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.Variable;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Totals and means of api00, api99 and meals with their covariance matrix and degrees of freedom on
 * every design of the core's reference/engine/kernel.csv that sufficient statistics hold: R 4.2.2,
 * survey 4.1.1, script kernel.R ({@code svytotal(~api00 + api99 + meals, d)}, {@code svymean(...)},
 * {@code vcov}, {@code degf}) on svydesign(...) of apisrs, apistrat, apiclus1, apiclus2, including
 * sampling fractions, nested PSUs, two-stage clusters with and without a second-stage fpc and the
 * lonely-PSU policies (at stage 2 too: apiclus2 with district 15 declared to have 2 schools). Relative tolerance 1e-9 (the core's EstimatorTest tolerance for the same file).
 * Unclustered designs keep no numeric cross-products, so only their variances are compared.
 */
class KernelReferenceTest {
    private static final CsvTable KERNEL = CsvTable.resource("/reference/engine/kernel.csv");
    private static final List<String> VARS = List.of("api00", "api99", "meals");

    private static Dataset<Row> data(String table, int partitions, Col... extra) {
        List<Col> cols = new ArrayList<>(List.of(d("pw"), d("api00"), d("api99"), d("meals"), i("dnum"), s("stype")));
        cols.addAll(List.of(extra));
        return SparkTests.frame(CsvTable.resource("/reference/api/" + table + ".csv"), cols, partitions);
    }

    private static SurveyFrame design(String name) {
        switch (name) {
            case "srs_fpc":
                return SurveyFrame.of(data("apisrs", 2, d("fpc"))).weight("pw").fpc("fpc");
            case "srs_frac": {
                Dataset<Row> df = data("apisrs", 3, d("fpc")).withColumn("frac", functions.lit(200.0).divide(functions.col("fpc")));
                return SurveyFrame.of(df).weight("pw").fpc("frac");
            }
            case "srs_nofpc":
                return SurveyFrame.of(data("apisrs", 2)).weight("pw");
            case "strat_fpc":
                return SurveyFrame.of(stype(data("apistrat", 2, d("fpc")))).weight("pw").strata("stypecode").fpc("fpc");
            case "strat_nofpc":
                return SurveyFrame.of(stype(data("apistrat", 2))).weight("pw").strata("stypecode");
            case "strat_nest":
                return SurveyFrame.of(stype(data("apistrat", 2))).weight("pw").strata("stypecode").clusters("dnum").nest(true);
            case "clus1_fpc":
                return SurveyFrame.of(data("apiclus1", 2, d("fpc"))).weight("pw").clusters("dnum").fpc("fpc");
            case "clus1_nofpc":
                return SurveyFrame.of(data("apiclus1", 4)).weight("pw").clusters("dnum");
            case "clus2_fpc1":
                return SurveyFrame.of(data("apiclus2", 2, i("snum"), d("fpc1"))).weight("pw").clusters("dnum", "snum").fpc("fpc1");
            case "clus2_nofpc":
                return SurveyFrame.of(data("apiclus2", 2, i("snum"))).weight("pw").clusters("dnum", "snum");
            case "clus2_fpc":
                return SurveyFrame.of(data("apiclus2", 3, i("snum"), d("fpc1"), d("fpc2"))).weight("pw")
                    .clusters("dnum", "snum").fpc("fpc1", "fpc2");
            case "lone2_remove":
            case "lone2_adjust":
            case "lone2_certainty": {
                // kernel.R: fpc2b (district 15 has 2 schools in its population) and wb = fpc1 / 40 * fpc2b / schools sampled
                LonelyPsu policy = LonelyPsu.valueOf(name.substring(6).toUpperCase(java.util.Locale.ROOT));
                Dataset<Row> df = data("apiclus2", 2, i("snum"), d("fpc1"), d("fpc2"))
                    .withColumn("fpc2b", functions.when(functions.col("dnum").equalTo(15), 2.0).otherwise(functions.col("fpc2")))
                    .withColumn("sampled", functions.count(functions.lit(1)).over(Window.partitionBy("dnum")))
                    .withColumn("wb", functions.col("fpc1").divide(40).multiply(functions.col("fpc2b"))
                        .divide(functions.col("sampled")));
                return SurveyFrame.of(df).weight("wb").clusters("dnum", "snum").fpc("fpc1", "fpc2b").lonelyPsu(policy);
            }
            default: {
                // kernel.R: apistrat$lone, school 1 in a stratum of its own
                LonelyPsu policy = LonelyPsu.valueOf(name.substring(5).toUpperCase(java.util.Locale.ROOT));
                Dataset<Row> df = stype(data("apistrat", 2).withColumn("row", functions.monotonically_increasing_id()));
                Dataset<Row> lone = df.withColumn("lone", functions.when(functions.col("row").equalTo(0), 99)
                    .otherwise(functions.col("stypecode")));
                return SurveyFrame.of(lone.coalesce(1)).weight("pw").strata("lone").lonelyPsu(policy);
            }
        }
    }

    private static Dataset<Row> stype(Dataset<Row> df) {
        return df.withColumn("stypecode", functions.when(functions.col("stype").equalTo("E"), 1)
            .when(functions.col("stype").equalTo("H"), 2).otherwise(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"srs_fpc", "srs_frac", "srs_nofpc", "strat_fpc", "strat_nofpc", "strat_nest", "clus1_fpc",
        "clus1_nofpc", "clus2_fpc1", "clus2_nofpc", "lone_remove", "lone_adjust", "lone_average", "lone_certainty",
        "clus2_fpc", "lone2_remove", "lone2_adjust", "lone2_certainty"})
    void totalsMeansAndCovariancesEqualR(String name) {
        List<Variable> vars = List.of(Variable.numeric("api00"), Variable.numeric("api99"), Variable.numeric("meals"));
        SufficientStatistics stats = design(name).statistics(vars);
        for (String stat : List.of("total", "mean")) {
            List<Statistic> list = new ArrayList<>();
            for (String v : VARS) {
                list.add(stat.equals("total") ? Statistic.total(v) : Statistic.mean(v));
            }
            EstimateSet set = Estimator.withDefaults().estimate(stats, list);
            for (int r = 0; r < KERNEL.size(); r++) {
                if (!KERNEL.get(r, "design").equals(name) || !KERNEL.get(r, "stat").equals(stat)) {
                    continue;
                }
                int a = VARS.indexOf(KERNEL.get(r, "var1"));
                int b = VARS.indexOf(KERNEL.get(r, "var2"));
                double cov = Double.parseDouble(KERNEL.get(r, "cov"));
                String what = name + " " + stat + " " + VARS.get(a) + "," + VARS.get(b);
                if (a == b) {
                    double est = Double.parseDouble(KERNEL.get(r, "estimate"));
                    assertThat(set.get(a).value()).as(what).isCloseTo(est, within(1e-9 * Math.abs(est)));
                    assertThat(set.get(a).standardError() * set.get(a).standardError()).as(what)
                        .isCloseTo(cov, within(1e-9 * Math.abs(cov)));
                } else if (stats.isClustered()) {
                    assertThat(set.covariance(a, b)).as(what).isCloseTo(cov, within(1e-9 * Math.abs(cov)));
                }
                assertThat(stats.degreesOfFreedom()).as(what + " df").isEqualTo(Integer.parseInt(KERNEL.get(r, "df")));
            }
        }
    }
}
