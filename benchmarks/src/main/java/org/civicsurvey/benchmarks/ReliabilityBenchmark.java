package org.civicsurvey.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.civicsurvey.analysis.reliability.AlphaResult;
import org.civicsurvey.analysis.reliability.ItemKeys;
import org.civicsurvey.analysis.reliability.ReliabilityAnalyzer;
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
 * Cronbach's alpha with the whole {@code psych::alpha} output (item-dropped table, item
 * statistics, response frequencies, intervals) on the 22 items (1..5, about 3% "don't know") of
 * the first 200,000 respondents of the seeded SIPAS-shaped survey ({@link SipasData}, seed 2026),
 * pairwise missing answers as psych's default. R's side: {@code benchmarks/r/alpha-benchmark.R}
 * times {@code psych::alpha} on the same rows, which {@link #main(String[])} writes.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ReliabilityBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class ReliabilityBenchmark {
    static final int RESPONDENTS = 200_000;
    static final long SEED = 2026;

    ReliabilityAnalyzer analyzer;
    List<Variable> items;
    List<String> names;
    byte[][] codes;
    double[][] columns;

    /** Generates the answers (not timed): codes as the survey stores them, and as double columns. */
    @Setup(Level.Trial)
    public void setUp() {
        analyzer = ReliabilityAnalyzer.withDefaults();
        codes = SipasData.generate(RESPONDENTS, SEED).answers;
        items = new ArrayList<>();
        names = new ArrayList<>();
        for (int k = 1; k <= SipasData.ITEMS; k++) {
            items.add(Variable.scale("q" + k, 1, 5));
            names.add("q" + k);
        }
        columns = new double[codes.length][RESPONDENTS];
        for (int k = 0; k < codes.length; k++) {
            for (int i = 0; i < RESPONDENTS; i++) {
                columns[k][i] = codes[k][i] < 0 ? Double.NaN : codes[k][i] + 1;
            }
        }
    }

    /**
     * {@code psych::alpha(d[, q1..q22])} from the 1-byte codes.
     *
     * @return the analysis
     */
    @Benchmark
    public AlphaResult alphaOnCodes() {
        return analyzer.alpha(items, codes, ItemKeys.none());
    }

    /**
     * The same from {@code double} columns (1..5, NaN for don't know).
     *
     * @return the analysis
     */
    @Benchmark
    public AlphaResult alphaOnDoubleColumns() {
        return analyzer.alpha(names, columns, ItemKeys.none());
    }

    /**
     * Writes the benchmark's rows as CSV for {@code alpha-benchmark.R} (the columns of
     * {@link SipasData#writeCsv(Path)}: q1..q22 1..5, 9 = don't know) and prints the figures R
     * prints, to compare.
     *
     * @param args {@code [path]}, default {@code /tmp/alpha-200k.csv}
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path path = Path.of(args.length > 0 ? args[0] : "/tmp/alpha-200k.csv");
        SipasData.generate(RESPONDENTS, SEED).writeCsv(path);
        System.out.println("wrote " + RESPONDENTS + " respondents to " + path);
        ReliabilityBenchmark b = new ReliabilityBenchmark();
        b.setUp();
        AlphaResult a = b.alphaOnCodes();
        System.out.printf("raw_alpha %.15g  std.alpha %.15g  G6 %.15g  average_r %.15g  ase %.15g  mean %.15g  sd %.15g%n",
                a.total().rawAlpha(), a.total().standardizedAlpha(), a.total().lambda6(), a.total().averageR(),
                a.alphaSe(), a.mean(), a.sd());
        System.out.printf("q1: raw.r %.15g  r.drop %.15g  alpha if dropped %.15g%n", a.items().get(0).rawR(),
                a.items().get(0).dropR(), a.ifDropped().get(0).statistics().rawAlpha());
    }
}
