package org.civicsurvey.examples.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.civicsurvey.report.GroupKey;
import org.civicsurvey.report.ReportCell;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report program on the seeded demo sample (1,000 respondents, seed 7) with strata by area and
 * raking to sex and age-band margins, against R 4.2.2 / survey 4.1.1
 * ({@code reference/sipas/sipas-index.R}): the headline index on the raked design (design
 * {@code raked}: rake(svydesign(ids = ~1, strata = ~area, weights = ~weight), ...)) and the report's
 * index by agency with the raked weights as fixed weights (design {@code raked_fixed}).
 */
class SipasReportRunTest {
    private static final String DIR = "reference/sipas/";

    private static Path copyDemo(Path dir) throws IOException {
        Path csv = dir.resolve("demo.csv");
        try (InputStream in = SipasReportRunTest.class.getClassLoader().getResourceAsStream(DIR + "demo-1000-seed7.csv")) {
            Files.copy(in, csv);
        }
        return csv;
    }

    private static Path margins(Path dir) throws IOException {
        // the margins of sipas-index.R's rake() call
        return Files.writeString(dir.resolve("margins.csv"), "variable,category,population\n"
            + "sex,female,510000\nsex,male,490000\n"
            + "age_band,18-25,150000\nage_band,25-34,220000\nage_band,35-49,300000\nage_band,50-60,180000\nage_band,60+,150000\n");
    }

    private static double r(CsvTable t, String design, String domain, String estimate, String column) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i, "design").equals(design) && t.get(i, "domain").equals(domain) && t.get(i, "estimate").equals(estimate)) {
                return Double.parseDouble(t.get(i, column));
            }
        }
        throw new IllegalArgumentException("no reference row " + design + " " + domain + " " + estimate);
    }

    @Test
    void rakedReportEqualsR(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        SipasReportRun.Result result = SipasReportRun.run(RunOptions.parse("--csv", copyDemo(dir).toString(), "--strata", "area",
                "--margins", margins(dir).toString(), "--by", "agency", "--lang", "en", "--out", out.toString()),
            new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertThat(result.imported()).isEqualTo(1000);
        assertThat(result.rejected()).isZero();
        assertThat(result.raking().orElseThrow().report().converged()).isTrue();

        CsvTable t = CsvTable.resource("/" + DIR + "sipas-index.csv");
        // R: svycontrast on rake(...) design, sipas-index.R (design "raked"), 1e-8 relative on the SE
        Estimate headline = result.calibratedIndex();
        assertThat(headline.value()).isCloseTo(r(t, "raked", "all", "index", "value"), within(1e-8));
        assertThat(headline.standardError()).isCloseTo(r(t, "raked", "all", "index", "se"),
            within(1e-8 * r(t, "raked", "all", "index", "se")));
        assertThat(headline.lower()).isCloseTo(r(t, "raked", "all", "index", "lower"), within(1e-7));

        // the report: raked weights as fixed weights, design "raked_fixed"
        List<ReportCell> cells = result.report().requireTable("sipas.scores").cells(c -> c.item().equals("sipas"));
        assertThat(cells).hasSize(1 + 8);
        for (ReportCell c : cells) {
            String domain = c.groups().get(0).level();
            String key = GroupKey.ALL.equals(domain) ? "all" : domain;
            double se = r(t, "raked_fixed", key, "index", "se");
            assertThat(c.value()).as(key).isCloseTo(r(t, "raked_fixed", key, "index", "value"), within(1e-8));
            assertThat(c.standardError()).as(key + " SE").isCloseTo(se, within(1e-8 * se));
        }
        for (Path f : result.files()) {
            assertThat(f).exists().isNotEmptyFile();
        }
        assertThat(result.files()).extracting(p -> p.getFileName().toString())
            .containsExactly("sipas-report.html", "sipas-report.json", "sipas-report.csv");
        assertThat(Files.readString(out.resolve("sipas-report.html"))).contains("<svg", "name=\"viewport\"");
        assertThat(Files.readString(out.resolve("sipas-report.json"))).contains("\"sipas.scores\"");
        assertThat(Files.readString(out.resolve("sipas-report.csv"))).startsWith("table");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("SIPAS index", "raked design");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("[##############################] 100%  1,000 / 1,000 rows", "read 1000 rows: 1000 imported, 0 rejected");
    }

    @Test
    void rejectsBadInputWithClearMessages(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> RunOptions.parse("--csv", "a.csv", "--demo", "10"))
            .hasMessageContaining("exactly one source");
        assertThatThrownBy(() -> RunOptions.parse("--demo", "ten")).hasMessageContaining("--demo is 'ten'");
        assertThatThrownBy(() -> RunOptions.parse("--bogus", "1")).hasMessageContaining("unknown flag --bogus");
        assertThatThrownBy(() -> RunOptions.parse("--demo", "5", "--by", "agency;drop")).hasMessageContaining("by has 'agency;drop'");
        Path csv = copyDemo(dir);
        Path badMargins = Files.writeString(dir.resolve("m.csv"), "variable,category,population\nsex,female,-3\n");
        assertThatThrownBy(() -> SipasReportRun.run(RunOptions.parse("--csv", csv.toString(), "--margins", badMargins.toString(),
                "--out", dir.resolve("o").toString()), System.out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
            .hasMessageContaining("line 2: population -3.0 must be positive");
        Path missing = Files.writeString(dir.resolve("m2.csv"), "variable,category,population\nsex,female,10\n");
        assertThatThrownBy(() -> SipasReportRun.run(RunOptions.parse("--csv", csv.toString(), "--margins", missing.toString(),
                "--out", dir.resolve("o").toString()), System.out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
            .hasMessageContaining("'male'");
        // a hostile CSV: broken rows are listed and skipped, the rest reported
        Path hostile = Files.writeString(dir.resolve("h.csv"), Files.readString(csv).replaceFirst("\ndemo-7-1,", "\ndemo-7-1\u0000,")
            .replaceFirst(",4,4,4,3,4,4,4,4,4,3,", ",4,4,<script>,3,4,4,4,4,4,3,"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SipasReportRun.Result r = SipasReportRun.run(RunOptions.parse("--csv", hostile.toString(), "--out", dir.resolve("h").toString()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(r.rejected()).isBetween(1L, 2L);
        assertThat(r.imported()).isEqualTo(1000 - r.rejected());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("row");
    }

    @Test
    void progressBarDrawsFractions() {
        assertThat(ProgressBar.line(org.civicsurvey.model.Progress.Phase.IMPORT, 0.5, 500, 1000))
            .isEqualTo("importing rows         [###############---------------]  50%  500 / 1,000 rows");
        assertThat(ProgressBar.line(org.civicsurvey.model.Progress.Phase.SAVE, 0, 500, -1))
            .isEqualTo("saving responses       [------------------------------]   0%  500 responses");
    }

    @Test
    void quartersAreCutInVietnamTimeAsOnTheDashboard() {
        // the same response as IndexServiceTest's: 03:00 on 1 April in Viet Nam, 31 March in UTC
        org.civicsurvey.response.Response late = org.civicsurvey.response.Response.builder("q", "i", "1")
                .submittedAt(java.time.Instant.parse("2024-03-31T20:00:00Z")).build();
        assertThat(SipasReportRun.groupBy("period").level(late)).isEqualTo("2024-Q2");
    }
}
