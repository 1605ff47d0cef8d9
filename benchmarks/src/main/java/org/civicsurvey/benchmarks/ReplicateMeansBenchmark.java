package org.civicsurvey.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.EstimateSet;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.ReplicateDesign;
import org.civicsurvey.stats.ReplicateType;
import org.civicsurvey.stats.Statistic;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Means of 22 rating items under a BRR design with 80 replicates on 1,000,000 respondents, as a
 * statistical office publishes it: the full-sample weight and 80 replicate weight columns, read as
 * R's {@code svrepdesign(type = "BRR", repweights = ..., combined.weights = TRUE)}. The replicate
 * weights are R's {@code as.svrepdesign(type = "BRR")} of a design with 79 strata of 2 PSUs (R's
 * Hadamard matrix of order 80, Paley's construction with the prime 79), so each is 0 or twice the
 * full-sample weight. R's side: {@code main(path)} writes the same seeded data as CSV, which
 * {@code benchmarks/r/replicate-means.R} reads, builds the same replicate weights from and times
 * {@code svymean} on; both print the same means and standard errors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ReplicateMeansBenchmark {
    static final int N = 1_000_000;
    static final long SEED = 20240612L;
    static final int STRATA = 79;
    static final int ITEMS = 22;

    /** The generated columns. */
    static final class Data {
        final int[] stratum;
        final int[] psu;
        final double[] weight;
        final double[][] items = new double[ITEMS][];

        Data(int n, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            stratum = new int[n];
            psu = new int[n];
            weight = new double[n];
            for (int k = 0; k < ITEMS; k++) {
                items[k] = new double[n];
            }
            double[] psuEffect = new double[2 * STRATA];
            for (int p = 0; p < psuEffect.length; p++) {
                psuEffect[p] = 0.3 * gaussian(random);
            }
            for (int i = 0; i < n; i++) {
                int h = random.nextInt(STRATA);
                stratum[i] = h + 1;
                psu[i] = 2 * h + random.nextInt(2) + 1;
                weight[i] = 50 + 450 * random.nextDouble();
                double person = 0.8 * gaussian(random) + psuEffect[psu[i] - 1];
                for (int k = 0; k < ITEMS; k++) {
                    double v = Math.rint(3.6 + person + 0.7 * gaussian(random) - 0.03 * k);
                    items[k][i] = Math.max(1, Math.min(5, v));
                }
            }
        }

        private static double gaussian(SplittableRandom random) {
            return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        }

        /** The published file's design: full-sample weights and R's BRR replicate weights as columns. */
        ReplicateDesign design() {
            ReplicateDesign brr = ReplicateDesign.brr(SurveyDesign.builder(weight).strata(stratum).clusters(psu).build());
            int reps = brr.replicates();
            double[][] rep = new double[weight.length][reps];
            for (int i = 0; i < rep.length; i++) {
                for (int r = 0; r < reps; r++) {
                    rep[i][r] = brr.replicateWeight(i, r);
                }
            }
            return ReplicateDesign.builder(ReplicateType.BRR, weight, rep).build();
        }

        SurveyData data(ReplicateDesign design) {
            SurveyData d = SurveyData.of(design);
            for (int k = 0; k < ITEMS; k++) {
                d = d.withNumeric(Variable.numeric("q" + (k + 1)), items[k]);
            }
            return d;
        }
    }

    static List<Statistic> means() {
        List<Statistic> list = new ArrayList<>();
        for (int k = 1; k <= ITEMS; k++) {
            list.add(Statistic.mean("q" + k));
        }
        return list;
    }

    SurveyData data;
    List<Statistic> statistics;
    Estimator estimator;

    /** Generates the respondents (SplittableRandom, seed 20240612) and the 80 replicate weight columns. */
    @Setup(Level.Trial)
    public void generate() {
        Data d = new Data(N, SEED);
        ReplicateDesign design = d.design();
        design.degreesOfFreedom(); // R computes degf when svrepdesign builds the design
        data = d.data(design);
        statistics = means();
        estimator = Estimator.withDefaults();
    }

    /** @return R's {@code svymean(~q1 + ... + q22, design)} on the BRR design with 80 replicate weights */
    @Benchmark
    public EstimateSet means22() {
        return estimator.estimate(data, statistics);
    }

    /**
     * Writes the data as CSV for {@code benchmarks/r/replicate-means.R}, prints the means and
     * standard errors, and the CPU seconds per call ({@link CpuTime}, to set beside R's user +
     * system seconds).
     *
     * @param args {@code [path]}, default {@code /tmp/replicate-means.csv}
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path path = Path.of(args.length > 0 ? args[0] : "/tmp/replicate-means.csv");
        Data d = new Data(N, SEED);
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(256);
            line.append("stratum,psu,w");
            for (int k = 1; k <= ITEMS; k++) {
                line.append(",q").append(k);
            }
            out.write(line.append('\n').toString());
            for (int i = 0; i < N; i++) {
                line.setLength(0);
                line.append(d.stratum[i]).append(',').append(d.psu[i]).append(',').append(d.weight[i]);
                for (double[] item : d.items) {
                    line.append(',').append((int) item[i]);
                }
                out.write(line.append('\n').toString());
            }
        }
        ReplicateDesign design = d.design();
        SurveyData data = d.data(design);
        EstimateSet set = Estimator.withDefaults().estimate(data, means());
        System.out.println("replicates " + design.replicates() + ", degf " + design.degreesOfFreedom());
        for (int k = 0; k < ITEMS; k++) {
            Estimate e = set.get(k);
            System.out.printf("q%-3d %.12g %.12g%n", k + 1, e.value(), e.standardError());
        }
        List<Statistic> statistics = means();
        CpuTime.perCall("svymean(~q1 + ... + q22), BRR, 80 replicate weights", () -> Estimator.withDefaults()
            .estimate(data, statistics), 5, 10);
    }
}
