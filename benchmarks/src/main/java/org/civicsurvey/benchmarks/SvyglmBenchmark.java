package org.civicsurvey.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.civicsurvey.analysis.regression.Coefficient;
import org.civicsurvey.analysis.regression.Family;
import org.civicsurvey.analysis.regression.GlmFit;
import org.civicsurvey.analysis.regression.SurveyRegression;
import org.civicsurvey.analysis.regression.Terms;
import org.civicsurvey.stats.SurveyDesign;
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
 * R's {@code svyglm} with 10 predictors (7 numeric, a 4-level channel) on 1,000,000 respondents in
 * 50 strata and 1,000 PSUs: a logistic model of "satisfied" ({@code quasibinomial}) and a linear
 * model of a score ({@code gaussian}), each with the design-based covariance, t tests and p-values.
 * R's side: {@code main(path)} writes the same seeded data as CSV, which
 * {@code benchmarks/r/svyglm-benchmark.R} reads and times {@code svyglm} on; both print the same
 * coefficients and standard errors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SvyglmBenchmark {
    static final int N = 1_000_000;
    static final long SEED = 20240521L;
    static final int STRATA = 50;
    static final int PSUS_PER_STRATUM = 20;
    static final List<String> CHANNELS = List.of("in person", "mail", "online", "phone");
    static final String[] NUMERIC = {"x1", "x2", "x3", "age", "female", "wait", "visits"};

    /** The generated columns. */
    static final class Data {
        final int[] stratum;
        final int[] psu;
        final double[] weight;
        final double[][] numeric = new double[NUMERIC.length][];
        final int[] channel;
        final double[] satisfied;
        final double[] score;

        Data(int n, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            stratum = new int[n];
            psu = new int[n];
            weight = new double[n];
            for (int k = 0; k < NUMERIC.length; k++) {
                numeric[k] = new double[n];
            }
            channel = new int[n];
            satisfied = new double[n];
            score = new double[n];
            double[] psuEffect = new double[STRATA * PSUS_PER_STRATUM];
            for (int p = 0; p < psuEffect.length; p++) {
                psuEffect[p] = 0.4 * gaussian(random);
            }
            double[] channelEffect = {0, -0.3, 0.4, 0.1};
            double[] channelShare = {0.4, 0.1, 0.3, 0.2};
            for (int i = 0; i < n; i++) {
                int h = random.nextInt(STRATA);
                stratum[i] = h + 1;
                psu[i] = h * PSUS_PER_STRATUM + random.nextInt(PSUS_PER_STRATUM) + 1;
                weight[i] = 50 + 450 * random.nextDouble();
                double x1 = gaussian(random);
                double x2 = gaussian(random);
                double x3 = 10 * random.nextDouble();
                double age = 18 + random.nextInt(63);
                double female = random.nextDouble() < 0.55 ? 1 : 0;
                double wait = -5 * Math.log(1 - random.nextDouble());
                double visits = random.nextInt(6);
                double u = random.nextDouble();
                int c = 0;
                double acc = channelShare[0];
                while (c < 3 && u >= acc) {
                    c++;
                    acc += channelShare[c];
                }
                double[] row = {x1, x2, x3, age, female, wait, visits};
                for (int k = 0; k < row.length; k++) {
                    numeric[k][i] = row[k];
                }
                channel[i] = c;
                double eta = -0.5 + 0.3 * x1 - 0.2 * x2 + 0.05 * x3 + 0.01 * (age - 45) + 0.2 * female - 0.1 * wait
                    + 0.05 * visits + channelEffect[c] + psuEffect[psu[i] - 1];
                satisfied[i] = random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
                score[i] = 3 + eta + gaussian(random);
            }
        }

        private static double gaussian(SplittableRandom random) {
            // Box-Muller, one value per call
            return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        }

        SurveyDesign design() {
            return SurveyDesign.builder(weight).strata(stratum).clusters(psu).build();
        }

        Terms terms() {
            Terms.Builder b = Terms.builder();
            for (int k = 0; k < NUMERIC.length; k++) {
                b.numeric(NUMERIC[k], numeric[k]);
            }
            return b.factor("channel", channel, CHANNELS).build();
        }
    }

    SurveyDesign design;
    Terms terms;
    Data data;
    SurveyRegression regression;

    /** Generates the respondents (SplittableRandom, seed 20240521). */
    @Setup(Level.Trial)
    public void generate() {
        data = new Data(N, SEED);
        design = data.design();
        terms = data.terms();
        regression = SurveyRegression.withDefaults();
    }

    /** @return R's {@code svyglm(satisfied ~ x1 + x2 + x3 + age + female + wait + visits + channel, d, family = quasibinomial())} */
    @Benchmark
    public GlmFit quasibinomial() {
        return regression.glm(design, Family.QUASIBINOMIAL, "satisfied", data.satisfied, terms);
    }

    /** @return R's {@code svyglm(score ~ x1 + x2 + x3 + age + female + wait + visits + channel, d)} */
    @Benchmark
    public GlmFit gaussian() {
        return regression.glm(design, Family.GAUSSIAN, "score", data.score, terms);
    }

    /**
     * Writes the data as CSV for {@code benchmarks/r/svyglm-benchmark.R} (doubles in their shortest
     * exact form, so R reads the same numbers), prints the fits' coefficients and standard errors,
     * and the CPU seconds per fit ({@link CpuTime}, to set beside R's user + system seconds).
     *
     * @param args {@code [path]}, default {@code /tmp/svyglm.csv}
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path path = Path.of(args.length > 0 ? args[0] : "/tmp/svyglm.csv");
        Data d = new Data(N, SEED);
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            out.write("stratum,psu,w," + String.join(",", NUMERIC) + ",channel,satisfied,score\n");
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < N; i++) {
                line.setLength(0);
                line.append(d.stratum[i]).append(',').append(d.psu[i]).append(',').append(d.weight[i]);
                for (double[] column : d.numeric) {
                    line.append(',').append(column[i]);
                }
                line.append(",\"").append(CHANNELS.get(d.channel[i])).append("\",").append((int) d.satisfied[i])
                    .append(',').append(d.score[i]).append('\n');
                out.write(line.toString());
            }
        }
        SurveyDesign design = d.design();
        Terms terms = d.terms();
        SurveyRegression regression = SurveyRegression.withDefaults();
        print(regression.glm(design, Family.QUASIBINOMIAL, "satisfied", d.satisfied, terms));
        print(regression.glm(design, Family.GAUSSIAN, "score", d.score, terms));
        CpuTime.perCall("svyglm quasibinomial, 10 predictors", () -> regression.glm(design, Family.QUASIBINOMIAL,
            "satisfied", d.satisfied, terms), 5, 10);
        CpuTime.perCall("svyglm gaussian, 10 predictors", () -> regression.glm(design, Family.GAUSSIAN, "score", d.score,
            terms), 5, 10);
    }

    private static void print(GlmFit fit) {
        System.out.println(fit.family().rName() + ": residual df " + fit.residualDegreesOfFreedom());
        for (Coefficient c : fit.coefficients()) {
            System.out.printf("%-16s %.12g %.12g%n", c.name(), c.estimate(), c.standardError());
        }
    }
}
