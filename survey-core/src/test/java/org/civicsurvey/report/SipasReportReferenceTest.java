package org.civicsurvey.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SIPAS report against R: reference/reports/sipas-reference.R (R 4.2.2, survey 4.1.1) computes
 * item shares, elements, the index and the 2024 - 2023 change with {@code svytotal} +
 * {@code svycontrast} on {@code svydesign(ids = ~1, strata = ~stratum, weights = ~weight)}, item
 * intervals with {@code svyciprop(method = "logit")}, and writes sipas-expected.csv.
 */
class SipasReportReferenceTest {
    private static SipasFixture fixture;
    private static Report report;

    @BeforeAll
    static void build() {
        fixture = new SipasFixture();
        report = SipasReport.create(ReportOptions.withDefaults().withLanguage("en").withSuppression(Suppression.none()))
            .build(fixture.data());
    }

    @Test
    void everyRowOfTheFileIsImported() {
        assertThat(fixture.imported.rowsRead()).isEqualTo(240);
        assertThat(fixture.imported.rejected()).isZero();
        assertThat(fixture.imported.ignoredColumns()).isEmpty();
    }

    @Test
    void itemsElementsIndexAndChangeEqualR() {
        CsvTable expected = CsvTable.resource("/reference/reports/sipas-expected.csv");
        ReportTable scores = report.requireTable("sipas.scores");
        ReportTable change = report.requireTable("sipas.change");
        int checked = 0;
        for (int r = 0; r < expected.size(); r++) {
            String group = expected.get(r, "group");
            String level = expected.get(r, "level");
            String item = expected.get(r, "item");
            String measure = expected.get(r, "measure");
            ReportCell cell;
            if (measure.equals("percent_positive")) {
                String province = group.equals("province") ? level : "*";
                String period = group.equals("period") ? level : "*";
                cell = find(scores, item, measure, province, period);
            } else {
                cell = find(change, item, measure, "*", level);
            }
            double value = Double.parseDouble(expected.get(r, "value"));
            // R: svycontrast(svytotal(...)) coef; 1e-9 relative
            assertThat(cell.value()).as("%s %s %s=%s", item, measure, group, level)
                .isCloseTo(value, within(1e-9 * Math.max(1, Math.abs(value))));
            if (measure.equals("p_value")) {
                checked++;
                continue;
            }
            double se = Double.parseDouble(expected.get(r, "se"));
            // R: SE(svycontrast(...)); 1e-8 relative
            assertThat(cell.standardError()).as("SE %s %s=%s", item, group, level).isCloseTo(se, within(1e-8 * se));
            // R: confint(svyciprop(method = "logit")) for items, coef -/+ qnorm(0.975) SE otherwise; 1e-7 relative
            assertThat(cell.lower()).as("lower %s %s=%s", item, group, level)
                .isCloseTo(Double.parseDouble(expected.get(r, "lower")), within(1e-7 * Math.abs(value)));
            assertThat(cell.upper()).as("upper %s %s=%s", item, group, level)
                .isCloseTo(Double.parseDouble(expected.get(r, "upper")), within(1e-7 * Math.abs(value)));
            checked++;
        }
        assertThat(checked).isEqualTo(180);
    }

    static ReportCell findIn(ReportTable table, String item, String measure, String province) {
        List<ReportCell> found = table.cells(c -> c.item().equals(item) && c.measure().equals(measure)
            && province.equals(c.level("province")));
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    static ReportCell find(ReportTable table, String item, String measure, String province, String period) {
        List<ReportCell> found = table.cells(c -> c.item().equals(item) && c.measure().equals(measure)
            && province.equals(c.level("province")) && period.equals(c.level("period")));
        assertThat(found).as("%s %s %s %s in %s", item, measure, province, period, table.id()).hasSize(1);
        return found.get(0);
    }
}
