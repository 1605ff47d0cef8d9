package org.civicsurvey.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.weighting.CalibratedDesign;
import org.civicsurvey.weighting.Margin;
import org.civicsurvey.weighting.Weighting;
import org.civicsurvey.weighting.WeightingResult;
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
 * Raking 1,000,000 respondents to three margins (63 provinces, 2 sexes, 5 age bands), and the
 * standard error of a mean through the raked design. R's side: {@code benchmarks/r/rake-benchmark.R}
 * times {@code survey::rake} and {@code svymean} on exactly these data (same generator and seed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class RakingBenchmark {
    static final int N = 1_000_000;

    SurveyDesign design;
    List<Margin> margins;
    Weighting weighting;
    Weighting oneThread;
    CalibratedDesign raked;
    double[] z;

    /** The sample of rake-benchmark.R: Park-Miller draws, seed 20261127, four per unit. */
    @Setup(Level.Trial)
    public void generate() {
        int[] province = new int[N];
        int[] sex = new int[N];
        int[] age = new int[N];
        double[] w = new double[N];
        long x = 20261127L;
        final long m = 2147483647L;
        double[] breaks = {0.10, 0.22, 0.45, 0.75};
        double[] u = new double[4];
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < 4; k++) {
                x = (16807L * x) % m;
                u[k] = x / (double) m;
            }
            province[i] = Math.min(62, (int) Math.floor(63 * Math.pow(u[0], 1.3)));
            sex[i] = u[1] < 0.58 ? 0 : 1;
            int band = 0;
            for (double b : breaks) {
                if (b <= u[2]) {
                    band++;
                }
            }
            age[i] = band;
            w[i] = 1 + 4 * u[3];
        }
        double[] provinceCounts = new double[63];
        for (int k = 0; k < 63; k++) {
            provinceCounts[k] = 600000 + 10000 * k;
        }
        margins = List.of(Margin.of("province", province, provinceCounts),
                Margin.of("sex", sex, new double[] {29000000, 28330000}),
                Margin.of("age", age, new double[] {8599500, 11466000, 14332500, 12612600, 10319400}));
        design = SurveyDesign.builder(w).build();
        weighting = Weighting.withDefaults().withTolerance(1e-10).requiringConvergence(true);
        oneThread = weighting.inParallel(false);
        raked = weighting.rake(design, margins).design();
        double[] rw = raked.weights();
        double sw = 0;
        double swy = 0;
        for (int i = 0; i < N; i++) {
            sw += rw[i];
            swy += rw[i] * ((i + 1) % 7);
        }
        z = new double[N];
        for (int i = 0; i < N; i++) {
            z[i] = rw[i] * ((i + 1) % 7 - swy / sw) / sw;
        }
    }

    /** @return R's {@code rake(d, list(~province, ~sex, ~age), pops, control = list(maxit = 100, epsilon = 1e-10))} */
    @Benchmark
    public WeightingResult rake() {
        return weighting.rake(design, margins);
    }

    /** @return the same raking with the rows read in one range (R's side is single-threaded too) */
    @Benchmark
    public WeightingResult rakeInOneThread() {
        return oneThread.rake(design, margins);
    }

    /** @return the variance of a mean through the raked design, R's {@code SE(svymean(~y, raked))^2} */
    @Benchmark
    public double meanVarianceThroughRakedDesign() {
        return raked.totalVariance(z);
    }
}
