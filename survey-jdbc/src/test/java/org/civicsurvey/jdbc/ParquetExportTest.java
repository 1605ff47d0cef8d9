package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.csv.CsvExporter;
import org.civicsurvey.io.csv.ImportResult;
import org.civicsurvey.io.csv.WideCsvImporter;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.jdbc.testing.Fixtures;
import org.civicsurvey.jdbc.testing.TestDatabase;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet exports written by DuckDB: read back through DuckDB and the wide CSV importer, they are
 * the responses that were exported (special codes, missing answers, Unicode and CSV-hostile text,
 * times, weights), from memory and streamed from the store without the erased respondents; odd
 * paths are taken literally, and a failed export leaves no file behind.
 */
class ParquetExportTest {
    @TempDir
    Path dir;

    /** Text that CSV, SQL and Parquet each have reasons to mangle. */
    private static final String HOSTILE_TEXT = " Thủ tục nhanh, cán bộ \"tận tình\";\r\nlần sau 👍 '; DROP TABLE x; -- ";

    private static List<Response> portalResponses() {
        List<Response> rs = new ArrayList<>(Fixtures.responses("p", 0, 40));
        // a comment with Unicode, quotes, separators and a line break; an "other" channel with its text; q2 unanswered
        rs.add(Response.builder("p-hostile", "portal-rating", "1.0").answer("q1", 5).answer("q3", Answer.special(SpecialStatus.NOT_APPLICABLE))
            .answer("channel", Answer.choiceWithOther(List.of("other"), "qua Zalo, \"điện thoại\""))
            .text("comment", HOSTILE_TEXT).respondent("province", "Thừa Thiên–Huế").weight(1e-3).build());
        return rs;
    }

    private static Map<String, String> types(Connection c, Path file) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet("
            + SqlIdentifiers.literal("path", file.toString()) + ")")) {
            while (rs.next()) {
                types.put(rs.getString(1), rs.getString(2));
            }
        }
        return types;
    }

    /** The Parquet file's rows as the wide CSV the importer reads (times as ISO instants, numbers as numbers). */
    private static String asCsv(Path file) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = SqlSurvey.duckDb().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM read_parquet(" + SqlIdentifiers.literal("path", file.toString()) + ")")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.add(md.getColumnName(i));
            }
            csvRow(out, row);
            while (rs.next()) {
                row.clear();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v == null) {
                        row.add("");
                    } else if (v instanceof OffsetDateTime t) {
                        row.add(t.toInstant().toString());
                    } else if (v instanceof Double d) {
                        row.add(d == Math.rint(d) ? Long.toString(d.longValue()) : Double.toString(d));
                    } else {
                        row.add(v.toString());
                    }
                }
                csvRow(out, row);
            }
        }
        return out.toString();
    }

    private static void csvRow(StringBuilder out, List<String> cells) {
        out.append(cells.stream().map(x -> "\"" + x.replace("\"", "\"\"") + "\"").collect(Collectors.joining(","))).append("\r\n");
    }

    private static List<Response> importWide(Instrument instrument, CsvExporter exporter, List<String> keys, Path file)
            throws SQLException {
        List<Response> back = new ArrayList<>();
        ImportResult r = WideCsvImporter.create(instrument, exporter.columnMapping(keys))
            .read(new ByteArrayInputStream(asCsv(file).getBytes(StandardCharsets.UTF_8)), back::add);
        assertThat(r.errors()).isEmpty();
        back.sort(Comparator.comparing(Response::id));
        return back;
    }

    private static List<Response> sorted(List<Response> rs) {
        List<Response> copy = new ArrayList<>(rs);
        copy.sort(Comparator.comparing(Response::id));
        return copy;
    }

    @Test
    void aWideParquetFileReadsBackIntoTheResponsesWithTypedColumns() throws SQLException {
        Instrument portal = Fixtures.instrument();
        List<Response> source = portalResponses();
        CsvExporter exporter = CsvExporter.create(portal);
        Path file = dir.resolve("wide.parquet");
        assertThat(ParquetExporter.create(exporter).writeWide(source, file)).isEqualTo(source.size());

        try (Connection c = SqlSurvey.duckDb().getConnection()) {
            // the question "channel" keeps its name; the transaction's channel is response.channel, as in the CSV
            assertThat(types(c, file)).containsEntry("id", "VARCHAR").containsEntry("weight", "DOUBLE")
                .containsEntry("time", "TIMESTAMP WITH TIME ZONE").containsEntry("submitted_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("q1", "INTEGER").containsEntry("visits", "DOUBLE").containsEntry("channel", "VARCHAR")
                .containsEntry("response.channel", "VARCHAR").containsEntry("comment", "VARCHAR")
                .containsEntry("respondent.province", "VARCHAR");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT q2, q3, comment, channel_other,"
                + " \"respondent.province\" FROM read_parquet(" + SqlIdentifiers.literal("path", file.toString())
                + ") WHERE id = 'p-hostile'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1)).isNull();             // no answer: NULL
                assertThat(rs.getInt(2)).isEqualTo(8);            // not applicable: the scale's code
                assertThat(rs.getString(3)).isEqualTo(HOSTILE_TEXT);
                assertThat(rs.getString(4)).isEqualTo("qua Zalo, \"điện thoại\"");
                assertThat(rs.getString(5)).isEqualTo("Thừa Thiên–Huế");
            }
        }
        assertThat(importWide(portal, exporter, List.of("ageBand", "province", "sex"), file)).isEqualTo(sorted(source));
        // only the file is left in the directory: the staged CSV and the part file are gone
        assertThat(dir.toFile().list()).containsExactly("wide.parquet");
    }

    @Test
    void refusedAndDontKnowKeepTheirCodesAndTheLongTableHasARowPerAnswer() throws SQLException {
        Instrument sdg = StandardInstruments.sdg1662();
        List<Response> source = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            source.add(ResponseJson.read("{\"id\": \"sdg-" + i + "\", \"instrumentId\": \"sdg1662\", \"instrumentVersion\": \"1.0\","
                + " \"answers\": {\"used_service\": [\"yes\"], \"service_type\": [\"civil_registration\"], \"accessibility\": 3,"
                + " \"affordability\": " + (i + 2) + ", \"equal_treatment\": {\"special\": \"dont_know\"}, \"effective_delivery\": 2,"
                + " \"timeliness\": {\"special\": \"refused\"}, \"overall_satisfaction\": 3, \"sex\": [\"female\"],"
                + " \"household_income\": 8500000, \"residence\": [\"rural\"], \"wg_seeing\": [\"some\"], \"wg_hearing\": [\"none\"],"
                + " \"wg_walking\": [\"a_lot\"], \"wg_cognition\": [\"none\"], \"wg_selfcare\": [\"none\"], \"wg_communication\": [\"none\"]},"
                + " \"weight\": 1520.5, \"submittedAt\": \"2024-05-02T03:04:05.123456Z\"}"));
        }
        CsvExporter exporter = CsvExporter.create(sdg);
        Path wide = dir.resolve("sdg.parquet");
        ParquetExporter.create(exporter).writeWide(source, wide);
        assertThat(importWide(sdg, exporter, List.of(), wide)).isEqualTo(source);

        Path longFile = dir.resolve("sdg-long.parquet");
        long answers = source.stream().mapToLong(r -> r.answers().size()).sum();
        assertThat(ParquetExporter.create(exporter).writeLong(source, longFile)).isEqualTo(answers);
        try (Connection c = SqlSurvey.duckDb().getConnection(); Statement s = c.createStatement()) {
            assertThat(types(c, longFile)).containsEntry("value", "VARCHAR").containsEntry("weight", "DOUBLE")
                .doesNotContainKey("submitted_at");
            try (ResultSet rs = s.executeQuery("SELECT question, value, status FROM read_parquet("
                + SqlIdentifiers.literal("path", longFile.toString()) + ") WHERE id = 'sdg-1' AND status <> 'valid' ORDER BY question")) {
                List<String> specials = new ArrayList<>();
                while (rs.next()) {
                    specials.add(rs.getString(1) + "=" + rs.getString(2) + " " + rs.getString(3));
                }
                // the SDG 16.6.2 scale's codes: 98 don't know, 99 refused (sdg1662.json)
                assertThat(specials).containsExactly("equal_treatment=98 dont_know", "timeliness=99 refused");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet(" + SqlIdentifiers.literal("path", longFile.toString())
                + ")")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(answers);
            }
        }
    }

    @Test
    void aStreamedExportFromTheStoreLeavesTheErasedRespondentsOut() throws SQLException {
        TestDatabase db = TestDatabase.h2();
        try {
            Instrument sipas = StandardInstruments.sipas2017();
            SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(db.freshNamespace())
                .withFetchSize(50));
            store.putInstrument(sipas);
            List<Response> saved = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                saved.add(Fixtures.sipasResponse(sipas, "e", i));
            }
            store.saveAll(saved);
            assertThat(store.erase("e7")).isTrue();
            assertThat(store.erase("e200")).isTrue();
            ResponseFilter filter = ResponseFilter.all().instrument(sipas.id(), sipas.version());
            CsvExporter exporter = CsvExporter.create(sipas);
            Path file = dir.resolve("store.parquet");
            ExportSummary summary = store.exportWideParquet(filter, exporter, file);
            assertThat(summary.responses()).isEqualTo(298);
            assertThat(summary.rows()).isEqualTo(298);
            assertThat(summary.attributes()).containsExactly("province", "sex");
            StringWriter codebook = new StringWriter();
            exporter.writeCodebook(summary.attributes(), codebook);
            assertThat(codebook.toString()).contains("respondent.province");

            List<Response> stored;
            try (Stream<Response> s = store.stream(filter)) {
                stored = s.sorted(Comparator.comparing(Response::id)).collect(Collectors.toList());
            }
            List<Response> back = importWide(sipas, exporter, summary.attributes(), file);
            assertThat(back).isEqualTo(stored);
            assertThat(back).extracting(Response::id).doesNotContain("e7", "e200");
            assertThat(back.stream().filter(x -> x.id().equals("e9")).findFirst().orElseThrow()).isEqualTo(saved.get(9));

            Path longFile = dir.resolve("store-long.parquet");
            ExportSummary longSummary = store.exportLongParquet(filter, exporter, longFile);
            assertThat(longSummary.rows()).isEqualTo(stored.stream().mapToLong(r -> r.answers().size()).sum());
            try (Connection c = SqlSurvey.duckDb().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(DISTINCT id), count(*) FILTER (WHERE id IN ('e7', 'e200')) FROM"
                     + " read_parquet(" + SqlIdentifiers.literal("path", longFile.toString()) + ")")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(298);
                assertThat(rs.getLong(2)).isZero();
            }
            // a path refused before the store is read
            assertThatThrownBy(() -> store.exportWideParquet(filter, exporter, dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": the path is a directory, not a file");
        } finally {
            try {
                db.dropAll();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aPathWithQuotesAndSqlIsTakenLiterally() throws IOException, SQLException {
        Path odd = Files.createDirectories(dir.resolve("it's \"odd\"; DROP TABLE x; --"));
        Path file = odd.resolve("a'b'); COPY (SELECT 1) TO 'pwned.csv' (FORMAT csv); --.parquet");
        List<Response> source = portalResponses();
        ParquetExporter.create(CsvExporter.create(Fixtures.instrument())).writeWide(source, file);
        assertThat(Files.isRegularFile(file)).isTrue();
        assertThat(odd.toFile().list()).containsExactly(file.getFileName().toString());
        assertThat(Files.exists(Path.of("pwned.csv"))).isFalse();
        assertThat(importWide(Fixtures.instrument(), CsvExporter.create(Fixtures.instrument()), List.of("ageBand", "province", "sex"),
            file)).hasSize(source.size());
        // a control character cannot be written to DuckDB as a literal: refused before anything is written
        assertThatThrownBy(() -> ParquetExporter.create(CsvExporter.create(Fixtures.instrument())).writeWide(source,
            dir.resolve("a\nb.parquet"))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Parquet path").hasMessageContaining("holds a control character");
    }

    @Test
    void aFailedExportLeavesNoFileAndTheOldFileAsItWas() throws IOException {
        Instrument portal = Fixtures.instrument();
        CsvExporter exporter = CsvExporter.create(portal).withAttributes(List.of("ageBand", "province", "sex"));
        Path file = dir.resolve("out.parquet");
        Files.writeString(file, "the previous export");
        // the stream fails after 30 rows have been written: a response to another instrument
        List<Response> rows = new ArrayList<>(Fixtures.responses("f", 0, 30));
        rows.add(Response.builder("stray", "sipas2017", "1.0").answer("q1", 3).build());
        Iterator<Response> it = rows.iterator();
        assertThatThrownBy(() -> ParquetExporter.create(exporter).writeWide(it, -1, file))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("response 'stray' answers instrument");
        assertThat(Files.readString(file)).isEqualTo("the previous export");
        assertThat(dir.toFile().list()).containsExactly("out.parquet");

        // a directory that is a file, one that does not exist
        Path notDir = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> ParquetExporter.create(exporter).writeWide(List.of(), notDir.resolve("x.parquet")))
            .isInstanceOf(UncheckedIOException.class).hasMessageEndingWith("plain\" is not a directory");
        assertThatThrownBy(() -> ParquetExporter.create(exporter).writeLong(List.of(), dir.resolve("none/x.parquet")))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessageStartingWith("Parquet export of the long table of portal-rating 1.0 to \"")
            .hasMessageEndingWith("none\" does not exist");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("out.parquet", "plain");
    }

    @Test
    void aDirectoryNobodyMayWriteInIsAClearError() {
        // /proc/self is a directory in which no file can be created, even by root (Linux)
        Path proc = Path.of("/proc/self");
        assumeThat(Files.isDirectory(proc)).isTrue();
        assertThatThrownBy(() -> ParquetExporter.create(CsvExporter.create(Fixtures.instrument())).writeWide(portalResponses(),
            proc.resolve("export.parquet"))).isInstanceOf(UncheckedIOException.class)
            .hasMessageStartingWith("Parquet export of the wide table of portal-rating 1.0 to \"/proc/self/export.parquet\": cannot"
                + " write in \"/proc/self\": ");
        assertThat(Files.exists(proc.resolve("export.parquet"))).isFalse();
    }

    @Test
    void withoutTheDuckDbDriverTheExportSaysWhatToAdd() throws IOException {
        try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> ParquetExporter.create(CsvExporter.create(Fixtures.instrument()), bare)
                .writeWide(portalResponses(), dir.resolve("x.parquet"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("DuckDB is not on the class path: ParquetExporter needs the dependency org.duckdb:duckdb_jdbc"
                    + " (not brought by survey-jdbc; add it to your build)");
        }
        assertThat(dir.toFile().list()).isEmpty();
    }
}
