package org.civicsurvey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.csv.ColumnMapping;
import org.civicsurvey.io.csv.WideCsvImporter;
import org.civicsurvey.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import, export, erase and report on a store (H2 in a temporary directory, through its JDBC URL). */
class StoreCommandsTest {
    @TempDir
    Path dir;

    /**
     * The store's URL. Each command opens and closes the database; run one after another in one JVM,
     * as here, reopening the file H2 2.3.232 had just closed failed ("File corrupted while reading
     * record"), so the database stays open for the test's JVM. Separate processes, as
     * {@code CivicSurveyJarIT} runs them, open it afresh each time.
     */
    private String url() {
        return "jdbc:h2:" + dir.resolve("store").toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
    }

    private Path demo() throws IOException {
        return Cli.copy(Cli.DEMO, dir);
    }

    private static List<Response> read(Path csv, ColumnMapping mapping) {
        List<Response> out = new ArrayList<>();
        WideCsvImporter.create(StandardInstruments.sipas2017(), mapping).read(csv, out::add);
        out.sort(Comparator.comparing(Response::id));
        return out;
    }

    @Test
    void importIsIdempotentAndExportReadsBackTheSameResponses() throws IOException {
        Path demo = demo();
        String[] imp = Cli.concat(new String[] {"import", "--csv", demo.toString(), "-i", "sipas2017", "--jdbc-url", url()},
            Cli.DEMO_LAYOUT);
        Cli.Run first = Cli.run(imp);
        assertThat(first.code()).as(first.err()).isEqualTo(ExitCode.OK);
        assertThat(first.out()).contains("stored 1000 new, 0 updated, 0 already stored, 0 conflicting, 0 invalid");
        assertThat(first.err()).contains("read 1000 rows: 1000 imported, 0 rejected");
        Cli.Run again = Cli.run(imp);
        assertThat(again.code()).isEqualTo(ExitCode.OK);
        assertThat(again.out()).contains("stored 0 new, 0 updated, 1000 already stored");

        Path wide = dir.resolve("wide.csv");
        Path codebook = dir.resolve("codebook.csv");
        Cli.Run export = Cli.run("export", "-i", "sipas2017", "--jdbc-url", url(), "--out", wide.toString(), "--codebook",
            codebook.toString());
        assertThat(export.code()).as(export.err()).isEqualTo(ExitCode.OK);
        assertThat(export.err()).contains("exported 1000 responses, 1000 rows (wide)");
        assertThat(Files.readString(codebook)).startsWith("column,role,kind,value,meaning,dimension,label_vi,label_en")
            .contains("respondent.province");
        // the export, read with the export's own layout, holds the responses the demo file holds
        List<String> keys = List.of("age_band", "area", "province", "sex", "stratum");
        assertThat(read(wide, org.civicsurvey.io.csv.CsvExporter.create(StandardInstruments.sipas2017()).columnMapping(keys)))
            .isEqualTo(read(demo, ColumnMapping.builder().id("respondent").caseFile("case_file").agency("agency")
                .service("service").channel("channel").time("date").weight("weight").respondent("province", "province")
                .respondent("sex", "sex").respondent("age_band", "age_band").respondent("area", "area")
                .respondent("stratum", "stratum").questionsByHeader().build()));
        // and the command line reads it back with no column option: the export's layout is the default
        Cli.Run back = Cli.run("validate", "sipas2017", "--csv", wide.toString());
        assertThat(back.code()).as(back.out()).isEqualTo(ExitCode.OK);

        Cli.Run longCsv = Cli.run("export", "-i", "sipas2017", "--csv", wide.toString(), "--layout", "long");
        assertThat(longCsv.code()).as(longCsv.err()).isEqualTo(ExitCode.OK);
        assertThat(longCsv.out()).startsWith("id,case_file,agency,service,channel,time,weight,");

        // the report from the store equals the report from the file
        Path margins = Cli.copy(Cli.MARGINS, dir);
        Path out = dir.resolve("from-store");
        Cli.Run report = Cli.run("report", "--jdbc-url", url(), "--strata", "area", "--margins", margins.toString(), "--by",
            "agency", "--lang", "en", "--out", out.toString());
        assertThat(report.code()).as(report.err()).isEqualTo(ExitCode.OK);
        ReportCommandTest.assertEqualsRAndJavaApi(report.out(), out.resolve("sipas-report.json"), demo);
    }

    @Test
    void aFileWithARejectedRowStoresNothing() throws IOException {
        Path demo = demo();
        Path bad = Files.writeString(dir.resolve("bad.csv"), Files.readString(demo).replaceFirst("\ndemo-7-5,", "\ndemo-7-4,"));
        String[] imp = Cli.concat(new String[] {"import", "--csv", bad.toString(), "-i", "sipas2017", "--jdbc-url", url()},
            Cli.DEMO_LAYOUT);
        Cli.Run refused = Cli.run(imp);
        assertThat(refused.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(refused.err()).contains("2 duplicate id: rows 6, 7", "nothing was done");
        assertThat(Files.exists(dir.resolve("store.mv.db"))).isFalse();

        Cli.Run firstWins = Cli.run(Cli.concat(imp, "--duplicates", "first-wins"));
        assertThat(firstWins.code()).isEqualTo(ExitCode.INVALID_DATA);
        Cli.Run skipped = Cli.run(Cli.concat(imp, "--duplicates", "first-wins", "--skip-invalid"));
        assertThat(skipped.code()).as(skipped.err()).isEqualTo(ExitCode.OK);
        assertThat(skipped.out()).contains("stored 999 new");
    }

    @Test
    void eraseRemovesAResponseAndSaysWhenThereIsNone() throws IOException {
        Cli.Run imp = Cli.run(Cli.concat(new String[] {"import", "--csv", demo().toString(), "-i", "sipas2017", "--jdbc-url",
            url()}, Cli.DEMO_LAYOUT));
        assertThat(imp.code()).isEqualTo(ExitCode.OK);
        Cli.Run erased = Cli.run("erase", "--jdbc-url", url(), "demo-7-0");
        assertThat(erased.code()).as(erased.err()).isEqualTo(ExitCode.OK);
        assertThat(erased.out()).isEqualTo("erased demo-7-0" + System.lineSeparator());
        assertThat(Cli.run("erase", "--jdbc-url", url(), "demo-7-0").code()).isEqualTo(ExitCode.NOT_FOUND);

        Cli.Run hostile = Cli.run("erase", "--jdbc-url", url(), "x' OR '1'='1", "demo-7-1'; DROP TABLE cs_response; --",
            "\u202eevil\u001b[2J");
        assertThat(hostile.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(hostile.err()).contains("response 'x' OR '1'='1': not in the store").doesNotContain("\u202e", "\u001b");
        Cli.Run byCase = Cli.run("erase", "--jdbc-url", url(), "--case-file", "DEMO-7-0000002", "--anonymise");
        assertThat(byCase.code()).as(byCase.err()).isEqualTo(ExitCode.OK);
        assertThat(byCase.out()).contains("anonymised demo-7-2");

        Cli.Run export = Cli.run("export", "-i", "sipas2017", "--jdbc-url", url());
        assertThat(export.code()).isEqualTo(ExitCode.OK);
        assertThat(export.err()).contains("exported 999 responses");
        assertThat(export.out()).doesNotContain("demo-7-0,").contains("demo-7-1,");
    }

    @Test
    void storeErrorsExitWith4AndNeverPrintThePassword() {
        Cli.Run r = Cli.run("erase", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none?password=hunter2", "r1");
        assertThat(r.code()).isEqualTo(ExitCode.STORE);
        assertThat(r.err()).contains("cannot connect to jdbc:postgresql://127.0.0.1:1/none?password=***").doesNotContain("hunter2");
        Cli.Run notJdbc = Cli.run("erase", "--jdbc-url", "postgres://x", "r1");
        assertThat(notJdbc.code()).isEqualTo(ExitCode.USAGE);
        Cli.Run noDriver = Cli.run("erase", "--jdbc-url", "jdbc:oracle:thin:@x:1521:y", "r1");
        assertThat(noDriver.code()).isEqualTo(ExitCode.STORE);
        assertThat(noDriver.err()).contains("cannot connect").doesNotContain("\tat ");
        assertThat(Cli.run("erase", "r1").code()).isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run("import", "--csv", "x.csv", "-i", "sipas2017").code()).isEqualTo(ExitCode.USAGE);
    }
}
