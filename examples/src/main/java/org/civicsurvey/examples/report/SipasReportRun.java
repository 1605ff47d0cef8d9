package org.civicsurvey.examples.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.civicsurvey.cli.CivicSurveyCommand;
import org.civicsurvey.examples.data.DemoData;
import picocli.CommandLine;

/**
 * The SIPAS report on the demo data, through the command line's {@code report} command
 * ({@code survey-cli}, {@code civicsurvey report}): this program only adds the demo's sources and
 * defaults, and passes every other option on.
 *
 * <ul>
 *   <li>{@code --demo N}: writes N seeded demo respondents ({@link DemoData#generate(int, long)},
 *       seed 2026) to {@code demo.csv} in the output directory and reports on them;</li>
 *   <li>{@code --data-dir DIR}: the portal's embedded store in DIR
 *       ({@code --jdbc-url jdbc:h2:file:DIR/civicsurvey});</li>
 *   <li>a CSV given with {@code --csv} without column options is read in the demo's layout
 *       ({@link DemoData#csvLayout()});</li>
 *   <li>defaults: {@code --out target/sipas-report}, {@code --by province,period}, periods cut in
 *       Viet Nam's time ({@code --zone Asia/Ho_Chi_Minh}, as on the portal's dashboard).</li>
 * </ul>
 *
 * <pre>
 * mvn -B -q -DskipTests -pl examples -am package exec:java \
 *     -Dmain.class=org.civicsurvey.examples.report.SipasReportRun \
 *     -Dexec.args="--demo 20000 --strata area --margins examples/src/main/resources/org/civicsurvey/examples/report/demo-margins.csv --lang en"
 * </pre>
 */
public final class SipasReportRun {
    /** The demo CSV's layout as the command line's options ({@link DemoData#csvLayout()}). */
    static final List<String> DEMO_LAYOUT = List.of("--column", "id=respondent", "--column", "time=date",
        "--attribute", "province,sex,age_band,area,stratum");

    private SipasReportRun() {
    }

    /**
     * Runs the program and exits with the command line's exit code.
     *
     * @param args {@code --demo N} or {@code --data-dir DIR}, and any option of {@code civicsurvey report}
     */
    public static void main(String[] args) {
        System.exit(run(List.of(args), new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /**
     * Runs the program.
     *
     * @param args the options
     * @param out stdout
     * @param err stderr
     * @return the exit code of {@code civicsurvey report} ({@code org.civicsurvey.cli.ExitCode})
     */
    public static int run(List<String> args, PrintWriter out, PrintWriter err) {
        List<String> report = new ArrayList<>(List.of("report"));
        Path outDir = Path.of(value(args, "--out").orElse(value(args, "-o").orElse("target/sipas-report")));
        int demo = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            boolean hasValue = i + 1 < args.size();
            if (a.equals("--demo") && hasValue) {
                try {
                    demo = Integer.parseInt(args.get(++i).strip());
                } catch (NumberFormatException e) {
                    err.println("sipas-report: --demo is '" + args.get(i) + "'; must be a whole number 1..5000000");
                    return CommandLine.ExitCode.USAGE;
                }
                if (demo < 1 || demo > 5_000_000) {
                    err.println("sipas-report: --demo is " + demo + "; must be 1..5000000");
                    return CommandLine.ExitCode.USAGE;
                }
            } else if (a.equals("--data-dir") && hasValue) {
                report.addAll(List.of("--jdbc-url", "jdbc:h2:file:" + Path.of(args.get(++i)).toAbsolutePath().resolve("civicsurvey")));
            } else {
                report.add(a);
            }
        }
        if (demo > 0) {
            Path csv = outDir.resolve("demo.csv");
            try {
                Files.createDirectories(outDir);
                try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                    DemoData.generate(demo, 2026).writeCsv(w);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + csv, e);
            }
            err.println("wrote " + demo + " seeded demo respondents to " + csv);
            report.addAll(List.of("--csv", csv.toString()));
        }
        if (report.contains("--csv") && !report.contains("--column")) {
            report.addAll(DEMO_LAYOUT);
        }
        addDefault(report, "--out", outDir.toString());
        addDefault(report, "--by", "province,period");
        addDefault(report, "--zone", "Asia/Ho_Chi_Minh");
        CommandLine cl = CivicSurveyCommand.commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(report.toArray(new String[0]));
    }

    private static java.util.Optional<String> value(List<String> args, String flag) {
        int i = args.indexOf(flag);
        return i >= 0 && i + 1 < args.size() ? java.util.Optional.of(args.get(i + 1)) : java.util.Optional.empty();
    }

    private static void addDefault(List<String> args, String flag, String value) {
        if (!args.contains(flag) && !(flag.equals("--out") && args.contains("-o"))) {
            args.add(flag);
            args.add(value);
        }
    }
}
