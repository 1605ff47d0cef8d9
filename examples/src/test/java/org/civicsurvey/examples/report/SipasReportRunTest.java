package org.civicsurvey.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.civicsurvey.examples.data.ReportGroupings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report program on the demo data, through {@code civicsurvey report} (whose numbers survey-cli's
 * {@code ReportCommandTest} checks against R on the seed-7 demo sample): the demo is written, read in
 * its layout, raked to the example margins, broken down by province and by quarter in Viet Nam's time.
 */
class SipasReportRunTest {
    @Test
    void reportsOnTheDemoRakedToTheExampleMargins(@TempDir Path dir) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path margins = Path.of("src/main/resources/org/civicsurvey/examples/report/demo-margins.csv");
        int code = SipasReportRun.run(List.of("--demo", "2000", "--strata", "area", "--margins", margins.toString(), "--lang", "en",
            "--out", dir.toString()), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("2000 responses used, 0 rows rejected", "raked design", "wrote " + dir.resolve("sipas-report.html"));
        assertThat(err.toString()).contains("wrote 2000 seeded demo respondents", "read 2000 rows: 2000 imported", "raking: rake converged");
        String csv = Files.readString(dir.resolve("sipas-report.csv"));
        assertThat(csv).contains("2025-Q1", "ha-noi");
    }

    @Test
    void badOptionsExitWithAUsageCode(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        assertThat(SipasReportRun.run(List.of("--demo", "ten"), new PrintWriter(new StringWriter()), new PrintWriter(err, true)))
            .isEqualTo(2);
        assertThat(err.toString()).contains("--demo is 'ten'");
        assertThat(SipasReportRun.run(List.of("--demo", "5", "--by", "agency;drop", "--out", dir.toString()),
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isEqualTo(2);
    }

    @Test
    void quartersAreCutInVietnamTimeAsOnTheDashboard() {
        // the same response as IndexServiceTest's: 03:00 on 1 April in Viet Nam, 31 March in UTC; the
        // program passes --zone Asia/Ho_Chi_Minh, the zone ReportGroupings cuts the dashboard's quarters in
        org.civicsurvey.response.Response late = org.civicsurvey.response.Response.builder("q", "i", "1")
                .submittedAt(java.time.Instant.parse("2024-03-31T20:00:00Z")).build();
        assertThat(ReportGroupings.named("period").level(late)).isEqualTo("2024-Q2");
        assertThat(ReportGroupings.VIETNAM.getId()).isEqualTo("Asia/Ho_Chi_Minh");
    }
}
