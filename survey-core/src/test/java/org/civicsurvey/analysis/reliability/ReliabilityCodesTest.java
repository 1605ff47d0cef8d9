package org.civicsurvey.analysis.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.Variable;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Alpha on 1-byte category codes ({@link ReliabilityAnalyzer#alpha(List, byte[][], ItemKeys)})
 * and on {@code double} columns of the same answers. Expected values come from
 * {@code reference/analysis1/alpha-random.csv}, written by {@code alpha-random.R} (R 4.2.2, psych
 * 2.2.9: {@code psych::alpha} on a seeded 200-row block with missing answers, rows without any
 * answer, an 11-point item and an item with one distinct answer); the agreement tests compare the
 * count-table computation with the column computation, which share no code.
 */
class ReliabilityCodesTest {
    private static final String DIR = "/reference/analysis1/";
    private static final CsvTable DATA = CsvTable.resource(DIR + "alpha-random-data.csv");
    private static final Map<String, Double> REF = load();
    /** Closed form except for the SVD/eigen and F quantiles: 1e-9, as ReliabilityAnalyzerTest. */
    private static final double TOL = 1e-9;
    /** Two computations of the same quantity in double arithmetic. */
    private static final double SAME = 1e-12;
    private static final List<String> SIX = List.of("r1", "r2", "r3", "r4", "r5", "r6");

    private static Map<String, Double> load() {
        CsvTable t = CsvTable.resource(DIR + "alpha-random.csv");
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < t.size(); i++) {
            String v = t.get(i, "value");
            m.put(t.get(i, "case") + "|" + t.get(i, "section") + "|" + t.get(i, "row") + "|" + t.get(i, "stat"),
                    v.equals("NA") || v.equals("NaN") ? Double.NaN : Double.parseDouble(v));
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

    /** The item's variable in alpha-random.R: r5 is 0..6, r7 0..10, the rest (and K) 1..5. */
    private static Variable variable(String item) {
        return switch (item) {
            case "r5" -> Variable.scale(item, 0, 6);
            case "r7" -> Variable.scale(item, 0, 10);
            default -> Variable.scale(item, 1, 5);
        };
    }

    private static double[][] columns(List<String> names) {
        double[][] x = new double[names.size()][];
        for (int j = 0; j < x.length; j++) {
            x[j] = DATA.doubles(names.get(j));
        }
        return x;
    }

    /** The answers as codes of their variables; missing answers alternate between two exclusions. */
    private static byte[][] codes(List<Variable> items) {
        byte[][] codes = new byte[items.size()][];
        for (int j = 0; j < codes.length; j++) {
            Variable v = items.get(j);
            double[] x = DATA.doubles(v.name());
            codes[j] = new byte[x.length];
            for (int i = 0; i < x.length; i++) {
                codes[j][i] = Double.isNaN(x[i])
                        ? (i % 2 == 0 ? Exclusion.MISSING.code() : Exclusion.DONT_KNOW.code())
                        : (byte) v.codeOf(x[i]);
            }
        }
        return codes;
    }

    private static AlphaResult analyse(ReliabilityAnalyzer analyzer, String form, List<String> names, ItemKeys keys) {
        if (form.equals("codes")) {
            List<Variable> items = new ArrayList<>();
            names.forEach(n -> items.add(variable(n)));
            return analyzer.alpha(items, codes(items), keys);
        }
        return analyzer.alpha(names, columns(names), keys);
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
        close(s.averageR(), ref(c, section, row, "average_r"), c + " average_r " + row);
        close(s.signalToNoise(), ref(c, section, row, "S/N"), c + " S/N " + row);
        close(s.medianR(), ref(c, section, row, total ? "median_r" : "med.r"), c + " median r " + row);
        close(s.varianceR(), ref(c, section, row, "var.r"), c + " var.r " + row);
    }

    /**
     * Everything psych reports for case {@code c}; item means and response categories of answers
     * moved by {@code shift} from psych's data.
     */
    private static void checkAgainstPsych(String c, AlphaResult a, double shift) {
        checkStatistics(c, "total", "", a.total());
        close(a.alphaSe(), ref(c, "total", "", "ase"), c + " ase");
        close(a.mean(), ref(c, "total", "", "mean") + shift, c + " mean");
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
            close(it.mean(), ref(c, "item", row, "mean") + shift, c + " mean " + row);
            close(it.sd(), ref(c, "item", row, "sd"), c + " sd " + row);
        }
        for (ItemDropped d : a.ifDropped()) {
            String row = d.item() + (a.item(d.item()).reversed() ? "-" : "");
            checkStatistics(c, "drop", row, d.statistics());
            close(d.alphaSe(), ref(c, "drop", row, "alpha se"), c + " alpha se " + row);
        }
        boolean psychHasFrequencies = REF.containsKey(c + "|freq|" + a.items().get(0).item() + "|miss");
        assertThat(a.frequencies().isPresent()).as(c + " frequencies reported").isEqualTo(psychHasFrequencies);
        a.frequencies().ifPresent(f -> {
            for (ItemFrequencies row : f.items()) {
                int answered = 0;
                for (int i = 0; i < f.categories().size(); i++) {
                    String cat = String.valueOf((int) (f.categories().get(i) - shift));
                    close(row.shares().get(i), ref(c, "freq", row.item(), cat), c + " freq " + row.item() + " " + cat);
                    answered += row.counts().get(i);
                }
                close(row.missingShare(), ref(c, "freq", row.item(), "miss"), c + " miss " + row.item());
                assertThat(row.answered()).isEqualTo(answered);
                assertThat(row.answered() + row.missing()).isEqualTo(a.rows());
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"codes", "doubles"})
    void pairwiseWithDeclaredKeys(String form) {
        // psych::alpha(x[, r1..r6], keys = c(1, 1, 1, 1, 1, -1)): rows 10 and 20 answer nothing
        AlphaResult a = analyse(ReliabilityAnalyzer.withDefaults(), form, SIX, ItemKeys.reversed("r6"));
        assertThat(a.rows()).isEqualTo(200);
        assertThat(a.rowsExcluded()).isZero();
        checkAgainstPsych("random/pairwise", a, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"codes", "doubles"})
    void listwise(String form) {
        // psych::alpha(na.omit(x[, r1..r6]), keys = c(1, 1, 1, 1, 1, -1))
        AlphaResult a = analyse(ReliabilityAnalyzer.withDefaults().withMissingAnswers(MissingAnswers.LISTWISE), form, SIX,
                ItemKeys.reversed("r6"));
        assertThat(a.rows() + a.rowsExcluded()).isEqualTo(200);
        assertThat((double) a.rows()).isEqualTo(ref("random/listwise", "item", "r1", "n"));
        checkAgainstPsych("random/listwise", a, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"codes", "doubles"})
    void detectedKeys(String form) {
        // psych::alpha(x[, r1..r6], check.keys = TRUE) reverses r6
        AlphaResult a = analyse(ReliabilityAnalyzer.withDefaults(), form, SIX, ItemKeys.detect());
        assertThat(a.items()).filteredOn(ItemStatistics::reversed).extracting(ItemStatistics::item).containsExactly("r6");
        checkAgainstPsych("random/checkkeys", a, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"codes", "doubles"})
    void itemWithOneDistinctAnswerIsDeletedButCountsInTheTotal(String form) {
        // psych::alpha(x[, c(r1..r5, K)]): K is 2 wherever answered (5 rows miss it)
        AlphaResult a = analyse(ReliabilityAnalyzer.withDefaults(), form, List.of("r1", "r2", "r3", "r4", "r5", "K"),
                ItemKeys.none());
        assertThat(a.deletedItems()).containsExactly("K");
        assertThat(a.items()).extracting(ItemStatistics::item).containsExactly("r1", "r2", "r3", "r4", "r5");
        checkAgainstPsych("random/constant", a, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"codes", "doubles"})
    void elevenPointItemHasNoFrequencies(String form) {
        // psych::alpha(x[, c(r1..r4, r7)]): 11 distinct answers > max = 10, so no response.freq
        AlphaResult a = analyse(ReliabilityAnalyzer.withDefaults(), form, List.of("r1", "r2", "r3", "r4", "r7"),
                ItemKeys.none());
        assertThat(a.frequencies()).isEmpty();
        checkAgainstPsych("random/wide", a, 0);
    }

    @Test
    void nonIntegerCategoriesGiveThePsychStatisticsOfTheShiftedAnswers() {
        // categories 1.5 .. 5.5 (and 0.5 .. 6.5 for r5): every answer of psych's data plus 0.5, which
        // moves the means by 0.5 and leaves every other statistic as psych::alpha reports it
        List<Variable> items = new ArrayList<>();
        for (String name : SIX) {
            Variable v = variable(name);
            double[] shifted = v.categories();
            for (int c = 0; c < shifted.length; c++) {
                shifted[c] += 0.5;
            }
            items.add(Variable.categorical(name, shifted));
        }
        byte[][] codes = codes(SIX.stream().map(ReliabilityCodesTest::variable).toList());
        AlphaResult a = ReliabilityAnalyzer.withDefaults().alpha(items, codes, ItemKeys.reversed("r6"));
        checkAgainstPsych("random/pairwise", a, 0.5);
    }

    /** Rating answers 1..5 of {@code k} items with a common factor, item 4 reversed, some missing. */
    private static double[][] ratings(int n, int k, long seed, double missing) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[k][n];
        for (int i = 0; i < n; i++) {
            double person = random.nextGaussian();
            for (int j = 0; j < k; j++) {
                if (random.nextDouble() < missing) {
                    x[j][i] = Double.NaN;
                    continue;
                }
                double z = (j == 3 ? -person : person) + random.nextGaussian() * (0.6 + 0.05 * j);
                x[j][i] = Math.max(1, Math.min(5, Math.round(3 + z)));
            }
        }
        return x;
    }

    private static void same(double coded, double columns, String what) {
        if (Double.isNaN(columns)) {
            assertThat(coded).as(what).isNaN();
        } else {
            assertThat(coded).as(what).isCloseTo(columns, within(SAME * Math.max(1, Math.abs(columns))));
        }
    }

    private static void same(ScaleStatistics coded, ScaleStatistics columns, String what) {
        same(coded.rawAlpha(), columns.rawAlpha(), what + " raw alpha");
        same(coded.standardizedAlpha(), columns.standardizedAlpha(), what + " std alpha");
        same(coded.lambda6(), columns.lambda6(), what + " G6");
        same(coded.averageR(), columns.averageR(), what + " average r");
        same(coded.medianR(), columns.medianR(), what + " median r");
        same(coded.varianceR(), columns.varianceR(), what + " var r");
        same(coded.signalToNoise(), columns.signalToNoise(), what + " S/N");
    }

    /**
     * The coded analysis of answers against the column analysis of the same answers plus 0.5 (not
     * integers, so analysed from the columns): equal except the means, 0.5 apart.
     */
    private static void sameAnalysis(AlphaResult coded, AlphaResult shifted) {
        assertThat(coded.rows()).isEqualTo(shifted.rows());
        assertThat(coded.rowsExcluded()).isEqualTo(shifted.rowsExcluded());
        assertThat(coded.deletedItems()).isEqualTo(shifted.deletedItems());
        same(coded.total(), shifted.total(), "total");
        same(coded.alphaSe(), shifted.alphaSe(), "ase");
        same(coded.mean() + 0.5, shifted.mean(), "mean");
        same(coded.sd(), shifted.sd(), "sd");
        same(coded.feldt().lower(), shifted.feldt().lower(), "Feldt");
        for (int j = 0; j < coded.items().size(); j++) {
            ItemStatistics c = coded.items().get(j);
            ItemStatistics s = shifted.items().get(j);
            assertThat(c.item()).isEqualTo(s.item());
            assertThat(c.reversed()).as(c.item() + " reversed").isEqualTo(s.reversed());
            assertThat(c.n()).isEqualTo(s.n());
            same(c.rawR(), s.rawR(), c.item() + " raw r");
            same(c.standardizedR(), s.standardizedR(), c.item() + " std r");
            same(c.correctedR(), s.correctedR(), c.item() + " r.cor");
            same(c.dropR(), s.dropR(), c.item() + " r.drop");
            same(c.mean() + 0.5, s.mean(), c.item() + " mean");
            same(c.sd(), s.sd(), c.item() + " sd");
            same(coded.ifDropped().get(j).statistics(), shifted.ifDropped().get(j).statistics(), c.item() + " dropped");
            same(coded.ifDropped().get(j).alphaSe(), shifted.ifDropped().get(j).alphaSe(), c.item() + " dropped se");
        }
        ResponseFrequencies cf = coded.frequencies().orElseThrow();
        ResponseFrequencies sf = shifted.frequencies().orElseThrow();
        assertThat(cf.categories()).hasSameSizeAs(sf.categories());
        for (int j = 0; j < cf.items().size(); j++) {
            assertThat(cf.items().get(j).counts()).isEqualTo(sf.items().get(j).counts());
            assertThat(cf.items().get(j).missing()).isEqualTo(sf.items().get(j).missing());
        }
    }

    private static AlphaResult shiftedColumns(ReliabilityAnalyzer analyzer, List<String> names, double[][] x, ItemKeys keys) {
        double[][] shifted = new double[x.length][];
        for (int j = 0; j < x.length; j++) {
            shifted[j] = x[j].clone();
            for (int i = 0; i < shifted[j].length; i++) {
                shifted[j][i] += 0.5;
            }
        }
        return analyzer.alpha(names, shifted, keys);
    }

    private static byte[][] codesOf(double[][] x, int min) {
        byte[][] codes = new byte[x.length][x[0].length];
        for (int j = 0; j < x.length; j++) {
            for (int i = 0; i < x[j].length; i++) {
                codes[j][i] = Double.isNaN(x[j][i]) ? Exclusion.DONT_KNOW.code() : (byte) (x[j][i] - min);
            }
        }
        return codes;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "reversed", "detect", "listwise"})
    void codesAgreeWithColumnsOnManyRows(String variant) {
        // 70,001 rows: two ranges of rows on two or more cores, each many blocks of 2,048 rows and a
        // last block ending inside a 64-row word
        int n = 70_001;
        int k = 12;
        double[][] x = ratings(n, k, 23, 0.03);
        List<String> names = new ArrayList<>();
        List<Variable> items = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            names.add("q" + (j + 1));
            items.add(Variable.scale("q" + (j + 1), 1, 5));
        }
        ItemKeys keys = switch (variant) {
            case "reversed" -> ItemKeys.reversed("q4", "q9");
            case "detect" -> ItemKeys.detect();
            default -> ItemKeys.none();
        };
        ReliabilityAnalyzer analyzer = variant.equals("listwise")
                ? ReliabilityAnalyzer.withDefaults().withMissingAnswers(MissingAnswers.LISTWISE)
                : ReliabilityAnalyzer.withDefaults();
        AlphaResult coded = analyzer.alpha(items, codesOf(x, 1), keys);
        sameAnalysis(coded, shiftedColumns(analyzer, names, x, keys));
        if (variant.equals("detect")) {
            assertThat(coded.item("q4").reversed()).isTrue();
        }
        // the double columns themselves are integers, so they are counted like the codes
        AlphaResult columns = analyzer.alpha(names, x, keys);
        same(columns.total().rawAlpha(), coded.total().rawAlpha(), "raw alpha from integer columns");
        same(columns.items().get(0).rawR(), coded.items().get(0).rawR(), "raw r from integer columns");
    }

    @Test
    void missingAnswerPatternsAgreeWithColumns() {
        // whole rows missing, an item answered by few rows, a row answering one item, a constant item
        // missing on the first row: the coded tables and the columns see the same pairs
        int n = 3_000;
        double[][] x = ratings(n, 6, 5, 0.2);
        for (int i = 0; i < n; i++) {
            if (i % 97 == 0) {
                for (double[] column : x) {
                    column[i] = Double.NaN;
                }
            }
            if (i % 10 != 0) {
                x[5][i] = Double.NaN;
            }
            if (i % 131 == 1) {
                for (int j = 1; j < 6; j++) {
                    x[j][i] = Double.NaN;
                }
            }
        }
        double[][] withConstant = new double[7][];
        System.arraycopy(x, 0, withConstant, 0, 6);
        withConstant[6] = new double[n];
        java.util.Arrays.fill(withConstant[6], 3);
        withConstant[6][0] = Double.NaN;
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g");
        List<Variable> items = new ArrayList<>();
        names.forEach(name -> items.add(Variable.scale(name, 1, 5)));
        AlphaResult coded = ReliabilityAnalyzer.withDefaults().alpha(items, codesOf(withConstant, 1), ItemKeys.reversed("d"));
        assertThat(coded.deletedItems()).containsExactly("g");
        assertThat(coded.item("f").n()).isBetween(200, 300);
        sameAnalysis(coded, shiftedColumns(ReliabilityAnalyzer.withDefaults(), names, withConstant, ItemKeys.reversed("d")));
    }

    @Test
    void undefinedAnalysesFailAsForColumns() {
        List<Variable> abc = List.of(Variable.scale("a", 1, 5), Variable.scale("b", 1, 5), Variable.scale("c", 1, 5));
        byte m = Exclusion.MISSING.code();
        ReliabilityAnalyzer analyzer = ReliabilityAnalyzer.withDefaults();
        // b and c are answered together by two rows only
        byte[][] twoTogether = {{0, 1, 2, 3, 4}, {0, 1, 2, m, m}, {m, m, 2, 3, 0}};
        assertThatThrownBy(() -> analyzer.alpha(abc, twoTogether, ItemKeys.none()))
                .hasMessageContaining("items 'c' and 'b' were answered together by 1 respondents; at least 3 are needed");
        byte[][] unanswered = {{0, 1, 2}, {m, m, m}, {1, 2, 3}};
        assertThatThrownBy(() -> analyzer.alpha(abc, unanswered, ItemKeys.none()))
                .hasMessageContaining("item 'b' has no answers");
        byte[][] neverComplete = {{0, m, 2}, {m, 1, 2}, {1, 2, m}};
        assertThatThrownBy(() -> analyzer.withMissingAnswers(MissingAnswers.LISTWISE).alpha(abc, neverComplete, ItemKeys.none()))
                .hasMessageContaining("item 'a' has no answers in the 0 complete rows");
        byte[][] allSame = {{2, 2, 2, 2}, {2, 2, m, 2}, {2, 2, 2, 2}};
        assertThatThrownBy(() -> analyzer.alpha(abc, allSame, ItemKeys.none()))
                .hasMessageContaining("at least 2 items with variance; got 0 (no variance: [a, b, c])");
    }

    @Test
    void malformedCodesAreRejected() {
        ReliabilityAnalyzer r = ReliabilityAnalyzer.withDefaults();
        List<Variable> ab = List.of(Variable.scale("a", 1, 5), Variable.scale("b", 1, 5));
        assertThatThrownBy(() -> r.alpha(ab, new byte[][] {{0, 1, 5}, {0, 1, 2}}, ItemKeys.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("item 'a' row 2: code 5 is outside 0..4 (negative for a missing answer)");
        assertThatThrownBy(() -> r.alpha(List.of(Variable.scale("a", 1, 5), Variable.numeric("b")),
                new byte[][] {{0, 1, 2}, {0, 1, 2}}, ItemKeys.none())).hasMessageContaining("item 'b' is numeric");
        assertThatThrownBy(() -> r.alpha(List.of(Variable.scale("a", 1, 5), Variable.scale("a", 1, 3)),
                new byte[][] {{0, 1, 2}, {0, 1, 2}}, ItemKeys.none())).hasMessageContaining("'a' is repeated");
        assertThatThrownBy(() -> r.alpha(ab, new byte[][] {{0, 1, 2}, {0, 1}}, ItemKeys.none()))
                .hasMessageContaining("item 'b' has 2 rows");
        assertThatThrownBy(() -> r.alpha(ab, new byte[][] {{0, 1, 2}}, ItemKeys.none()))
                .hasMessageContaining("2 items for 1 code columns");
        assertThatThrownBy(() -> r.alpha(ab, new byte[][] {{0, 1, 2}, {0, 1, 2}}, ItemKeys.reversed("z")))
                .hasMessageContaining("reversed item 'z'");
        assertThatThrownBy(() -> r.alpha(ab, new byte[][] {{0, 1, 2}, {0, 1, 2}}, null))
                .isInstanceOf(NullPointerException.class);
    }
}
