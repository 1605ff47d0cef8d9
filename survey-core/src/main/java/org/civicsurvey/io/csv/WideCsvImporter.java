package org.civicsurvey.io.csv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Progress;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.model.TextQuestion;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.ValidationReport;
import org.civicsurvey.validation.Violation;

/**
 * Imports responses from a CSV file in wide form (one row per response, one column per question),
 * as other survey tools export them: streaming (memory independent of the file's size but for 11 to
 * 21 bytes per respondent id while ids are checked), every row validated against the instrument,
 * rejected rows listed with row, column and reason, the rest passed to a consumer.
 *
 * <p><b>Strict by default.</b> Before any row is read the header is matched against the mapping and
 * the instrument: a column that maps to nothing (a misspelt {@code tc1x}) and a column that is
 * missing (a mapped header, or a required question of complete responses) refuse the file with a
 * {@link CsvImportException} listing each with the closest expected name
 * ({@link #withUnknownColumns}, {@link #withMissingColumns} to allow them; {@link
 * ColumnMapping.Builder#ignore} to declare extra columns). Respondent ids that repeat reject every
 * row of that id, or all but the first ({@link #withDuplicateIds}); the result lists them. The
 * {@link ImportResult} counts rows read, imported and rejected by {@link RejectReason} with their
 * row numbers.
 *
 * <p><b>Passes.</b> When an id column is mapped, the file is read twice (three times when ids repeat):
 * first the ids alone (a 64-bit fingerprint each), then the rows; so a repeat is known before its
 * first row would be passed on. {@link #read(Path, Consumer)} reads the file again;
 * {@link #read(InputStream, Consumer)} copies the stream to a temporary file first (deleted
 * afterwards) when it needs two passes.
 *
 * <p><b>Cells.</b> Rating and NPS: a whole number; a number that is a special code (the scale's own
 * {@code specialCodes}, e.g. 98 = don't know, or one added with {@link #withSpecialCode}) becomes a
 * special answer. Number: a decimal number ({@code .} as the decimal point). Single choice: an
 * option code (or a raw code mapped with {@link #withOption}); multiple choice: codes separated by
 * {@code ;}; the "other" text in its own column ({@link ColumnMapping.Builder#otherText}). Text:
 * verbatim. An empty cell is no answer (which fails validation when the question is required and
 * shown). Cells other than text are trimmed.
 *
 * <p><b>Encodings.</b> UTF-8 by default, with or without a byte-order mark; bytes that are not valid
 * in the charset (e.g. Windows-1258 or Latin-1 text read as UTF-8) stop the import with a
 * {@link CsvImportException} naming the line; declare the file's charset with
 * {@link #withCharset(Charset)}. In a single pass rows before the bad line have been passed on
 * already. (Undecodable bytes are found as the replacement character U+FFFD they decode to, so a
 * file that contains U+FFFD itself is refused too.)
 *
 * <p><b>Limits</b> against hostile files: a field of more than {@code maxFieldLength} characters
 * (default 100,000) or a row of more than {@code maxColumns} fields (default 10,000) rejects the row;
 * at most {@code maxErrors} problems (default 100,000) are listed, the rest counted.
 *
 * <p><b>Progress</b> ({@link #withProgress}): {@link Progress.Phase#READ_IDS} in bytes, then
 * {@link Progress.Phase#IMPORT} in rows, whose total is known after the first pass ({@code -1} in a
 * single pass).
 */
public final class WideCsvImporter {
    private final Instrument instrument;
    private final ColumnMapping mapping;
    private final Charset charset;
    private final char delimiter;
    private final ZoneId zone;
    private final ResponseStatus status;
    private final Map<String, Map<String, SpecialStatus>> specialCodes;
    private final Map<String, Map<String, String>> optionCodes;
    private final Progress progress;
    private final long progressEvery;
    private final int maxFieldLength;
    private final int maxColumns;
    private final int maxErrors;
    private final Set<String> missingValues;
    private final ColumnCheck unknownColumns;
    private final ColumnCheck missingColumns;
    private final DuplicateIds duplicateIds;

    private WideCsvImporter(Instrument instrument, ColumnMapping mapping, Charset charset, char delimiter, ZoneId zone,
                            ResponseStatus status, Map<String, Map<String, SpecialStatus>> specialCodes,
                            Map<String, Map<String, String>> optionCodes, Progress progress, long progressEvery,
                            int maxFieldLength, int maxColumns, int maxErrors, Set<String> missingValues,
                            ColumnCheck unknownColumns, ColumnCheck missingColumns, DuplicateIds duplicateIds) {
        this.missingValues = missingValues;
        this.instrument = instrument;
        this.mapping = mapping;
        this.charset = charset;
        this.delimiter = delimiter;
        this.zone = zone;
        this.status = status;
        this.specialCodes = specialCodes;
        this.optionCodes = optionCodes;
        this.progress = progress;
        this.progressEvery = progressEvery;
        this.maxFieldLength = maxFieldLength;
        this.maxColumns = maxColumns;
        this.maxErrors = maxErrors;
        this.unknownColumns = unknownColumns;
        this.missingColumns = missingColumns;
        this.duplicateIds = duplicateIds;
    }

    /**
     * @param instrument the instrument the rows answer
     * @param mapping the column mapping
     * @return an importer: UTF-8, comma, UTC, complete responses, strict header, repeated ids
     *     rejected, default limits, no progress
     */
    public static WideCsvImporter create(Instrument instrument, ColumnMapping mapping) {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(mapping, "mapping");
        return new WideCsvImporter(instrument, mapping, StandardCharsets.UTF_8, ',', ZoneId.of("UTC"),
            ResponseStatus.COMPLETE, Map.of(), Map.of(), Progress.none(), 1_000, 100_000, 10_000, 100_000,
            Set.of(), ColumnCheck.REJECT, ColumnCheck.REJECT, DuplicateIds.REJECT);
    }

    private WideCsvImporter copy(Charset cs, char delim, ZoneId z, ResponseStatus st, Map<String, Map<String, SpecialStatus>> sc,
                                 Map<String, Map<String, String>> oc, Progress p, long every, int field, int cols, int errs) {
        return new WideCsvImporter(instrument, mapping, cs, delim, z, st, sc, oc, p, every, field, cols, errs, missingValues,
            unknownColumns, missingColumns, duplicateIds);
    }

    /**
     * @param values raw cell values that mean "no answer" besides the empty cell (e.g. {@code NA} in
     *     files written by R, {@code .} from SAS/Stata); compared after trimming
     * @return a copy
     */
    public WideCsvImporter withMissingValues(String... values) {
        Set<String> set = new HashSet<>();
        for (String v : values) {
            set.add(Objects.requireNonNull(v, "missing value").trim());
        }
        return new WideCsvImporter(instrument, mapping, charset, delimiter, zone, status, specialCodes, optionCodes, progress,
            progressEvery, maxFieldLength, maxColumns, maxErrors, Set.copyOf(set), unknownColumns, missingColumns,
            duplicateIds);
    }

    /**
     * @param value what to do with a header that maps to nothing: {@link ColumnCheck#REJECT} (the
     *     default) refuses the file before reading a row, naming the closest expected name;
     *     {@link ColumnCheck#IGNORE} reads past it and lists it in {@link ImportResult#header()}
     * @return a copy
     */
    public WideCsvImporter withUnknownColumns(ColumnCheck value) {
        return new WideCsvImporter(instrument, mapping, charset, delimiter, zone, status, specialCodes, optionCodes, progress,
            progressEvery, maxFieldLength, maxColumns, maxErrors, missingValues, Objects.requireNonNull(value, "unknownColumns"),
            missingColumns, duplicateIds);
    }

    /**
     * @param value what to do when a required question of complete responses has no column (every
     *     row would be rejected for it): {@link ColumnCheck#REJECT} (the default) refuses the file;
     *     {@link ColumnCheck#IGNORE} goes on. Optional questions without a column are only listed,
     *     and a mapped header that is missing always refuses the file.
     * @return a copy
     */
    public WideCsvImporter withMissingColumns(ColumnCheck value) {
        return new WideCsvImporter(instrument, mapping, charset, delimiter, zone, status, specialCodes, optionCodes, progress,
            progressEvery, maxFieldLength, maxColumns, maxErrors, missingValues, unknownColumns,
            Objects.requireNonNull(value, "missingColumns"), duplicateIds);
    }

    /**
     * @param value what to do with rows that share a respondent id (default {@link DuplicateIds#REJECT})
     * @return a copy
     */
    public WideCsvImporter withDuplicateIds(DuplicateIds value) {
        return new WideCsvImporter(instrument, mapping, charset, delimiter, zone, status, specialCodes, optionCodes, progress,
            progressEvery, maxFieldLength, maxColumns, maxErrors, missingValues, unknownColumns, missingColumns,
            Objects.requireNonNull(value, "duplicateIds"));
    }
    /**
     * @param value the file's charset (e.g. {@code Charset.forName("windows-1258")})
     * @return a copy
     */
    public WideCsvImporter withCharset(Charset value) {
        return copy(Objects.requireNonNull(value, "charset"), delimiter, zone, status, specialCodes, optionCodes, progress,
            progressEvery, maxFieldLength, maxColumns, maxErrors);
    }

    /**
     * @param value the field delimiter (e.g. {@code ';'}); not a quote or line break
     * @return a copy
     */
    public WideCsvImporter withDelimiter(char value) {
        if (value == '"' || value == '\r' || value == '\n') {
            throw new IllegalArgumentException("delimiter " + (int) value + " must not be a quote or a line break");
        }
        return copy(charset, value, zone, status, specialCodes, optionCodes, progress, progressEvery, maxFieldLength,
            maxColumns, maxErrors);
    }

    /**
     * @param value the zone for dates without time (a date is the start of that day there)
     * @return a copy
     */
    public WideCsvImporter withZone(ZoneId value) {
        return copy(charset, delimiter, Objects.requireNonNull(value, "zone"), status, specialCodes, optionCodes, progress,
            progressEvery, maxFieldLength, maxColumns, maxErrors);
    }

    /**
     * @param value the status of imported responses ({@code IN_PROGRESS} does not enforce required answers)
     * @return a copy
     */
    public WideCsvImporter withStatus(ResponseStatus value) {
        return copy(charset, delimiter, zone, Objects.requireNonNull(value, "status"), specialCodes, optionCodes, progress,
            progressEvery, maxFieldLength, maxColumns, maxErrors);
    }

    /**
     * Maps a raw cell value to a special answer, for one question or (questionId {@code "*"}) every
     * rating/NPS question whose scale offers that status.
     *
     * @param questionId a question id, or {@code "*"}
     * @param raw the raw cell value, e.g. {@code 9}
     * @param special the status it means
     * @return a copy
     */
    public WideCsvImporter withSpecialCode(String questionId, String raw, SpecialStatus special) {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(special, "special");
        if (!"*".equals(questionId)) {
            requireQuestion(questionId);
        }
        Map<String, Map<String, SpecialStatus>> m = new HashMap<>();
        specialCodes.forEach((k, v) -> m.put(k, new HashMap<>(v)));
        m.computeIfAbsent(questionId, k -> new HashMap<>()).put(raw.trim(), special);
        return copy(charset, delimiter, zone, status, m, optionCodes, progress, progressEvery, maxFieldLength, maxColumns,
            maxErrors);
    }

    /**
     * Maps a raw cell value of a choice question to an option code (e.g. {@code 1} → {@code male}).
     *
     * @param questionId a choice question
     * @param raw the raw value
     * @param optionCode the option code
     * @return a copy
     */
    public WideCsvImporter withOption(String questionId, String raw, String optionCode) {
        Question q = requireQuestion(questionId);
        if (!(q instanceof ChoiceQuestion c) || c.option(optionCode).isEmpty()) {
            throw new IllegalArgumentException("question " + questionId + " has no option " + optionCode);
        }
        Map<String, Map<String, String>> m = new HashMap<>();
        optionCodes.forEach((k, v) -> m.put(k, new HashMap<>(v)));
        m.computeIfAbsent(questionId, k -> new HashMap<>()).put(raw.trim(), optionCode);
        return copy(charset, delimiter, zone, status, specialCodes, m, progress, progressEvery, maxFieldLength, maxColumns,
            maxErrors);
    }

    /**
     * @param listener receives {@link Progress.Phase#READ_IDS} and {@link Progress.Phase#IMPORT}
     *     updates, every thousand rows (and megabyte) and at the end of each pass
     * @return a copy
     */
    public WideCsvImporter withProgress(Progress listener) {
        return withProgress(listener, 1_000);
    }

    /**
     * @param listener receives {@link Progress.Phase#READ_IDS} and {@link Progress.Phase#IMPORT} updates
     * @param everyRows rows between updates, {@code >= 1}
     * @return a copy
     */
    public WideCsvImporter withProgress(Progress listener, long everyRows) {
        if (everyRows < 1) {
            throw new IllegalArgumentException("everyRows is " + everyRows + "; must be >= 1");
        }
        return copy(charset, delimiter, zone, status, specialCodes, optionCodes, Objects.requireNonNull(listener, "listener"),
            everyRows, maxFieldLength, maxColumns, maxErrors);
    }

    /**
     * @param maxField longest field in characters, 1..100,000,000
     * @param maxCols most fields per row, 1..1,000,000
     * @param maxErrs most problems listed, 0..10,000,000
     * @return a copy
     */
    public WideCsvImporter withLimits(int maxField, int maxCols, int maxErrs) {
        if (maxField < 1 || maxField > 100_000_000) {
            throw new IllegalArgumentException("maxFieldLength is " + maxField + "; must be 1..100000000");
        }
        if (maxCols < 1 || maxCols > 1_000_000) {
            throw new IllegalArgumentException("maxColumns is " + maxCols + "; must be 1..1000000");
        }
        if (maxErrs < 0 || maxErrs > 10_000_000) {
            throw new IllegalArgumentException("maxErrors is " + maxErrs + "; must be 0..10000000");
        }
        return copy(charset, delimiter, zone, status, specialCodes, optionCodes, progress, progressEvery, maxField, maxCols,
            maxErrs);
    }

    private Question requireQuestion(String questionId) {
        return instrument.question(questionId).orElseThrow(() -> new IllegalArgumentException("instrument "
            + instrument.id() + " has no question " + questionId));
    }

    /**
     * Matches a header against the mapping and the instrument without reading any row: what a strict
     * import would refuse, and what a lenient one would list.
     *
     * @param headers the header's column names
     * @return the unknown and missing columns, each with the closest expected name
     */
    public HeaderReport checkHeader(List<String> headers) {
        List<String> trimmed = new ArrayList<>();
        for (String h : headers) {
            trimmed.add(Objects.requireNonNull(h, "header").trim());
        }
        return layout(trimmed).report;
    }

    /**
     * Reads a file and passes every valid row's response to the sink, in file order.
     *
     * @param file the CSV file
     * @param sink receives the imported responses
     * @return what was imported and rejected
     * @throws CsvImportException for a header that does not match (before any row is passed on),
     *     undecodable bytes, or an I/O error
     */
    public ImportResult read(Path file, Consumer<Response> sink) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sink, "sink");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new CsvImportException("cannot read " + file + ": " + e, e);
        }
        return run(() -> Files.newInputStream(file), size, sink);
    }

    /**
     * Reads a stream and passes every valid row's response to the sink, in file order. When an id
     * column is mapped the stream is first copied to a temporary file (deleted afterwards) so that
     * repeated ids are known before their first row is passed on.
     *
     * @param in the bytes (not closed)
     * @param sink receives the imported responses
     * @return what was imported and rejected
     * @throws CsvImportException for a header that does not match (before any row is passed on),
     *     undecodable bytes or an I/O error
     */
    public ImportResult read(InputStream in, Consumer<Response> sink) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        if (!mapping.columns().containsValue(new ColumnMapping.Target(ColumnMapping.Role.ID, ""))) {
            try {
                return importRows(new CountingStream(in), -1, Map.of(), sink);
            } catch (IOException e) {
                throw new CsvImportException("reading the CSV failed: " + e.getMessage(), e);
            }
        }
        Path spool = null;
        try {
            spool = Files.createTempFile("civicsurvey-import-", ".csv");
            Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            Path file = spool;
            return run(() -> Files.newInputStream(file), Files.size(spool), sink);
        } catch (IOException e) {
            throw new CsvImportException("copying the CSV to a temporary file failed: " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException e) {
                    spool.toFile().deleteOnExit();
                }
            }
        }
    }

    /** A source that can be opened more than once. */
    private interface Source {
        InputStream open() throws IOException;
    }

    private ImportResult run(Source source, long size, Consumer<Response> sink) {
        try {
            IdScan scan;
            try (InputStream in = source.open()) {
                scan = scanIds(new CountingStream(in), size);
            }
            Map<String, List<Long>> repeats = Map.of();
            if (!scan.suspects.isEmpty()) {
                try (InputStream in = source.open()) {
                    repeats = repeatedIds(new CountingStream(in), scan.suspects);
                }
            }
            try (InputStream in = source.open()) {
                return importRows(new CountingStream(in), scan.rows, repeats, sink);
            }
        } catch (IOException e) {
            throw new CsvImportException("reading the CSV failed: " + e.getMessage(), e);
        }
    }

    /** A reader of the file's records after its header, counting data rows as the import numbers them. */
    private final class Rows {
        final CountingStream bytes;
        final CsvRecordReader csv;
        final Layout layout;
        final List<String> fields = new ArrayList<>();
        long rows;

        Rows(CountingStream in) throws IOException {
            this.bytes = in;
            CharsetDecoder dec = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith("\uFFFD");
            this.csv = new CsvRecordReader(new InputStreamReader(in, dec), delimiter, maxFieldLength, maxColumns);
            try {
                if (!csv.read(fields)) {
                    throw new CsvImportException("the file is empty: no header row");
                }
            } catch (CharacterCodingException e) {
                throw encoding(e);
            }
            if (csv.problem() != null) {
                throw new CsvImportException("line 1 (header): " + csv.problem());
            }
            List<String> headers = new ArrayList<>();
            for (int j = 0; j < fields.size(); j++) {
                String h = fields.get(j);
                headers.add((j == 0 && h.startsWith("\uFEFF") ? h.substring(1) : h).trim());
            }
            this.layout = layout(headers);
            layout.requireAcceptable();
        }

        /** @return the next data row's fields (blank lines skipped), or false at the end */
        boolean next() throws IOException {
            try {
                while (csv.read(fields)) {
                    if (fields.size() == 1 && fields.get(0).isEmpty() && csv.problem() == null) {
                        continue; // a blank line
                    }
                    rows++;
                    return true;
                }
                return false;
            } catch (CharacterCodingException e) {
                throw encoding(e);
            }
        }

        long row() {
            return rows + 1;
        }

        /** @return whether the row is well-formed with one field per header */
        boolean wellFormed() {
            return csv.problem() == null && fields.size() == layout.headers.size();
        }

        /** @return the row's trimmed id, or {@code ""} when there is none */
        String id() {
            return layout.idColumn < 0 || !wellFormed() ? "" : fields.get(layout.idColumn).trim();
        }

        private CsvImportException encoding(CharacterCodingException e) {
            return new CsvImportException("line " + csv.line() + ": the bytes are not valid " + charset.name()
                + "; the file is probably in another encoding (e.g. windows-1258 or ISO-8859-1):"
                + " save it as UTF-8 or declare its charset with withCharset(...)", e);
        }
    }

    /** The first pass's findings. */
    private static final class IdScan {
        long rows;
        final Set<Long> suspects = new HashSet<>();
    }

    private IdScan scanIds(CountingStream in, long size) throws IOException {
        Rows rows = new Rows(in);
        rows.csv.keepOnly(rows.layout.idColumn);
        IdScan scan = new IdScan();
        Fingerprints seen = rows.layout.idColumn >= 0 ? new Fingerprints() : null;
        progress.update(Progress.Phase.READ_IDS, 0, size);
        while (rows.next()) {
            String id = rows.id();
            if (seen != null && !id.isEmpty()) {
                long fp = Fingerprints.of(id);
                if (!seen.add(fp)) {
                    scan.suspects.add(fp);
                }
            }
            if (rows.rows % progressEvery == 0) {
                progress.update(Progress.Phase.READ_IDS, Math.min(in.count, size), size);
            }
        }
        scan.rows = rows.rows;
        progress.update(Progress.Phase.READ_IDS, size, size);
        return scan;
    }

    /** The second pass: the exact ids behind repeated fingerprints, with their rows; only those on two or more rows. */
    private Map<String, List<Long>> repeatedIds(CountingStream in, Set<Long> suspects) throws IOException {
        Rows rows = new Rows(in);
        rows.csv.keepOnly(rows.layout.idColumn);
        Map<String, List<Long>> byId = new LinkedHashMap<>();
        while (rows.next()) {
            String id = rows.id();
            if (!id.isEmpty() && suspects.contains(Fingerprints.of(id))) {
                byId.computeIfAbsent(id, k -> new ArrayList<>()).add(rows.row());
            }
        }
        byId.values().removeIf(r -> r.size() < 2);
        return byId;
    }

    private ImportResult importRows(CountingStream in, long total, Map<String, List<Long>> repeats, Consumer<Response> sink)
            throws IOException {
        Rows rows = new Rows(in);
        Layout layout = rows.layout;
        long imported = 0;
        long rejected = 0;
        List<RowError> errors = new ArrayList<>();
        boolean truncated = false;
        long[] reasonRows = new long[RejectReason.values().length];
        List<List<Long>> reasonListed = new ArrayList<>();
        for (int i = 0; i < reasonRows.length; i++) {
            reasonListed.add(new ArrayList<>());
        }
        ResponseValidator validator = ResponseValidator.create();
        progress.update(Progress.Phase.IMPORT, 0, total);
        List<String> fields = rows.fields;
        while (rows.next()) {
            long row = rows.row();
            List<RowError> problems = new ArrayList<>();
            if (rows.csv.problem() != null) {
                problems.add(new RowError(row, "", RejectReason.MALFORMED_ROW, rows.csv.problem() + " (line "
                    + rows.csv.startLine() + ")"));
            } else if (fields.size() != layout.headers.size()) {
                problems.add(new RowError(row, "", RejectReason.MALFORMED_ROW, "the row has " + fields.size()
                    + " fields; the header has " + layout.headers.size()));
            } else {
                List<Long> same = repeats.get(rows.id());
                if (same != null) {
                    duplicate(layout, rows.id(), row, same, problems);
                }
                Response r = toResponse(layout, fields, row, problems);
                if (r != null && problems.isEmpty()) {
                    ValidationReport report = validator.validate(instrument, r);
                    for (Violation v : report.violations()) {
                        problems.add(new RowError(row, layout.headerOfPath(v.path()), RejectReason.INVALID_ANSWER,
                            v.path() + ": " + v.message()));
                    }
                    if (problems.isEmpty()) {
                        sink.accept(r);
                        imported++;
                    }
                }
            }
            if (!problems.isEmpty()) {
                rejected++;
                boolean[] counted = new boolean[reasonRows.length];
                for (RowError e : problems) {
                    int k = e.reason().ordinal();
                    if (!counted[k]) {
                        counted[k] = true;
                        reasonRows[k]++;
                        if (reasonListed.get(k).size() < Rejections.MAX_LISTED) {
                            reasonListed.get(k).add(row);
                        }
                    }
                    if (errors.size() < maxErrors) {
                        errors.add(e);
                    } else {
                        truncated = true;
                    }
                }
            }
            if (rows.rows % progressEvery == 0) {
                progress.update(Progress.Phase.IMPORT, rows.rows, total);
            }
        }
        progress.update(Progress.Phase.IMPORT, rows.rows, total < 0 ? -1 : rows.rows);
        Map<RejectReason, Rejections> byReason = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            if (reasonRows[reason.ordinal()] > 0) {
                byReason.put(reason, new Rejections(reasonRows[reason.ordinal()], reasonListed.get(reason.ordinal())));
            }
        }
        List<DuplicateId> dups = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : repeats.entrySet()) {
            if (dups.size() == maxErrors) {
                break;
            }
            dups.add(new DuplicateId(e.getKey(), e.getValue()));
        }
        return new ImportResult(rows.rows, imported, rejected, errors, truncated, layout.report, byReason, dups);
    }

    private void duplicate(Layout layout, String id, long row, List<Long> same, List<RowError> problems) {
        String header = layout.headers.get(layout.idColumn);
        if (duplicateIds == DuplicateIds.FIRST_WINS) {
            if (same.get(0) != row) {
                problems.add(new RowError(row, header, RejectReason.DUPLICATE_ID, "respondent id " + abbreviate(id)
                    + " was already read on row " + same.get(0) + " (the first row of an id wins)"));
            }
            return;
        }
        StringBuilder others = new StringBuilder();
        int listed = 0;
        for (long r : same) {
            if (r != row && listed++ < 10) {
                others.append(others.length() == 0 ? "" : ", ").append(r);
            }
        }
        if (same.size() - 1 > 10) {
            others.append(", …");
        }
        problems.add(new RowError(row, header, RejectReason.DUPLICATE_ID, "respondent id " + abbreviate(id)
            + " is also on row" + (same.size() > 2 ? "s " : " ") + others + "; every row of a repeated id is rejected"
            + " (withDuplicateIds(DuplicateIds.FIRST_WINS) keeps the first)"));
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }

        @Override
        public void close() {
            // the caller closes the underlying stream
        }
    }

    private final class Layout {
        final List<String> headers;
        final ColumnMapping.Target[] targets;
        final Question[] questions;
        final Map<String, String> questionHeader = new HashMap<>();
        String weightHeader = "";
        int idColumn = -1;
        HeaderReport report;
        boolean refuse;

        Layout(List<String> headers) {
            this.headers = List.copyOf(headers);
            this.targets = new ColumnMapping.Target[headers.size()];
            this.questions = new Question[headers.size()];
        }

        String headerOfPath(String path) {
            if (path.startsWith("answers.")) {
                String q = path.substring("answers.".length());
                int dot = q.indexOf('.');
                return questionHeader.getOrDefault(dot < 0 ? q : q.substring(0, dot), "");
            }
            if (path.equals("id")) {
                return idColumn < 0 ? "" : headers.get(idColumn);
            }
            return path.equals("weight") ? weightHeader : "";
        }

        void requireAcceptable() {
            if (!refuse) {
                return;
            }
            List<String> lines = new ArrayList<>();
            if (unknownColumns == ColumnCheck.REJECT) {
                for (ColumnIssue c : report.unknown()) {
                    lines.add("column '" + c.column() + "' is not in the mapping nor a question of the instrument" + c.hint());
                }
            }
            int optional = 0;
            for (ColumnIssue c : report.missing()) {
                if (mapping.columns().containsKey(c.column())) {
                    lines.add("mapped column '" + c.column() + "' is missing" + c.hint());
                } else if (c.required() && missingColumns == ColumnCheck.REJECT) {
                    lines.add("required question " + c.column() + " has no column" + c.hint());
                } else {
                    optional++;
                }
            }
            throw new CsvImportException("line 1 (header): the columns do not match instrument " + instrument.id() + " "
                + instrument.version() + " and the mapping: " + String.join("; ", lines)
                + (optional == 0 ? "" : " (and " + optional + " optional question(s) have no column)")
                + ". Rename or map the columns (ColumnMapping), declare extra ones with ColumnMapping.Builder.ignore(...),"
                + " or allow them with withUnknownColumns(ColumnCheck.IGNORE) / withMissingColumns(ColumnCheck.IGNORE);"
                + " no row was read", lines);
        }
    }

    private Layout layout(List<String> headers) {
        Layout l = new Layout(headers);
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        boolean statusColumn = false;
        for (int j = 0; j < headers.size(); j++) {
            String h = headers.get(j);
            if (seen.put(h, j) != null) {
                throw new CsvImportException("line 1 (header): column '" + h + "' appears twice");
            }
            ColumnMapping.Target explicit = mapping.columns().get(h);
            final ColumnMapping.Target t = explicit == null && mapping.questionsByHeader() && instrument.question(h).isPresent()
                ? new ColumnMapping.Target(ColumnMapping.Role.QUESTION, h) : explicit;
            if (t == null) {
                unknown.add(h);
                continue;
            }
            if (t.role() == ColumnMapping.Role.QUESTION) {
                Question q = instrument.question(t.target()).orElseThrow(() -> new CsvImportException("column '" + h
                    + "' is mapped to question " + t.target() + ", which instrument " + instrument.id() + " does not have"));
                if (l.questionHeader.put(q.id(), h) != null) {
                    throw new CsvImportException("question " + q.id() + " is mapped from two columns");
                }
                l.questions[j] = q;
            }
            if (t.role() == ColumnMapping.Role.OTHER_TEXT) {
                Question q = instrument.question(t.target()).orElse(null);
                if (!(q instanceof ChoiceQuestion c) || c.options().stream().noneMatch(o -> o.other())) {
                    throw new CsvImportException("column '" + h + "' is mapped to the \"other\" text of " + t.target()
                        + ", which is not a choice question of instrument " + instrument.id() + " with an \"other\" option");
                }
                l.questions[j] = q;
            }
            if (t.role() == ColumnMapping.Role.WEIGHT) {
                l.weightHeader = h;
            }
            if (t.role() == ColumnMapping.Role.ID) {
                l.idColumn = j;
            }
            statusColumn |= t.role() == ColumnMapping.Role.STATUS;
            l.targets[j] = t;
        }
        List<String> missingNames = new ArrayList<>();
        List<Boolean> missingRequired = new ArrayList<>();
        for (String h : mapping.columns().keySet()) {
            if (!seen.containsKey(h)) {
                missingNames.add(h);
                missingRequired.add(true);
                l.refuse = true;
            }
        }
        boolean complete = status == ResponseStatus.COMPLETE || statusColumn;
        for (Question q : instrument.questions()) {
            if (!l.questionHeader.containsKey(q.id())) {
                boolean required = q.required() && complete;
                missingNames.add(q.id());
                missingRequired.add(required);
                l.refuse |= required && missingColumns == ColumnCheck.REJECT;
            }
        }
        l.refuse |= !unknown.isEmpty() && unknownColumns == ColumnCheck.REJECT;
        List<ColumnIssue> unknownIssues = new ArrayList<>();
        for (String h : unknown) {
            unknownIssues.add(new ColumnIssue(h, closest(h, missingNames), false));
        }
        List<ColumnIssue> missingIssues = new ArrayList<>();
        for (int i = 0; i < missingNames.size(); i++) {
            missingIssues.add(new ColumnIssue(missingNames.get(i), closest(missingNames.get(i), unknown), missingRequired.get(i)));
        }
        l.report = new HeaderReport(unknownIssues, missingIssues);
        return l;
    }

    /** The candidate nearest to a name by edit distance ignoring case, if within a third of the longer length (at least 1). */
    static Optional<String> closest(String name, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String a = name.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            if (a.length() > 200 || c.length() > 200) {
                continue;
            }
            int d = editDistance(a, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance && d <= Math.max(1, Math.max(a.length(), c.length()) / 3)) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private Response toResponse(Layout l, List<String> fields, long row, List<RowError> problems) {
        String id = "row-" + row;
        Optional<String> agency = Optional.empty();
        Optional<String> service = Optional.empty();
        Optional<String> channel = Optional.empty();
        Optional<String> caseFile = Optional.empty();
        Optional<Instant> time = Optional.empty();
        if (l.idColumn >= 0 && !fields.get(l.idColumn).isBlank()) {
            id = fields.get(l.idColumn).trim();
        }
        int before = problems.size();
        Response.Builder b;
        try {
            b = Response.builder(id, instrument.id(), instrument.version()).status(status);
        } catch (IllegalArgumentException e) {
            problems.add(new RowError(row, l.idColumn < 0 ? "" : l.headers.get(l.idColumn), RejectReason.BAD_VALUE,
                e.getMessage()));
            return null;
        }
        Map<String, List<String>> choices = new LinkedHashMap<>();
        Map<String, String> otherTexts = new HashMap<>();
        for (int j = 0; j < fields.size(); j++) {
            ColumnMapping.Target t = l.targets[j];
            if (t == null) {
                continue;
            }
            String raw = fields.get(j);
            String v = raw.trim();
            if (!v.isEmpty() && missingValues.contains(v)) {
                raw = "";
                v = "";
            }
            String header = l.headers.get(j);
            try {
                switch (t.role()) {
                    case WEIGHT:
                        if (!v.isEmpty()) {
                            double w = number(v);
                            if (!(w > 0) || Double.isInfinite(w)) {
                                throw new IllegalArgumentException("weight " + abbreviate(v) + " must be a finite number > 0");
                            }
                            b.weight(w);
                        }
                        break;
                    case TIME:
                        if (!v.isEmpty()) {
                            time = Optional.of(parseTime(v));
                        }
                        break;
                    case SUBMITTED_AT:
                        if (!v.isEmpty()) {
                            b.submittedAt(parseTime(v));
                        }
                        break;
                    case STATUS:
                        if (!v.isEmpty()) {
                            String cell = v;
                            b.status(ResponseStatus.fromJsonName(v).orElseThrow(() -> new IllegalArgumentException("status '"
                                + abbreviate(cell) + "' is not complete or in_progress")));
                        }
                        break;
                    case AGENCY:
                        agency = v.isEmpty() ? agency : Optional.of(v);
                        break;
                    case SERVICE:
                        service = v.isEmpty() ? service : Optional.of(v);
                        break;
                    case CHANNEL:
                        channel = v.isEmpty() ? channel : Optional.of(v);
                        break;
                    case CASE_FILE:
                        caseFile = v.isEmpty() ? caseFile : Optional.of(v);
                        break;
                    case RESPONDENT:
                        if (!v.isEmpty()) {
                            b.respondent(t.target(), v);
                        }
                        break;
                    case QUESTION:
                        answer(b, l.questions[j], raw, v, choices);
                        break;
                    case OTHER_TEXT:
                        if (!raw.isEmpty()) {
                            otherTexts.put(t.target(), raw);
                        }
                        break;
                    default:
                        break; // ID (read above), IGNORED
                }
            } catch (NumberFormatException e) {
                problems.add(new RowError(row, header, RejectReason.BAD_VALUE, "'" + abbreviate(v) + "' is not a number"));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                problems.add(new RowError(row, header, RejectReason.BAD_VALUE, e.getMessage()));
            }
        }
        for (Map.Entry<String, String> e : otherTexts.entrySet()) {
            if (!choices.containsKey(e.getKey())) {
                String header = "";
                for (int j = 0; j < l.targets.length; j++) {
                    if (l.targets[j] != null && l.targets[j].role() == ColumnMapping.Role.OTHER_TEXT
                        && l.targets[j].target().equals(e.getKey())) {
                        header = l.headers.get(j);
                    }
                }
                problems.add(new RowError(row, header, RejectReason.BAD_VALUE, "an \"other\" text is given but question "
                    + e.getKey() + " has no choice"));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        try {
            for (Map.Entry<String, List<String>> e : choices.entrySet()) {
                String other = otherTexts.get(e.getKey());
                b.answer(e.getKey(), other == null ? Answer.choice(e.getValue().toArray(new String[0]))
                    : Answer.choiceWithOther(e.getValue(), other));
            }
            b.transaction(new Transaction(caseFile, agency, service, channel, time));
            return b.build();
        } catch (IllegalArgumentException e) {
            problems.add(new RowError(row, "", RejectReason.BAD_VALUE, e.getMessage()));
            return null;
        }
    }

    private Instant parseTime(String v) {
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("'" + abbreviate(v) + "' is not a date (yyyy-MM-dd) or an ISO-8601 time with offset");
        }
    }

    private void answer(Response.Builder b, Question q, String raw, String v, Map<String, List<String>> choices) {
        if (q instanceof TextQuestion) {
            if (!raw.isEmpty()) {
                b.text(q.id(), raw);
            }
            return;
        }
        if (v.isEmpty()) {
            return;
        }
        SpecialStatus special = special(q, v);
        if (special != null) {
            b.special(q.id(), special);
            return;
        }
        if (q instanceof ChoiceQuestion c) {
            Map<String, String> map = optionCodes.getOrDefault(q.id(), Map.of());
            List<String> codes = new ArrayList<>();
            for (String part : c.multiple() ? v.split(";", -1) : new String[] {v}) {
                String p = part.trim();
                if (p.isEmpty()) {
                    throw new IllegalArgumentException("an empty option code in '" + abbreviate(v) + "'");
                }
                codes.add(map.getOrDefault(p, p));
            }
            choices.put(q.id(), codes);
            return;
        }
        double d = number(v);
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("'" + abbreviate(v) + "' is not a finite number");
        }
        if (!(q instanceof NumberQuestion) && d != Math.rint(d)) {
            throw new IllegalArgumentException(abbreviate(v) + " is not a whole number");
        }
        b.answer(q.id(), d);
    }

    /** A decimal number as a CSV cell writes it: digits, one point, an exponent; nothing else. */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    /**
     * Parses a decimal number. Java's own parser also takes a type suffix ({@code 4d}, {@code 4f}),
     * hexadecimal ({@code 0x1p2}), {@code NaN} and {@code Infinity}, which no survey file means as 4.
     *
     * @throws NumberFormatException when the text is not a decimal number
     */
    private static double number(String v) {
        if (!DECIMAL.matcher(v).matches()) {
            throw new NumberFormatException(v);
        }
        return Double.parseDouble(v);
    }

    private SpecialStatus special(Question q, String v) {
        Map<String, SpecialStatus> own = specialCodes.get(q.id());
        if (own != null && own.containsKey(v)) {
            return own.get(v);
        }
        Optional<Scale> scale = q.answerScale();
        if (scale.isEmpty()) {
            return null;
        }
        Map<String, SpecialStatus> all = specialCodes.get("*");
        if (all != null && all.containsKey(v) && scale.get().special(all.get(v)).isPresent()) {
            return all.get(v);
        }
        for (SpecialCode sc : scale.get().specialCodes()) {
            if (Integer.toString(sc.code()).equals(v)) {
                return sc.status();
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
