package org.civicsurvey.spark.example;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
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
 * over a cached DataFrame, then the same roll-up), alternately. Prints each repetition's elapsed and
 * CPU time (the process's, all threads: Spark's tasks and the engine's parallel pass alike), the
 * median of each side and their ratio, the heap in use with both copies of the rows resident, the
 * largest heap in use during each side's calls (the peak of the heap's pools, reset before each
 * call), and the largest difference between the two sides' province indices and SEs.
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
        Supplier<Map<Integer, RollUpResult>> inMemory = () ->
            RollUp.sipas().evaluateByDomain(sipas, data.statistics(false), estimator);
        Supplier<Map<Integer, RollUpResult>> viaSpark = () ->
            RollUp.sipas().evaluateByDomain(sipas, survey.statistics(DemoRatings.VARIABLES), estimator);
        System.gc();
        double resident = heapUsed() / 1e6;
        Timed m = new Timed(reps);
        Timed k = new Timed(reps);
        Map<Integer, RollUpResult> a = null;
        Map<Integer, RollUpResult> b = null;
        for (int r = 0; r < reps; r++) {
            a = m.run(r, inMemory);
            b = k.run(r, viaSpark);
            System.out.printf(Locale.ROOT, "rep %d: in memory %.0f ms (CPU %.0f ms), Spark local[2] %.0f ms (CPU %.0f ms)%n",
                r + 1, m.elapsed[r], m.cpu[r], k.elapsed[r], k.cpu[r]);
        }
        double diff = 0;
        for (int p : a.keySet()) {
            diff = Math.max(diff, Math.abs(a.get(p).index().estimate().value() - b.get(p).index().estimate().value()));
            diff = Math.max(diff, Math.abs(a.get(p).index().estimate().standardError()
                - b.get(p).index().estimate().standardError()));
        }
        double mElapsed = median(m.elapsed);
        double kElapsed = median(k.elapsed);
        double mCpu = median(m.cpu);
        double kCpu = median(k.cpu);
        System.out.printf(Locale.ROOT, "%,d rows x %d variables x %d provinces, medians of %d: in memory %.0f ms (CPU %.0f ms),"
                + " Spark %.0f ms (CPU %.0f ms); Spark / in memory %.1fx elapsed, %.1fx CPU%n",
            rows, DemoRatings.VARIABLES.size(), provinces, reps, mElapsed, mCpu, kElapsed, kCpu, kElapsed / mElapsed,
            kCpu / mCpu);
        System.out.printf(Locale.ROOT, "heap: %.0f MB in use with both copies of the rows (max %.0f MB); peak during the"
                + " calls: in memory %.0f MB, Spark %.0f MB; largest index or SE difference %.1e%n",
            resident, Runtime.getRuntime().maxMemory() / 1e6, m.peakHeap / 1e6, k.peakHeap / 1e6, diff);
        spark.stop();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /** One side's elapsed and CPU times per repetition and the largest heap in use during its calls. */
    private static final class Timed {
        private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        final double[] elapsed;
        final double[] cpu;
        long peakHeap;

        Timed(int reps) {
            elapsed = new double[reps];
            cpu = new double[reps];
        }

        <T> T run(int r, Supplier<T> call) {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            long c0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            T result = call.get();
            elapsed[r] = (System.nanoTime() - t0) / 1e6;
            cpu[r] = (OS.getProcessCpuTime() - c0) / 1e6;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            peakHeap = Math.max(peakHeap, peak);
            return result;
        }
    }
}
