package org.civicsurvey.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine;

/** Runs the command line in process, with stdout and stderr captured. */
final class Cli {
    /** The SIPAS demo sample of the R reference (DemoData.generate(1000, 7)). */
    static final String DEMO = "reference/sipas/demo-1000-seed7.csv";
    /** The margins of the R reference's rake() call. */
    static final String MARGINS = "reference/sipas/margins.csv";
    /** The options that read the demo CSV's layout. */
    static final String[] DEMO_LAYOUT = {"--column", "id=respondent", "--column", "time=date",
        "--attribute", "province,sex,age_band,area,stratum"};

    /** What a run did. */
    record Run(int code, String out, String err) {
    }

    private Cli() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CivicSurveyCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * @param resource a test resource
     * @param dir where to copy it
     * @return the copy
     */
    static Path copy(String resource, Path dir) throws IOException {
        Path target = dir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = Cli.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        return target;
    }
}
