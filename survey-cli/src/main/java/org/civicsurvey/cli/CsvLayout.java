package org.civicsurvey.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.civicsurvey.io.csv.ColumnCheck;
import org.civicsurvey.io.csv.ColumnMapping;
import org.civicsurvey.io.csv.CsvExporter;
import org.civicsurvey.io.csv.DuplicateIds;
import org.civicsurvey.io.csv.WideCsvImporter;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Progress;
import picocli.CommandLine.Option;

/**
 * How a wide CSV file of responses is laid out, shared by every command that reads one. By default
 * the columns are those {@code civicsurvey export} writes (and {@link CsvExporter} documents):
 * {@code id, status, case_file, agency, service, channel, time, submitted_at, weight}, one column
 * per question by its id, {@code respondent.<key>} per respondent attribute; each only if the file
 * has it. Options rename them for files laid out otherwise. The import is strict: a column that maps
 * to nothing refuses the file, naming the closest expected name.
 */
final class CsvLayout {
    private static final String ATTRIBUTE = "respondent.";
    private static final List<String> ROLES = List.of("id", "status", "case-file", "agency", "service", "channel", "time",
        "submitted-at", "weight");

    @Option(names = "--column", paramLabel = "ROLE=HEADER",
        description = "The CSV column of a response field, when it is not named as the export names it. ROLE is one of"
            + " id, status, case-file, agency, service, channel, time, submitted-at, weight. Repeatable, e.g."
            + " --column id=respondent --column time=date.")
    Map<String, String> columns = new LinkedHashMap<>();

    @Option(names = "--weights", paramLabel = "COLUMN",
        description = "The column of design weights (the same as --column weight=COLUMN). Default: the column weight,"
            + " if there is one; otherwise every response weighs 1.")
    String weights;

    @Option(names = "--attribute", paramLabel = "HEADER[=KEY]", split = ",",
        description = "Columns that are respondent attributes (province, sex, ...), besides the export's respondent.KEY"
            + " columns; KEY defaults to HEADER.")
    List<String> attributes = new ArrayList<>();

    @Option(names = "--ignore-column", paramLabel = "HEADER", split = ",",
        description = "Columns to leave out on purpose (any other unknown column refuses the file).")
    List<String> ignored = new ArrayList<>();

    @Option(names = "--duplicates", paramLabel = "POLICY", defaultValue = "reject", converter = DuplicatesConverter.class,
        description = "Rows that repeat a respondent id: reject (every such row, listing them) or first-wins."
            + " Default: ${DEFAULT-VALUE}.")
    DuplicateIds duplicates = DuplicateIds.REJECT;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",", converter = Converters.DelimiterConverter.class,
        description = "The field delimiter: , ; | or tab. Default: ${DEFAULT-VALUE}")
    char delimiter = ',';

    @Option(names = "--charset", paramLabel = "CHARSET", defaultValue = "UTF-8",
        description = "The file's character set, e.g. windows-1258. Default: ${DEFAULT-VALUE}.")
    Charset charset;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC", converter = Converters.ZoneConverter.class,
        description = "The time zone of dates and times written without one, and of calendar periods (--by period)."
            + " Default: ${DEFAULT-VALUE}.")
    ZoneId zone;

    /** Reads {@code reject}, {@code first-wins}. */
    static final class DuplicatesConverter extends Converters.EnumConverter<DuplicateIds> {
        DuplicatesConverter() {
            super(DuplicateIds.class);
        }
    }

    /**
     * The importer of a file: its header read, mapped as the options say.
     *
     * @param instrument the instrument
     * @param file the CSV file
     * @param progress the listener
     * @return the importer
     * @throws IOException if the header cannot be read
     */
    WideCsvImporter importer(Instrument instrument, Path file, Progress progress) throws IOException {
        List<String> header = header(file);
        return WideCsvImporter.create(instrument, mapping(instrument, header)).withCharset(charset).withDelimiter(delimiter)
            .withZone(zone).withDuplicateIds(duplicates).withProgress(progress);
    }

    /**
     * The column mapping of a header.
     *
     * @param instrument the instrument
     * @param header the file's header
     * @return the mapping
     * @throws CliException ({@link ExitCode#USAGE}) for an unknown role or a column mapped twice
     */
    ColumnMapping mapping(Instrument instrument, List<String> header) {
        Set<String> present = new HashSet<>(header);
        Map<String, String> roles = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : columns.entrySet()) {
            String role = e.getKey().strip().toLowerCase(Locale.ROOT).replace('_', '-');
            if (!ROLES.contains(role)) {
                throw new CliException(ExitCode.USAGE, "--column " + Messages.clean(e.getKey()) + "=...: '"
                    + Messages.clean(e.getKey()) + "' is not a role; roles: " + String.join(", ", ROLES));
            }
            roles.put(role, e.getValue().strip());
        }
        if (weights != null) {
            if (roles.containsKey("weight") && !roles.get("weight").equals(weights.strip())) {
                throw new CliException(ExitCode.USAGE, "--weights " + Messages.clean(weights) + " and --column weight="
                    + Messages.clean(roles.get("weight")) + " name two weight columns");
            }
            roles.put("weight", weights.strip());
        }
        Map<String, String> explicitAttributes = new LinkedHashMap<>();
        for (String a : attributes) {
            int eq = a.indexOf('=');
            String h = (eq < 0 ? a : a.substring(0, eq)).strip();
            explicitAttributes.put(h, eq < 0 ? h : a.substring(eq + 1).strip());
        }
        List<String> keys = new ArrayList<>();
        for (String h : header) {
            if (h.startsWith(ATTRIBUTE) && h.length() > ATTRIBUTE.length()) {
                keys.add(h.substring(ATTRIBUTE.length()));
            }
        }
        try {
            ColumnMapping.Builder b = ColumnMapping.builder();
            Set<String> mapped = new HashSet<>();
            for (Map.Entry<String, String> r : roles.entrySet()) {
                role(b, r.getKey(), r.getValue());
                mapped.add(r.getValue());
            }
            for (Map.Entry<String, String> a : explicitAttributes.entrySet()) {
                b.respondent(a.getKey(), a.getValue());
                mapped.add(a.getKey());
            }
            for (String h : ignored) {
                b.ignore(h.strip());
                mapped.add(h.strip());
            }
            // the export's layout, for the columns the file has and the options did not take
            for (Map.Entry<String, ColumnMapping.Target> e : CsvExporter.create(instrument).columnMapping(keys).columns()
                .entrySet()) {
                String h = e.getKey();
                ColumnMapping.Target t = e.getValue();
                if (!present.contains(h) || mapped.contains(h) || roles.containsKey(roleName(t.role()))) {
                    continue;
                }
                target(b, h, t);
                mapped.add(h);
            }
            return b.questionsByHeader().build();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "column options: " + e.getMessage(), e);
        }
    }

    private static String roleName(ColumnMapping.Role role) {
        return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void role(ColumnMapping.Builder b, String role, String header) {
        switch (role) {
            case "id" -> b.id(header);
            case "status" -> b.status(header);
            case "case-file" -> b.caseFile(header);
            case "agency" -> b.agency(header);
            case "service" -> b.service(header);
            case "channel" -> b.channel(header);
            case "time" -> b.time(header);
            case "submitted-at" -> b.submittedAt(header);
            case "weight" -> b.weight(header);
            default -> throw new IllegalArgumentException("role " + role);
        }
    }

    private static void target(ColumnMapping.Builder b, String header, ColumnMapping.Target t) {
        switch (t.role()) {
            case QUESTION -> b.question(header, t.target());
            case RESPONDENT -> b.respondent(header, t.target());
            case OTHER_TEXT -> b.otherText(header, t.target());
            case IGNORED -> b.ignore(header);
            default -> role(b, roleName(t.role()), header);
        }
    }

    /**
     * Reads the header: the first record of the file (RFC 4180 quoting, a byte-order mark dropped).
     *
     * @param file the file
     * @return the column names
     * @throws IOException if it cannot be read
     * @throws CliException ({@link ExitCode#INVALID_DATA}) when the file is empty or the header is not closed
     */
    List<String> header(Path file) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        try (Reader in = Files.newBufferedReader(file, charset)) {
            boolean quoted = false;
            boolean any = false;
            int c = in.read();
            if (c == '\uFEFF') {
                c = in.read();
            }
            for (; c != -1; c = in.read()) {
                any = true;
                if (field.length() > 100_000) {
                    throw CliException.invalid(file + ": the header has a field of more than 100,000 characters");
                }
                if (quoted) {
                    if (c == '"') {
                        in.mark(1);
                        int next = in.read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            if (next == -1) {
                                break;
                            }
                            in.reset();
                        }
                    } else {
                        field.append((char) c);
                    }
                } else if (c == '"' && field.length() == 0) {
                    quoted = true;
                } else if (c == delimiter) {
                    fields.add(field.toString().strip());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    break;
                } else {
                    field.append((char) c);
                }
            }
            if (quoted) {
                throw CliException.invalid(file + ": the header's quoted field '" + Messages.clean(field.toString())
                    + "' is never closed");
            }
            if (!any) {
                throw CliException.invalid(file + ": the file is empty; a CSV of responses starts with a header row");
            }
        }
        fields.add(field.toString().strip());
        return fields;
    }
}
