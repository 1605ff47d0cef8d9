package org.civicsurvey.jdbc;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.civicsurvey.io.csv.CsvExporter;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;
import org.civicsurvey.response.Response;

/**
 * Writes the wide and the tidy long tables of {@link CsvExporter} as Parquet files, which R
 * ({@code arrow}), pandas, Polars, Spark and DuckDB read with their column types. The columns and
 * cells are the CSV export's (same names, same codes, a special answer as its scale's exclusion
 * code); the types are: rating and NPS answers {@code INTEGER}, number answers and {@code weight}
 * {@code DOUBLE}, {@code time} and {@code submitted_at} {@code TIMESTAMP WITH TIME ZONE} (UTC, to the
 * microsecond), everything else {@code VARCHAR}; no answer is {@code NULL}. The codebook is the
 * CSV exporter's ({@link CsvExporter#writeCodebook(List, Appendable)}); write it beside the file.
 *
 * <pre>{@code
 * CsvExporter export = CsvExporter.create(instrument);
 * ParquetExporter parquet = ParquetExporter.create(export);
 * parquet.writeWide(responses, Path.of("sipas-2024.parquet"));
 * parquet.writeLong(responses, Path.of("sipas-2024-long.parquet"));
 * }</pre>
 *
 * <p>DuckDB writes the file: the rows stream as CSV into a temporary file beside the target, which
 * an in-process DuckDB ({@code org.duckdb:duckdb_jdbc}, an optional dependency the caller adds)
 * copies into Parquet ({@code COPY ... TO ... (FORMAT parquet)}), so memory does not grow with the
 * number of responses. The file appears whole or not at all: it is written under a temporary name
 * in the same directory and moved into place at the end, replacing a file of that name; on any
 * failure both temporary files are removed and the target is left as it was. The temporary files
 * hold the answers while the export runs, readable only by their owner where the file system allows.
 */
public final class ParquetExporter {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final CsvExporter csv;
    private final ClassLoader loader;

    private ParquetExporter(CsvExporter csv, ClassLoader loader) {
        this.csv = csv;
        this.loader = loader;
    }

    /**
     * @param exporter the CSV exporter whose tables are written (its instrument, attribute columns and progress)
     * @return the Parquet exporter
     */
    public static ParquetExporter create(CsvExporter exporter) {
        return new ParquetExporter(Objects.requireNonNull(exporter, "exporter"), ParquetExporter.class.getClassLoader());
    }

    /** As {@link #create(CsvExporter)}, looking for the DuckDB driver through a given class loader. */
    static ParquetExporter create(CsvExporter exporter, ClassLoader loader) {
        return new ParquetExporter(Objects.requireNonNull(exporter, "exporter"), loader);
    }

    /** @return the CSV exporter that makes the rows */
    public CsvExporter csv() {
        return csv;
    }

    /**
     * Writes the wide table of a list of responses (attribute columns as {@link CsvExporter#writeWide(List, Appendable)}).
     *
     * @param responses responses to the exporter's instrument version
     * @param file the Parquet file to write (replaced if it exists)
     * @return the rows written
     * @throws IllegalArgumentException naming a response to another instrument, or an answer the table cannot hold
     * @throws IllegalStateException if DuckDB is not on the class path
     * @throws UncheckedIOException if the file cannot be written, naming it
     */
    public long writeWide(List<Response> responses, Path file) {
        Objects.requireNonNull(responses, "responses");
        return write(file, "wide", out -> csv.writeWide(responses, out));
    }

    /**
     * Streams the wide table: constant memory (the attribute columns must be fixed, {@link CsvExporter#withAttributes}).
     *
     * @param responses responses to the exporter's instrument version
     * @param total how many there are, for progress, or {@code -1}
     * @param file the Parquet file to write (replaced if it exists)
     * @return the rows written
     * @throws IllegalStateException if the attribute columns are not fixed, or DuckDB is not on the class path
     * @throws IllegalArgumentException naming a response to another instrument, an attribute outside the columns, or an
     *     answer the table cannot hold
     * @throws UncheckedIOException if the file cannot be written, naming it
     */
    public long writeWide(Iterator<Response> responses, long total, Path file) {
        Objects.requireNonNull(responses, "responses");
        return write(file, "wide", out -> csv.writeWide(responses, total, out));
    }

    /**
     * Writes the tidy long table of a list of responses (one row per answer).
     *
     * @param responses responses to the exporter's instrument version
     * @param file the Parquet file to write (replaced if it exists)
     * @return the rows written (answers, not responses)
     * @throws IllegalArgumentException naming a response to another instrument
     * @throws IllegalStateException if DuckDB is not on the class path
     * @throws UncheckedIOException if the file cannot be written, naming it
     */
    public long writeLong(List<Response> responses, Path file) {
        Objects.requireNonNull(responses, "responses");
        return write(file, "long", out -> csv.writeLong(responses, out));
    }

    /**
     * Streams the tidy long table (the attribute columns must be fixed).
     *
     * @param responses responses to the exporter's instrument version
     * @param total how many responses there are, for progress, or {@code -1}
     * @param file the Parquet file to write (replaced if it exists)
     * @return the rows written (answers, not responses)
     * @throws IllegalStateException if the attribute columns are not fixed, or DuckDB is not on the class path
     * @throws IllegalArgumentException naming a response to another instrument or an attribute outside the columns
     * @throws UncheckedIOException if the file cannot be written, naming it
     */
    public long writeLong(Iterator<Response> responses, long total, Path file) {
        Objects.requireNonNull(responses, "responses");
        return write(file, "long", out -> csv.writeLong(responses, total, out));
    }

    /** Writes CSV rows to an output, returning the rows written. */
    interface Rows {
        long write(Appendable out);
    }

    private String what(Path target, String table) {
        return "Parquet export of the " + table + " table of " + csv.instrument().id() + " " + csv.instrument().version()
            + " to " + SqlIdentifiers.show(target.toString());
    }

    /**
     * Checks what can be checked before any row is read: the path names a file in a directory that
     * exists, DuckDB can take it, and DuckDB is on the class path.
     *
     * @return the absolute target
     */
    Path target(Path file, String table) {
        Objects.requireNonNull(file, "file");
        Path target = file.toAbsolutePath().normalize();
        String what = what(target, table);
        if (target.getFileName() == null || Files.isDirectory(target)) {
            throw new IllegalArgumentException(what + ": the path is a directory, not a file");
        }
        // a path DuckDB cannot take (a control character) is refused before any work
        SqlIdentifiers.literal("Parquet path", target.toString());
        SqlSurvey.requireDuckDb(loader, "ParquetExporter needs");
        if (!Files.isDirectory(target.getParent())) {
            throw new UncheckedIOException(what + ": " + SqlIdentifiers.show(target.getParent().toString())
                + (Files.exists(target.getParent()) ? " is not a directory" : " does not exist"),
                new java.nio.file.NoSuchFileException(target.getParent().toString()));
        }
        return target;
    }

    private long write(Path file, String table, Rows rows) {
        Path target = target(file, table);
        String what = what(target, table);
        Path dir = target.getParent();
        String stem = "." + target.getFileName() + ".";
        Path staged = null;
        Path part = null;
        boolean done = false;
        try {
            staged = Files.createTempFile(dir, stem, ".csv.part");
            // created as any new file of the user's (umask), as the moved file keeps it; the staged CSV is private
            part = Files.createFile(dir.resolve(stem + Long.toHexString(RANDOM.nextLong() >>> 1) + ".parquet.part"));
            long n;
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(staged, StandardCharsets.UTF_8), 1 << 16)) {
                n = rows.write(w);
            }
            copy(staged, part, table);
            try {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot write in " + SqlIdentifiers.show(dir.toString()) + ": "
                + reason(e), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(what + ": " + e.getMessage(), e.getCause());
        } catch (SQLException e) {
            throw new UncheckedIOException(what + ": DuckDB could not write it: " + e.getMessage(), new IOException(e));
        } finally {
            delete(staged);
            if (!done) {
                delete(part);
            }
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file that cannot be removed is left; the export's own outcome is what is reported
            }
        }
    }

    /** DuckDB reads the staged CSV with the table's column types and writes it as Parquet. */
    private void copy(Path staged, Path part, String table) throws SQLException {
        StringBuilder types = new StringBuilder();
        for (Map.Entry<String, String> t : types(table.equals("wide")).entrySet()) {
            types.append(types.length() == 0 ? "" : ", ").append(SqlIdentifiers.literal("column", t.getKey())).append(": '")
                .append(t.getValue()).append('\'');
        }
        String sql = "COPY (SELECT * FROM read_csv(" + SqlIdentifiers.literal("staging path", staged.toString())
            + ", header = true, delim = ',', quote = '\"', escape = '\"', auto_type_candidates = ['VARCHAR'], types = {"
            + types + "})) TO " + SqlIdentifiers.literal("Parquet path", part.toString()) + " (FORMAT parquet)";
        try (Connection c = new UrlDataSource("jdbc:duckdb:", null, null).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The typed columns by name; every other column is text. */
    private Map<String, String> types(boolean wide) {
        Map<String, String> types = new LinkedHashMap<>();
        List<String> names = csv.header(List.of());
        for (String name : names) {
            String base = name.startsWith("response.") ? name.substring("response.".length()) : name;
            if (!name.equals(base) || csv.instrument().question(name).isEmpty()) {
                if (base.equals("weight")) {
                    types.put(name, "DOUBLE");
                } else if (base.equals("time") || base.equals("submitted_at")) {
                    types.put(name, "TIMESTAMPTZ");
                }
            }
        }
        if (wide) {
            for (Question q : csv.instrument().questions()) {
                if (q.kind() == QuestionKind.RATING || q.kind() == QuestionKind.NPS) {
                    types.put(q.id(), "INTEGER");
                } else if (q.kind() == QuestionKind.NUMBER) {
                    types.put(q.id(), "DOUBLE");
                }
            }
        } else {
            // the long table has no submitted_at column
            types.keySet().removeIf(n -> n.endsWith("submitted_at"));
        }
        return types;
    }
}
