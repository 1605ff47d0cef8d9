package org.civicsurvey.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.report.A11Report;
import org.civicsurvey.report.AcsiReport;
import org.civicsurvey.report.Report;
import org.civicsurvey.report.ReportCell;
import org.civicsurvey.report.ReportData;
import org.civicsurvey.report.ReportJson;
import org.civicsurvey.report.ReportOptions;
import org.civicsurvey.report.ReportTable;
import org.civicsurvey.report.ResponseDesign;
import org.civicsurvey.report.SdgReport;
import org.civicsurvey.report.SipasReport;
import org.civicsurvey.report.TidyCsv;
import org.civicsurvey.report.html.HtmlReport;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.scoring.acsi.AcsiModel;
import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.LonelyPsu;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.weighting.Margin;
import org.civicsurvey.weighting.Weighting;
import org.civicsurvey.weighting.WeightingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code civicsurvey report}: a method's report (SIPAS, SDG 16.6.2, A-11, ACSI) from a file or a
 * store, over a design (weights, strata, PSUs, fpc) optionally raked to population margins, written
 * as HTML, JSON and tidy CSV.
 *
 * <p><b>Standard errors.</b> The report is estimated from sufficient statistics, which carry the raked
 * weights as fixed weights (R: {@code svydesign(weights = ~raked_weight, strata = ...)}). The SIPAS
 * index printed on stdout is estimated on the raked design itself, whose standard error accounts for
 * the calibration as R's {@code rake()} design does.
 */
@Command(name = "report", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
    description = {"Builds a method's report (SIPAS, SDG 16.6.2, OMB A-11, ACSI) from a file or a store, over a weighted,"
        + " stratified, clustered design, optionally raked to population margins; writes HTML, JSON and tidy CSV.",
        "Prints the headline (the SIPAS index on the raked design, with its CI and SE) and the files written."},
    footer = {"%nExample (the SIPAS demo sample, raked to sex and age margins):",
        "  civicsurvey report --csv demo.csv --column id=respondent --column time=date \\",
        "      --attribute province,sex,age_band,area,stratum --ignore-column pa_used \\",
        "      --strata area --margins margins.csv --by agency --lang en --out report",
        "%nMargins file (population figures): variable,category,population then e.g. sex,female,510000"})
final class ReportCommand implements Callable<Integer> {
    /** The methods. */
    enum Method {
        /** SIPAS (Vietnam). */
        SIPAS,
        /** UN SDG 16.6.2. */
        SDG,
        /** US OMB Circular A-11 §280. */
        A11,
        /** ACSI. */
        ACSI
    }

    /** The output formats. */
    enum Format {
        /** The HTML page with charts. */
        HTML,
        /** JSON, {@code civicsurvey-report/1}. */
        JSON,
        /** Tidy CSV, one row per cell. */
        CSV
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "sipas", converter = MethodConverter.class,
        description = "sipas, sdg, a11 or acsi. Default: ${DEFAULT-VALUE}.")
    Method method = Method.SIPAS;

    @Option(names = {"-i", "--instrument"}, paramLabel = "INSTRUMENT",
        description = "The instrument: a JSON file or a standard id. Default: the method's standard instrument (sipas2017,"
            + " sdg1662, a11v2, acsi).")
    String instrument;

    @Mixin
    ResponseSource source = new ResponseSource();

    @Option(names = "--strata", paramLabel = "VARIABLE", description = "The strata: a respondent attribute, agency, service, channel or a question.")
    String strata;

    @Option(names = {"--psu", "--cluster"}, paramLabel = "VARIABLE", description = "The primary sampling units (clusters), nested in strata.")
    String psu;

    @Option(names = "--fpc", paramLabel = "ATTRIBUTE",
        description = "The respondent attribute with the finite population correction: the stratum's population size (of"
            + " PSUs), or the sampling fraction, as R's fpc = ~x.")
    String fpc;

    @Option(names = "--lonely-psu", paramLabel = "POLICY", defaultValue = "fail", converter = LonelyPsuConverter.class,
        description = "A stratum with one PSU: fail, adjust, average, remove or certainty (R's survey.lonely.psu). Default:"
            + " ${DEFAULT-VALUE}.")
    LonelyPsu lonelyPsu = LonelyPsu.FAIL;

    @Option(names = "--margins", paramLabel = "FILE",
        description = "Rake the weights to population margins from a CSV of population figures"
            + " (variable,category,population); iterates to 1e-10 in at most --max-iterations.")
    Path margins;

    @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "100",
        description = "The most raking iterations. Default: ${DEFAULT-VALUE}.")
    int maxIterations = 100;

    @Option(names = "--by", paramLabel = "VARIABLE", split = ",",
        description = "Break the report down by these (agency, service, channel, period, a question, a respondent attribute).")
    List<String> by = new ArrayList<>();

    @Option(names = "--period", paramLabel = "PERIOD", defaultValue = "quarter", converter = PeriodConverter.class,
        description = "The calendar period of --by period: day, week, month, quarter, year, us-fiscal-quarter. Default:"
            + " ${DEFAULT-VALUE}.")
    Period period = Period.QUARTER;

    @Option(names = "--lang", paramLabel = "TAG", description = "The report's language, e.g. vi or en. Default: the instrument's first.")
    String language = "";

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = ".",
        description = "The directory the report files go to (METHOD-report.html, .json, .csv). Default: the current one.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", split = ",", defaultValue = "html,json,csv",
        converter = FormatConverter.class, description = "Which files: html, json, csv. Default: ${DEFAULT-VALUE}.")
    List<Format> formats = new ArrayList<>();

    @Mixin
    ProgressOption progress = new ProgressOption();

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        source.requireOne();
        if (method == Method.ACSI && (strata != null || psu != null || fpc != null || margins != null)) {
            throw new CliException(ExitCode.USAGE, "--strata, --psu, --fpc and --margins do not apply to --method acsi: its"
                + " PLS path model is estimated unweighted");
        }
        if (maxIterations < 1) {
            throw new CliException(ExitCode.USAGE, "--max-iterations is " + maxIterations + "; must be at least 1");
        }
        Instrument i = Instruments.load(instrument != null ? instrument : standardInstrument(method));
        ProgressBar bar = progress.bar(err);
        ResponseSource.Loaded loaded = source.load(i, bar, err);
        List<Response> responses = loaded.responses();
        ReportOptions options = ReportOptions.withDefaults().withLanguage(language).withProgress(bar);

        Report report;
        Optional<Estimate> headline = Optional.empty();
        Optional<WeightingResult> raking = Optional.empty();
        if (method == Method.ACSI) {
            report = AcsiReport.create(options).build(AcsiModel.of(i).fit(AnswerColumns.of(i, responses)));
        } else {
            List<GroupBy> groupBy = new ArrayList<>();
            for (String b : by) {
                groupBy.add(grouping(b, i));
            }
            SurveyDesign base;
            try {
                base = design(i).build(responses);
            } catch (IllegalArgumentException e) {
                throw e.getMessage() != null && e.getMessage().contains("LonelyPsu")
                    ? CliException.invalid(e.getMessage() + ". On the command line: --lonely-psu adjust, average, remove or certainty")
                    : e;
            }
            SurveyDesign weighted = base;
            Design forHeadline = base;
            if (margins != null) {
                List<Margin> m = Margins.read(margins, responses, name -> grouping(name, i));
                WeightingResult r = Weighting.withDefaults().withMaxIterations(maxIterations).withTolerance(1e-10).rake(base, m);
                raking = Optional.of(r);
                forHeadline = r.design();
                weighted = base.withWeights(r.design().weights());
                err.println("raking: " + r.report());
            }
            ReportData data = ReportData.fromResponses(i, responses, groupBy, weighted, bar);
            switch (method) {
                case SIPAS -> {
                    report = SipasReport.create(options).build(data);
                    headline = Optional.of(sipasIndex(i, responses, forHeadline));
                }
                case SDG -> report = SdgReport.create(options).build(data);
                default -> report = A11Report.create(options).build(data);
            }
        }
        bar.finishLine();
        List<Path> files = write(report);
        stdout.printf(Locale.ROOT, "%s: %d responses used, %d rows rejected%n", report.title(), responses.size(),
            loaded.rejected());
        if (headline.isPresent()) {
            Estimate h = headline.get();
            stdout.printf(Locale.ROOT, "SIPAS index %.2f%% (95%% CI %.2f-%.2f, SE %.3f%s)%n", h.value(), h.lower(), h.upper(),
                h.standardError(), raking.isPresent() ? ", raked design" : "");
        } else {
            overall(report).ifPresent(c -> stdout.printf(Locale.ROOT, "%s %.2f (n %d)%n", report.label(c.item()), c.value(), c.n()));
        }
        for (Path f : files) {
            stdout.println("wrote " + f);
        }
        return ExitCode.OK;
    }

    private GroupBy grouping(String name, Instrument i) {
        return Groupings.named(name, i, period, source.layout.zone);
    }

    private ResponseDesign design(Instrument i) {
        ResponseDesign d = ResponseDesign.withDefaults().withLonelyPsu(lonelyPsu);
        if (strata != null) {
            d = d.withStrata(grouping(strata, i));
        }
        if (psu != null) {
            d = d.withClusters(grouping(psu, i));
        }
        if (fpc != null) {
            d = d.withFpc(fpc);
        }
        return d;
    }

    private List<Path> write(Report report) throws IOException {
        String base = method.name().toLowerCase(Locale.ROOT) + "-report";
        List<Path> files = new ArrayList<>();
        Set<Format> wanted = formats.isEmpty() ? EnumSet.allOf(Format.class) : EnumSet.copyOf(formats);
        if (wanted.contains(Format.HTML)) {
            files.add(out.resolve(base + ".html"));
            Outputs.write(files.get(files.size() - 1), w -> HtmlReport.write(report, w));
        }
        if (wanted.contains(Format.JSON)) {
            files.add(out.resolve(base + ".json"));
            Outputs.write(files.get(files.size() - 1), w -> ReportJson.write(report, w));
        }
        if (wanted.contains(Format.CSV)) {
            files.add(out.resolve(base + ".csv"));
            Outputs.write(files.get(files.size() - 1), w -> TidyCsv.write(report, w));
            if (method == Method.A11) {
                files.add(out.resolve("a11-submission.csv"));
                Outputs.write(files.get(files.size() - 1), w -> A11Report.writeSubmission(report, w));
            }
        }
        return files;
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
    static Estimate sipasIndex(Instrument instrument, List<Response> responses, Design design) {
        return RollUp.sipas().overElements().withId("sipas")
            .evaluate(instrument, SurveyVariables.surveyData(instrument, responses, design, null), null, Estimator.withDefaults())
            .index().estimate().scaled(100);
    }

    /** The report's overall headline cell: SDG's average, ACSI's index. */
    private Optional<ReportCell> overall(Report report) {
        String item = switch (method) {
            case SDG -> SdgReport.AVERAGE;
            case ACSI -> "acsi";
            default -> null;
        };
        if (item == null) {
            return Optional.empty();
        }
        for (ReportTable t : report.tables()) {
            for (ReportCell c : t.cells(x -> x.item().equals(item) && x.groups().isEmpty() && !x.suppressed())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static String standardInstrument(Method m) {
        return switch (m) {
            case SIPAS -> StandardInstruments.SIPAS_2017;
            case SDG -> StandardInstruments.SDG_16_6_2;
            case A11 -> StandardInstruments.A11_V2;
            case ACSI -> StandardInstruments.ACSI;
        };
    }

    /** Reads a method. */
    static final class MethodConverter extends Converters.EnumConverter<Method> {
        MethodConverter() {
            super(Method.class);
        }
    }

    /** Reads a format. */
    static final class FormatConverter extends Converters.EnumConverter<Format> {
        FormatConverter() {
            super(Format.class);
        }
    }

    /** Reads a lonely-PSU policy. */
    static final class LonelyPsuConverter extends Converters.EnumConverter<LonelyPsu> {
        LonelyPsuConverter() {
            super(LonelyPsu.class);
        }
    }

    /** Reads a period. */
    static final class PeriodConverter extends Converters.EnumConverter<Period> {
        PeriodConverter() {
            super(Period.class);
        }
    }
}
