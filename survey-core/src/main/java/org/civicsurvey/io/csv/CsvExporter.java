package org.civicsurvey.io.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.Ids;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.LocalizedText;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Progress;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;

/**
 * Writes responses to one instrument version as CSV that R, pandas, Stata or a spreadsheet opens:
 * a wide table (one row per response, one column per question), a tidy long table (one row per
 * answer), and a codebook that says what every column and code means. The wide table reads back
 * with {@link WideCsvImporter} and {@link #columnMapping()} into equal responses.
 *
 * <pre>{@code
 * CsvExporter export = CsvExporter.create(instrument);
 * export.writeWide(responses, wideWriter);       // id,status,case_file,...,tc1,tc2,...,respondent.province
 * export.writeCodebook(codebookWriter);          // column,role,kind,value,meaning,label_vi,label_en
 * export.writeLong(responses, longWriter);       // id,...,question,value,status
 * }</pre>
 *
 * <p><b>Wide columns</b>, in order: {@code id, status, case_file, agency, service, channel, time,
 * submitted_at, weight} (one whose name is also a question's is written {@code response.<name>},
 * e.g. {@code response.channel} beside the CMT question {@code channel}); each question by its id (choice questions with an "other" option also
 * {@code <id>_other}); each respondent attribute as {@code respondent.<key>}. Cells: a rating, NPS
 * or number as a number ({@code 4}, {@code 2.5}); don't know / not applicable / refused as the
 * scale's exclusion code ({@code 98}); a choice as its option code, several joined by {@code ;};
 * text verbatim; times as ISO-8601 instants; no answer as an empty cell. RFC 4180 quoting, CRLF,
 * UTF-8 when written through a UTF-8 writer.
 *
 * <p><b>Long columns</b>: {@code id, case_file, agency, service, channel, time, weight}, the
 * respondent attributes, then {@code question, value, status}: one row per answer, one per chosen
 * option of a multiple choice, the "other" text as a row of question {@code <id>_other};
 * {@code status} is {@code valid}, {@code dont_know}, {@code not_applicable} or {@code refused} (a
 * special answer's {@code value} is its code).
 *
 * <p><b>Codebook columns</b>: {@code column, role, kind, value, meaning, dimension} and one
 * {@code label_<language>} per instrument language: a row per column (its question text), then a
 * row per scale point ({@code meaning = scale}), exclusion code ({@code dont_know}, ...), option
 * ({@code option}) or number range ({@code range}, value {@code min..max}).
 *
 * <p><b>Respondent attributes.</b> The columns are fixed before the first row: the keys given to
 * {@link #withAttributes(List)}, or for a list of responses the sorted keys they use. Streaming a
 * response with an attribute outside the columns is refused with an
 * {@link IllegalArgumentException} naming it, so nothing is dropped silently.
 */
public final class CsvExporter {
    private static final List<String> META = List.of("id", "status", "case_file", "agency", "service", "channel", "time",
        "submitted_at", "weight");
    private static final List<String> LONG_META = List.of("id", "case_file", "agency", "service", "channel", "time", "weight");
    private static final String ATTRIBUTE = "respondent.";

    private final Instrument instrument;
    private final Optional<List<String>> attributes;
    private final Progress progress;
    /** The metadata columns' names: {@link #META}, each prefixed with {@code response.} if a question column has that name. */
    private final java.util.Map<String, String> meta = new java.util.HashMap<>();

    private CsvExporter(Instrument instrument, Optional<List<String>> attributes, Progress progress) {
        this.instrument = instrument;
        this.attributes = attributes;
        this.progress = progress;
        Set<String> questionColumns = new java.util.HashSet<>();
        for (Question q : instrument.questions()) {
            questionColumns.add(q.id());
            questionColumns.add(q.id() + "_other");
        }
        for (String m : META) {
            meta.put(m, questionColumns.contains(m) ? "response." + m : m);
        }
        List<String> header = header(attributes.orElse(List.of()));
        if (new LinkedHashSet<>(header).size() != header.size()) {
            throw new IllegalArgumentException("instrument " + instrument.id() + " has a question id that is also an export"
                + " column (" + META + ", <id>_other): " + header);
        }
    }

    /**
     * @param instrument the instrument every exported response answers
     * @return an exporter whose attribute columns follow the responses, without progress
     */
    public static CsvExporter create(Instrument instrument) {
        return new CsvExporter(Objects.requireNonNull(instrument, "instrument"), Optional.empty(), Progress.none());
    }

    /**
     * @param keys the respondent attributes to export, in this order (needed to stream; a list of
     *     responses otherwise exports the keys it uses)
     * @return a copy
     */
    public CsvExporter withAttributes(List<String> keys) {
        List<String> copy = List.copyOf(keys);
        for (String k : copy) {
            if (!Ids.isValid(k)) {
                throw new IllegalArgumentException("attribute key " + Ids.quote(k) + " is not an id matching " + Ids.REGEX);
            }
        }
        if (new LinkedHashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException("attribute keys " + copy + " repeat");
        }
        return new CsvExporter(instrument, Optional.of(copy), progress);
    }

    /**
     * @param listener receives {@link Progress.Phase#EXPORT} updates every thousand responses and at the end
     * @return a copy
     */
    public CsvExporter withProgress(Progress listener) {
        return new CsvExporter(instrument, attributes, Objects.requireNonNull(listener, "listener"));
    }

    /** @return the instrument */
    public Instrument instrument() {
        return instrument;
    }

    /** @return the declared attribute keys, if declared */
    public Optional<List<String>> attributes() {
        return attributes;
    }

    /**
     * The mapping that reads a wide file written by this exporter back with {@link WideCsvImporter}.
     *
     * @return the mapping of every column (attribute columns as declared, or for any key with
     *     {@link #columnMapping(List)})
     */
    public ColumnMapping columnMapping() {
        return columnMapping(attributes.orElse(List.of()));
    }

    /**
     * @param keys the attribute keys the file holds
     * @return the mapping of every column
     */
    public ColumnMapping columnMapping(List<String> keys) {
        ColumnMapping.Builder b = ColumnMapping.builder().id(meta.get("id")).status(meta.get("status"))
            .caseFile(meta.get("case_file")).agency(meta.get("agency")).service(meta.get("service"))
            .channel(meta.get("channel")).time(meta.get("time")).submittedAt(meta.get("submitted_at"))
            .weight(meta.get("weight"));
        for (Question q : instrument.questions()) {
            b.question(q.id(), q.id());
            if (hasOther(q)) {
                b.otherText(q.id() + "_other", q.id());
            }
        }
        for (String k : keys) {
            b.respondent(ATTRIBUTE + k, k);
        }
        return b.build();
    }

    /**
     * @param keys attribute keys
     * @return the wide header for them
     */
    public List<String> header(List<String> keys) {
        List<String> h = new ArrayList<>();
        for (String m : META) {
            h.add(meta.get(m));
        }
        for (Question q : instrument.questions()) {
            h.add(q.id());
            if (hasOther(q)) {
                h.add(q.id() + "_other");
            }
        }
        for (String k : keys) {
            h.add(ATTRIBUTE + k);
        }
        return h;
    }

    private static boolean hasOther(Question q) {
        return q instanceof ChoiceQuestion c && c.options().stream().anyMatch(ChoiceOption::other);
    }

    private List<String> keysOf(List<Response> responses) {
        if (attributes.isPresent()) {
            return attributes.get();
        }
        TreeSet<String> keys = new TreeSet<>();
        for (Response r : responses) {
            keys.addAll(r.respondent().keySet());
        }
        return List.copyOf(keys);
    }

    /**
     * Writes the wide table of a list of responses.
     *
     * @param responses responses to this instrument version
     * @param out where the CSV goes (not closed)
     * @return the rows written
     * @throws IllegalArgumentException naming a response to another instrument, or an answer the file cannot hold
     * @throws UncheckedIOException if writing fails
     */
    public long writeWide(List<Response> responses, Appendable out) {
        return new CsvExporter(instrument, Optional.of(keysOf(responses)), progress).writeWide(responses.iterator(),
            responses.size(), out);
    }

    /**
     * Streams the wide table: constant memory, one row per response as it comes.
     *
     * @param responses responses to this instrument version
     * @param total how many there are, for progress, or {@code -1}
     * @param out where the CSV goes (not closed)
     * @return the rows written
     * @throws IllegalStateException if the attribute keys were not declared ({@link #withAttributes})
     * @throws IllegalArgumentException naming a response to another instrument, an attribute outside the
     *     columns, or an answer the file cannot hold
     * @throws UncheckedIOException if writing fails
     */
    public long writeWide(Iterator<Response> responses, long total, Appendable out) {
        List<String> keys = requireKeys();
        Csv csv = new Csv(out);
        csv.row(header(keys));
        List<String> row = new ArrayList<>();
        long n = 0;
        progress.update(Progress.Phase.EXPORT, 0, total);
        while (responses.hasNext()) {
            Response r = check(responses.next(), keys);
            row.clear();
            row.add(r.id());
            row.add(r.status().jsonName());
            row.add(r.transaction().caseFileId().orElse(""));
            row.add(r.transaction().agency().orElse(""));
            row.add(r.transaction().service().orElse(""));
            row.add(r.transaction().channel().orElse(""));
            row.add(r.transaction().time().map(Instant::toString).orElse(""));
            row.add(r.submittedAt().map(Instant::toString).orElse(""));
            row.add(r.weight().isPresent() ? number(r.weight().getAsDouble()) : "");
            for (Question q : instrument.questions()) {
                Answer a = r.answers().get(q.id());
                row.add(a == null ? "" : cell(r, q, a));
                if (hasOther(q)) {
                    row.add(a instanceof Answer.Choice c ? c.other().orElse("") : "");
                }
            }
            for (String k : keys) {
                row.add(r.respondent().getOrDefault(k, ""));
            }
            csv.row(row);
            n++;
            if (n % 1_000 == 0) {
                progress.update(Progress.Phase.EXPORT, n, total);
            }
        }
        progress.update(Progress.Phase.EXPORT, n, total < 0 ? -1 : n);
        return n;
    }

    /**
     * Writes the tidy long table of a list of responses.
     *
     * @param responses responses to this instrument version
     * @param out where the CSV goes (not closed)
     * @return the rows written (answers, not responses)
     * @throws IllegalArgumentException naming a response to another instrument
     * @throws UncheckedIOException if writing fails
     */
    public long writeLong(List<Response> responses, Appendable out) {
        return new CsvExporter(instrument, Optional.of(keysOf(responses)), progress).writeLong(responses.iterator(),
            responses.size(), out);
    }

    /**
     * Streams the tidy long table.
     *
     * @param responses responses to this instrument version
     * @param total how many responses there are, for progress, or {@code -1}
     * @param out where the CSV goes (not closed)
     * @return the rows written (answers, not responses)
     * @throws IllegalStateException if the attribute keys were not declared
     * @throws IllegalArgumentException naming a response to another instrument or an attribute outside the columns
     * @throws UncheckedIOException if writing fails
     */
    public long writeLong(Iterator<Response> responses, long total, Appendable out) {
        List<String> keys = requireKeys();
        Csv csv = new Csv(out);
        List<String> header = new ArrayList<>();
        for (String m : LONG_META) {
            header.add(meta.get(m));
        }
        for (String k : keys) {
            header.add(ATTRIBUTE + k);
        }
        header.addAll(List.of("question", "value", "status"));
        csv.row(header);
        List<String> lead = new ArrayList<>();
        List<String> row = new ArrayList<>();
        long rows = 0;
        long n = 0;
        progress.update(Progress.Phase.EXPORT, 0, total);
        while (responses.hasNext()) {
            Response r = check(responses.next(), keys);
            lead.clear();
            lead.add(r.id());
            lead.add(r.transaction().caseFileId().orElse(""));
            lead.add(r.transaction().agency().orElse(""));
            lead.add(r.transaction().service().orElse(""));
            lead.add(r.transaction().channel().orElse(""));
            lead.add(r.transaction().time().map(Instant::toString).orElse(""));
            lead.add(r.weight().isPresent() ? number(r.weight().getAsDouble()) : "");
            for (String k : keys) {
                lead.add(r.respondent().getOrDefault(k, ""));
            }
            for (Question q : instrument.questions()) {
                Answer a = r.answers().get(q.id());
                if (a == null) {
                    continue;
                }
                List<String[]> values = new ArrayList<>();
                if (a instanceof Answer.Special s) {
                    values.add(new String[] {q.id(), cell(r, q, a), s.status().jsonName()});
                } else if (a instanceof Answer.Choice c) {
                    for (String code : c.codes()) {
                        values.add(new String[] {q.id(), code, "valid"});
                    }
                    c.other().ifPresent(t -> values.add(new String[] {q.id() + "_other", t, "valid"}));
                } else {
                    values.add(new String[] {q.id(), cell(r, q, a), "valid"});
                }
                for (String[] v : values) {
                    row.clear();
                    row.addAll(lead);
                    row.add(v[0]);
                    row.add(v[1]);
                    row.add(v[2]);
                    csv.row(row);
                    rows++;
                }
            }
            n++;
            if (n % 1_000 == 0) {
                progress.update(Progress.Phase.EXPORT, n, total);
            }
        }
        progress.update(Progress.Phase.EXPORT, n, total < 0 ? -1 : n);
        return rows;
    }

    /**
     * Writes the codebook of the wide table (the attribute rows as declared, none otherwise; see
     * {@link #writeCodebook(List, Appendable)}).
     *
     * @param out where the CSV goes (not closed)
     * @throws UncheckedIOException if writing fails
     */
    public void writeCodebook(Appendable out) {
        writeCodebook(attributes.orElse(List.of()), out);
    }

    /**
     * Writes the codebook of the wide table with the given attribute columns.
     *
     * @param keys the respondent attributes the file holds
     * @param out where the CSV goes (not closed)
     * @throws UncheckedIOException if writing fails
     */
    public void writeCodebook(List<String> keys, Appendable out) {
        Csv csv = new Csv(out);
        List<String> languages = instrument.languages();
        List<String> header = new ArrayList<>(List.of("column", "role", "kind", "value", "meaning", "dimension"));
        for (String l : languages) {
            header.add("label_" + l);
        }
        csv.row(header);
        String[][] described = {
            {"id", "the response id"}, {"status", "complete or in_progress"}, {"case_file", "the case file (dossier) rated"},
            {"agency", "the agency that handled the case"}, {"service", "the service"}, {"channel", "the channel"},
            {"time", "when the transaction took place (ISO-8601, UTC)"}, {"submitted_at", "when the response was submitted"},
            {"weight", "the sampling or calibration weight"}};
        for (String[] m : described) {
            List<String> row = new ArrayList<>(List.of(meta.get(m[0]), m[0], "", "", "", ""));
            for (int i = 0; i < languages.size(); i++) {
                row.add(m[1]);
            }
            csv.row(row);
        }
        for (Question q : instrument.questions()) {
            String dimension = q instanceof RatingQuestion rq ? dimensionPath(rq) : "";
            String kind = q.kind().name().toLowerCase(Locale.ROOT);
            csv.row(labelled(List.of(q.id(), "question", kind, "", "", dimension), q.text()));
            Optional<Scale> scale = q.answerScale();
            if (scale.isPresent()) {
                Scale s = scale.get();
                for (int v = s.min(); v <= s.max(); v++) {
                    LocalizedText label = s.label(v).orElse(LocalizedText.empty());
                    csv.row(labelled(List.of(q.id(), "question", kind, Integer.toString(v), "scale", ""), label));
                }
                for (SpecialCode sc : s.specialCodes()) {
                    csv.row(labelled(List.of(q.id(), "question", kind, Integer.toString(sc.code()), sc.status().jsonName(), ""),
                        sc.label()));
                }
            } else if (q instanceof ChoiceQuestion c) {
                for (ChoiceOption o : c.options()) {
                    csv.row(labelled(List.of(q.id(), "question", kind, o.code(), o.other() ? "option_other" : "option", ""),
                        o.label()));
                }
                if (hasOther(q)) {
                    csv.row(labelled(List.of(q.id() + "_other", "other_text", "text", "", "", ""), q.text()));
                }
            } else if (q instanceof NumberQuestion nq) {
                csv.row(labelled(List.of(q.id(), "question", kind, number(nq.min()) + ".." + number(nq.max()),
                    nq.integer() ? "range_whole" : "range", ""), LocalizedText.empty()));
            }
        }
        for (String k : keys) {
            List<String> row = new ArrayList<>(List.of(ATTRIBUTE + k, "respondent", "", "", "", ""));
            for (int i = 0; i < languages.size(); i++) {
                row.add("respondent attribute " + k);
            }
            csv.row(row);
        }
    }

    private List<String> labelled(List<String> lead, LocalizedText text) {
        List<String> row = new ArrayList<>(lead);
        for (String l : instrument.languages()) {
            row.add(text.exact(l).orElse(""));
        }
        return row;
    }

    private String dimensionPath(RatingQuestion q) {
        if (q.dimension().isEmpty()) {
            return "";
        }
        List<String> ids = new ArrayList<>();
        for (Dimension d : instrument.dimensionPath(q.dimension().get())) {
            ids.add(d.id());
        }
        return String.join("/", ids);
    }

    private List<String> requireKeys() {
        return attributes.orElseThrow(() -> new IllegalStateException("streaming needs the respondent attribute columns"
            + " fixed first: call withAttributes(keys)"));
    }

    private Response check(Response r, List<String> keys) {
        Objects.requireNonNull(r, "response");
        if (!r.instrumentId().equals(instrument.id()) || !r.instrumentVersion().equals(instrument.version())) {
            throw new IllegalArgumentException("response " + Ids.quote(r.id()) + " answers instrument " + Ids.quote(r.instrumentId())
                + " version " + Ids.quote(r.instrumentVersion()) + ", not " + instrument.id() + " " + instrument.version());
        }
        for (String k : r.respondent().keySet()) {
            if (!keys.contains(k)) {
                throw new IllegalArgumentException("response " + Ids.quote(r.id()) + " has respondent attribute " + Ids.quote(k)
                    + ", which is not among the export's columns " + keys);
            }
        }
        return r;
    }

    private static String cell(Response r, Question q, Answer a) {
        if (a instanceof Answer.Numeric n) {
            return number(n.value());
        }
        if (a instanceof Answer.Text t) {
            return t.text();
        }
        if (a instanceof Answer.Choice c) {
            return String.join(";", c.codes());
        }
        Answer.Special s = (Answer.Special) a;
        Optional<SpecialCode> code = q.answerScale().flatMap(sc -> sc.special(s.status()));
        return Integer.toString(code.orElseThrow(() -> new IllegalArgumentException("response " + Ids.quote(r.id())
            + ": answers." + q.id() + " is " + s.status().jsonName() + ", which the question's scale has no code for"))
            .code());
    }

    /** A number as R and the importer read it: whole numbers without a decimal point, others in Java's shortest exact form. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** RFC 4180 rows. */
    private static final class Csv {
        private final Appendable out;

        Csv(Appendable out) {
            this.out = Objects.requireNonNull(out, "out");
        }

        void row(List<String> fields) {
            try {
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    String f = fields.get(i);
                    if (needsQuotes(f)) {
                        out.append('"').append(f.replace("\"", "\"\"")).append('"');
                    } else {
                        out.append(f);
                    }
                }
                out.append("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException("writing the CSV failed: " + e.getMessage(), e);
            }
        }

        private static boolean needsQuotes(String f) {
            if (f.isEmpty()) {
                return false;
            }
            if (Character.isWhitespace(f.charAt(0)) || Character.isWhitespace(f.charAt(f.length() - 1))) {
                return true;
            }
            for (int i = 0; i < f.length(); i++) {
                char c = f.charAt(i);
                if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                    return true;
                }
            }
            return false;
        }
    }
}
