package org.civicsurvey.io.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.model.TextQuestion;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.ValidationReport;
import org.civicsurvey.validation.Violation;

/**
 * Imports responses from a CSV file in wide form (one row per response, one column per question),
 * as other survey tools export them: streaming (constant memory, any file size), every row
 * validated against the instrument, rejected rows listed with row, column and reason, the rest
 * passed to a consumer.
 *
 * <p><b>Cells.</b> Rating and NPS: a whole number; a number that is a special code (the scale's own
 * {@code specialCodes}, e.g. 98 = don't know, or one added with {@link #withSpecialCode}) becomes a
 * special answer. Number: a decimal number ({@code .} as the decimal point). Single choice: an
 * option code (or a raw code mapped with {@link #withOption}); multiple choice: codes separated by
 * {@code ;}. Text: verbatim. An empty cell is no answer (which fails validation when the question is
 * required and shown). Cells other than text are trimmed.
 *
 * <p><b>Encodings.</b> UTF-8 by default, with or without a byte-order mark; bytes that are not valid
 * in the charset (e.g. Windows-1258 or Latin-1 text read as UTF-8) stop the import with a
 * {@link CsvImportException} naming the line; declare the file's charset with
 * {@link #withCharset(Charset)}. Rows before the bad line have been passed on already. (Undecodable
 * bytes are found as the replacement character U+FFFD they decode to, so a file that contains
 * U+FFFD itself is refused too.)
 *
 * <p><b>Limits</b> against hostile files: a field of more than {@code maxFieldLength} characters
 * (default 100,000) or a row of more than {@code maxColumns} fields (default 10,000) rejects the row;
 * at most {@code maxErrors} problems (default 100,000) are listed, the rest counted.
 */
public final class WideCsvImporter {
    /** Receives progress while a file is read. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param rowsRead data rows read so far
         * @param imported rows imported so far
         * @param rejected rows rejected so far
         */
        void update(long rowsRead, long imported, long rejected);
    }

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
    private final java.util.Set<String> missingValues;

    private WideCsvImporter(Instrument instrument, ColumnMapping mapping, Charset charset, char delimiter, ZoneId zone,
                            ResponseStatus status, Map<String, Map<String, SpecialStatus>> specialCodes,
                            Map<String, Map<String, String>> optionCodes, Progress progress, long progressEvery,
                            int maxFieldLength, int maxColumns, int maxErrors, java.util.Set<String> missingValues) {
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
    }

    /**
     * @param instrument the instrument the rows answer
     * @param mapping the column mapping
     * @return an importer: UTF-8, comma, UTC, complete responses, default limits, no progress
     */
    public static WideCsvImporter create(Instrument instrument, ColumnMapping mapping) {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(mapping, "mapping");
        return new WideCsvImporter(instrument, mapping, StandardCharsets.UTF_8, ',', ZoneId.of("UTC"),
            ResponseStatus.COMPLETE, Map.of(), Map.of(), (a, b, c) -> { }, 10_000, 100_000, 10_000, 100_000,
            java.util.Set.of());
    }

    private WideCsvImporter copy(Charset cs, char delim, ZoneId z, ResponseStatus st, Map<String, Map<String, SpecialStatus>> sc,
                                 Map<String, Map<String, String>> oc, Progress p, long every, int field, int cols, int errs) {
        return new WideCsvImporter(instrument, mapping, cs, delim, z, st, sc, oc, p, every, field, cols, errs, missingValues);
    }

    /**
     * @param values raw cell values that mean "no answer" besides the empty cell (e.g. {@code NA} in
     *     files written by R, {@code .} from SAS/Stata); compared after trimming
     * @return a copy
     */
    public WideCsvImporter withMissingValues(String... values) {
        java.util.Set<String> set = new java.util.HashSet<>();
        for (String v : values) {
            set.add(Objects.requireNonNull(v, "missing value").trim());
        }
        return new WideCsvImporter(instrument, mapping, charset, delimiter, zone, status, specialCodes, optionCodes, progress,
            progressEvery, maxFieldLength, maxColumns, maxErrors, java.util.Set.copyOf(set));
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
     * @param listener called every {@code everyRows} rows and once at the end
     * @param everyRows the interval, {@code >= 1}
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
     * Reads a file and passes every valid row's response to the sink, in file order.
     *
     * @param in the bytes (not closed)
     * @param sink receives the imported responses
     * @return what was imported and rejected
     * @throws CsvImportException for a bad header, undecodable bytes or an I/O error
     */
    public ImportResult read(InputStream in, Consumer<Response> sink) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        CharsetDecoder dec = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith("\uFFFD");
        Reader reader = new InputStreamReader(in, dec);
        CsvRecordReader csv = new CsvRecordReader(reader, delimiter, maxFieldLength, maxColumns);
        List<String> fields = new ArrayList<>();
        try {
            if (!csv.read(fields)) {
                throw new CsvImportException("the file is empty: no header row");
            }
            if (csv.problem() != null) {
                throw new CsvImportException("line 1 (header): " + csv.problem());
            }
            if (!fields.isEmpty() && fields.get(0).startsWith("\uFEFF")) {
                fields.set(0, fields.get(0).substring(1));
            }
            Layout layout = layout(fields);
            long rows = 0;
            long imported = 0;
            long rejected = 0;
            List<RowError> errors = new ArrayList<>();
            boolean truncated = false;
            ResponseValidator validator = ResponseValidator.create();
            while (csv.read(fields)) {
                if (fields.size() == 1 && fields.get(0).isEmpty() && csv.problem() == null) {
                    continue; // a blank line
                }
                rows++;
                long row = rows + 1;
                List<RowError> problems = new ArrayList<>();
                if (csv.problem() != null) {
                    problems.add(new RowError(row, "", csv.problem() + " (line " + csv.startLine() + ")"));
                } else if (fields.size() != layout.headers.size()) {
                    problems.add(new RowError(row, "", "the row has " + fields.size() + " fields; the header has "
                        + layout.headers.size()));
                } else {
                    Response r = toResponse(layout, fields, row, problems);
                    if (r != null && problems.isEmpty()) {
                        ValidationReport report = validator.validate(instrument, r);
                        for (Violation v : report.violations()) {
                            problems.add(new RowError(row, layout.headerOfPath(v.path()), v.path() + ": " + v.message()));
                        }
                        if (problems.isEmpty()) {
                            sink.accept(r);
                            imported++;
                        }
                    }
                }
                if (!problems.isEmpty()) {
                    rejected++;
                    for (RowError e : problems) {
                        if (errors.size() < maxErrors) {
                            errors.add(e);
                        } else {
                            truncated = true;
                        }
                    }
                }
                if (rows % progressEvery == 0) {
                    progress.update(rows, imported, rejected);
                }
            }
            progress.update(rows, imported, rejected);
            return new ImportResult(rows, imported, rejected, errors, truncated, layout.ignored);
        } catch (CharacterCodingException e) {
            throw new CsvImportException("line " + csv.line() + ": the bytes are not valid " + charset.name()
                + "; the file is probably in another encoding (e.g. windows-1258 or ISO-8859-1):"
                + " save it as UTF-8 or declare its charset with withCharset(...)", e);
        } catch (IOException e) {
            throw new CsvImportException("reading the CSV failed at line " + csv.line() + ": " + e.getMessage(), e);
        }
    }

    private static final class Layout {
        final List<String> headers;
        final ColumnMapping.Target[] targets;
        final Question[] questions;
        final Map<String, String> questionHeader = new HashMap<>();
        final List<String> ignored = new ArrayList<>();
        String weightHeader = "";

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
            return path.equals("weight") ? weightHeader : "";
        }
    }

    private Layout layout(List<String> headers) {
        Layout l = new Layout(headers);
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int j = 0; j < headers.size(); j++) {
            String h = headers.get(j).trim();
            if (seen.put(h, j) != null) {
                throw new CsvImportException("line 1 (header): column '" + h + "' appears twice");
            }
            ColumnMapping.Target explicit = mapping.columns().get(h);
            final ColumnMapping.Target t = explicit == null && mapping.questionsByHeader() && instrument.question(h).isPresent()
                ? new ColumnMapping.Target(ColumnMapping.Role.QUESTION, h) : explicit;
            if (t == null) {
                l.ignored.add(h);
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
            if (t.role() == ColumnMapping.Role.WEIGHT) {
                l.weightHeader = h;
            }
            l.targets[j] = t;
        }
        for (String h : mapping.columns().keySet()) {
            if (!seen.containsKey(h)) {
                throw new CsvImportException("line 1 (header): mapped column '" + h + "' is missing; the header has "
                    + seen.keySet());
            }
        }
        return l;
    }

    private Response toResponse(Layout l, List<String> fields, long row, List<RowError> problems) {
        String id = "row-" + row;
        Optional<String> agency = Optional.empty();
        Optional<String> service = Optional.empty();
        Optional<String> channel = Optional.empty();
        Optional<String> caseFile = Optional.empty();
        Optional<Instant> time = Optional.empty();
        for (int j = 0; j < fields.size(); j++) {
            if (l.targets[j] != null && l.targets[j].role() == ColumnMapping.Role.ID && !fields.get(j).isBlank()) {
                id = fields.get(j).trim();
            }
        }
        Response.Builder b;
        try {
            b = Response.builder(id, instrument.id(), instrument.version()).status(status);
        } catch (IllegalArgumentException e) {
            problems.add(new RowError(row, "", e.getMessage()));
            return null;
        }
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
                            double w = Double.parseDouble(v);
                            if (!(w > 0) || Double.isInfinite(w)) {
                                throw new IllegalArgumentException("weight " + v + " must be a finite number > 0");
                            }
                            b.weight(w);
                        }
                        break;
                    case TIME:
                        if (!v.isEmpty()) {
                            time = Optional.of(parseTime(v));
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
                        answer(b, l.questions[j], raw, v);
                        break;
                    default:
                        break;
                }
            } catch (NumberFormatException e) {
                problems.add(new RowError(row, header, "'" + abbreviate(v) + "' is not a number"));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                problems.add(new RowError(row, header, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            b.transaction(new Transaction(caseFile, agency, service, channel, time));
            return b.build();
        } catch (IllegalArgumentException e) {
            problems.add(new RowError(row, "", e.getMessage()));
            return null;
        }
    }

    private Instant parseTime(String v) {
        if (v.length() == 10) {
            return LocalDate.parse(v).atStartOfDay(zone).toInstant();
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + abbreviate(v) + "' is not a date (yyyy-MM-dd) or an ISO-8601 time with offset");
        }
    }

    private void answer(Response.Builder b, Question q, String raw, String v) {
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
            b.choice(q.id(), codes.toArray(new String[0]));
            return;
        }
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("'" + abbreviate(v) + "' is not a finite number");
        }
        if (!(q instanceof NumberQuestion) && d != Math.rint(d)) {
            throw new IllegalArgumentException(v + " is not a whole number");
        }
        b.answer(q.id(), d);
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
