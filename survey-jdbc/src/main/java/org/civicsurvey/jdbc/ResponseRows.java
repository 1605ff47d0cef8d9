package org.civicsurvey.jdbc;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.Response;

/**
 * Turns responses to one instrument version into table rows: the compact JSON document and its hash, the
 * transaction columns, and the numeric answers as a value array plus a status string in the
 * instrument's question order (as {@link AnswerColumns} defines them), and the answer codes (see
 * {@link #answerCode(int, byte, double)}) that PostgreSQL stores as an array and MariaDB as text.
 */
final class ResponseRows {

    /**
     * The respondent attribute stored in the {@code province} column, and only there (since schema
     * version 2): filters and groupings by this attribute read the column.
     */
    static final String PROVINCE = "province";

    /** Answer codes per question position: {@code position * CODE_STRIDE + slot}. */
    static final int CODE_STRIDE = 4096;
    /** The first slot that holds a valid integer value: slots 0..6 are the answer status codes. */
    static final int VALUE_SLOT = 8;
    /** The smallest valid value with a slot of its own. */
    static final int MIN_CODED_VALUE = -1024;
    /** The largest valid value with a slot of its own. */
    static final int MAX_CODED_VALUE = CODE_STRIDE - 1 - VALUE_SLOT + MIN_CODED_VALUE;

    private ResponseRows() {
    }

    /**
     * One response as stored.
     *
     * @param response the response
     * @param document its JSON
     * @param contentHash SHA-256 of the JSON
     * @param values per question the valid numeric value or {@code null}
     * @param statuses per question the {@link org.civicsurvey.response.AnswerStatus} code as a digit
     * @param codes per question its {@link #answerCode(int, byte, double) answer code}
     */
    record Row(Response response, String document, String contentHash, Double[] values, String statuses,
            int[] codes) {
    }

    /** Characters per question position in {@link #codeText}. */
    static final int CODE_TEXT_WIDTH = 4;

    /**
     * The answer codes as MariaDB stores them (schema version 4): per position the code's slot as
     * four zero-padded digits, so position {@code j} is characters {@code 4j - 3} to {@code 4j}.
     *
     * @param codes the {@linkplain #answerCode answer codes}, in position order
     * @return for example {@code "10361037"} for the values 4 and 5
     */
    static String codeText(int[] codes) {
        char[] text = new char[codes.length * CODE_TEXT_WIDTH];
        for (int j = 0; j < codes.length; j++) {
            int slot = codes[j] % CODE_STRIDE;
            for (int c = CODE_TEXT_WIDTH - 1; c >= 0; c--) {
                text[j * CODE_TEXT_WIDTH + c] = (char) ('0' + slot % 10);
                slot /= 10;
            }
        }
        return new String(text);
    }

    /**
     * The answer code of one answer: {@code position * CODE_STRIDE + slot}, where the slot is
     * {@code VALUE_SLOT + value - MIN_CODED_VALUE} for a valid integer value from {@link
     * #MIN_CODED_VALUE} to {@link #MAX_CODED_VALUE}, and the status code otherwise (0 for a valid
     * answer without such a value: text, a fraction, a large number). One {@code GROUP BY} over the
     * codes gives every category count and every exclusion count of a domain at once. The V2
     * PostgreSQL migration computes the same codes in SQL from the stored values and statuses.
     *
     * @param position the 1-based question position
     * @param status the {@link org.civicsurvey.response.AnswerStatus} code
     * @param value the valid numeric value, NaN when none
     * @return the code
     */
    static int answerCode(int position, byte status, double value) {
        int slot = status;
        if (status == 0 && value == Math.rint(value) && value >= MIN_CODED_VALUE && value <= MAX_CODED_VALUE) {
            slot = VALUE_SLOT + (int) value - MIN_CODED_VALUE;
        }
        return position * CODE_STRIDE + slot;
    }

    /**
     * Encodes responses, all to the given instrument version.
     *
     * @param instrument the instrument
     * @param responses the responses
     * @return one row per response, in order
     */
    static List<Row> encode(Instrument instrument, List<Response> responses) {
        AnswerColumns columns = AnswerColumns.of(instrument, responses);
        List<Question> questions = instrument.questions();
        int k = questions.size();
        int n = responses.size();
        double[][] values = new double[k][];
        byte[][] statuses = new byte[k][];
        for (int j = 0; j < k; j++) {
            Question q = questions.get(j);
            values[j] = q.kind() == QuestionKind.TEXT ? null : columns.values(q.id());
            statuses[j] = columns.statuses(q.id());
        }
        List<Row> rows = new ArrayList<>(n);
        StringBuilder status = new StringBuilder(k);
        for (int i = 0; i < n; i++) {
            Double[] v = new Double[k];
            int[] codes = new int[k];
            status.setLength(0);
            for (int j = 0; j < k; j++) {
                double x = values[j] == null ? Double.NaN : values[j][i];
                v[j] = Double.isNaN(x) ? null : x;
                status.append((char) ('0' + statuses[j][i]));
                codes[j] = answerCode(j + 1, statuses[j][i], x);
            }
            Response r = responses.get(i);
            // the hash is that of the document as written: one serialisation per response
            String document = ResponseJson.writeCompact(r);
            rows.add(new Row(r, document, Hashing.sha256(document), v, status.toString(), codes));
        }
        return rows;
    }

    /**
     * The content hash that schema version 1 stored: SHA-256 of the indented JSON ({@link
     * ResponseJson#write(Response)}). A stored row with this hash holds the same response as one
     * with the {@linkplain Row#contentHash() compact hash}. The indented JSON is another
     * serialisation than the stored compact document, so this writes the response a second time;
     * the writer asks for it only when a stored hash differs from the compact one.
     *
     * @param response the response
     * @return SHA-256 of its indented JSON
     */
    static String legacyContentHash(Response response) {
        return Hashing.sha256(ResponseJson.write(response));
    }

    /**
     * The period column value: when the response was submitted, else the transaction time.
     *
     * @param r the response
     * @return the instant, if known
     */
    static Optional<java.time.Instant> periodInstant(Response r) {
        return r.submittedAt().isPresent() ? r.submittedAt() : r.transaction().time();
    }

    /**
     * The province column value.
     *
     * @param r the response
     * @return the respondent attribute {@code province}, or null
     */
    static String province(Response r) {
        Map<String, String> attributes = r.respondent();
        return attributes.get(PROVINCE);
    }

    /**
     * Whether a respondent attribute has a row in the attribute table: every one but {@link
     * #PROVINCE}, which is the {@code province} column.
     *
     * @param name the attribute name
     * @return true when it is stored as an attribute row
     */
    static boolean hasAttributeRow(String name) {
        return !PROVINCE.equals(name);
    }

    /**
     * The respondent attributes that have no column of their own, as a JSON object: PostgreSQL keeps
     * them in the response row's {@code attributes} column (schema version 2) rather than as rows
     * of the attribute table.
     *
     * @param r the response
     * @return for example <code>{"sex":"f","ageBand":"25-34"}</code>
     */
    static String attributesJson(Response r) {
        StringBuilder b = new StringBuilder(64).append('{');
        for (Map.Entry<String, String> e : r.respondent().entrySet()) {
            if (hasAttributeRow(e.getKey())) {
                if (b.length() > 1) {
                    b.append(',');
                }
                jsonString(b, e.getKey()).append(':');
                jsonString(b, e.getValue());
            }
        }
        return b.append('}').toString();
    }

    private static StringBuilder jsonString(StringBuilder b, String s) {
        b.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, b);
        return b.append('"');
    }

    /**
     * The answer values as a JSON array, for MariaDB.
     *
     * @param values the values, null for none
     * @return for example {@code [4.0,null,5.0]}
     */
    static String jsonArray(Double[] values) {
        StringBuilder b = new StringBuilder(values.length * 5 + 2).append('[');
        for (int j = 0; j < values.length; j++) {
            if (j > 0) {
                b.append(',');
            }
            b.append(values[j] == null ? "null" : Double.toString(values[j]));
        }
        return b.append(']').toString();
    }
}
