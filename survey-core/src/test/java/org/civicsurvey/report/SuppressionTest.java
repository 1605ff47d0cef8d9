package org.civicsurvey.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.stats.Exclusions;
import org.civicsurvey.stats.SurveyDesign;
import org.junit.jupiter.api.Test;

/** Small-cell suppression: primary, complementary, and attacks that try to recover a withheld cell. */
class SuppressionTest {
    private static ReportCell cell(String province, String item, double value, long n) {
        return new ReportCell(List.of(GroupKey.of("province", province)), item, "", "count", value, Double.NaN, Double.NaN,
            Double.NaN, n, Exclusions.NONE, false);
    }

    @Test
    void aSmallCellAndTheSmallestOtherCellOfItsLineAreWithheld() {
        ReportTable t = new ReportTable("t", "t", ChartKind.TABLE, List.of("province"), List.of(
            cell("*", "q", 100, 100), cell("a", "q", 40, 40), cell("b", "q", 4, 4), cell("c", "q", 25, 25),
            cell("d", "q", 31, 31)));
        ReportTable s = Suppression.withDefaults().apply(t, Map.of());
        assertThat(s.cells()).extracting(ReportCell::suppressed).containsExactly(false, false, true, true, false);
        // the margin minus the published cells leaves two unknowns: 100 - 40 - 31 = 29 = b + c
        assertThat(s.cells().get(1).value()).isEqualTo(40);
        assertThat(s.cells().get(2).value()).isNaN();
        assertThat(s.cells().get(2).n()).isZero();
    }

    @Test
    void aLineWithoutMarginNeedsNoComplement() {
        ReportTable t = new ReportTable("t", "t", ChartKind.TABLE, List.of("province"), List.of(
            cell("a", "q", 40, 40), cell("b", "q", 4, 4), cell("c", "q", 25, 25)));
        ReportTable s = Suppression.withDefaults().apply(t, Map.of());
        assertThat(s.cells()).extracting(ReportCell::suppressed).containsExactly(false, true, false);
    }

    @Test
    void complementsPropagateThroughRowsAndColumnsOfATwoWayTable() {
        // province x sex with both margins: withholding (b, m) forces a complement in its row and its column,
        // and those complements force more until no line has exactly one withheld cell
        List<ReportCell> cells = new ArrayList<>();
        String[] ps = {"*", "a", "b", "c"};
        String[] ss = {"*", "f", "m"};
        long[][] n = {{300, 160, 140}, {120, 60, 60}, {70, 65, 5}, {110, 35, 75}};
        for (int i = 0; i < ps.length; i++) {
            for (int j = 0; j < ss.length; j++) {
                cells.add(new ReportCell(List.of(GroupKey.of("province", ps[i]), GroupKey.of("sex", ss[j])), "q", "", "count",
                    n[i][j], Double.NaN, Double.NaN, Double.NaN, n[i][j], Exclusions.NONE, false));
            }
        }
        ReportTable t = Suppression.withDefaults().apply(new ReportTable("t", "t", ChartKind.TABLE, List.of("province", "sex"),
            cells), Map.of());
        assertThat(t.suppressedCount()).isGreaterThanOrEqualTo(4);
        assertNoLineRevealsAWithheldCell(t, Map.of());
    }

    @Test
    void anElementCannotBeRecoveredFromTheIndexAndTheOtherElements() {
        // index = mean of elements e1, e2, e3; e2 withheld -> one more element (or the index) must go
        List<ReportCell> cells = List.of(cell("*", "idx", 60, 90), cell("*", "e1", 50, 30), cell("*", "e2", 70, 5),
            cell("*", "e3", 60, 55));
        ReportTable t = Suppression.withDefaults().apply(new ReportTable("t", "t", ChartKind.TABLE, List.of("province"), cells),
            Map.of("idx", List.of("e1", "e2", "e3")));
        assertThat(t.suppressedCount()).isEqualTo(2);
        assertNoLineRevealsAWithheldCell(t, Map.of("idx", List.of("e1", "e2", "e3")));
    }

    @Test
    void theSipasReportOfAProvinceWithSixRespondentsCannotBeRecoveredFromTheMargins() {
        SipasFixture f = new SipasFixture();
        // keep only 6 respondents of DN; unweighted, so n * share is a count an attacker can difference
        List<Response> kept = new ArrayList<>();
        int dn = 0;
        for (Response r : f.responses) {
            if (!r.respondent().get("province").equals("DN") || dn++ < 6) {
                kept.add(r);
            }
        }
        ReportData data = ReportData.fromResponses(SipasFixture.SIPAS, kept, List.of(GroupBy.respondent("province")),
            SurveyDesign.unweighted(kept.size()));
        ReportOptions opts = ReportOptions.withDefaults().withLanguage("en");
        Report open = SipasReport.create(opts.withSuppression(Suppression.none())).build(data);
        Report safe = SipasReport.create(opts).build(data);

        // the attack works on the unsuppressed table: count(DN) = count(all) - count(HN) - count(HP)
        ReportTable o = open.requireTable("sipas.scores");
        double recovered = attack(o, "tc1");
        ReportCell dnCell = SipasReportReferenceTest.findIn(o, "tc1", "percent_positive", "DN");
        assertThat(recovered).isCloseTo(dnCell.value() / 100 * dnCell.n(), within(1e-9));

        // with suppression DN is withheld, and so is a complement: the difference is the sum of two cells
        ReportTable s = safe.requireTable("sipas.scores");
        assertThat(SipasReportReferenceTest.findIn(s, "tc1", "percent_positive", "DN").suppressed()).isTrue();
        assertThat(s.cells(c -> c.item().equals("tc1") && !c.isOverall() && c.suppressed())).hasSizeGreaterThanOrEqualTo(2);
        assertNoLineRevealsAWithheldCell(s, org.civicsurvey.scoring.RollUp.sipas().overElements().withId("sipas").hierarchy(SipasFixture.SIPAS));
        // the ranking leaves withheld provinces out; the CSV prints them blank, flagged, never as 0
        assertThat(safe.requireTable("sipas.ranking.province").cells(c -> c.measure().equals("rank") && !c.suppressed()))
            .hasSizeLessThanOrEqualTo(1);
        for (String line : TidyCsv.write(safe).split("\r\n")) {
            if (line.endsWith(",true")) {
                assertThat(line).matches(".*,percent_positive,,,,,,,,,,,true|.*,rank,,,,,,,,,,,true|.*,p_first,,,,,,,,,,,true");
            }
        }
    }

    /** count(all) - sum of published province counts (n * share), as an attacker would do. */
    private static double attack(ReportTable t, String item) {
        ReportCell all = t.cells(c -> c.item().equals(item) && c.measure().equals("percent_positive") && c.isOverall()).get(0);
        double rest = all.value() / 100 * all.n();
        for (ReportCell c : t.cells(c -> c.item().equals(item) && c.measure().equals("percent_positive") && !c.isOverall())) {
            if (!c.level("province").equals("DN")) {
                rest -= c.value() / 100 * c.n();
            }
        }
        return rest;
    }

    static void assertNoLineRevealsAWithheldCell(ReportTable t, Map<String, List<String>> hierarchy) {
        for (int[] line : Suppression.lines(t, hierarchy)) {
            int withheld = 0;
            for (int i : line) {
                withheld += t.cells().get(i).suppressed() ? 1 : 0;
            }
            assertThat(withheld).as("withheld cells in a line of %s", t.id()).isNotEqualTo(1);
        }
    }

    @Test
    void badThresholdsAreRejected() {
        assertThatThrownBy(() -> Suppression.withDefaults().withMinimumRespondents(-1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumRespondents is -1");
        assertThat(Suppression.withDefaults().minimumRespondents()).isEqualTo(10);
        assertThatThrownBy(() -> new ReportCell(List.of(), "q", "", "m", 0, Double.NaN, Double.NaN, Double.NaN, 0,
            Exclusions.NONE, true)).hasMessageContaining("must carry no data");
    }
}
