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
 * The 22 items' top-2-box shares with stratified clustered standard errors on SIPAS-shaped
 * respondents ({@link SipasData}: 63 provinces as strata, 20 communes each as PSUs, 1,260 PSUs,
 * design weights, about 3% "don't know"), through each public way in:
 * <ul>
 *   <li>{@link #sharesOnDoubleColumns}: {@link Estimator#estimate(SurveyData, List)} on
 *       {@code double[]} columns (1 for 4 or 5, 0 for 1..3, NaN for don't know; the statistic is
 *       their mean, R's {@code svymean(~I(qk >= 4), na.rm = TRUE)});</li>
 *   <li>{@link #sharesOnCodes}: the same method on the 1-byte category codes, the statistic the
 *       share of 4 and 5;</li>
 *   <li>{@link #sharesFromCollectedCodes}: {@link StatisticsCollector#categorical} on the codes, then
 *       {@link Estimator#estimate(SufficientStatistics, List)};</li>
 * </ul>
 * and {@link #threeItemMeansByProvince}: 3 items' means in each province, as R's {@code svyby}.
 * The columns are built once (not timed); each call reads them and nothing else of the size of the
 * data. R's side, on the same data: {@code benchmarks/r/clustered-shares.R}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ClusteredSharesBenchmark -f 1 -wi 3 -i 5};
 * add {@code -prof gc} and {@code -p respondents=250000,1000000} to see the bytes allocated per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class ClusteredSharesBenchmark {
    /** The data and design shared by the three ways in. */
    @State(Scope.Benchmark)
    public static class Data {
        @Param({"1000000"})
        int respondents;

        SipasData data;
        SurveyDesign design;

        /** Generates the data and the design (not timed). */
        @Setup(Level.Trial)
        public void setUp() {
            data = SipasData.generate(respondents, 2026);
            design = SurveyDesign.builder(data.weight).strata(data.province).clusters(data.psu).build();
        }
    }

    /** The items as {@code double[]} top-2 indicators. */
    @State(Scope.Benchmark)
    public static class DoubleColumns {
        SurveyData rows;
        List<Statistic> shares;

        /**
         * Builds the indicator columns (not timed).
         *
         * @param d the data
         */
        @Setup(Level.Trial)
        public void setUp(Data d) {
            SurveyData rows = SurveyData.of(d.design);
            shares = new ArrayList<>();
            for (int k = 0; k < SipasData.ITEMS; k++) {
                byte[] codes = d.data.answers[k];
                double[] top2 = new double[codes.length];
                for (int i = 0; i < top2.length; i++) {
                    top2[i] = codes[i] < 0 ? Double.NaN : codes[i] >= 3 ? 1 : 0;
                }
                rows = rows.withNumeric(Variable.numeric("t" + (k + 1)), top2);
                shares.add(Statistic.mean("t" + (k + 1)));
            }
            this.rows = rows;
        }
    }

    /** The items as 1-byte category codes. */
    @State(Scope.Benchmark)
    public static class CodeColumns {
        SurveyData rows;
        List<Variable> items;
        List<Statistic> shares;

        /**
         * Wraps the code columns (not timed).
         *
         * @param d the data
         */
        @Setup(Level.Trial)
        public void setUp(Data d) {
            SurveyData rows = SurveyData.of(d.design);
            items = new ArrayList<>();
            shares = new ArrayList<>();
            for (int k = 0; k < SipasData.ITEMS; k++) {
                Variable item = Variable.scale("q" + (k + 1), 1, 5);
                items.add(item);
                rows = rows.withCategorical(item, d.data.answers[k]);
                shares.add(Statistic.proportion(item.name(), 4, 5));
            }
            this.rows = rows;
        }
    }

    /**
     * @param columns the indicator columns
     * @return the 22 shares with SEs, intervals and design effects
     */
    @Benchmark
    public EstimateSet sharesOnDoubleColumns(DoubleColumns columns) {
        return Estimator.withDefaults().estimate(columns.rows, columns.shares);
    }

    /**
     * @param columns the code columns
     * @return the 22 shares with SEs, (logit) intervals and design effects
     */
    @Benchmark
    public EstimateSet sharesOnCodes(CodeColumns columns) {
        return Estimator.withDefaults().estimate(columns.rows, columns.shares);
    }

    /**
     * @param d the data
     * @param columns the code columns
     * @return the 22 shares from the collected sufficient statistics
     */
    @Benchmark
    public EstimateSet sharesFromCollectedCodes(Data d, CodeColumns columns) {
        StatisticsCollector c = SufficientStatistics.collector(d.design, null);
        for (int k = 0; k < SipasData.ITEMS; k++) {
            c.categorical(columns.items.get(k), d.data.answers[k]);
        }
        return Estimator.withDefaults().estimate(c.collect(), columns.shares);
    }

    /**
     * The means of 3 items in each of the 63 provinces (R's
     * {@code svyby(~q1 + q2 + q3, ~province, design, svymean, na.rm = TRUE)}), from collected codes.
     *
     * @param d the data
     * @param columns the code columns
     * @return the means by province
     */
    @Benchmark
    public Map<Integer, EstimateSet> threeItemMeansByProvince(Data d, CodeColumns columns) {
        StatisticsCollector c = SufficientStatistics.collector(d.design, d.data.province);
        List<Statistic> means = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            c.categorical(columns.items.get(k), d.data.answers[k]);
            means.add(Statistic.mean(columns.items.get(k).name()));
        }
        return Estimator.withDefaults().byDomain(c.collect(), means);
    }

    /**
     * Prints the estimates that {@code benchmarks/r/clustered-shares.R} prints, on the same data:
     * {@code java -cp benchmarks/target/benchmarks.jar org.civicsurvey.benchmarks.ClusteredSharesBenchmark}.
     *
     * @param args {@code [respondents]}, default 1000000
     */
    public static void main(String[] args) {
        Data d = new Data();
        d.respondents = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        d.setUp();
        CodeColumns codes = new CodeColumns();
        codes.setUp(d);
        ClusteredSharesBenchmark b = new ClusteredSharesBenchmark();
        EstimateSet shares = b.sharesOnCodes(codes);
        EstimateSet byProvince = b.threeItemMeansByProvince(d, codes).get(0);
        System.out.printf("province 1 q1 mean, SE: %.12g %.12g%n", byProvince.get(0).value(),
            byProvince.get(0).standardError());
        for (int k = 0; k < 3; k++) {
            System.out.printf("q%d share, SE: %.12g %.12g%n", k + 1, shares.get(k).value(), shares.get(k).standardError());
        }
    }
}
