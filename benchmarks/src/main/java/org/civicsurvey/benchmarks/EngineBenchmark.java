package org.civicsurvey.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.civicsurvey.stats.EstimateSet;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.StatisticsCollector;
import org.civicsurvey.stats.SufficientStatistics;
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
 * The issue-3 targets on 1,000,000 SIPAS-shaped respondents (stratified by province x urban/rural,
 * 126 strata, each respondent its own PSU): every run starts from the raw columns, collects the
 * sufficient statistics in one pass and estimates with standard errors.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EngineBenchmark -f 1 -wi 3 -i 5 -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class EngineBenchmark {
    @Param({"1000000"})
    int respondents;

    @Param({"true", "false"})
    boolean parallel;

    SipasData data;
    SurveyDesign design;
    List<Variable> items;
    List<Statistic> meansAndTop2;

    /** Generates the data and the design (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        data = SipasData.generate(respondents, 2026);
        design = SurveyDesign.builder(data.weight).strata(data.stratum).build();
        items = new ArrayList<>();
        meansAndTop2 = new ArrayList<>();
        for (int k = 1; k <= SipasData.ITEMS; k++) {
            items.add(Variable.scale("q" + k, 1, 5));
            meansAndTop2.add(Statistic.mean("q" + k));
            meansAndTop2.add(Statistic.proportion("q" + k, 4, 5));
        }
    }

    private SufficientStatistics collect(int[] domains) {
        StatisticsCollector c = SufficientStatistics.collector(design, domains).parallel(parallel);
        for (int k = 0; k < SipasData.ITEMS; k++) {
            c.categorical(items.get(k), data.answers[k]);
        }
        return c.collect();
    }

    /**
     * Target 1 (≤ 86 ms): the 22 items' means and top-2-box shares with SEs, CIs, deff.
     *
     * @return the estimates
     */
    @Benchmark
    public EstimateSet items22MeansAndTop2() {
        return Estimator.withDefaults().estimate(collect(null), meansAndTop2);
    }

    /**
     * Target 2 (≤ 300 ms): the same 44 estimates in each of the 63 provinces (as svyby).
     *
     * @return the estimates by province
     */
    @Benchmark
    public Map<Integer, EstimateSet> items22ByProvince() {
        return Estimator.withDefaults().byDomain(collect(data.province), meansAndTop2);
    }

    /**
     * Only the one pass over the columns (no estimation), by province.
     *
     * @return the statistics
     */
    @Benchmark
    public SufficientStatistics collectByProvince() {
        return collect(data.province);
    }
}
