package org.civicsurvey.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;
import org.civicsurvey.scoring.RollUp;
import org.junit.jupiter.api.Test;

/** Period labels, trends by period, and bad report data. */
class PeriodAndDataTest {
    @Test
    void periodLabelsFollowTheCalendarsAndSortChronologically() {
        assertThat(Period.US_FISCAL_QUARTER.label(LocalDate.of(2023, 9, 30))).isEqualTo("FY2023-Q4");
        assertThat(Period.US_FISCAL_QUARTER.label(LocalDate.of(2023, 10, 1))).isEqualTo("FY2024-Q1");
        assertThat(Period.US_FISCAL_QUARTER.label(LocalDate.of(2024, 1, 1))).isEqualTo("FY2024-Q2");
        assertThat(Period.US_FISCAL_QUARTER.label(LocalDate.of(2024, 7, 1))).isEqualTo("FY2024-Q4");
        // ISO weeks: 30 Dec 2024 is in week 1 of 2025; 3 Jan 2021 in week 53 of 2020
        assertThat(Period.WEEK.label(LocalDate.of(2024, 12, 30))).isEqualTo("2025-W01");
        assertThat(Period.WEEK.label(LocalDate.of(2021, 1, 3))).isEqualTo("2020-W53");
        assertThat(Period.QUARTER.label(LocalDate.of(2024, 5, 1))).isEqualTo("2024-Q2");
        assertThat(Period.MONTH.label(LocalDate.of(2024, 5, 1))).isEqualTo("2024-05");
        assertThat(Period.DAY.label(LocalDate.of(2024, 5, 1))).isEqualTo("2024-05-01");
        assertThat(Period.YEAR.label(LocalDate.of(2024, 5, 1))).isEqualTo("2024");
        // string order = time order, over two and a half years of days (9 Feb sorts before 10 Feb, etc.)
        for (Period p : Period.values()) {
            List<String> labels = new java.util.ArrayList<>();
            for (LocalDate d = LocalDate.of(2022, 12, 20); d.isBefore(LocalDate.of(2025, 6, 1)); d = d.plusDays(1)) {
                labels.add(p.label(d));
            }
            assertThat(labels).as("%s", p).isSorted();
        }
    }

    @Test
    void aTrendByQuarterOrMonthAgreesWithTheSipasReportAndKeepsItsMargin() {
        SipasFixture f = new SipasFixture();
        RollUp index = RollUp.sipas().overElements().withId("sipas");
        ReportOptions opts = ReportOptions.withDefaults().withSuppression(Suppression.none());
        ReportData byYear = f.data();
        Report trend = TrendReport.create(opts).build(byYear, index);
        Report sipas = SipasReport.create(opts).build(byYear);
        for (String year : List.of("2023", "2024")) {
            ReportCell t = SipasReportReferenceTest.find(trend.requireTable("trend.sipas"), "sipas", "percent_positive", "*", year);
            ReportCell s = SipasReportReferenceTest.find(sipas.requireTable("sipas.scores"), "sipas", "percent_positive", "*", year);
            assertThat(t.value()).isCloseTo(s.value(), within(1e-12));
            assertThat(t.standardError()).isCloseTo(s.standardError(), within(1e-12));
        }
        ReportData byQuarter = ReportData.fromResponses(SipasFixture.SIPAS, f.responses,
            List.of(GroupBy.period(Period.QUARTER, ZoneOffset.UTC)), f.design);
        assertThat(byQuarter.grouping("period").levels()).containsExactly("2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4",
            "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4");
        Report q = TrendReport.create(ReportOptions.withDefaults().withSuppression(Suppression.withDefaults()
            .withMinimumRespondents(30))).build(byQuarter, index);
        ReportTable t = q.requireTable("trend.sipas");
        assertThat(t.chart()).isEqualTo(ChartKind.TREND);
        // 8 quarters + overall, each: index and 5 elements
        assertThat(t.cells()).hasSize(9 * 6);
        SuppressionTest.assertNoLineRevealsAWithheldCell(t, Map.of("sipas",
            List.of("access", "procedures", "civil_servants", "results", "feedback")));
    }

    @Test
    void badDataIsRejectedNamingWhatIsWrong() {
        SipasFixture f = new SipasFixture();
        ReportData d = f.data();
        assertThatThrownBy(() -> ReportData.of(SipasFixture.SIPAS, d.statistics(), List.of(Grouping.of("province",
            List.of("a", "b")))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain code").hasMessageContaining("0..1");
        assertThatThrownBy(() -> Grouping.of("province", List.of("a", "*")))
            .hasMessageContaining("must not be blank or *");
        assertThatThrownBy(() -> Grouping.of("province", List.of("a", "a"))).hasMessageContaining("repeats a level");
        assertThatThrownBy(() -> ReportData.of(SipasFixture.SIPAS, d.statistics(), List.of(Grouping.of("x", List.of("a")),
            Grouping.of("x", List.of("b"))))).hasMessageContaining("given twice");
        assertThatThrownBy(() -> d.grouping("agency")).hasMessageContaining("no grouping agency");
        assertThatThrownBy(() -> ReportData.domainCode(d.groupings(), 5, 0)).hasMessageContaining("outside 0..2");
        assertThatThrownBy(() -> ReportData.fromResponses(StandardInstrumentsHolder.A11, f.responses, List.of()))
            .hasMessageContaining("responses[0]").hasMessageContaining("sipas2017");
    }

    private static final class StandardInstrumentsHolder {
        static final org.civicsurvey.model.Instrument A11 = org.civicsurvey.instruments.StandardInstruments.a11v1();
    }
}
