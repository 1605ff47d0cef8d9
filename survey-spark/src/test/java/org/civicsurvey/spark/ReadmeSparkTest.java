package org.civicsurvey.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.spark.example.DemoRatings;
import org.civicsurvey.spark.example.SparkSipasExample;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.weighting.Weighting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Your data elsewhere: Spark" snippet, verbatim between the markers, on seeded demo
 * ratings written to Parquet: the SIPAS index of every province (items, elements, index with
 * stratified clustered SEs) equals the one the core computes from the same rows in memory, to 1e-12
 * relative; the raked column sums to the margin. The core's RollUp itself is checked against R in
 * the core's RollUpTest.
 */
class ReadmeSparkTest {
    @Test
    void readmeSnippetRunsAndEqualsTheInMemoryEngine(@TempDir Path dir) {
        SparkSession spark = SparkTests.spark();
        String path = dir.resolve("ratings.parquet").toString();
        DemoRatings.frame(spark, 6_000, 6, 11, 3).write().parquet(path);
        // --- README snippet
        Instrument sipas = StandardInstruments.sipas2017();
        Dataset<Row> ratings = spark.read().parquet(path);               // one row per rating: w, province, commune, sex, tc1 … pa4
        SurveyFrame survey = SurveyFrame.of(ratings)
                .weight("w").strata("province").clusters("commune")      // column names, as in Spark's own API
                .excluding(9, Exclusion.DONT_KNOW)
                .groupBy("province");
        SufficientStatistics stats = survey.statistics(SurveyVariables.of(sipas));   // one Spark job: the mergeable sums
        Map<Integer, RollUpResult> byProvince = RollUp.sipas().evaluateByDomain(sipas, stats, Estimator.withDefaults());
        WeightedFrame raked = survey.rake(Weighting.withDefaults(),
                List.of(ColumnMargin.of("sex", Map.of("F", 51_000, "M", 49_000))), "raked_w");  // a new column: weights stay in Spark
        SufficientStatistics rakedStats = raked.frame().statistics(SurveyVariables.of(sipas));
        // --- end of snippet
        SufficientStatistics memory = DemoRatings.inMemory(6_000, 6, 11).statistics(false);
        Map<Integer, RollUpResult> expected = RollUp.sipas().evaluateByDomain(sipas, memory, Estimator.withDefaults());
        assertThat(byProvince).hasSize(6).containsOnlyKeys(expected.keySet());
        for (int p : expected.keySet()) {
            Estimate a = byProvince.get(p).index().estimate();
            Estimate b = expected.get(p).index().estimate();
            assertThat(a.value()).as("province %d", p).isCloseTo(b.value(), within(1e-12 * b.value()));
            assertThat(a.standardError()).as("province %d", p).isCloseTo(b.standardError(), within(1e-12 * b.standardError()));
            assertThat(a.standardError()).isPositive();
        }
        assertThat(raked.report().converged()).isTrue();
        double rakedTotal = raked.frame().data().agg(org.apache.spark.sql.functions.sum("raked_w")).first().getDouble(0);
        assertThat(rakedTotal).isCloseTo(100_000, within(1e-6));
        assertThat(rakedStats.rows()).isEqualTo(6_000);
    }

    @Test
    void theExampleRuns() throws Exception {
        SparkTests.spark();
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            SparkSipasExample.main(new String[0]);
        } finally {
            System.setOut(out);
        }
        String printed = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(l -> l.startsWith("province")).count()).isEqualTo(8);
        assertThat(printed).contains("SIPAS", "95% CI");
    }
}
