package org.civicsurvey.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.civicsurvey.response.Response;

/**
 * A response row in PostgreSQL's {@code COPY} text format, encoded ahead of the write: the batch
 * save builds it on the thread that validates and encodes the next chunk, so the writing thread
 * only sends bytes. Refers to no driver class, unlike {@link PgCopy}, which sends it.
 *
 * @param head the response row up to and including the tab before {@code stored_at}
 * @param tail the rest of the row after {@code stored_at} (answer codes and the attributes as
 *     JSON), with its newline
 */
public record CopyText(byte[] head, byte[] tail) {

    /** Instants PostgreSQL's text input takes without an era or a five-digit year. */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /**
     * Encodes a row, or gives null when one of its times cannot be written as plain text (years
     * outside 1 to 9999): such a row goes through {@code INSERT}, whose driver formats it.
     *
     * @param row the row
     * @param caseKeys whether the case key is filled (the one-response-per-case-file rule)
     * @return the text, or null
     */
    public static CopyText of(ResponseRows.Row row, boolean caseKeys) {
        Response r = row.response();
        if (!inRange(ResponseRows.periodInstant(r)) || !inRange(r.transaction().time())) {
            return null;
        }
        StringBuilder b = new StringBuilder(row.document().length() + 600);
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
            if (j > 0) {
                b.append(',');
            }
            number(b, values[j]);
        }
        b.append("}\t").append(row.statuses()).append("\tf\t").append(row.contentHash()).append('\t');
        text(b, row.document()).append('\t');
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        b.setLength(0);
        b.append("\t{");
        int[] codes = row.codes();
        for (int j = 0; j < codes.length; j++) {
            b.append(j == 0 ? "" : ",").append(codes[j]);
        }
        b.append("}\t");
        text(b, ResponseRows.attributesJson(r));
        byte[] tail = b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        return new CopyText(head, tail);
    }

    private static boolean inRange(Optional<Instant> t) {
        return t.isEmpty() || !t.get().isBefore(FIRST) && !t.get().isAfter(LAST);
    }

    /**
     * An array element: {@code NULL}, a whole number as an integer (most answers are; formatting
     * it as a double costs several times as much and parses to the same value), else the double's
     * shortest exact text.
     */
    private static void number(StringBuilder b, Double value) {
        if (value == null) {
            b.append("NULL");
            return;
        }
        double x = value;
        if (x == Math.rint(x) && Math.abs(x) < 1e15 && !(x == 0 && 1 / x < 0)) {
            b.append((long) x);
        } else {
            b.append(x);
        }
    }

    /** A text field: {@code \N} for null, else backslash, tab, newline and carriage return escaped. */
    private static StringBuilder text(StringBuilder b, String s) {
        if (s == null) {
            return b.append("\\N");
        }
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            // nothing to escape (every JSON document without a backslash): one bulk copy
            return b.append(s);
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

    /**
     * A timestamp as the driver sends a {@code LocalDateTime}: rounded half up to microseconds.
     *
     * @param b where to append
     * @param t the time (years 1 to 9999)
     * @return {@code b}
     */
    static StringBuilder timestamp(StringBuilder b, LocalDateTime t) {
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
