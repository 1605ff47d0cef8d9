package org.civicsurvey.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicsurvey.jdbc.ResponseFilter;
import org.civicsurvey.jdbc.SurveyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The portal in a real browser (Selenium 4 driving Debian's headless Chromium and chromedriver): a
 * citizen rates a case file on a 390×844 phone in Vietnamese and in English, meets the error summary,
 * sees the dashboard count the rating; an administrator logs in and erases a rating; axe-core finds no
 * serious or critical accessibility violation on the rating form and the dashboard. Skipped when
 * Chromium, chromedriver or axe-core ({@code npm ci --prefix examples/src/test/axe}) are missing,
 * unless {@code CI=true}. With {@code -Dscreenshots=DIR} it saves the README's two screenshots there
 * (the rating form on a phone in Vietnamese, the dashboard on a desktop in English).
 */
@SpringBootTest(classes = Portal.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:portal-browser;DB_CLOSE_DELAY=-1", "portal.demo-responses=2000", "portal.demo-in-background=false",
    "portal.demo-case-files=0", "portal.admin.password=correct-horse-battery",
    "portal.links.secret=browser-secret-browser-secret-browser-0123", "civicsurvey.rollup.compact-interval=0"})
class PortalBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path AXE = Path.of("src/test/axe/node_modules/axe-core/axe.min.js");
    private static WebDriver driver;

    @LocalServerPort
    int port;
    @Autowired
    SurveyStore store;
    @Autowired
    CaseFileRegistry caseFiles;
    @Autowired
    RatingLinks links;

    @BeforeAll
    static void browser() {
        List<String> missing = new java.util.ArrayList<>();
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER, AXE)) {
            if (!Files.isRegularFile(p)) {
                missing.add(p.toString());
            }
        }
        if (!missing.isEmpty()) {
            String why = "missing " + missing + " (Debian's chromium and chromium-driver; npm ci --prefix examples/src/test/axe)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " and CI=true requires the browser test");
            }
            Assumptions.abort(why + "; skipped (set CI=true to make this a failure)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private String completed(String agency, String service) {
        String id = "HS-" + UUID.randomUUID().toString().substring(0, 13);
        CaseFileRegistry.CaseFile cf = new CaseFileRegistry.CaseFile(id, agency, service, "online", "ha-noi", Instant.now());
        caseFiles.complete(cf);
        return links.path(id, cf.completedAt());
    }

    private void phone() {
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    private void desktop() {
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    private void choose(String id) {
        WebElement input = driver.findElement(By.id(id));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", input);
        driver.findElement(By.cssSelector("label[for='" + id + "']")).click();
    }

    /** Answers every question of the SIPAS form: 4 everywhere, "no" to the public-administration question. */
    private void answerAll(int value, String... skip) {
        List<String> skipped = List.of(skip);
        for (WebElement fs : driver.findElements(By.cssSelector("fieldset.item"))) {
            String name = fs.getAttribute("id");
            if (skipped.contains(name) || !fs.isDisplayed()) {
                continue;
            }
            choose(name.equals("q_pa_used") ? name + "-no" : name + "-" + value);
        }
    }

    private void submit() {
        WebElement button = driver.findElement(By.cssSelector("button.submit"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", button);
        button.click();
    }

    private long stored() {
        return store.count(ResponseFilter.all().instrument("sipas2017", "1.0"));
    }

    @Test
    void aCitizenRatesOnAPhoneInVietnameseAndEnglishAndTheDashboardCountsIt() throws IOException {
        phone();
        String vi = completed("so-tu-phap", "ly-lich-tu-phap");
        driver.get(url(vi + "&lang=vi"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Đánh giá hồ sơ");
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("vi");
        axe("rating form (vi, phone)");
        screenshot("rating-form-phone-vi.png");
        // two questions left out: the error summary lists both, in Vietnamese, and takes the focus
        answerAll(4, "q_tc1", "q_kq2");
        submit();
        WebElement summary = new WebDriverWait(driver, Duration.ofSeconds(30))
            .until(d -> d.findElement(By.id("error-summary")));
        assertThat(summary.getText()).contains("Vui lòng sửa các lỗi sau").contains("Có 2 lỗi trong phiếu.")
            .contains("Vui lòng chọn một câu trả lời.");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("error-summary");
        summary.findElements(By.tagName("a")).get(0).click();
        assertThat(driver.getCurrentUrl()).endsWith("#q_tc1");
        choose("q_tc1-5");
        choose("q_kq2-special-dont-know");
        long before = stored();
        submit();
        assertThat(new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("thanks"))).getText())
            .isEqualTo("Cảm ơn bạn đã đánh giá");
        assertThat(stored()).isEqualTo(before + 1);
        // the dashboard counts it
        desktop();
        driver.get(url("/dashboard?lang=en"));
        assertThat(driver.findElement(By.id("count")).getAttribute("data-count")).isEqualTo(Long.toString(before + 1));

        // English, on the phone
        phone();
        String en = completed("cong-an", "can-cuoc");
        driver.get(url(en + "&lang=en"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Rate your case file");
        answerAll(5);
        submit();
        assertThat(new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("thanks"))).getText())
            .isEqualTo("Thank you for your rating");
        // a second rating of the same case file is refused
        driver.get(url(en));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("This case file has already been rated");
        desktop();
        driver.get(url("/dashboard?lang=en&by=agency"));
        assertThat(driver.findElement(By.id("count")).getAttribute("data-count")).isEqualTo(Long.toString(before + 2));
        assertThat(driver.findElements(By.cssSelector("svg[data-chart]"))).hasSizeGreaterThanOrEqualTo(3);
        axe("dashboard (en, desktop)");
        screenshot("dashboard-desktop-en.png");
    }

    @Test
    void anAdministratorLogsInAndErasesARespondent() {
        desktop();
        String path = completed("so-xay-dung", "nha-o");
        String caseFile = path.substring("/rate/".length(), path.indexOf('?'));
        driver.get(url(path + "&lang=en"));
        answerAll(3);
        submit();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("thanks")));
        assertThat(store.responseIdsForCaseFile(caseFile)).hasSize(1);
        driver.get(url("/admin"));
        assertThat(driver.getCurrentUrl()).endsWith("/login");
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys("correct-horse-battery");
        driver.findElement(By.cssSelector("form button.submit")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("caseFileId"))).sendKeys(caseFile);
        driver.findElement(By.cssSelector("form[action='/admin/erase'] button")).click();
        assertThat(new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("erased"))).getText())
            .isEqualTo("One rating was erased.");
        assertThat(store.responseIdsForCaseFile(caseFile)).isEmpty();
    }

    /** Runs axe-core on the page; no violation of serious or critical impact is allowed. */
    @SuppressWarnings("unchecked")
    private void axe(String page) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(Files.readString(AXE, StandardCharsets.UTF_8));
        Object result = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
            + "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
            + "  done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
            + "    .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(function (n) {"
            + "      return n.target.join(' '); }).slice(0, 5).join(', '); }));"
            + "}).catch(function (e) { done(['axe failed: ' + e]); });");
        assertThat((List<String>) result).as("axe-core on the " + page).isEmpty();
    }

    /** Saves a screenshot where -Dscreenshots points (the README's pictures), else under target/. */
    private void screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(dir.resolve(name), png);
        assertThat(png.length).isGreaterThan(1000);
        assertThat(Map.of("png", png[1] == 'P' && png[2] == 'N' && png[3] == 'G')).containsEntry("png", true);
    }
}
