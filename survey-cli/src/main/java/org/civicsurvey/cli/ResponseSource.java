package org.civicsurvey.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.civicsurvey.io.csv.ImportResult;
import org.civicsurvey.io.csv.RowError;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.jdbc.ResponseFilter;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.ValidationReport;
import org.civicsurvey.validation.Violation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the responses of a command come from: a wide CSV file (read by the strict importer), a JSON
 * file (one response or an array, as {@code ResponseJson} writes them), or a store (the complete
 * responses to the instrument). Every response is validated against the instrument; a file with an
 * invalid one is refused as a whole unless {@code --skip-invalid} is given.
 */
final class ResponseSource {
    /** How many problems are listed on stderr before the rest are only counted. */
    static final int LISTED = 50;

    @Option(names = "--csv", paramLabel = "FILE", description = "A wide CSV file of responses (layout: see the column options).")
    Path csv;

    @Option(names = "--json", paramLabel = "FILE", description = "A JSON file of responses: one response, or an array.")
    Path json;

    @Option(names = "--skip-invalid",
        description = "Go on with the valid rows when some are rejected (they are listed on stderr). Without it a file"
            + " with a rejected row is refused as a whole and nothing is written.")
    boolean skipInvalid;

    @Mixin
    StoreConnection store = new StoreConnection();

    @Mixin
    CsvLayout layout = new CsvLayout();

    /** What was read. */
    record Loaded(List<Response> responses, long read, long rejected, String from) {
    }

    /**
     * Checks that exactly one source is given.
     *
     * @throws CliException ({@link ExitCode#USAGE}) otherwise
     */
    void requireOne() {
        int n = (csv != null ? 1 : 0) + (json != null ? 1 : 0) + (store.present() ? 1 : 0);
        if (n != 1) {
            throw new CliException(ExitCode.USAGE, "give exactly one source of responses: --csv FILE, --json FILE or"
                + " --jdbc-url URL (got " + n + ")");
        }
    }

    /**
     * Reads every response into memory.
     *
     * @param instrument the instrument they answer
     * @param progress the listener
     * @param err stderr, for the import's summary and the rejected rows
     * @return the responses
     * @throws IOException if a file cannot be read
     * @throws CliException ({@link ExitCode#INVALID_DATA}) when a row is rejected without {@code --skip-invalid}, or
     *     when nothing is left
     */
    Loaded load(Instrument instrument, ProgressBar progress, PrintWriter err) throws IOException {
        requireOne();
        List<Response> out = new ArrayList<>();
        Loaded loaded;
        if (csv != null) {
            ImportResult r = readCsv(instrument, csv, progress, out::add, err);
            loaded = new Loaded(out, r.rowsRead(), r.rejected(), csv.toString());
        } else if (json != null) {
            long rejected = readJson(instrument, json, out::add, err, skipInvalid);
            loaded = new Loaded(out, out.size() + rejected, rejected, json.toString());
        } else {
            SurveyStore s = store.open();
            try (Stream<Response> st = s.stream(ResponseFilter.all().instrument(instrument.id(), instrument.version())
                .status(ResponseStatus.COMPLETE))) {
                st.forEach(out::add);
            }
            loaded = new Loaded(out, out.size(), 0, store.redacted());
        }
        if (out.isEmpty()) {
            throw CliException.invalid(loaded.from() + ": no valid response to instrument " + instrument.id() + " "
                + instrument.version() + (loaded.read() == 0 ? "" : " (" + loaded.rejected() + " rejected)"));
        }
        return loaded;
    }

    /**
     * Imports a CSV file, listing the rejected rows on stderr.
     *
     * @param instrument the instrument
     * @param file the file
     * @param progress the listener
     * @param sink receives the valid responses
     * @param err stderr
     * @return the import's result
     * @throws IOException if the file cannot be read
     * @throws CliException when a row is rejected without {@code --skip-invalid}
     */
    ImportResult readCsv(Instrument instrument, Path file, ProgressBar progress, Consumer<Response> sink, PrintWriter err)
        throws IOException {
        requireFile(file);
        ImportResult r = layout.importer(instrument, file, progress).read(file, sink);
        progress.finishLine();
        err.println(file + ": " + r.summary());
        listRowErrors(r, err);
        if (r.rejected() > 0 && !skipInvalid) {
            throw CliException.invalid(file + ": " + r.rejected() + " of " + r.rowsRead() + " rows rejected; nothing was"
                + " done (--skip-invalid goes on with the valid rows)");
        }
        return r;
    }

    static void listRowErrors(ImportResult r, PrintWriter err) {
        int shown = 0;
        for (RowError e : r.errors()) {
            if (shown++ == LISTED) {
                err.println("  ... " + (r.errors().size() - LISTED) + " more problems" + (r.errorsTruncated() ? " (and more not listed)" : ""));
                break;
            }
            err.println("  " + Messages.printable(e.toString()));
        }
    }

    /**
     * Reads a JSON file of responses and validates each against the instrument.
     *
     * @param instrument the instrument
     * @param file the file
     * @param sink receives the valid responses
     * @param err receives each violation, with the response's index and path
     * @param skipInvalid go on with the valid ones
     * @return how many were invalid
     * @throws IOException if the file cannot be read
     */
    static long readJson(Instrument instrument, Path file, Consumer<Response> sink, PrintWriter err, boolean skipInvalid)
        throws IOException {
        requireFile(file);
        List<Response> responses = readJsonFile(file);
        long invalid = 0;
        List<Response> valid = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            List<String> problems = problems(instrument, responses.get(i));
            if (!problems.isEmpty()) {
                invalid++;
                for (String p : problems) {
                    err.println("  " + file + " [" + i + "] " + Messages.printable(p));
                }
            } else {
                valid.add(responses.get(i));
            }
        }
        err.println(file + ": read " + responses.size() + " responses: " + valid.size() + " valid, " + invalid + " invalid");
        if (invalid > 0 && !skipInvalid) {
            throw CliException.invalid(file + ": " + invalid + " of " + responses.size() + " responses invalid; nothing was"
                + " done (--skip-invalid goes on with the valid ones)");
        }
        valid.forEach(sink);
        return invalid;
    }

    /**
     * @param file a JSON file: one response object, or an array of them
     * @return the responses
     * @throws IOException if it cannot be read
     */
    static List<Response> readJsonFile(Path file) throws IOException {
        boolean array;
        try (InputStream in = Files.newInputStream(file)) {
            int c = in.read();
            if (c == 0xEF) {
                in.skip(2);
                c = in.read();
            }
            while (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                c = in.read();
            }
            array = c == '[';
        }
        try (InputStream in = Files.newInputStream(file)) {
            return array ? ResponseJson.readAll(in) : List.of(ResponseJson.read(in));
        }
    }

    /**
     * @param instrument the instrument
     * @param r a response
     * @return every problem ({@code id: path: message}), none if valid
     */
    static List<String> problems(Instrument instrument, Response r) {
        List<String> out = new ArrayList<>();
        if (!r.instrumentId().equals(instrument.id()) || !r.instrumentVersion().equals(instrument.version())) {
            out.add(r.id() + ": instrument: answers " + r.instrumentId() + " " + r.instrumentVersion() + ", not "
                + instrument.id() + " " + instrument.version());
            return out;
        }
        ValidationReport report = ResponseValidator.create().validate(instrument, r);
        for (Violation v : report.violations()) {
            out.add(r.id() + ": " + v);
        }
        return out;
    }

    static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCode.IO, file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        if (!Files.isReadable(file)) {
            throw new CliException(ExitCode.IO, file + ": cannot be read (permission denied)");
        }
    }
}
