package org.civicsurvey.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.civicsurvey.io.csv.CsvExporter;
import org.civicsurvey.jdbc.ExportSummary;
import org.civicsurvey.jdbc.ResponseFilter;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code civicsurvey export}: responses as a wide CSV (one row per response, with a codebook) or a
 * tidy long CSV (one row per answer), from a file or streamed from a store (erased respondents are
 * gone). The wide CSV reads back with {@code civicsurvey import} into the same responses.
 */
@Command(name = "export", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
    description = {"Exports responses as a wide CSV (one row per response, one column per question; --codebook says what"
        + " each column and code means) or a tidy long CSV (one row per answer), from a file or from a store.",
        "A store is streamed (constant memory); erased respondents are not in it. The wide CSV imports back unchanged."},
    footer = {"%nExample:",
        "  civicsurvey export -i sipas2017 --jdbc-url jdbc:postgresql://localhost:5432/survey \\",
        "      --out responses.csv --codebook codebook.csv"})
final class ExportCommand implements Callable<Integer> {
    /** The table layouts. */
    enum Layout {
        /** One row per response. */
        WIDE,
        /** One row per answer. */
        LONG
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--instrument"}, required = true, paramLabel = "INSTRUMENT",
        description = "The instrument: a JSON file or a standard id. A store exports the responses to this id and version.")
    String instrument;

    @Mixin
    ResponseSource source = new ResponseSource();

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "wide", converter = LayoutConverter.class,
        description = "wide or long. Default: ${DEFAULT-VALUE}.")
    Layout layout = Layout.WIDE;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "The CSV file to write. Default: stdout.")
    Path out;

    @Option(names = "--codebook", paramLabel = "FILE", description = "Also write the codebook: every column, scale point, code and option, labelled in each language.")
    Path codebook;

    @Mixin
    ProgressOption progress = new ProgressOption();

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        source.requireOne();
        Instrument i = Instruments.load(instrument);
        ProgressBar bar = progress.bar(err);
        CsvExporter exporter = CsvExporter.create(i).withProgress(bar);
        long responses;
        long rows;
        List<String> keys;
        if (source.store.present()) {
            SurveyStore store = source.store.open();
            ResponseFilter filter = ResponseFilter.all().instrument(i.id(), i.version());
            ExportSummary[] summary = new ExportSummary[1];
            write(stdout, w -> summary[0] = layout == Layout.WIDE ? store.exportWide(filter, exporter, w)
                : store.exportLong(filter, exporter, w));
            responses = summary[0].responses();
            rows = summary[0].rows();
            keys = summary[0].attributes();
        } else {
            List<Response> list = source.load(i, bar, err).responses();
            TreeSet<String> used = new TreeSet<>();
            for (Response r : list) {
                used.addAll(r.respondent().keySet());
            }
            keys = new ArrayList<>(used);
            CsvExporter withKeys = exporter.withAttributes(keys);
            long[] written = new long[1];
            write(stdout, w -> written[0] = layout == Layout.WIDE ? withKeys.writeWide(list, w) : withKeys.writeLong(list, w));
            responses = list.size();
            rows = written[0];
        }
        bar.finishLine();
        if (codebook != null) {
            Outputs.write(codebook, w -> exporter.writeCodebook(keys, w));
        }
        err.println("exported " + responses + " responses, " + rows + " rows (" + layout.name().toLowerCase(java.util.Locale.ROOT)
            + ")" + (out == null ? "" : " to " + out) + (codebook == null ? "" : "; codebook " + codebook));
        return ExitCode.OK;
    }

    private void write(PrintWriter stdout, Outputs.Content content) throws IOException {
        if (out == null) {
            Writer w = stdout;
            content.write(w);
            stdout.flush();
        } else {
            Outputs.write(out, content);
        }
    }

    /** Reads a layout. */
    static final class LayoutConverter extends Converters.EnumConverter<Layout> {
        LayoutConverter() {
            super(Layout.class);
        }
    }
}
