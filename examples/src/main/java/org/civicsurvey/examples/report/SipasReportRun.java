package org.civicsurvey.examples.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.civicsurvey.examples.data.DemoData;
import org.civicsurvey.examples.data.ReportGroupings;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.jdbc.ResponseFilter;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.jdbc.UrlDataSource;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.report.Report;
import org.civicsurvey.report.ReportData;
import org.civicsurvey.report.ReportJson;
import org.civicsurvey.report.ResponseDesign;
import org.civicsurvey.report.SipasReport;
import org.civicsurvey.report.TidyCsv;
import org.civicsurvey.io.csv.ColumnMapping;
import org.civicsurvey.io.csv.ImportResult;
import org.civicsurvey.io.csv.RowError;
import org.civicsurvey.io.csv.WideCsvImporter;
import org.civicsurvey.report.html.HtmlReport;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.weighting.Margin;
import org.civicsurvey.weighting.Weighting;
import org.civicsurvey.weighting.WeightingResult;

/**
 * The SIPAS report from the command line: load responses (a wide CSV through the reports module's
 * {@link WideCsvImporter}, or a store), weight them (design weights, optional strata, raking to
 * population margins with {@link Weighting#rake}), and write the SIPAS report
 * ({@link SipasReport}) as HTML, JSON and tidy CSV.
 *
 * <pre>
 * mvn -B -q -DskipTests -pl examples -am package exec:java \
 *     -Dmain.class=org.civicsurvey.examples.report.SipasReportRun \
 *     -Dexec.args="--demo 20000 --strata area --by province,period --lang en"
 * </pre>
 *
 * <p><b>Standard errors.</b> The report is estimated from sufficient statistics, which carry the
 * raked weights as fixed weights (R: {@code svydesign(weights = ~raked_weight, strata = ...)}).
 * The program also prints the overall index on the raked design itself, whose standard error
 * accounts for the calibration as R's {@code rake()} design does; the difference is what raking
 * to margins correlated with satisfaction buys.
 */
public final class SipasReportRun {

    private SipasReportRun() {
    }

    /**
     * What a run produced.
     *
     * @param imported responses used
     * @param rejected rows rejected by the import (listed on stderr)
     * @param raking the raking, if margins were given
     * @param report the report
     * @param calibratedIndex the overall index (percent) on the raked design, its SE accounting for the calibration;
     *     on the design weights when there was no raking
     * @param files the files written: HTML, JSON, CSV
     */
    public record Result(long imported, long rejected, Optional<WeightingResult> raking, Report report,
                         Estimate calibratedIndex, List<Path> files) {
        /**
         * Copies the list.
         *
         * @param imported imported
         * @param rejected rejected
         * @param raking raking
         * @param report report
         * @param calibratedIndex index
         * @param files files
         */
        public Result {
            files = List.copyOf(files);
        }
    }

    /**
     * Runs the program.
     *
     * @param args flags, see {@link RunOptions#parse(String...)}
     */
    public static void main(String[] args) {
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sipas-report: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(options, System.out, System.err);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("sipas-report: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Runs the program.
     *
     * @param o the options
     * @param out where the summary goes
     * @param err where progress and rejected rows go
     * @return what was produced
     * @throws UncheckedIOException if a file cannot be read or written
     * @throws IllegalArgumentException if there is no response, or a margin does not fit the data
     */
    public static Result run(RunOptions o, PrintStream out, PrintStream err) {
        Instrument instrument = StandardInstruments.sipas2017();
        try {
            Files.createDirectories(o.output());
            Optional<Path> csv = o.csv();
            if (o.demo() > 0) {
                Path demo = o.output().resolve("demo.csv");
                try (Writer w = Files.newBufferedWriter(demo, StandardCharsets.UTF_8)) {
                    DemoData.generate(o.demo(), 2026).writeCsv(w);
                }
                err.println("wrote " + o.demo() + " seeded demo respondents to " + demo);
                csv = Optional.of(demo);
            }
            List<Response> responses = new ArrayList<>();
            long rejected = 0;
            if (csv.isPresent()) {
                rejected = importCsv(instrument, csv.get(), responses, err);
            } else {
                SurveyStore store = o.jdbcUrl().isPresent()
                    ? SurveyStore.create(UrlDataSource.fromEnvironment(o.jdbcUrl().get()))
                    : SurveyStore.embedded(o.dataDirectory().orElseThrow());
                try (Stream<Response> s = store.stream(ResponseFilter.all().instrument(instrument.id(), instrument.version())
                    .status(ResponseStatus.COMPLETE))) {
                    s.forEach(responses::add);
                }
            }
            if (responses.isEmpty()) {
                throw new IllegalArgumentException("no response to report on");
            }
            SurveyDesign base = baseDesign(responses, o.strata());
            Optional<WeightingResult> raking = Optional.empty();
            Design forHeadline = base;
            SurveyDesign weighted = base;
            if (o.margins().isPresent()) {
                List<Margin> margins = margins(o.margins().get(), responses);
                WeightingResult r = Weighting.withDefaults().withMaxIterations(100).withTolerance(1e-10).rake(base, margins);
                raking = Optional.of(r);
                forHeadline = r.design();
                weighted = base.withWeights(r.design().weights());
                err.println("raking: " + r.report());
            }
            List<GroupBy> groupBy = new ArrayList<>();
            for (String b : o.by()) {
                groupBy.add(groupBy(b));
            }
            ReportData data = ReportData.fromResponses(instrument, responses, groupBy, weighted);
            Report report = SipasReport.create(org.civicsurvey.report.ReportOptions.withDefaults().withLanguage(o.language()))
                .build(data);
            Estimate headline = calibratedIndex(instrument, responses, forHeadline);

            Path html = o.output().resolve("sipas-report.html");
            Path json = o.output().resolve("sipas-report.json");
            Path tidy = o.output().resolve("sipas-report.csv");
            try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
                HtmlReport.write(report, w);
            }
            try (Writer w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
                ReportJson.write(report, w);
            }
            try (Writer w = Files.newBufferedWriter(tidy, StandardCharsets.UTF_8)) {
                TidyCsv.write(report, w);
            }
            out.printf(Locale.ROOT, "%s: %d responses used, %d rows rejected%n", report.title(), responses.size(), rejected);
            out.printf(Locale.ROOT, "SIPAS index %.2f%% (95%% CI %.2f-%.2f, SE %.3f%s)%n", headline.value(), headline.lower(),
                headline.upper(), headline.standardError(), raking.isPresent() ? ", raked design" : "");
            out.println("wrote " + html + ", " + json + ", " + tidy);
            return new Result(responses.size(), rejected, raking, report, headline, List.of(html, json, tidy));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The column layout of {@link DemoData#writeCsv(Appendable)}. */
    static ColumnMapping demoLayout() {
        return DemoData.csvLayout();
    }

    private static long importCsv(Instrument instrument, Path csv, List<Response> sink, PrintStream err) {
        ProgressBar bar = new ProgressBar(err, System.console() != null);
        WideCsvImporter importer = WideCsvImporter.create(instrument, demoLayout()).withProgress(bar);
        ImportResult result = importer.read(csv, sink::add);
        bar.finishLine();
        err.println(result.summary());
        int shown = 0;
        for (RowError e : result.errors()) {
            if (shown++ == 20) {
                err.println("  ... " + (result.errors().size() - 20) + " more problems");
                break;
            }
            err.println("  " + e);
        }
        return result.rejected();
    }

    private static SurveyDesign baseDesign(List<Response> responses, Optional<String> strata) {
        ResponseDesign design = ResponseDesign.withDefaults();
        if (strata.isPresent()) {
            design = design.withStrata(GroupBy.of(strata.get(), value(strata.get())));
        }
        return design.build(responses);
    }

    static Function<Response, String> value(String variable) {
        switch (variable) {
            case "agency":
                return r -> r.transaction().agency().orElse(null);
            case "service":
                return r -> r.transaction().service().orElse(null);
            case "channel":
                return r -> r.transaction().channel().orElse(null);
            default:
                return r -> r.respondent().get(variable);
        }
    }

    static GroupBy groupBy(String name) {
        return ReportGroupings.named(name);
    }

    /**
     * Reads population margins: a CSV with the header {@code variable,category,population}, one
     * row per category; variables are agency, service, channel or respondent attributes.
     *
     * @param file the file
     * @param responses the responses (their categories must all be in the table)
     * @return one margin per variable, in file order
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the line of a malformed row, or a category missing from the table
     */
    static List<Margin> margins(Path file, List<Response> responses) throws IOException {
        Map<String, Map<String, Double>> tables = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().replace("\uFEFF", "").equals("variable,category,population")) {
            throw new IllegalArgumentException(file + ": the first line must be 'variable,category,population'");
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": needs 3 fields, has " + f.length);
            }
            double pop;
            try {
                pop = Double.parseDouble(f[2].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": population '" + f[2] + "' is not a number", e);
            }
            if (!(pop > 0) || Double.isInfinite(pop)) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": population " + pop + " must be positive and finite");
            }
            if (tables.computeIfAbsent(f[0].strip(), k -> new LinkedHashMap<>()).put(f[1].strip(), pop) != null) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": category " + f[1].strip() + " of "
                    + f[0].strip() + " is listed twice");
            }
        }
        List<Margin> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> t : tables.entrySet()) {
            Function<Response, String> key = value(t.getKey());
            String[] values = new String[responses.size()];
            for (int i = 0; i < values.length; i++) {
                String v = key.apply(responses.get(i));
                values[i] = v == null ? GroupBy.UNKNOWN : v;
            }
            out.add(Margin.ofLabels(t.getKey(), values, t.getValue()));
        }
        return out;
    }

    /**
     * The overall SIPAS index (percent) estimated from the rows of any design, so that a raked
     * design's standard error accounts for the calibration.
     *
     * @param instrument the instrument
     * @param responses the responses, in design order
     * @param design the design
     * @return the index in percent
     */
    static Estimate calibratedIndex(Instrument instrument, List<Response> responses, Design design) {
        return RollUp.sipas().overElements().withId("sipas")
            .evaluate(instrument, SurveyVariables.surveyData(instrument, responses, design, null), null, Estimator.withDefaults())
            .index().estimate().scaled(100);
    }
}
