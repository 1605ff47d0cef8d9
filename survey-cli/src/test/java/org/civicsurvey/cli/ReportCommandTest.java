package org.civicsurvey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.civicsurvey.report.GroupKey;
import org.civicsurvey.report.ReportCell;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report command on the seeded SIPAS demo sample (1,000 respondents, seed 7) with strata by area
 * and raking to sex and age-band margins ({@code reference/sipas/margins.csv}), against R 4.2.2 /
 * survey 4.1.1 ({@code reference/sipas/sipas-index.R}) and against the same report made with the Java
 * API ({@link JavaApi}): the headline index on the raked design (R design {@code raked}:
 * rake(svydesign(ids = ~1, strata = ~area, weights = ~weight), ...)) and the report's index by agency
 * with the raked weights as fixed weights (R design {@code raked_fixed}).
 */
class ReportCommandTest {
    static final Pattern HEADLINE = Pattern.compile("SIPAS index ([0-9.]+)% \\(95% CI ([0-9.]+)-([0-9.]+), SE ([0-9.]+), raked design\\)");

    @TempDir
    Path dir;

    static double r(CsvTable t, String design, String domain, String estimate, String column) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i, "design").equals(design) && t.get(i, "domain").equals(domain) && t.get(i, "estimate").equals(estimate)) {
                return Double.parseDouble(t.get(i, column));
            }
        }
        throw new IllegalArgumentException("no reference row " + design + " " + domain + " " + estimate);
    }

    /**
     * Checks a report run's stdout and JSON against R and the Java API.
     *
     * @param stdout the run's stdout
     * @param json the sipas-report.json it wrote
     * @param demo the demo CSV
     */
    static void assertEqualsRAndJavaApi(String stdout, Path json, Path demo) throws IOException {
        CsvTable t = CsvTable.resource("/reference/sipas/sipas-index.csv");
        JavaApi.Raked api = JavaApi.sipasRakedByAgency(demo);
        // the headline, printed to 2 decimals (SE to 3): R's raked design and the Java API's, to the printed digits
        Matcher m = HEADLINE.matcher(stdout);
        assertThat(m.find()).as(stdout).isTrue();
        double index = Double.parseDouble(m.group(1));
        assertThat(index).isCloseTo(r(t, "raked", "all", "index", "value"), within(0.005));
        assertThat(Double.parseDouble(m.group(4))).isCloseTo(r(t, "raked", "all", "index", "se"), within(0.0005));
        assertThat(m.group(1)).isEqualTo(String.format(Locale.ROOT, "%.2f", api.index().value()));
        assertThat(m.group(4)).isEqualTo(String.format(Locale.ROOT, "%.3f", api.index().standardError()));

        // the report's cells in full precision: R's raked_fixed design (1e-8) and the Java API's (to the JSON's 16 digits)
        JsonNode scores = null;
        for (JsonNode table : new ObjectMapper().readTree(json.toFile()).get("tables")) {
            if (table.get("id").asText().equals("sipas.scores")) {
                scores = table;
            }
        }
        assertThat(scores).isNotNull();
        List<ReportCell> apiCells = api.report().requireTable("sipas.scores").cells(c -> c.item().equals("sipas"));
        int compared = 0;
        for (JsonNode c : scores.get("cells")) {
            if (!c.get("item").asText().equals("sipas")) {
                continue;
            }
            String domain = c.get("groups").get("agency").asText();
            String key = GroupKey.ALL.equals(domain) ? "all" : domain;
            double value = c.get("value").asDouble();
            double se = c.get("standardError").asDouble();
            assertThat(value).as(key).isCloseTo(r(t, "raked_fixed", key, "index", "value"), within(1e-8));
            assertThat(se).as(key + " SE").isCloseTo(r(t, "raked_fixed", key, "index", "se"), within(1e-8 * se));
            ReportCell a = apiCells.stream().filter(x -> x.groups().get(0).level().equals(domain)).findFirst().orElseThrow();
            assertThat(value).as(key + " = Java API").isCloseTo(a.value(), within(1e-13 * a.value()));
            assertThat(se).as(key + " SE = Java API").isCloseTo(a.standardError(), within(1e-13 * a.standardError()));
            compared++;
        }
        assertThat(compared).isEqualTo(1 + 8);
    }

    @Test
    void rakedSipasReportEqualsRAndTheJavaApi() throws IOException {
        Path demo = Cli.copy(Cli.DEMO, dir);
        Path margins = Cli.copy(Cli.MARGINS, dir);
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run(Cli.concat(new String[] {"report", "--csv", demo.toString(), "--strata", "area", "--margins",
            margins.toString(), "--by", "agency", "--lang", "en", "--out", out.toString(), "--progress", "always"}, Cli.DEMO_LAYOUT));
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCode.OK);
        assertEqualsRAndJavaApi(run.out(), out.resolve("sipas-report.json"), demo);
        assertThat(run.out()).contains("1000 responses used, 0 rows rejected", "wrote " + out.resolve("sipas-report.html"));
        assertThat(run.err()).contains("[##############################] 100%  1,000 / 1,000 rows", "raking: rake converged",
            "building the report");
        assertThat(Files.readString(out.resolve("sipas-report.html"))).contains("<svg", "name=\"viewport\"");
        assertThat(Files.readString(out.resolve("sipas-report.csv"))).startsWith("table");
    }

    @Test
    void badMarginsAndDesignsNameTheProblem() throws IOException {
        Path demo = Cli.copy(Cli.DEMO, dir);
        String[] base = Cli.concat(new String[] {"report", "--csv", demo.toString(), "--out", dir.resolve("o").toString()},
            Cli.DEMO_LAYOUT);
        Path negative = Files.writeString(dir.resolve("m1.csv"), "variable,category,population\nsex,female,-3\n");
        Cli.Run n = Cli.run(Cli.concat(base, "--margins", negative.toString()));
        assertThat(n.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(n.err()).contains("m1.csv line 2: population -3 must be positive");
        Path missing = Files.writeString(dir.resolve("m2.csv"), "variable,category,population\nsex,female,10\n");
        Cli.Run m = Cli.run(Cli.concat(base, "--margins", missing.toString()));
        assertThat(m.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(m.err()).contains("'male'").doesNotContain("\tat ");
        Path header = Files.writeString(dir.resolve("m3.csv"), "var,cat,pop\n");
        assertThat(Cli.run(Cli.concat(base, "--margins", header.toString())).err()).contains("variable,category,population");
        // a service belongs to one agency: strata by service with agencies as PSUs has a PSU alone in each stratum
        Cli.Run lonely = Cli.run(Cli.concat(base, "--strata", "service", "--psu", "agency"));
        assertThat(lonely.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(lonely.err()).contains("stratum", "ADJUST");
        Cli.Run adjusted = Cli.run(Cli.concat(base, "--strata", "service", "--psu", "agency", "--lonely-psu", "adjust"));
        assertThat(adjusted.code()).as(adjusted.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void rejectedRowsRefuseTheReportUnlessSkipped() throws IOException {
        Path demo = Cli.copy(Cli.DEMO, dir);
        Path hostile = Files.writeString(dir.resolve("h.csv"), Files.readString(demo).replaceFirst("\ndemo-7-1,", "\ndemo-7-1\u0000,")
            .replaceFirst(",4,4,4,3,4,4,4,4,4,3,", ",4,4,<script>,3,4,4,4,4,4,3,"));
        String[] args = Cli.concat(new String[] {"report", "--csv", hostile.toString(), "--out", dir.resolve("h").toString()},
            Cli.DEMO_LAYOUT);
        Cli.Run refused = Cli.run(args);
        assertThat(refused.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(refused.err()).contains("row 3", "nothing was done (--skip-invalid").doesNotContain("\u0000");
        assertThat(dir.resolve("h")).doesNotExist();
        Cli.Run skipped = Cli.run(Cli.concat(args, "--skip-invalid"));
        assertThat(skipped.code()).isEqualTo(ExitCode.OK);
        assertThat(skipped.out()).containsPattern("99[89] responses used, [12] rows rejected");
    }

    @Test
    void otherMethodsAndUsageErrors() throws IOException {
        Path demo = Cli.copy(Cli.DEMO, dir);
        Cli.Run acsi = Cli.run("report", "--method", "acsi", "--csv", demo.toString(), "--strata", "area");
        assertThat(acsi.code()).isEqualTo(ExitCode.USAGE);
        assertThat(acsi.err()).contains("do not apply to --method acsi");
        Cli.Run method = Cli.run("report", "--method", "csat", "--csv", demo.toString());
        assertThat(method.code()).isEqualTo(ExitCode.USAGE);
        assertThat(method.err()).contains("'csat' is not one of sipas, sdg, a11, acsi");
        Cli.Run none = Cli.run("report");
        assertThat(none.code()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).contains("exactly one source");
        Cli.Run by = Cli.run(Cli.concat(new String[] {"report", "--csv", demo.toString(), "--by", "agency;drop"}, Cli.DEMO_LAYOUT));
        assertThat(by.code()).isEqualTo(ExitCode.USAGE);
        assertThat(by.err()).contains("'agency;drop' is not a grouping");
        Cli.Run missing = Cli.run("report", "--csv", dir.resolve("none.csv").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.IO);
        assertThat(missing.err()).contains("none.csv: no such file");
        // the SIPAS demo read as A-11 by period: the columns do not fit, refused naming them
        Cli.Run wrong = Cli.run(Cli.concat(new String[] {"report", "--method", "a11", "--csv", demo.toString()}, Cli.DEMO_LAYOUT));
        assertThat(wrong.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(wrong.err()).contains("tc1");
    }
}
