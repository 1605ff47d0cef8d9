package org.civicsurvey.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.civicsurvey.io.csv.CsvImportException;
import org.civicsurvey.io.csv.ImportResult;
import org.civicsurvey.io.csv.RowError;
import org.civicsurvey.io.json.InvalidJsonException;
import org.civicsurvey.io.json.JsonProblem;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.InvalidModelException;
import org.civicsurvey.response.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code civicsurvey validate}: an instrument file, or a file of responses against an instrument.
 * Every violation is printed on stdout, one a line, with its path; the summary goes to stderr; the
 * exit code is 1 when anything is invalid.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
    description = {"Validates an instrument JSON file, or a file of responses (wide CSV or JSON) against an instrument.",
        "Prints every violation on stdout, one a line, with its path (row and column, or JSON path, line and column);"
            + " exits with 1 when anything is invalid."},
    footer = {"%nExamples:",
        "  civicsurvey validate my-instrument.json",
        "  civicsurvey validate sipas2017 --csv ratings.csv --column id=respondent --attribute province,sex"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INSTRUMENT",
        description = "An instrument JSON file, or a standard instrument: sipas2017, sipas2022, a11v1, a11v2, sdg1662, acsi, cmt.")
    String instrument;

    @Option(names = "--csv", paramLabel = "FILE", description = "A wide CSV file of responses to validate (layout: see the column options).")
    Path csv;

    @Option(names = "--json", paramLabel = "FILE", description = "A JSON file of responses to validate: one response, or an array.")
    Path json;

    @Mixin
    CsvLayout layout = new CsvLayout();

    @Mixin
    ProgressOption progress = new ProgressOption();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (csv != null && json != null) {
            throw new CliException(ExitCode.USAGE, "give one file of responses: --csv FILE or --json FILE");
        }
        Instrument i;
        try {
            i = Instruments.load(instrument);
        } catch (InvalidJsonException e) {
            for (JsonProblem p : e.problems()) {
                out.println(instrument + ": " + Messages.printable(p.toString()));
            }
            err.println(instrument + ": invalid instrument, " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s"));
            return ExitCode.INVALID_DATA;
        } catch (InvalidModelException e) {
            for (String line : e.getMessage().split("\n")) {
                out.println(instrument + ": " + Messages.printable(line.strip()));
            }
            err.println(instrument + ": invalid instrument");
            return ExitCode.INVALID_DATA;
        }
        if (csv == null && json == null) {
            err.println(instrument + ": valid instrument " + i.id() + " " + i.version() + " (" + i.questions().size()
                + " questions, " + i.ratingItems().size() + " rating items, languages " + String.join(", ", i.languages()) + ")");
            return ExitCode.OK;
        }
        return csv != null ? csv(i, out, err) : json(i, out, err);
    }

    private int csv(Instrument i, PrintWriter out, PrintWriter err) throws IOException {
        ResponseSource.requireFile(csv);
        ProgressBar bar = progress.bar(err);
        ImportResult r;
        try {
            r = layout.importer(i, csv, bar).read(csv, (Response x) -> { });
        } catch (CsvImportException e) {
            bar.finishLine();
            for (String p : e.problems()) {
                out.println(csv + ": " + Messages.printable(p));
            }
            err.println(csv + ": " + Messages.printable(e.getMessage()));
            return ExitCode.INVALID_DATA;
        }
        bar.finishLine();
        for (RowError e : r.errors()) {
            out.println(csv + ": " + Messages.printable(e.toString()));
        }
        if (r.errorsTruncated()) {
            out.println(csv + ": more problems were found than listed");
        }
        err.println(csv + ": " + r.summary());
        return r.rejected() == 0 ? ExitCode.OK : ExitCode.INVALID_DATA;
    }

    private int json(Instrument i, PrintWriter out, PrintWriter err) throws IOException {
        ResponseSource.requireFile(json);
        List<Response> responses;
        try {
            responses = ResponseSource.readJsonFile(json);
        } catch (InvalidJsonException e) {
            for (JsonProblem p : e.problems()) {
                out.println(json + ": " + Messages.printable(p.toString()));
            }
            err.println(json + ": not valid response JSON, " + e.problems().size() + " problem"
                + (e.problems().size() == 1 ? "" : "s"));
            return ExitCode.INVALID_DATA;
        }
        int invalid = 0;
        for (int k = 0; k < responses.size(); k++) {
            List<String> problems = ResponseSource.problems(i, responses.get(k));
            invalid += problems.isEmpty() ? 0 : 1;
            for (String p : problems) {
                out.println(json + ": [" + k + "] " + Messages.printable(p));
            }
        }
        err.println(json + ": read " + responses.size() + " responses: " + (responses.size() - invalid) + " valid, " + invalid
            + " invalid");
        return invalid == 0 ? ExitCode.OK : ExitCode.INVALID_DATA;
    }
}
