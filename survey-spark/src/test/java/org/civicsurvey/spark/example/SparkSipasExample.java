package org.civicsurvey.spark.example;

import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.spark.SurveyFrame;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.SufficientStatistics;

/**
 * The SIPAS index by province, with stratified clustered standard errors, from ratings in Parquet,
 * on Spark: one row per rating with columns {@code w}, {@code province} (stratum and domain),
 * {@code commune} (PSU) and one column per SIPAS 2017 item ({@code tc1} … {@code pa4}, 1..5, 9 =
 * don't know). Without an argument it writes seeded demo ratings to a temporary Parquet file first.
 *
 * <pre>
 * java [Spark's --add-opens flags] -cp ... org.civicsurvey.spark.example.SparkSipasExample [ratings.parquet]
 * </pre>
 */
public final class SparkSipasExample {
    private SparkSipasExample() {
    }

    /**
     * @param args {@code [parquet path]}
     * @throws Exception if the demo file cannot be written
     */
    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("sipas")
            .config("spark.ui.enabled", "false").getOrCreate();
        String path = args.length > 0 ? args[0] : demo(spark);
        Instrument sipas = StandardInstruments.sipas2017();
        Dataset<Row> ratings = spark.read().parquet(path);
        SufficientStatistics stats = SurveyFrame.of(ratings)
            .weight("w").strata("province").clusters("commune")
            .excluding(9, Exclusion.DONT_KNOW)
            .groupBy("province")
            .statistics(SurveyVariables.of(sipas));
        Map<Integer, RollUpResult> byProvince = RollUp.sipas().evaluateByDomain(sipas, stats, Estimator.withDefaults());
        byProvince.forEach((province, result) -> {
            Estimate index = result.index().estimate();
            System.out.printf(Locale.ROOT, "province %2d  SIPAS %5.1f%%  (95%% CI %5.1f-%5.1f, SE %.2f, n %d)%n", province,
                100 * index.value(), 100 * index.lower(), 100 * index.upper(), 100 * index.standardError(),
                index.validN());
        });
    }

    private static String demo(SparkSession spark) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sipas-ratings");
        String path = dir.resolve("ratings.parquet").toString();
        DemoRatings.frame(spark, 20_000, 8, 2026, 2).write().parquet(path);
        return path;
    }
}
