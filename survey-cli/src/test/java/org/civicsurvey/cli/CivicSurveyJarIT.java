package org.civicsurvey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar, run as users run it: {@code java -jar target/civicsurvey.jar ...} in a separate
 * process (failsafe, after {@code package}), its exit code, stdout and stderr.
 */
class CivicSurveyJarIT {
    private static Path jar;

    @TempDir
    Path dir;

    /** What a process did. */
    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("civicsurvey.jar", "target/civicsurvey.jar"));
        assertThat(jar).as("run after package: mvn verify").exists();
    }

    private Run java(String... args) throws IOException, InterruptedException {
        return java(dir, args);
    }

    private Run java(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("civicsurvey " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theJarNamesItsModuleAndMainClass() throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("org.civicsurvey.cli.CivicSurveyCommand");
            assertThat(j.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("org.civicsurvey.cli");
            assertThat(j.getEntry("org/h2/Driver.class")).isNotNull();
            assertThat(j.getEntry("org/postgresql/Driver.class")).isNotNull();
            assertThat(j.getEntry("org/mariadb/jdbc/Driver.class")).isNotNull();
        }
    }

    @Test
    void helpForEveryCommandAndTheVersion() throws Exception {
        Run top = java("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("validate", "import", "report", "export", "erase", "Exit codes:");
        for (String c : new String[] {"validate", "import", "report", "export", "erase"}) {
            Run r = java(c, "--help");
            assertThat(r.code()).as(c).isZero();
            assertThat(r.out()).as(c).startsWith("Usage: civicsurvey " + c);
            assertThat(r.err()).as(c).isEmpty();
        }
        Run v = java("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).matches("(?s)civicsurvey \\d+\\.\\d+\\.\\d+.*");
    }

    /**
     * The README's command, read from README.md and run as written from the repository's root (only
     * the output directory moved to a temporary one): the SIPAS demo CSV raked to margins gives R's
     * index and the Java API's, and prints the line the README quotes.
     */
    @Test
    void theReadmeReportOnTheDemoCsvWithMarginsEqualsTheJavaApiAndR() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("\n(java -jar survey-cli/target/civicsurvey.jar report [^`]*)```").matcher(readme);
        assertThat(block.find()).as("the report command in README.md").isTrue();
        List<String> args = new ArrayList<>(List.of(block.group(1).replace("\\\n", " ").trim().split("\\s+")));
        assertThat(args.subList(0, 3)).containsExactly("java", "-jar", "survey-cli/target/civicsurvey.jar");
        int out = args.indexOf("--out");
        assertThat(out).isPositive();
        args.set(out + 1, dir.resolve("report").toString());
        Run r = java(root, args.subList(3, args.size()).toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        Matcher quoted = Pattern.compile("prints `(SIPAS index [^`]*)`").matcher(readme);
        assertThat(quoted.find()).isTrue();
        assertThat(r.out()).contains(quoted.group(1));
        ReportCommandTest.assertEqualsRAndJavaApi(r.out(), dir.resolve("report/sipas-report.json"),
            root.resolve(args.get(args.indexOf("--csv") + 1)));
        assertThat(r.err()).contains("raking: rake converged").doesNotContain("WARN", "INFO", "SLF4J");
        assertThat(dir.resolve("report/sipas-report.html")).isNotEmptyFile();
    }

    @Test
    void importEraseAndExportThroughAStoreInSeparateProcesses() throws Exception {
        Path demo = Cli.copy(Cli.DEMO, dir);
        String url = "jdbc:h2:" + dir.resolve("store").toAbsolutePath();
        Run imp = java("import", "--csv", demo.toString(), "-i", "sipas2017", "--jdbc-url", url, "--column", "id=respondent",
            "--column", "time=date", "--attribute", "province,sex,age_band,area,stratum", "--progress", "always");
        assertThat(imp.code()).as(imp.err()).isEqualTo(ExitCode.OK);
        assertThat(imp.out()).contains("stored 1000 new");
        assertThat(imp.err()).contains("importing rows", "1,000 / 1,000 rows", "saving responses", "1,000 / 1,000 responses")
            .doesNotContain("\r");
        assertThat(java("erase", "--jdbc-url", url, "demo-7-0").code()).isEqualTo(ExitCode.OK);
        Run again = java("erase", "--jdbc-url", url, "demo-7-0");
        assertThat(again.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(again.err()).contains("response 'demo-7-0': not in the store");
        Run export = java("export", "-i", "sipas2017", "--jdbc-url", url, "--layout", "long");
        assertThat(export.code()).as(export.err()).isEqualTo(ExitCode.OK);
        assertThat(export.err()).contains("exported 999 responses");
    }

    @Test
    void badInputGivesTheDocumentedExitCodesAndNoStackTrace() throws Exception {
        Run missing = java("validate", "sipas2017", "--csv", "nope.csv");
        assertThat(missing.code()).isEqualTo(ExitCode.IO);
        assertThat(missing.err()).contains("nope.csv: no such file");

        Files.writeString(dir.resolve("bad.csv"), "id,tc1,tc1x\nr1,4,5\n");
        Run unknown = java("validate", "sipas2017", "--csv", "bad.csv");
        assertThat(unknown.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(unknown.out()).contains("tc1x");

        Files.writeString(dir.resolve("i.json"), "{ \"id\": \"x\", ");
        Run json = java("validate", "i.json");
        assertThat(json.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(json.out()).contains("i.json", "line 1");

        Run usage = java("report", "--no-such-option");
        assertThat(usage.code()).isEqualTo(ExitCode.USAGE);
        assertThat(usage.err()).contains("--no-such-option");

        Run store = java("erase", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x", "r1");
        assertThat(store.code()).isEqualTo(ExitCode.STORE);

        // the demo's first rows with an SQL injection, Vietnamese letters, NUL and a right-to-left override in the ids
        String[] lines = Files.readString(Cli.copy(Cli.DEMO, dir)).split("\n");
        Files.writeString(dir.resolve("odd.csv"), lines[0] + "\n" + lines[1].replaceFirst("^demo-7-0", "\"Nguy\u1ec5n'; DROP TABLE x; --\"")
            + "\n" + lines[2].replaceFirst("^demo-7-1", "\"\u0000\u202e\"") + "\n" + lines[3] + "\n");
        Run odd = java("validate", "sipas2017", "--csv", "odd.csv", "--column", "id=respondent", "--column", "time=date",
            "--attribute", "province,sex,age_band,area,stratum");
        assertThat(odd.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(odd.out()).contains("row 2, column respondent", "row 3, column respondent").doesNotContain("row 4")
            .doesNotContain("\u202e", "\u0000");
        for (Run r : List.of(missing, unknown, json, usage, store, odd)) {
            assertThat(r.err()).doesNotContain("\tat ", "Exception in thread");
        }
    }
}
