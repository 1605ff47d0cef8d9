package org.civicsurvey.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.jdbc.GroupedStatistics;
import org.civicsurvey.jdbc.SqlSurvey;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SIPAS by province with stratified clustered standard errors (the 22 criteria's shares of 4–5, the
 * five elements and the index in each of the 63 provinces, {@code RollUp.sipas().evaluateByDomain};
 * strata = provinces, PSUs = 20 communes each) on the seeded ratings of {@link RatingsFiles}, through
 * <ul>
 *   <li>{@link #inMemory}: the in-memory engine on the answers as 1-byte columns already in memory
 *       (collected in one pass, then estimated);</li>
 *   <li>{@link #duckDbParquet}: {@link SqlSurvey#parquet} — DuckDB in this process sums the
 *       statistics in one {@code GROUP BY} over the Parquet file, read from disk on every call;</li>
 *   <li>{@link #duckDbCsv}: the same over the CSV file.</li>
 * </ul>
 * R's side on the same CSV: {@code benchmarks/r/sipas-by-province.R}. The files are written (once,
 * not timed) into {@code -p dir=...} (default {@code /tmp/civicsurvey-ratings}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SqlSurveyBenchmark -f 1 -wi 2 -i 5
 * -p respondents=1000000,3000000,10000000} (10 million needs {@code -jvmArgsAppend -Xmx6g}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class SqlSurveyBenchmark {
    /** The data in memory and on disk. */
    @State(Scope.Benchmark)
    public static class Data {
        @Param({"1000000"})
        int respondents;

        @Param({"/tmp/civicsurvey-ratings"})
        String dir;

        Instrument instrument;
        SurveyData rows;
        Path parquet;
        Path csv;

        /** Generates the respondents, their columns and their files (not timed). */
        @Setup(Level.Trial)
        public void setUp() {
            instrument = StandardInstruments.sipas2017();
            SipasData data = SipasData.generate(respondents, 2026);
            RatingsFiles.write(data, Path.of(dir));
            parquet = RatingsFiles.parquet(Path.of(dir), respondents);
            csv = RatingsFiles.csv(Path.of(dir), respondents);
            SurveyDesign design = SurveyDesign.builder(data.weight).strata(data.province).clusters(data.psu).build();
            int[] province = new int[respondents];
            for (int i = 0; i < respondents; i++) {
                province[i] = data.province[i] + 1;
            }
            SurveyData rows = SurveyData.of(design, province);
            List<String> items = RatingsFiles.itemColumns();
            for (int k = 0; k < items.size(); k++) {
                rows = rows.withCategorical(Variable.scale(items.get(k), 1, 5), data.answers[k]);
            }
            this.rows = rows;
        }

        SqlSurvey survey(SqlSurvey.Builder source) {
            return source.weight("w").strata("province").clusters("psu").domains("province").items(instrument).build();
        }
    }

    private static Map<Integer, RollUpResult> sipas(Instrument instrument, SufficientStatistics stats) {
        return RollUp.sipas().evaluateByDomain(instrument, stats, Estimator.withDefaults());
    }

    /**
     * @param d the data
     * @return SIPAS in each province, from the columns in memory
     */
    @Benchmark
    public Map<Integer, RollUpResult> inMemory(Data d) {
        return sipas(d.instrument, d.rows.statistics(false));
    }

    /**
     * @param d the data
     * @return SIPAS in each province, summed by DuckDB over the Parquet file
     */
    @Benchmark
    public Map<Integer, RollUpResult> duckDbParquet(Data d) {
        GroupedStatistics g = d.survey(SqlSurvey.parquet(d.parquet.toString())).statistics().orElseThrow();
        return sipas(d.instrument, g.statistics());
    }

    /**
     * @param d the data
     * @return SIPAS in each province, summed by DuckDB over the CSV file
     */
    @Benchmark
    public Map<Integer, RollUpResult> duckDbCsv(Data d) {
        GroupedStatistics g = d.survey(SqlSurvey.csv(d.csv.toString())).statistics().orElseThrow();
        return sipas(d.instrument, g.statistics());
    }

    /**
     * Times each path once after a warm-up call and prints what {@code benchmarks/r/sipas-by-province.R}
     * prints, on the same data: {@code java -cp benchmarks/target/benchmarks.jar
     * org.civicsurvey.benchmarks.SqlSurveyBenchmark [respondents [dir]]}.
     *
     * @param args {@code [respondents [dir]]}, default 1000000 /tmp/civicsurvey-ratings
     */
    public static void main(String[] args) {
        Data d = new Data();
        d.respondents = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        d.dir = args.length > 1 ? args[1] : "/tmp/civicsurvey-ratings";
        d.setUp();
        SqlSurveyBenchmark b = new SqlSurveyBenchmark();
        Map<Integer, RollUpResult> memory = null;
        Map<Integer, RollUpResult> parquet = null;
        // elapsed and CPU time of the whole process (DuckDB's threads included), which a machine shared
        // with other work inflates less than elapsed time
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < 3; round++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            memory = b.inMemory(d);
            long c1 = os.getProcessCpuTime();
            long t1 = System.nanoTime();
            parquet = b.duckDbParquet(d);
            long c2 = os.getProcessCpuTime();
            long t2 = System.nanoTime();
            b.duckDbCsv(d);
            long c3 = os.getProcessCpuTime();
            long t3 = System.nanoTime();
            System.out.printf("round %d, elapsed (CPU) ms: in memory %.0f (%.0f), DuckDB over Parquet %.0f (%.0f),"
                + " DuckDB over CSV %.0f (%.0f)%n", round, (t1 - t0) / 1e6, (c1 - c0) / 1e6, (t2 - t1) / 1e6,
                (c2 - c1) / 1e6, (t3 - t2) / 1e6, (c3 - c2) / 1e6);
        }
        // province code 1 is the first domain in memory; in the Parquet statistics the labels are sorted as text
        RollUpResult m = memory.get(1);
        RollUpResult p = parquet.get(0);
        System.out.printf("province 1 tc1 share, SE (memory): %.12g %.12g%n", m.node("tc1").orElseThrow().estimate().value(),
            m.node("tc1").orElseThrow().estimate().standardError());
        System.out.printf("province 1 tc1 share, SE (Parquet): %.12g %.12g%n", p.node("tc1").orElseThrow().estimate().value(),
            p.node("tc1").orElseThrow().estimate().standardError());
        System.out.printf("province 1 SIPAS index, SE (memory): %.12g %.12g%n", m.index().estimate().value(),
            m.index().estimate().standardError());
        System.out.printf("province 1 SIPAS index, SE (Parquet): %.12g %.12g%n", p.index().estimate().value(),
            p.index().estimate().standardError());
    }
}
