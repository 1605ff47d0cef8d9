package org.civicsurvey.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.civicsurvey.report.html.HtmlReport;
import org.civicsurvey.scoring.GroupBy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders report pages in headless Chromium (Debian's {@code chromium}) at a phone's size (390 x 844)
 * to PNG, and fails when the page has a script error (the page's closing script did not run, or the
 * console logged "Uncaught") or a chart is missing. Skipped with a message when no Chromium is
 * installed, except in CI ({@code CI=true}), where a missing Chromium fails the test.
 * Set {@code -Dreports.png.dir=...} to keep the PNGs.
 */
class HtmlReportBrowserTest {
    @TempDir
    Path dir;

    static Optional<String> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!p.isEmpty() && Files.isExecutable(Path.of(p, name))) {
                    return Optional.of(Path.of(p, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    static String requireChromium() {
        Optional<String> c = chromium();
        if (c.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but no chromium on the PATH: install it (apt-get install -y chromium)");
            }
            Assumptions.abort("no chromium on the PATH: skipping the headless rendering test (apt-get install -y chromium)");
        }
        return c.get();
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run chromium(String exe, Path profile, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile, "--window-size=390,844"));
        cmd.addAll(args);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 120 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private void render(Report report, String name, int expectedCharts) throws IOException, InterruptedException {
        String exe = requireChromium();
        String html = HtmlReport.render(report);
        Path page = dir.resolve(name + ".html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        String url = page.toUri().toString();

        Run dom = chromium(exe, Files.createDirectories(dir.resolve("profile-dom-" + name)), List.of("--dump-dom", url));
        assertThat(dom.exit()).as("chromium --dump-dom exit; stderr:%n%s", dom.stderr()).isZero();
        assertThat(dom.stderr()).as("console errors").doesNotContain("Uncaught");
        Matcher m = Pattern.compile("<body[^>]*data-charts=\"(\\d+)\"").matcher(dom.stdout());
        assertThat(m.find()).as("the page's script ran (body has data-charts); DOM:%n%s",
            dom.stdout().substring(0, Math.min(2000, dom.stdout().length()))).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("charts rendered").isEqualTo(expectedCharts);

        Path png = dir.resolve(name + ".png");
        Run shot = chromium(exe, Files.createDirectories(dir.resolve("profile-png-" + name)),
            List.of("--screenshot=" + png, "--hide-scrollbars", url));
        assertThat(shot.exit()).as("chromium --screenshot exit; stderr:%n%s", shot.stderr()).isZero();
        assertThat(shot.stderr()).doesNotContain("Uncaught");
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).as("PNG size").isGreaterThan(5_000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        String keep = System.getProperty("reports.png.dir");
        if (keep != null) {
            Files.createDirectories(Path.of(keep));
            Files.copy(png, Path.of(keep, name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(page, Path.of(keep, name + ".html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static int chartsOf(String html) {
        return html.split("<svg data-chart=", -1).length - 1;
    }

    @Test
    void sipasPageInVietnameseRendersWithoutScriptErrors() throws Exception {
        Report report = SipasReport.create(ReportOptions.withDefaults().withLanguage("vi"))
            .build(new SipasFixture().data());
        String html = HtmlReport.render(report);
        // bars (scores), ranking by province, trend by period
        assertThat(chartsOf(html)).isEqualTo(3);
        render(report, "sipas-vi", 3);
    }

    @Test
    void acsiPageInEnglishRendersTheScatter() throws Exception {
        Report report = AcsiReportTest.report(Suppression.withDefaults(), "en");
        String html = HtmlReport.render(report);
        assertThat(html).contains("data-chart=\"scatter\"").contains("data-chart=\"bars\"");
        render(report, "acsi-en", 2);
    }

    @Test
    void sdgAndA11PagesRender() throws Exception {
        java.util.List<org.civicsurvey.response.Response> sdg = SdgReportTest.responses();
        Report s = SdgReport.create(ReportOptions.withDefaults().withLanguage("vi")).build(ReportData.fromResponses(
            org.civicsurvey.instruments.StandardInstruments.sdg1662(), sdg, List.of(GroupBy.answer("sex"),
                GroupBy.answer("residence"))));
        render(s, "sdg-vi", 1);
        Report a = A11Report.create(ReportOptions.withDefaults().withLanguage("en")).build(ReportData.fromResponses(
            org.civicsurvey.instruments.StandardInstruments.a11v1(), A11ReportTest.v1(300, false), A11ReportTest.groupBy()));
        // the counts are a table only
        render(a, "a11-en", 0);
    }

    @Test
    void aBrokenScriptIsDetected() throws Exception {
        String exe = requireChromium();
        Path page = dir.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><svg data-chart=\"bars\"></svg><script>undefinedFunction();"
            + "document.body.setAttribute('data-charts', '1');</script></body></html>", StandardCharsets.UTF_8);
        Run dom = chromium(exe, Files.createDirectories(dir.resolve("profile-broken")), List.of("--dump-dom",
            page.toUri().toString()));
        // the marker is never set when the script throws: the check above would fail on this page
        assertThat(dom.stdout()).doesNotContain("data-charts=");
    }
}
