package org.civicsurvey.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.civicsurvey.examples.data.DemoData;
import org.civicsurvey.stats.Exclusion;

/**
 * The columns of the examples' seeded demo survey ({@link DemoData}, the generator the portal and the
 * report run use too) that the benchmarks need: a SIPAS-shaped national survey: respondents in 63 provinces (each split into an urban and
 * a rural stratum, 126 strata), 20 public services, 22 criteria on the 1..5 scale with about 3%
 * "don't know", and design weights. Answers are stored as category codes (0..4 for 1..5, negative
 * {@link Exclusion#code()} for don't know), one {@code byte[]} per item.
 *
 * <p>{@code main(path)} writes the data as CSV (items 1..5, 9 = don't know) for the R comparison
 * script {@code benchmarks/r/timing.R}.
 */
public final class SipasData {
    /** Number of items (criteria). */
    public static final int ITEMS = DemoData.ITEMS;
    /** Number of provinces. */
    public static final int PROVINCES = DemoData.PROVINCES;
    /** Number of services. */
    public static final int SERVICES = DemoData.SERVICES;

    /** Per item, one code per respondent. */
    public final byte[][] answers;
    /** Province 0..62 per respondent. */
    public final int[] province;
    /** Service 0..19 per respondent. */
    public final int[] service;
    /** Stratum = 2 * province + (rural ? 1 : 0). */
    public final int[] stratum;
    /** Design weight per respondent. */
    public final double[] weight;
    /**
     * Primary sampling unit per respondent for the clustered design: one of {@link #COMMUNES}
     * communes of the respondent's province ({@code province * COMMUNES + commune}; 1,260 PSUs in
     * 63 strata, the provinces).
     */
    public final int[] psu;

    /** Communes (PSUs) sampled per province. */
    public static final int COMMUNES = 20;

    private SipasData(DemoData demo, long seed) {
        answers = demo.answers;
        province = demo.province;
        service = demo.service;
        stratum = demo.stratum;
        weight = demo.weight;
        // a stream of its own, so the demo data stay what they were
        Random random = new Random(seed ^ 0x5eed_c0deL);
        psu = new int[weight.length];
        for (int i = 0; i < psu.length; i++) {
            psu[i] = province[i] * COMMUNES + random.nextInt(COMMUNES);
        }
    }

    /**
     * @param respondents number of respondents
     * @param seed random seed
     * @return the data
     */
    public static SipasData generate(int respondents, long seed) {
        if (respondents < 1) {
            throw new IllegalArgumentException("respondents is " + respondents + "; must be >= 1");
        }
        return new SipasData(DemoData.generate(respondents, seed), seed);
    }

    /** @return the number of respondents */
    public int size() {
        return weight.length;
    }

    /**
     * Writes the data as CSV: stratum, province, service, w, psu, q1..q22 (1..5, 9 = don't know).
     *
     * @param path the file
     * @throws IOException if writing fails
     */
    public void writeCsv(Path path) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder("stratum,province,service,w,psu");
            for (int k = 1; k <= ITEMS; k++) {
                line.append(",q").append(k);
            }
            out.write(line.append('\n').toString());
            for (int i = 0; i < size(); i++) {
                line.setLength(0);
                line.append(stratum[i]).append(',').append(province[i] + 1).append(',').append(service[i] + 1).append(',')
                    .append(weight[i]).append(',').append(psu[i] + 1);
                for (int k = 0; k < ITEMS; k++) {
                    int c = answers[k][i];
                    line.append(',').append(c < 0 ? 9 : c + 1);
                }
                out.write(line.append('\n').toString());
            }
        }
    }

    /**
     * Writes the seeded 1,000,000-respondent data set as CSV.
     *
     * @param args {@code [path [respondents [seed]]]}, default {@code /tmp/sipas.csv 1000000 2026}
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path path = Path.of(args.length > 0 ? args[0] : "/tmp/sipas.csv");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 2026;
        generate(n, seed).writeCsv(path);
        System.out.println("wrote " + n + " respondents to " + path);
    }
}
