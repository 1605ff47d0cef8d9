package org.civicsurvey.analysis.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every expected value comes from {@code reference/analysis1/reliability.csv}, written by
 * {@code reliability.R} (R 4.2.2, psych 2.2.9: {@code psych::alpha} on {@code psych::bfi}; the
 * weighted cases from {@code stats::cov.wt} + {@code psych::alpha} on the covariance matrix).
 */
class ReliabilityAnalyzerTest {
    private static final String DIR = "/reference/analysis1/";
    private static final CsvTable BFI = CsvTable.resource(DIR + "bfi.csv");
    private static final Map<String, Double> REF = load();
    /** Closed form except for the SVD/eigen and F quantiles: 1e-9 everywhere. */
    private static final double TOL = 1e-9;

    private static final Map<String, String[]> SCALES = Map.of(
            "agreeableness", new String[] {"A1", "A2", "A3", "A4", "A5", "-A1"},
            "conscientiousness", new String[] {"C1", "C2", "C3", "C4", "C5", "-C4", "-C5"},
            "extraversion", new String[] {"E1", "E2", "E3", "E4", "E5", "-E1", "-E2"},
            "neuroticism", new String[] {"N1", "N2", "N3", "N4", "N5"},
            "openness", new String[] {"O1", "O2", "O3", "O4", "O5", "-O2", "-O5"});

    private static Map<String, Double> load() {
        CsvTable t = CsvTable.resource(DIR + "reliability.csv");
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < t.size(); i++) {
            String v = t.get(i, "value");
            double d = switch (v) {
                case "NA", "NaN" -> Double.NaN;
                case "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(v);
            };
            m.put(t.get(i, "case") + "|" + t.get(i, "section") + "|" + t.get(i, "row") + "|" + t.get(i, "stat"), d);
        }
        return m;
    }

    private static double ref(String c, String section, String row, String stat) {
        Double v = REF.get(c + "|" + section + "|" + row + "|" + stat);
        if (v == null) {
            throw new AssertionError("no reference value " + c + " " + section + " " + row + " " + stat);
        }
        return v;
    }

    private static double[][] columns(CsvTable t, List<String> names) {
        double[][] x = new double[names.size()][];
        for (int j = 0; j < names.size(); j++) {
            x[j] = t.doubles(names.get(j));
        }
        return x;
    }

    private static void close(double actual, double expected, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else {
            assertThat(actual).as(what).isCloseTo(expected, within(TOL * Math.max(1, Math.abs(expected))));
        }
    }

    private static void checkStatistics(String c, String section, String row, ScaleStatistics s) {
        boolean total = section.equals("total");
        close(s.rawAlpha(), ref(c, section, row, "raw_alpha"), c + " raw_alpha " + row);
        close(s.standardizedAlpha(), ref(c, section, row, "std.alpha"), c + " std.alpha " + row);
        close(s.lambda6(), ref(c, section, row, "G6(smc)"), c + " G6 " + row);
        close(s.averageR(), ref(c, section, row, total ? "average_r" : "average_r"), c + " average_r " + row);
        close(s.signalToNoise(), ref(c, section, row, "S/N"), c + " S/N " + row);
        close(s.medianR(), ref(c, section, row, total ? "median_r" : "med.r"), c + " median r " + row);
        close(s.varianceR(), ref(c, section, row, "var.r"), c + " var.r " + row);
    }

    private static void checkFull(String c, AlphaResult a) {
        checkStatistics(c, "total", "", a.total());
        close(a.alphaSe(), ref(c, "total", "", "ase"), c + " ase");
        close(a.mean(), ref(c, "total", "", "mean"), c + " mean");
        close(a.sd(), ref(c, "total", "", "sd"), c + " sd");
        close(a.feldt().lower(), ref(c, "feldt", "", "lower"), c + " Feldt lower");
        close(a.feldt().upper(), ref(c, "feldt", "", "upper"), c + " Feldt upper");
        close(a.duhachek().lower(), ref(c, "duhachek", "", "lower"), c + " Duhachek lower");
        close(a.duhachek().upper(), ref(c, "duhachek", "", "upper"), c + " Duhachek upper");
        for (ItemStatistics it : a.items()) {
            String row = it.item() + (it.reversed() ? "-" : "");
            close(it.n(), ref(c, "item", row, "n"), c + " n " + row);
            close(it.rawR(), ref(c, "item", row, "raw.r"), c + " raw.r " + row);
            close(it.standardizedR(), ref(c, "item", row, "std.r"), c + " std.r " + row);
            close(it.correctedR(), ref(c, "item", row, "r.cor"), c + " r.cor " + row);
            close(it.dropR(), ref(c, "item", row, "r.drop"), c + " r.drop " + row);
            close(it.mean(), ref(c, "item", row, "mean"), c + " mean " + row);
            close(it.sd(), ref(c, "item", row, "sd"), c + " sd " + row);
        }
        for (ItemDropped d : a.ifDropped()) {
            String row = d.item() + (a.item(d.item()).reversed() ? "-" : "");
            checkStatistics(c, "drop", row, d.statistics());
            Double se = REF.get(c + "|drop|" + row + "|alpha se");
            if (se == null) {
                assertThat(d.alphaSe()).as(c + " alpha se omitted " + row).isNaN();
            } else {
                close(d.alphaSe(), se, c + " alpha se " + row);
            }
        }
        ResponseFrequencies f = a.frequencies().orElseThrow();
        for (ItemFrequencies row : f.items()) {
            for (int i = 0; i < f.categories().size(); i++) {
                String cat = String.valueOf(f.categories().get(i).intValue());
                close(row.shares().get(i), ref(c, "freq", row.item(), cat), c + " freq " + row.item() + " " + cat);
            }
            close(row.missingShare(), ref(c, "freq", row.item(), "miss"), c + " miss " + row.item());
        }
    }

    private static List<String> items(String scale) {
        List<String> names = new ArrayList<>();
        for (String s : SCALES.get(scale)) {
            if (!s.startsWith("-")) {
                names.add(s);
            }
        }
        return names;
    }

    private static String[] reversed(String scale) {
        List<String> names = new ArrayList<>();
        for (String s : SCALES.get(scale)) {
            if (s.startsWith("-")) {
                names.add(s.substring(1));
            }
        }
        return names.toArray(new String[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"agreeableness", "conscientiousness", "extraversion", "neuroticism", "openness"})
    void bfiScalesPairwiseWithDeclaredKeys(String scale) {
        // psych::alpha(bfi[, items], keys = ...) -- psych 2.2.9, use = "pairwise"
        List<String> names = items(scale);
        AlphaResult a = ReliabilityAnalyzer.withDefaults().alpha(names, columns(BFI, names), ItemKeys.reversed(reversed(scale)));
        assertThat(a.rows()).isEqualTo(2800);
        assertThat(a.rowsExcluded()).isZero();
        assertThat(a.missingAnswers()).isEqualTo(MissingAnswers.PAIRWISE);
        checkFull(scale + "/pairwise", a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"agreeableness", "conscientiousness", "extraversion", "neuroticism", "openness"})
    void bfiScalesListwise(String scale) {
        // psych::alpha(na.omit(bfi[, items]), keys = ...)
        List<String> names = items(scale);
        AlphaResult a = ReliabilityAnalyzer.withDefaults().withMissingAnswers(MissingAnswers.LISTWISE)
                .alpha(names, columns(BFI, names), ItemKeys.reversed(reversed(scale)));
        assertThat(a.rows() + a.rowsExcluded()).isEqualTo(2800);
        assertThat(a.rowsExcluded()).isPositive();
        checkFull(scale + "/listwise", a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"agreeableness", "conscientiousness", "extraversion", "neuroticism", "openness"})
    void bfiScalesDetectedKeysMatchCheckKeys(String scale) {
        // psych::alpha(bfi[, items], check.keys = TRUE): detects exactly the published reverse keys
        List<String> names = items(scale);
        AlphaResult a = ReliabilityAnalyzer.withDefaults().alpha(names, columns(BFI, names), ItemKeys.detect());
        Set<String> detected = new java.util.HashSet<>();
        a.items().stream().filter(ItemStatistics::reversed).forEach(i -> detected.add(i.item()));
        assertThat(detected).containsExactlyInAnyOrder(reversed(scale));
        checkFull(scale + "/checkkeys", a);
    }

    @Test
    void withoutKeysTheNegativeItemLowersAlpha() {
        // psych::alpha(bfi[, paste0("A", 1:5)])  (no keys)
        List<String> names = items("agreeableness");
        AlphaResult a = ReliabilityAnalyzer.withDefaults().alpha(names, columns(BFI, names), ItemKeys.none());
        checkFull("agreeableness/nokeys", a);
        assertThat(a.total().rawAlpha()).isLessThan(0.5);
    }

    @Test
    void twoItemsUsePsychSpecialDropTable() {
        // psych::alpha(bfi[, c("A2", "A3")])
        List<String> names = List.of("A2", "A3");
        checkFull("two-items", ReliabilityAnalyzer.withDefaults().alpha(names, columns(BFI, names), ItemKeys.none()));
    }

    @Test
    void zeroVarianceItemIsDeletedButCountsInTotal() {
        // psych::alpha(cbind(bfi[1:200, A2..A5], K = 3)): K deleted with a warning
        List<String> names = List.of("A2", "A3", "A4", "A5", "K");
        double[][] x = new double[5][200];
        for (int j = 0; j < 4; j++) {
            System.arraycopy(BFI.doubles(names.get(j)), 0, x[j], 0, 200);
        }
        java.util.Arrays.fill(x[4], 3);
        AlphaResult a = ReliabilityAnalyzer.withDefaults().alpha(names, x, ItemKeys.none());
        assertThat(a.deletedItems()).containsExactly("K");
        assertThat(a.items()).hasSize(4);
        checkFull("zero-variance", a);
    }

    @Test
    void threeRespondentsNoMoreRowsThanItems() {
        // psych::alpha(data.frame(a = c(1, 2, 4), b = c(2, 2, 5), c = c(1, 3, 4)))
        double[][] x = {{1, 2, 4}, {2, 2, 5}, {1, 3, 4}};
        AlphaResult a = ReliabilityAnalyzer.withDefaults().alpha(List.of("a", "b", "c"), x, ItemKeys.none());
        checkFull("three-respondents", a);
        assertThat(a.ifDropped("a").alphaSe()).isNaN();
    }

    @ParameterizedTest
    @ValueSource(strings = {"agreeableness", "conscientiousness", "extraversion", "neuroticism", "openness"})
    void weightedAlphaEqualsCovWtThenAlpha(String scale) {
        // psych::alpha(cov.wt(x[complete, ] keyed, wt = 1 + (i %% 7) / 3, method = "unbiased")$cov)
        List<String> names = items(scale);
        double[] w = CsvTable.resource(DIR + "bfi-weights.csv").doubles("w");
        WeightedAlphaResult a = ReliabilityAnalyzer.withDefaults()
                .weightedAlpha(names, columns(BFI, names), w, ItemKeys.reversed(reversed(scale)));
        String c = scale + "/weighted";
        checkStatistics(c, "total", "", a.total());
        assertThat((double) a.rows()).isEqualTo(ref(c, "total", "", "n"));
        assertThat(a.rows() + a.rowsExcluded()).isEqualTo(2800);
        for (ItemDropped d : a.ifDropped()) {
            checkStatistics(c, "drop", d.item(), d.statistics());
        }
    }

    @Test
    void unitWeightsGiveListwiseAlpha() {
        List<String> names = items("openness");
        double[] ones = new double[2800];
        java.util.Arrays.fill(ones, 2.5);
        WeightedAlphaResult w = ReliabilityAnalyzer.withDefaults()
                .weightedAlpha(names, columns(BFI, names), ones, ItemKeys.reversed("O2", "O5"));
        // psych::alpha(na.omit(bfi[, O1..O5]), keys = c(1, -1, 1, 1, -1))
        close(w.total().rawAlpha(), ref("openness/listwise", "total", "", "raw_alpha"), "raw alpha, equal weights");
        close(w.total().lambda6(), ref("openness/listwise", "total", "", "G6(smc)"), "G6, equal weights");
    }

    @Test
    void weightedDetectedKeysFindTheReversedItems() {
        List<String> names = items("extraversion");
        double[] w = CsvTable.resource(DIR + "bfi-weights.csv").doubles("w");
        WeightedAlphaResult a = ReliabilityAnalyzer.withDefaults().weightedAlpha(names, columns(BFI, names), w, ItemKeys.detect());
        assertThat(a.reversed()).containsExactly(true, true, false, false, false);
        close(a.total().rawAlpha(), ref("extraversion/weighted", "total", "", "raw_alpha"), "weighted raw alpha");
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        ReliabilityAnalyzer r = ReliabilityAnalyzer.withDefaults();
        double[][] ok = {{1, 2, 3, 4}, {2, 2, 4, 5}};
        assertThatThrownBy(() -> r.alpha(List.of("a"), new double[][] {{1, 2, 3}}, ItemKeys.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 items");
        assertThatThrownBy(() -> r.alpha(List.of("a", "b", "c"), ok, ItemKeys.none()))
                .hasMessageContaining("3 item names for 2 columns");
        assertThatThrownBy(() -> r.alpha(List.of("a", "a"), ok, ItemKeys.none())).hasMessageContaining("'a' is repeated");
        assertThatThrownBy(() -> r.alpha(List.of("a", "b"), new double[][] {{1, 2, 3}, {1, 2}}, ItemKeys.none()))
                .hasMessageContaining("item 'b' has 2 rows");
        assertThatThrownBy(() -> r.alpha(List.of("a", "b"), new double[][] {{1, 2, Double.POSITIVE_INFINITY}, {1, 2, 3}},
                ItemKeys.none())).hasMessageContaining("item 'a' row 2: Infinity");
        assertThatThrownBy(() -> r.alpha(List.of("a", "b"), ok, ItemKeys.reversed("z")))
                .hasMessageContaining("reversed item 'z'");
        assertThatThrownBy(() -> r.alpha(List.of("a", "b"), new double[][] {{Double.NaN, Double.NaN}, {1, 2}},
                ItemKeys.none())).hasMessageContaining("item 'a' has no answers");
        assertThatThrownBy(() -> r.alpha(List.of("a", "b"), ok, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> r.withConfidenceLevel(1.0)).hasMessageContaining("outside (0, 1)");
        assertThatThrownBy(() -> r.weightedAlpha(List.of("a", "b"), ok, new double[] {1, 1, -1, 1}, ItemKeys.none()))
                .hasMessageContaining("weights[2] = -1.0");
        assertThatThrownBy(() -> r.weightedAlpha(List.of("a", "b"), ok, new double[] {1, 1}, ItemKeys.none()))
                .hasMessageContaining("2 values for 4 rows");
    }

    @Test
    void allIdenticalAnswersIsAnError() {
        double[][] same = {{3, 3, 3, 3}, {3, 3, 3, 3}, {3, 3, 3, 3}};
        assertThatThrownBy(() -> ReliabilityAnalyzer.withDefaults().alpha(List.of("a", "b", "c"), same, ItemKeys.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 items with variance; got 0 (no variance: [a, b, c])");
    }

    @Test
    void twoRespondentsIsAnError() {
        // psych::alpha on two rows returns -Inf / NaN (reliability.R, case "two-respondents")
        double[][] two = {{1, 3}, {2, 5}, {4, 1}};
        assertThat(ref("two-respondents", "drop", "a", "raw_alpha")).isInfinite();
        assertThatThrownBy(() -> ReliabilityAnalyzer.withDefaults().alpha(List.of("a", "b", "c"), two, ItemKeys.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("answered together by 2 respondents; at least 3 are needed");
    }

    @Test
    void frequenciesAreOmittedForManyCategories() {
        double[][] x = {{1, 2, 3, 4, 5, 6}, {2, 1, 4, 3, 6, 5}};
        AlphaResult a = ReliabilityAnalyzer.withDefaults().withMaxCategories(5).alpha(List.of("a", "b"), x, ItemKeys.none());
        assertThat(a.frequencies()).isEmpty();
        AlphaResult b = ReliabilityAnalyzer.withDefaults().alpha(List.of("a", "b"), x, ItemKeys.none());
        assertThat(b.frequencies().orElseThrow().items().get(0).counts()).containsExactly(1, 1, 1, 1, 1, 1);
    }

    @Test
    void confidenceLevelChangesIntervals() {
        List<String> names = items("neuroticism");
        AlphaResult a95 = ReliabilityAnalyzer.withDefaults().alpha(names, columns(BFI, names), ItemKeys.none());
        AlphaResult a90 = ReliabilityAnalyzer.withDefaults().withConfidenceLevel(0.90).alpha(names, columns(BFI, names), ItemKeys.none());
        assertThat(a90.feldt().lower()).isGreaterThan(a95.feldt().lower());
        assertThat(a90.feldt().level()).isEqualTo(0.90);
    }

}
