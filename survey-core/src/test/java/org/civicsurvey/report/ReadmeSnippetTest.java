package org.civicsurvey.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.csv.ColumnMapping;
import org.civicsurvey.io.csv.CsvExporter;
import org.civicsurvey.io.csv.ImportResult;
import org.civicsurvey.io.csv.WideCsvImporter;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.report.html.HtmlReport;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;
import org.junit.jupiter.api.Test;

/** The README's reports snippet, verbatim (between the markers), on the SIPAS reference file. */
class ReadmeSnippetTest {
    @Test
    void readmeSnippetRuns() throws Exception {
        try (InputStream csvStream = getClass().getResourceAsStream(SipasFixture.RESOURCE)) {
            // --- README snippet
            Instrument sipas = StandardInstruments.sipas2017();
            List<Response> responses = new ArrayList<>();
            ImportResult imported = WideCsvImporter.create(sipas, ColumnMapping.builder().id("id").weight("weight")
                    .time("date").respondent("province", "province").ignore("stratum").questionsByHeader().build())
                .read(csvStream, responses::add);      // imported.summary(): rejected rows by reason
            ReportData data = ReportData.fromResponses(sipas, responses,
                List.of(GroupBy.respondent("province"), GroupBy.period(Period.YEAR, ZoneOffset.UTC)));
            Report report = SipasReport.create(ReportOptions.withDefaults().withLanguage("vi")).build(data);
            String json = ReportJson.write(report);
            String csv = TidyCsv.write(report);
            String html = HtmlReport.render(report);
            // --- end of snippet
            java.io.StringWriter wideWriter = new java.io.StringWriter();
            java.io.StringWriter codebookWriter = new java.io.StringWriter();
            // --- README export snippet
            CsvExporter export = CsvExporter.create(sipas);
            export.writeWide(responses, wideWriter);
            export.writeCodebook(List.of("province"), codebookWriter);
            // --- end of export snippet
            assertThat(wideWriter.toString().split("\r\n")).hasSize(241);
            assertThat(codebookWriter.toString()).contains("respondent.province,respondent,");
            assertThat(imported.imported()).isEqualTo(240);
            assertThat(imported.summary()).isEqualTo("read 240 rows: 240 imported, 0 rejected");
            assertThat(report.tables()).extracting(ReportTable::id).containsExactly("sipas.scores", "sipas.ranking.province",
                "sipas.trend", "sipas.change", "sipas.distribution");
            assertThat(json).startsWith("{\n  \"format\": \"civicsurvey-report/1\"");
            assertThat(csv).startsWith("table,province,period,item,item_label,");
            assertThat(html).contains("<svg data-chart=\"ranking\"", "<svg data-chart=\"trend\"", "lang=\"vi\"");
        }
    }
}
