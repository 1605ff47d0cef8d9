package org.civicsurvey.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.csv.ColumnMapping;
import org.civicsurvey.io.csv.ImportResult;
import org.civicsurvey.io.csv.WideCsvImporter;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * SDG 16.6.2 against R: reference/reports/sdg-reference.R (R 4.2.2, survey 4.1.1; svytotal +
 * svycontrast on svydesign(ids = ~1, weights = ~weight)) gives % positive per attribute, the average
 * and % satisfied overall, overall and by sex, with the don't-know / not-applicable / refused counts.
 */
class SdgReportTest {
    private static final Instrument SDG = StandardInstruments.sdg1662();

    static List<Response> responses() throws IOException {
        List<Response> out = new ArrayList<>();
        ColumnMapping m = ColumnMapping.builder().id("id").weight("weight").questionsByHeader().build();
        try (InputStream in = SdgReportTest.class.getResourceAsStream("/reference/reports/sdg-responses.csv")) {
            // the file has no Washington Group answers: imported in progress (required answers not enforced)
            ImportResult r = WideCsvImporter.create(SDG, m).withStatus(ResponseStatus.IN_PROGRESS).read(in, out::add);
            assertThat(r.rejected()).as("%s", r).isZero();
        }
        return out;
    }

    @Test
    void attributesAverageAndOverallEqualRWithExcludedCounts() throws IOException {
        List<Response> responses = responses();
        double[] w = responses.stream().mapToDouble(r -> r.weight().orElseThrow()).toArray();
        ReportData data = ReportData.fromResponses(SDG, responses, List.of(GroupBy.answer("sex"),
            SdgReport.incomeQuintile("household_income", responses), GroupBy.answer("residence"), SdgReport.disability()),
            SurveyDesign.builder(w).build());
        Report report = SdgReport.create(ReportOptions.withDefaults().withLanguage("en")).build(data);
        ReportTable t = report.requireTable("sdg.scores");
        CsvTable expected = CsvTable.resource("/reference/reports/sdg-expected.csv");
        for (int i = 0; i < expected.size(); i++) {
            String sex = expected.get(i, "sex");
            String item = expected.get(i, "item");
            List<ReportCell> found = t.cells(c -> c.item().equals(item) && sex.equals(c.level("sex"))
                && "*".equals(c.level("income")) && "*".equals(c.level("residence")) && "*".equals(c.level("disability")));
            assertThat(found).as("%s %s", item, sex).hasSize(1);
            ReportCell c = found.get(0);
            double value = Double.parseDouble(expected.get(i, "value"));
            double se = Double.parseDouble(expected.get(i, "se"));
            // R: coef(svycontrast(svytotal(...), ...)), 1e-9 relative; SE 1e-8 relative
            assertThat(c.value()).as("%s %s", item, sex).isCloseTo(value, within(1e-9 * value));
            assertThat(c.standardError()).as("SE %s %s", item, sex).isCloseTo(se, within(1e-8 * se));
            // R: sum(y == 98), sum(y == 97), sum(y == 99) over the group (summed over the attributes for the average)
            assertThat(c.excluded().dontKnow()).isEqualTo(Long.parseLong(expected.get(i, "dont_know")));
            assertThat(c.excluded().notApplicable()).isEqualTo(Long.parseLong(expected.get(i, "not_applicable")));
            assertThat(c.excluded().refused()).isEqualTo(Long.parseLong(expected.get(i, "refused")));
        }
        assertThat(data.grouping("income").levels()).containsExactly("Q1", "Q2", "Q3", "Q4", "Q5");
        // no Washington Group answers in the file: every respondent's disability is unknown
        assertThat(data.grouping("disability").levels()).containsExactly(GroupBy.UNKNOWN);
        // quintiles hold a fifth of the respondents each (300 distinct-enough incomes)
        assertThat(t.cells(c -> c.item().equals("sdg_average") && "Q3".equals(c.level("income"))).get(0).n())
            .isBetween(55L, 65L);
    }
}
