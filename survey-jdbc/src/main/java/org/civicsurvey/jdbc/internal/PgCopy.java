package org.civicsurvey.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civicsurvey.response.Response;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes response rows with PostgreSQL's {@code COPY ... FROM STDIN} (text format) instead of
 * multi-row {@code INSERT}s: the server parses no statement and binds no parameter per row, which
 * takes about a third off its time per response (measured; see {@code docs/jdbc.md}). Used only
 * when the connection unwraps to the PostgreSQL driver's {@link PGConnection}; this class is the
 * only one that refers to the driver, and it is loaded only after {@link Tables} has found the
 * driver on the class path.
 *
 * <p>A constraint violation (a concurrent save of the same id or case file) fails the whole
 * {@code COPY} with SQLState 23505, like a failed {@code INSERT}, so the caller's transaction
 * handling is the same for both.
 */
final class PgCopy {

    /** Instants PostgreSQL's text input takes without an era or a five-digit year. */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private PgCopy() {
    }

    /**
     * The connection's copy API, if it is a PostgreSQL driver connection.
     *
     * @param c the connection (a pool's wrapper is unwrapped)
     * @return the copy manager, or null
     * @throws SQLException from the driver
     */
    static CopyManager manager(Connection c) throws SQLException {
        return c.isWrapperFor(PGConnection.class) ? c.unwrap(PGConnection.class).getCopyAPI() : null;
    }

    /**
     * Whether every timestamp of the rows can be written as plain text (years 1 to 9999); rows
     * outside go through {@code INSERT}, whose driver formats them.
     *
     * @param rows the rows
     * @return true when {@link #copy} can write them
     */
    static boolean canCopy(List<ResponseRows.Row> rows) {
        for (ResponseRows.Row row : rows) {
            Response r = row.response();
            if (!inRange(ResponseRows.periodInstant(r)) || !inRange(r.transaction().time())) {
                return false;
            }
        }
        return true;
    }

    private static boolean inRange(Optional<Instant> t) {
        return t.isEmpty() || !t.get().isBefore(FIRST) && !t.get().isAfter(LAST);
    }

    /**
     * Copies the rows into the response table and their respondent attributes into the attribute
     * table, in the caller's transaction.
     *
     * @param manager the copy API of the caller's connection
     * @param responseTable the qualified response table
     * @param attributeTable the qualified attribute table
     * @param columns the response columns, in the order {@code Tables} binds them
     * @param caseKeys whether case keys are filled
     * @param storedAt the stored-at time of every row
     * @param rows the rows
     * @throws SQLException from the driver, for example a unique violation
     */
    static void copy(CopyManager manager, String responseTable, String attributeTable, String columns, boolean caseKeys,
            LocalDateTime storedAt, List<ResponseRows.Row> rows) throws SQLException {
        String stored = timestamp(new StringBuilder(), storedAt).toString();
        StringBuilder b = new StringBuilder(1400 * Math.min(rows.size(), 500));
        CopyIn in = manager.copyIn("COPY " + responseTable + " (" + columns + ") FROM STDIN");
        try {
            for (ResponseRows.Row row : rows) {
                Response r = row.response();
                text(b, r.id()).append('\t');
                text(b, r.instrumentId()).append('\t');
                text(b, r.instrumentVersion()).append('\t');
                b.append(r.status().name()).append('\t');
                text(b, r.transaction().caseFileId().orElse(null)).append('\t');
                text(b, caseKeys ? r.transaction().caseFileId().map(Hashing::sha256).orElse(null) : null).append('\t');
                text(b, r.transaction().agency().orElse(null)).append('\t');
                text(b, r.transaction().service().orElse(null)).append('\t');
                text(b, r.transaction().channel().orElse(null)).append('\t');
                text(b, ResponseRows.province(r)).append('\t');
                timestamp(b, ResponseRows.periodInstant(r)).append('\t');
                timestamp(b, r.transaction().time()).append('\t');
                if (r.weight().isPresent()) {
                    b.append(r.weight().getAsDouble());
                } else {
                    b.append("\\N");
                }
                b.append("\t{");
                Double[] values = row.values();
                for (int j = 0; j < values.length; j++) {
                    b.append(j == 0 ? "" : ",").append(values[j] == null ? "NULL" : values[j].toString());
                }
                b.append("}\t").append(row.statuses()).append("\tf\t").append(row.contentHash()).append('\t');
                text(b, row.document()).append('\t').append(stored).append("\t{");
                int[] codes = row.codes();
                for (int j = 0; j < codes.length; j++) {
                    b.append(j == 0 ? "" : ",").append(codes[j]);
                }
                b.append("}\n");
                if (b.length() > 1 << 20) {
                    write(in, b);
                }
            }
            write(in, b);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        boolean anyAttribute = false;
        for (ResponseRows.Row row : rows) {
            for (Map.Entry<String, String> e : row.response().respondent().entrySet()) {
                anyAttribute = true;
                text(b, row.response().id()).append('\t');
                text(b, e.getKey()).append('\t');
                text(b, e.getValue()).append('\n');
            }
        }
        if (anyAttribute) {
            CopyIn attributes = manager.copyIn("COPY " + attributeTable + " (response_id, attr_name, attr_value) FROM STDIN");
            try {
                write(attributes, b);
                attributes.endCopy();
            } finally {
                if (attributes.isActive()) {
                    attributes.cancelCopy();
                }
            }
        }
    }

    private static void write(CopyIn in, StringBuilder b) throws SQLException {
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        b.setLength(0);
    }

    /** A text field: {@code \N} for null, else backslash, tab, newline and carriage return escaped. */
    private static StringBuilder text(StringBuilder b, String s) {
        if (s == null) {
            return b.append("\\N");
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\':
                    b.append("\\\\");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                default:
                    b.append(ch);
            }
        }
        return b;
    }

    private static StringBuilder timestamp(StringBuilder b, Optional<Instant> t) {
        return t.isEmpty() ? b.append("\\N") : timestamp(b, LocalDateTime.ofInstant(t.get(), ZoneOffset.UTC));
    }

    /** As the driver sends a {@code LocalDateTime}: rounded half up to microseconds. */
    private static StringBuilder timestamp(StringBuilder b, LocalDateTime t) {
        LocalDateTime m = t.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
        digits(b, m.getYear(), 4).append('-');
        digits(b, m.getMonthValue(), 2).append('-');
        digits(b, m.getDayOfMonth(), 2).append(' ');
        digits(b, m.getHour(), 2).append(':');
        digits(b, m.getMinute(), 2).append(':');
        digits(b, m.getSecond(), 2).append('.');
        return digits(b, m.getNano() / 1000, 6);
    }

    private static StringBuilder digits(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
