package org.civicsurvey.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/** R's {@code as.svrepdesign} conversions of a Taylor design (survey 4.1.1), one multiplier per PSU. */
final class ReplicateConversions {
    private ReplicateConversions() {
    }

    /** Row to PSU index of the design (every row its own PSU when unclustered). */
    private static int[] unitOf(SurveyDesign d) {
        int n = d.size();
        int[] u = new int[n];
        for (int i = 0; i < n; i++) {
            u[i] = d.psuIndex(i);
        }
        return u;
    }

    /** PSU indexes of each stratum, in order of first appearance. */
    private static int[][] psusByStratum(SurveyDesign d) {
        int[] count = new int[d.strataCount()];
        for (int p = 0; p < d.psuCount(); p++) {
            count[d.psuStratumIndex(p)]++;
        }
        int[][] out = new int[count.length][];
        for (int h = 0; h < count.length; h++) {
            out[h] = new int[count[h]];
        }
        int[] next = new int[count.length];
        for (int p = 0; p < d.psuCount(); p++) {
            int h = d.psuStratumIndex(p);
            out[h][next[h]++] = p;
        }
        return out;
    }

    /** {@code f = (N - n)/N} of a stratum from its population size (1 without fpc). */
    private static double correction(SurveyDesign d, int stratum, int sampled) {
        double pop = d.stratumPopulation(stratum);
        return pop == Double.POSITIVE_INFINITY ? 1 : (pop - sampled) / pop;
    }

    private static void requireOneFpcPerStratum(SurveyDesign d, String type) {
        if (!d.fpcConstantWithinStrata()) {
            throw new IllegalArgumentException("the design's fpc differs within a stratum; " + type
                + " needs one population size per stratum (R: \"More than one fpc value given\")");
        }
    }

    static ReplicateDesign jk1(SurveyDesign d) {
        if (d.strataCount() != 1) {
            throw new IllegalArgumentException("JK1 needs an unstratified design; this one has " + d.strataCount()
                + " strata (use jkn)");
        }
        requireOneFpcPerStratum(d, "JK1");
        int n = d.psuCount();
        if (n < 2) {
            throw new IllegalArgumentException("JK1 needs at least 2 PSUs; the design has " + n);
        }
        double f = correction(d, 0, n);
        if (f == 0) {
            throw new IllegalArgumentException("every PSU of the population was sampled (fpc " + d.stratumPopulation(0)
                + "): there is no sampling variance and no replicate");
        }
        double[] m = new double[n * n];
        Arrays.fill(m, n / (n - 1.0));
        for (int p = 0; p < n; p++) {
            m[p * n + p] = 0;
        }
        double[] rscales = new double[n];
        Arrays.fill(rscales, 1);
        return new ReplicateDesign(d.weightArray(), m, unitOf(d), n, n, false, ReplicateType.JK1, f * (n - 1) / n, rscales,
            false, Double.NaN);
    }

    static ReplicateDesign jkn(SurveyDesign d) {
        requireOneFpcPerStratum(d, "JKn");
        int strata = d.strataCount();
        int psus = d.psuCount();
        int[][] byStratum = psusByStratum(d);
        List<double[]> columns = new ArrayList<>();
        List<Double> rscales = new ArrayList<>();
        for (int h = 0; h < strata; h++) {
            int[] mine = byStratum[h];
            int nh = mine.length;
            double f = correction(d, h, nh);
            if (f == 0) {
                continue; // a certainty stratum: R's jk1weights drops its replicates
            }
            if (nh == 1) {
                switch (d.lonelyPsu()) {
                    case FAIL:
                        throw new IllegalStateException("stratum " + d.stratumCode(h) + " has only one PSU (LonelyPsu.FAIL);"
                            + " choose another LonelyPsu policy or merge strata");
                    case ADJUST: {
                        double[] col = new double[psus];
                        Arrays.fill(col, strata / (strata - 1.0));
                        col[mine[0]] = 0;
                        columns.add(col);
                        rscales.add((strata - 1.0) / strata);
                        continue;
                    }
                    default:
                        continue;
                }
            }
            for (int k = 0; k < nh; k++) {
                double[] col = new double[psus];
                Arrays.fill(col, 1);
                for (int p : mine) {
                    col[p] = nh / (nh - 1.0);
                }
                col[mine[k]] = 0;
                columns.add(col);
                rscales.add(f * (nh - 1) / nh);
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("every stratum was sampled exhaustively or has one PSU: there is no replicate"
                + " (R: \"All strata were exhaustively sampled\")");
        }
        int reps = columns.size();
        double scale = 1;
        if (reps < psus && d.lonelyPsu() == LonelyPsu.AVERAGE) {
            scale = (double) psus / reps;
        }
        return design(d, columns, rscales, ReplicateType.JKN, scale, Double.NaN);
    }

    private static ReplicateDesign design(SurveyDesign d, List<double[]> columns, List<Double> rscales, ReplicateType type,
                                          double scale, double rho) {
        int psus = d.psuCount();
        int reps = columns.size();
        double[] m = new double[psus * reps];
        for (int r = 0; r < reps; r++) {
            double[] col = columns.get(r);
            for (int p = 0; p < psus; p++) {
                m[p * reps + r] = col[p];
            }
        }
        double[] rs = new double[reps];
        for (int r = 0; r < reps; r++) {
            rs[r] = rscales.get(r);
        }
        return new ReplicateDesign(d.weightArray(), m, unitOf(d), psus, reps, false, type, scale, rs, false, rho);
    }

    static ReplicateDesign brr(SurveyDesign d, double rho, double[][] hadamard) {
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("rho is " + rho + "; must be in [0, 1)");
        }
        int psus = d.psuCount();
        int strata = d.strataCount();
        int[][] byStratum = psusByStratum(d);
        // R orders strata as character strings (table(), order())
        Integer[] order = new Integer[strata];
        for (int h = 0; h < strata; h++) {
            order[h] = h;
            int size = byStratum[h].length;
            if (size < 2) {
                throw new IllegalArgumentException("stratum " + d.stratumCode(h) + " has 1 PSU; BRR needs 2 per stratum"
                    + " (R: \"Some strata have fewer than 2 PSUs\")");
            }
            if (size > 2 && size % 2 == 1) {
                throw new IllegalArgumentException("stratum " + d.stratumCode(h) + " has " + size + " PSUs; BRR splits a"
                    + " large stratum into pairs and needs an even number (R: \"Can't split with odd numbers of PSUs in a stratum\")");
            }
        }
        Arrays.sort(order, Comparator.comparing(h -> Integer.toString(d.stratumCode(h))));
        int[] first = new int[psus];   // R's weights[, 1]: 0 for the first PSU of a pair
        int[] pairOf = new int[psus];  // R's weightstrata, 1-based
        int upto = 0;
        for (int pass = 0; pass < 2; pass++) { // strata with more than 2 PSUs first, then pairs
            for (int h : order) {
                int[] mine = byStratum[h];
                if ((mine.length > 2) != (pass == 0)) {
                    continue;
                }
                for (int k = 0; k < mine.length; k++) {
                    first[mine[k]] = k % 2;
                    pairOf[mine[k]] = upto + k / 2 + 1;
                }
                upto += mine.length / 2;
            }
        }
        byte[][] h = hadamard == null ? Hadamard.of(upto) : Hadamard.fromCaller(hadamard, upto);
        int reps = h[0].length;
        List<double[]> columns = new ArrayList<>();
        List<Double> rscales = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            double[] col = new double[psus];
            for (int p = 0; p < psus; p++) {
                // column h + 1 of R's weights: the PSU is chosen when its first-column value is 1
                int chosenColumn = h[pairOf[p]][r] + 1;
                double wa = chosenColumn == 1 ? first[p] : 1 - first[p];
                double wb = 1 - wa;
                col[p] = wa * (2 - rho) + wb * rho;
            }
            columns.add(col);
            rscales.add(1.0);
        }
        return design(d, columns, rscales, rho == 0 ? ReplicateType.BRR : ReplicateType.FAY,
            1 / (reps * (1 - rho) * (1 - rho)), rho);
    }

    static ReplicateDesign bootstrap(SurveyDesign d, int replicates, long seed) {
        if (replicates < 2) {
            throw new IllegalArgumentException("replicates is " + replicates + "; a bootstrap needs at least 2");
        }
        requireOneFpcPerStratum(d, "the bootstrap");
        int psus = d.psuCount();
        int[][] byStratum = psusByStratum(d);
        SplittableRandom random = new SplittableRandom(seed);
        double[] m = new double[psus * replicates];
        double inverseSum = 0;
        for (int h = 0; h < byStratum.length; h++) {
            int[] mine = byStratum[h];
            int nh = mine.length;
            if (nh < 2) {
                throw new IllegalArgumentException("stratum " + d.stratumCode(h) + " has 1 PSU; the bootstrap needs at least 2"
                    + " per stratum");
            }
            inverseSum += 1.0 / nh;
            double pop = d.stratumPopulation(h);
            int[] population = null;
            if (pop != Double.POSITIVE_INFINITY) {
                // R: sample(rep(psus, length = popsize), n_h) without replacement
                int size = (int) Math.floor(pop);
                population = new int[size];
                for (int i = 0; i < size; i++) {
                    population[i] = i % nh;
                }
            }
            for (int r = 0; r < replicates; r++) {
                if (population == null) {
                    for (int k = 0; k < nh; k++) {
                        m[mine[random.nextInt(nh)] * replicates + r]++;
                    }
                } else {
                    int size = population.length;
                    for (int k = 0; k < nh; k++) { // partial Fisher-Yates: the first n_h of a random order
                        int j = k + random.nextInt(size - k);
                        int t = population[k];
                        population[k] = population[j];
                        population[j] = t;
                        m[mine[population[k]] * replicates + r]++;
                    }
                }
            }
        }
        double harmonic = byStratum.length / inverseSum;
        double[] rscales = new double[replicates];
        Arrays.fill(rscales, 1);
        double scale = harmonic / ((harmonic - 1) * (replicates - 1));
        return new ReplicateDesign(d.weightArray(), m, unitOf(d), psus, replicates, false, ReplicateType.BOOTSTRAP, scale,
            rscales, false, Double.NaN);
    }
}
