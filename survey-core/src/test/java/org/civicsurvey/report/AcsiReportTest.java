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
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.acsi.AcsiModel;
import org.civicsurvey.scoring.acsi.AcsiResult;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * The ACSI report: reference/drivers/acsi-synthetic.csv (written by R) imported with the CSV
 * importer ({@code NA} = no answer, 98 = don't know from the scale), fitted with the drivers helper's
 * {@link AcsiModel}; scores and impacts checked against reference/drivers/acsi-expected.csv (acsi.R,
 * R 4.2.2, base-R Wold algorithm pls-wold.R).
 */
class AcsiReportTest {
    static Report report(Suppression suppression, String language) throws IOException {
        List<Response> responses = new ArrayList<>();
        try (InputStream in = AcsiReportTest.class.getResourceAsStream("/reference/drivers/acsi-synthetic.csv")) {
            ImportResult r = WideCsvImporter.create(StandardInstruments.acsi(),
                ColumnMapping.builder().questionsByHeader().build()).withMissingValues("NA").read(in, responses::add);
            assertThat(r.rejected()).as("%s", r).isZero();
        }
        AcsiResult fit = AcsiModel.standard().fit(AnswerColumns.of(StandardInstruments.acsi(), responses));
        return AcsiReport.create(ReportOptions.withDefaults().withLanguage(language).withSuppression(suppression)).build(fit);
    }

    @Test
    void scoresAndImpactsEqualR() throws IOException {
        Report report = report(Suppression.withDefaults(), "en");
        CsvTable expected = CsvTable.resource("/reference/drivers/acsi-expected.csv");
        int checked = 0;
        for (int i = 0; i < expected.size(); i++) {
            String stat = expected.get(i, "statistic");
            String from = expected.get(i, "from");
            String to = expected.get(i, "to");
            double value = Double.parseDouble(expected.get(i, "value"));
            if (stat.equals("index")) {
                String item = from.equals(AcsiModel.SATISFACTION) ? "acsi" : from;
                ReportCell c = report.requireTable("acsi.scores").cells(x -> x.item().equals(item)).get(0);
                // acsi.R: 100 * sum(w_i (xbar_i - min)/(max - min)); 1e-9 absolute on the 0-100 scale
                assertThat(c.value()).as("score %s", item).isCloseTo(value, within(1e-9));
                assertThat(c.n()).isEqualTo(277);
                assertThat(c.excluded().missing()).isEqualTo(23);
                checked++;
            } else if (stat.equals("impact") && to.equals(AcsiModel.SATISFACTION)) {
                ReportCell c = report.requireTable("acsi.priority")
                    .cells(x -> x.item().equals(from) && x.measure().equals("impact")).get(0);
                // acsi.R: 5 * total effect * sd(target score) / sd(driver score); 1e-9 absolute
                assertThat(c.value()).as("impact %s", from).isCloseTo(value, within(1e-9));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(8 + 5);
        assertThat(report.requireTable("acsi.priority").cells(c -> c.measure().equals("score"))).hasSize(5)
            .allSatisfy(c -> assertThat(c.category()).isIn("concentrate_here", "keep_up_the_good_work", "low_priority",
                "possible_overkill"));
    }

    @Test
    void fewerRowsThanTheMinimumSuppressEverything() throws IOException {
        Report report = report(Suppression.withDefaults().withMinimumRespondents(500), "en");
        for (ReportTable t : report.tables()) {
            assertThat(t.cells()).allSatisfy(c -> assertThat(c.suppressed()).isTrue());
        }
        assertThat(ReportJson.write(report)).doesNotContain("\"value\": 0.0");
    }
}
