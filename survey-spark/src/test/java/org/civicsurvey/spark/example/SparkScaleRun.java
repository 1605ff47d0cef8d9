package org.civicsurvey.spark.example;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.spark.SurveyFrame;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyData;

/**
 * A timed runner (not JMH: Spark is a provided dependency, so it runs from this module's test class
 * path): SIPAS by province with stratified clustered SEs (63 provinces as strata and domains, 1,260
 * communes as PSUs, the 22 items of sipas2017 and its choice item) on the same seeded rows
 * ({@link DemoRatings}) through the in-memory engine ({@code SurveyData.statistics} then
 * {@code RollUp.evaluateByDomain}) and through Spark {@code local[2]} ({@code SurveyFrame.statistics}
 * over a cached DataFrame, then the same roll-up). Prints each repetition's wall time, the best and
 * median of each, their ratio, and the largest difference between the two sides' province indices.
 *
 * <pre>
 * mvn -B -q -pl survey-spark -am test-compile
 * mvn -B -q -pl survey-spark dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx12g [the --add-opens flags of survey-spark's surefire argLine] \
 *   -cp survey-spark/target/test-classes:survey-spark/target/classes:survey-core/target/classes:$(cat /tmp/cp.txt) \
 *   org.civicsurvey.spark.example.SparkScaleRun 1000000 5
 * </pre>
 */
public final class SparkScaleRun {
    private SparkScaleRun() {
    }

    /**
     * @param args {@code [rows [repetitions]]}, default 1,000,000 and 5
     */
    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int provinces = 63;
        long seed = 2026;
        Instrument sipas = StandardInstruments.sipas2017();
        Estimator estimator = Estimator.withDefaults();
        SurveyData data = DemoRatings.inMemory(rows, provinces, seed);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("scale")
            .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        Dataset<Row> ratings = DemoRatings.frame(spark, rows, provinces, seed, 2).cache();
        ratings.count();
        SurveyFrame survey = SurveyFrame.of(ratings).weight("w").strata("province").clusters("commune")
            .excluding(DemoRatings.DONT_KNOW, Exclusion.DONT_KNOW).groupBy("province");
        double[] memory = new double[reps];
        double[] onSpark = new double[reps];
        Map<Integer, RollUpResult> a = null;
        Map<Integer, RollUpResult> b = null;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            SufficientStatistics s = data.statistics(false);
            a = RollUp.sipas().evaluateByDomain(sipas, s, estimator);
            long t1 = System.nanoTime();
            SufficientStatistics t = survey.statistics(DemoRatings.VARIABLES);
            b = RollUp.sipas().evaluateByDomain(sipas, t, estimator);
            long t2 = System.nanoTime();
            memory[r] = (t1 - t0) / 1e6;
            onSpark[r] = (t2 - t1) / 1e6;
            System.out.printf(Locale.ROOT, "rep %d: in memory %.0f ms, Spark local[2] %.0f ms%n", r + 1, memory[r], onSpark[r]);
        }
        double diff = 0;
        for (int p : a.keySet()) {
            diff = Math.max(diff, Math.abs(a.get(p).index().estimate().value() - b.get(p).index().estimate().value()));
            diff = Math.max(diff, Math.abs(a.get(p).index().estimate().standardError()
                - b.get(p).index().estimate().standardError()));
        }
        Arrays.sort(memory);
        Arrays.sort(onSpark);
        System.out.printf(Locale.ROOT, "%,d rows x %d variables x %d provinces: in memory best %.0f ms (median %.0f),"
                + " Spark best %.0f ms (median %.0f), Spark / in memory %.1fx (medians); largest index or SE difference %.1e%n",
            rows, DemoRatings.VARIABLES.size(), provinces, memory[0], memory[reps / 2], onSpark[0], onSpark[reps / 2],
            onSpark[reps / 2] / memory[reps / 2], diff);
        spark.stop();
    }
}
