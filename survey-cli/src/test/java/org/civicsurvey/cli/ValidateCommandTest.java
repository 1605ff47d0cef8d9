package org.civicsurvey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.json.InstrumentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    @Test
    void aStandardInstrumentAndAnInstrumentFileAreValid() throws IOException {
        Cli.Run r = Cli.run("validate", "sipas2017");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.err()).contains("valid instrument sipas2017 1.0", "22 rating items");
        Path file = Files.writeString(dir.resolve("a11.json"), InstrumentJson.write(StandardInstruments.a11v2()));
        assertThat(Cli.run("validate", file.toString()).code()).isEqualTo(ExitCode.OK);
    }

    @Test
    void aMalformedInstrumentListsEveryProblemWithItsLine() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"id\": \"x\",\n \"version\": ");
        Cli.Run r = Cli.run("validate", broken.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(r.out()).contains(broken.toString()).containsPattern("line 2");
        assertThat(r.err()).contains("invalid instrument").doesNotContain("Exception", "\tat ");

        String json = InstrumentJson.write(StandardInstruments.sipas2017()).replaceFirst("\"version\"\\s*:\\s*\"1.0\"", "\"version\": \"\"");
        Path bad = Files.writeString(dir.resolve("bad.json"), json);
        Cli.Run v = Cli.run("validate", bad.toString());
        assertThat(v.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(v.out()).contains("version");
    }

    @Test
    void aMissingInstrumentIsAnIoError() {
        Cli.Run r = Cli.run("validate", dir.resolve("nope.json").toString());
        assertThat(r.code()).isEqualTo(ExitCode.IO);
        assertThat(r.err()).contains("nope.json", "no such file, and not a standard instrument (sipas2017");
    }

    @Test
    void theDemoCsvIsValidAndEveryBadCellIsPrintedWithRowAndColumn() throws IOException {
        Path demo = Cli.copy(Cli.DEMO, dir);
        Cli.Run ok = Cli.run(Cli.concat(new String[] {"validate", "sipas2017", "--csv", demo.toString()}, Cli.DEMO_LAYOUT));
        assertThat(ok.code()).as(ok.err()).isEqualTo(ExitCode.OK);
        assertThat(ok.out()).isEmpty();
        assertThat(ok.err()).contains("read 1000 rows: 1000 imported, 0 rejected");

        // row 3 (the second data row): tc1 = 6 is off the scale; row 5: an id that is an SQL injection
        String[] lines = Files.readString(demo).split("\n", -1);
        lines[2] = lines[2].replaceFirst(",no,4,", ",no,6,");
        lines[4] = lines[4].replaceFirst("^demo-7-3,", "x'; DROP TABLE responses; --,");
        Path bad = Files.writeString(dir.resolve("bad.csv"), String.join("\n", lines));
        Cli.Run r = Cli.run(Cli.concat(new String[] {"validate", "sipas2017", "--csv", bad.toString()}, Cli.DEMO_LAYOUT));
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(r.out()).contains("row 3, column tc1", "row 5, column respondent");
        assertThat(r.err()).contains("2 rejected");
    }

    @Test
    void aMisspeltColumnRefusesTheFileNamingTheClosestName() throws IOException {
        Path demo = Cli.copy(Cli.DEMO, dir);
        Path bad = Files.writeString(dir.resolve("misspelt.csv"), Files.readString(demo).replaceFirst(",tc1,", ",tc1x,"));
        Cli.Run r = Cli.run(Cli.concat(new String[] {"validate", "sipas2017", "--csv", bad.toString()}, Cli.DEMO_LAYOUT));
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(r.out()).contains("tc1x").contains("tc1");
    }

    @Test
    void malformedAndHostileCsvsAreDataErrorsWithoutStackTraces() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Cli.Run e = Cli.run("validate", "sipas2017", "--csv", empty.toString());
        assertThat(e.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(e.err()).contains("empty.csv", "empty");

        Path quote = Files.writeString(dir.resolve("quote.csv"), "\"id,tc1\n1,2\n");
        Cli.Run q = Cli.run("validate", "sipas2017", "--csv", quote.toString());
        assertThat(q.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(q.err()).contains("never closed");

        // Latin-1 bytes read as UTF-8
        Path latin = dir.resolve("latin.csv");
        Files.write(latin, "id,tc1\nr\u00e9,4\n".getBytes(StandardCharsets.ISO_8859_1));
        Cli.Run l = Cli.run("validate", "sipas2017", "--csv", latin.toString());
        assertThat(l.code()).isEqualTo(ExitCode.INVALID_DATA);

        // terminal escapes and odd Unicode in an id are printed escaped, never raw
        Path odd = Files.writeString(dir.resolve("odd.csv"), "id,tc1\n\"a\u001b[31mred\u202e\",4\nTi\u1ebfng-Vi\u1ec7t,9\n");
        Cli.Run o = Cli.run("validate", "sipas2017", "--csv", odd.toString(), "--progress", "never");
        assertThat(o.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(o.out() + o.err()).doesNotContain("\u001b", "\u202e").doesNotContain("\tat ");
        for (Cli.Run run : new Cli.Run[] {e, q, l, o}) {
            assertThat(run.err()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void jsonResponsesAreValidatedWithTheirPaths() throws IOException {
        Path json = Files.writeString(dir.resolve("r.json"), "[{\"id\": \"r1\", \"instrumentId\": \"sipas2017\","
            + " \"instrumentVersion\": \"1.0\", \"status\": \"complete\", \"answers\": {\"tc1\": 7}}]");
        Cli.Run r = Cli.run("validate", "sipas2017", "--json", json.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(r.out()).contains("[0] r1: answers.tc1");
        Path notJson = Files.writeString(dir.resolve("n.json"), "[{\"id\": ");
        Cli.Run n = Cli.run("validate", "sipas2017", "--json", notJson.toString());
        assertThat(n.code()).isEqualTo(ExitCode.INVALID_DATA);
        assertThat(n.out()).contains("n.json", "line 1");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(Cli.run("validate").code()).isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run("validate", "sipas2017", "--bogus").code()).isEqualTo(ExitCode.USAGE);
        Cli.Run r = Cli.run("validate", "sipas2017", "--csv", "a.csv", "--json", "b.json");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--csv FILE or --json FILE");
        assertThat(Cli.run().code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void everyCommandHasHelpAndTheVersionIsPrinted() {
        for (String c : new String[] {"validate", "import", "report", "export", "erase"}) {
            Cli.Run r = Cli.run(c, "--help");
            assertThat(r.code()).as(c).isZero();
            assertThat(r.out()).as(c).startsWith("Usage: civicsurvey " + c).contains("Example");
        }
        Cli.Run top = Cli.run("--help");
        assertThat(top.out()).contains("Exit codes:", "70");
        assertThat(Cli.run("--version").out()).startsWith("civicsurvey ");
    }
}
