package org.civicsurvey.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * End to end in headless Chromium at a phone-sized viewport (390 x 844): open a case file's rating
 * page, submit invalid answers and see the errors, answer with mouse and keyboard, submit, and see
 * the dashboard's count and index change. Screenshots are kept under
 * {@code examples/target/e2e/}. Needs Debian's {@code chromium} and {@code chromium-driver} (or
 * {@code CHROME_BIN} / {@code CHROMEDRIVER}); skipped without them, except on CI ({@code CI=true})
 * where their absence fails the test.
 */
class PortalBrowserTest {
    private static final int WIDTH = 390;
    private static final int HEIGHT = 844;
    private static final Path ARTIFACTS = Path.of("target", "e2e");

    @Test
    void citizenRatesACaseFileOnAPhoneAndTheDashboardMoves() throws Exception {
        Optional<Path> chromium = WebDriverClient.executable("CHROME_BIN", "chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = WebDriverClient.executable("CHROMEDRIVER", "chromedriver");
        if (chromium.isEmpty() || driver.isEmpty()) {
            String missing = "headless browser test needs chromium and chromedriver (Debian: apt-get install chromium "
                + "chromium-driver); found chromium=" + chromium.map(Path::toString).orElse("none") + ", chromedriver="
                + driver.map(Path::toString).orElse("none");
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + missing);
            }
            Assumptions.abort("SKIPPED: " + missing);
        }
        Files.createDirectories(ARTIFACTS);
        Path profile = Files.createTempDirectory("portal-chromium-");
        String caseFile = "E2E-" + UUID.randomUUID().toString().substring(0, 8);
        try (PortalServer server = PortalServer.start(PortalOptions.defaults().withPort(0).withDemoResponses(300)
                .withJdbcUrl("jdbc:h2:mem:portal-e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
             WebDriverClient browser = WebDriverClient.start(driver.get(), chromium.get(), profile,
                 ARTIFACTS.resolve("chromedriver.log"), WIDTH, HEIGHT)) {

            // the dashboard before
            browser.get(server.uri().resolve("/dashboard?lang=en"));
            browser.await("#count");
            long before = browser.script("return Number(document.getElementById('count').dataset.count)").asLong();
            double indexBefore = browser.script("return Number(document.getElementById('index').dataset.value)").asDouble();
            assertThat(before).isEqualTo(300);

            // the rating page fits the phone: no horizontal scrolling, options stacked vertically
            browser.get(server.uri().resolve("/rate/" + caseFile + "?lang=en"));
            browser.await("form");
            browser.screenshot(ARTIFACTS.resolve("rating-390x844.png"));
            assertThat(browser.title()).contains(caseFile);
            JsonNode layout = browser.script("return [window.innerWidth, document.documentElement.scrollWidth,"
                + " document.getElementById('q_tc1-1').getBoundingClientRect().left,"
                + " document.getElementById('q_tc1-2').getBoundingClientRect().left,"
                + " document.getElementById('q_tc1-1').getBoundingClientRect().top,"
                + " document.getElementById('q_tc1-2').getBoundingClientRect().top]");
            assertThat(layout.get(0).asInt()).isEqualTo(WIDTH);
            assertThat(layout.get(1).asInt()).as("page width").isLessThanOrEqualTo(WIDTH);
            assertThat(layout.get(2).asDouble()).as("options in one column").isEqualTo(layout.get(3).asDouble());
            assertThat(layout.get(5).asDouble()).as("option 2 below option 1").isGreaterThan(layout.get(4).asDouble());
            // pa3 and pa4 are hidden until "yes" is chosen for pa_used
            assertThat(browser.script("return document.getElementById('q_pa3').hidden").asBoolean()).isTrue();
            // every radio has a label that names it
            assertThat(browser.script("return Array.from(document.querySelectorAll('input[type=radio]'))"
                + ".filter(i => !i.labels || i.labels.length !== 1 || !i.labels[0].textContent.trim()).length").asInt())
                .isZero();

            // invalid: answer only two items, submit
            browser.click(browser.find("label[for='q_tc1-5']"));
            browser.click(browser.find("label[for='q_tc2-special-dont_know']"));
            browser.click(browser.find("button.submit"));
            browser.await("#error-summary");
            String summary = browser.text(browser.find("#error-summary"));
            assertThat(summary).contains("There are 19 problems", "Please choose an answer.");
            assertThat(browser.script("return document.activeElement.id").asText()).isEqualTo("error-summary");
            assertThat(browser.findAll("fieldset[aria-invalid=true]")).hasSize(19);
            assertThat(browser.script("return document.getElementById('q_tc1-5').checked").asBoolean())
                .as("answers kept").isTrue();
            browser.screenshot(ARTIFACTS.resolve("rating-errors-390x844.png"));
            browser.script("document.getElementById('q_tc3').scrollIntoView()");
            browser.screenshot(ARTIFACTS.resolve("rating-item-error-390x844.png"));

            // valid: answer the rest; one item by keyboard (arrow down moves within the radio group)
            List<String> items = List.of("tc3", "tc4", "tt1", "tt2", "tt3", "tt4", "tt5", "cc1", "cc2", "cc3", "cc4", "cc5",
                "cc6", "kq1", "kq2", "kq3", "pa1", "pa2");
            for (String q : items) {
                browser.click(browser.find("label[for='q_" + q + "-" + (q.startsWith("cc") ? 4 : 5) + "']"));
            }
            browser.click(browser.find("label[for='q_pa_used-yes']"));
            assertThat(browser.script("return document.getElementById('q_pa3').hidden").asBoolean()).isFalse();
            browser.click(browser.find("#q_pa3-3"));
            browser.press("\uE015");
            assertThat(browser.script("return document.querySelector('input[name=q_pa3]:checked').value").asText())
                .as("arrow down selects the next option").isEqualTo("4");
            browser.click(browser.find("label[for='q_pa4-5']"));
            browser.click(browser.find("button.submit"));
            assertThat(browser.awaitText("main h1", "Thank you for your rating")).isEqualTo("Thank you for your rating");
            List<String> ids = server.store().responseIdsForCaseFile(caseFile);
            assertThat(ids).hasSize(1);
            assertThat(server.store().findResponse(ids.get(0)).orElseThrow().answers().get("pa3").toString()).contains("4");

            // a second rating of the same case file is refused with a clear page
            browser.get(server.uri().resolve("/rate/" + caseFile + "?lang=en"));
            assertThat(browser.text(browser.await("main h1"))).isEqualTo("This case file has already been rated");

            // the dashboard moved
            browser.get(server.uri().resolve("/dashboard?lang=en"));
            browser.await("#chart-trend");
            long after = browser.script("return Number(document.getElementById('count').dataset.count)").asLong();
            double indexAfter = browser.script("return Number(document.getElementById('index').dataset.value)").asDouble();
            assertThat(after).isEqualTo(before + 1);
            assertThat(indexAfter).isNotEqualTo(indexBefore);
            assertThat(browser.script("return document.documentElement.scrollWidth").asInt()).isLessThanOrEqualTo(WIDTH);
            browser.screenshot(ARTIFACTS.resolve("dashboard-390x844.png"));

            // the library's full report (HtmlReport) renders its charts on the phone
            browser.get(server.uri().resolve("/report?lang=en&by=agency"));
            browser.await("svg");
            assertThat(browser.script("return Number(document.body.dataset.charts || 0)").asInt()).isPositive();
            assertThat(browser.script("return document.documentElement.scrollWidth").asInt()).isLessThanOrEqualTo(WIDTH);
            browser.screenshot(ARTIFACTS.resolve("report-390x844.png"));
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
