package org.civicsurvey.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.civicsurvey.io.csv.ImportResult;
import org.civicsurvey.jdbc.BatchFailedException;
import org.civicsurvey.jdbc.BatchItem;
import org.civicsurvey.jdbc.BatchResult;
import org.civicsurvey.jdbc.SaveOutcome;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Progress;
import org.civicsurvey.response.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code civicsurvey import}: a file of responses into a store, through the strict importer. The file
 * is checked whole before anything is written: with a rejected row (and without {@code --skip-invalid})
 * nothing is stored. Saving is idempotent: importing the same file again stores nothing new.
 */
@Command(name = "import", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
    description = {"Imports responses (a wide CSV file, or JSON) into a store, validated against the instrument.",
        "The file is checked first; if a row is rejected nothing is stored (unless --skip-invalid). Prints rows read,"
            + " imported, rejected by reason with row numbers, and what the store did. Importing a file again stores"
            + " nothing new (the same ids are already stored)."},
    footer = {"%nExample:",
        "  CIVICSURVEY_DB_USER=survey civicsurvey import --csv ratings.csv -i sipas2017 \\",
        "      --jdbc-url jdbc:postgresql://localhost:5432/survey --column id=respondent --attribute province,sex"})
final class ImportCommand implements Callable<Integer> {
    /** Responses saved per call to the store. */
    static final int CHUNK = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--instrument"}, required = true, paramLabel = "INSTRUMENT",
        description = "The instrument the responses answer: a JSON file, or a standard id (sipas2017, sdg1662, ...)."
            + " It is stored too (unchanged if already stored).")
    String instrument;

    @Mixin
    ResponseSource source = new ResponseSource();

    @Mixin
    ProgressOption progress = new ProgressOption();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((source.csv == null) == (source.json == null) || !source.store.present()) {
            throw new CliException(ExitCode.USAGE, "give one file (--csv FILE or --json FILE) and the store (--jdbc-url URL)");
        }
        Instrument i = Instruments.load(instrument);
        ProgressBar bar = progress.bar(err);
        String file = (source.csv != null ? source.csv : source.json).toString();
        // check the whole file before the store is touched
        List<Response> fromJson = new ArrayList<>();
        long expected;
        if (source.csv != null) {
            ImportResult checked = source.readCsv(i, source.csv, bar, r -> { }, err);
            expected = checked.imported();
        } else {
            ResponseSource.readJson(i, source.json, fromJson::add, err, source.skipInvalid);
            expected = fromJson.size();
        }
        SurveyStore store = source.store.open();
        store.putInstrument(i);
        Saver saver = new Saver(store, bar, expected);
        if (source.csv != null) {
            source.layout.importer(i, source.csv, Progress.none()).read(source.csv, saver::add);
        } else {
            fromJson.forEach(saver::add);
        }
        saver.flush();
        bar.finishLine();
        Map<SaveOutcome, Long> n = saver.outcomes;
        out.println(file + ": stored " + n.get(SaveOutcome.STORED) + " new, " + n.get(SaveOutcome.UPDATED) + " updated, "
            + n.get(SaveOutcome.DUPLICATE) + " already stored, " + n.get(SaveOutcome.CONFLICT) + " conflicting, "
            + n.get(SaveOutcome.INVALID) + " invalid");
        int shown = 0;
        for (BatchItem item : saver.refused) {
            if (shown++ == ResponseSource.LISTED) {
                err.println("  ... " + (saver.refused.size() - ResponseSource.LISTED) + " more");
                break;
            }
            err.println("  response " + Messages.clean(item.responseId()) + ": " + item.outcome().name().toLowerCase(java.util.Locale.ROOT)
                + (item.problems().isEmpty() ? (item.outcome() == SaveOutcome.CONFLICT ? ": the id (or its case file) is stored"
                + " with other content" : "") : ": " + Messages.printable(String.join("; ", item.problems()))));
        }
        return saver.refused.isEmpty() ? ExitCode.OK : ExitCode.INVALID_DATA;
    }

    /** Saves in chunks, counting outcomes and reporting {@link Progress.Phase#SAVE}. */
    private static final class Saver {
        private final SurveyStore store;
        private final Progress progress;
        private final long total;
        private final List<Response> chunk = new ArrayList<>();
        private final Map<SaveOutcome, Long> outcomes = new EnumMap<>(SaveOutcome.class);
        private final List<BatchItem> refused = new ArrayList<>();
        private long saved;

        Saver(SurveyStore store, Progress progress, long total) {
            this.store = store;
            this.progress = progress;
            this.total = total;
            for (SaveOutcome o : SaveOutcome.values()) {
                outcomes.put(o, 0L);
            }
            progress.update(Progress.Phase.SAVE, 0, total);
        }

        void add(Response r) {
            chunk.add(r);
            if (chunk.size() == CHUNK) {
                flush();
            }
        }

        void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            BatchResult result;
            long before = saved;
            try {
                result = store.saveAll(chunk, (phase, done, all) -> progress.update(phase, before + done, Math.max(total, before + all)));
            } catch (BatchFailedException e) {
                throw new CliException(ExitCode.STORE, "store: " + saved + " responses were committed before this part; "
                    + e.getMessage(), e);
            }
            for (BatchItem item : result.items()) {
                outcomes.merge(item.outcome(), 1L, Long::sum);
                if (item.outcome() == SaveOutcome.CONFLICT || item.outcome() == SaveOutcome.INVALID) {
                    refused.add(item);
                }
            }
            saved += chunk.size();
            chunk.clear();
        }
    }
}
