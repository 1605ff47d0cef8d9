package org.civicsurvey.io.surveyjs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Shared JSON plumbing: one configured mapper, JSON paths, short descriptions of values. */
final class Json {
    /** The deepest nesting accepted in a SurveyJS document. */
    static final int MAX_DEPTH = 64;
    /** The largest SurveyJS document accepted, in characters. */
    static final int MAX_DOCUMENT_LENGTH = 20_000_000;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_DOCUMENT_LENGTH)
                .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                .build());
    }

    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private Json() {
    }

    /** Opens a parser on the input, from the mapper's factory. */
    interface Source {
        JsonParser open(JsonFactory factory) throws IOException;
    }

    /**
     * Reads one whole JSON document into a tree ({@link MissingNode} when it is empty); the input is
     * left open. Text that is not JSON, and a number whose exponent is beyond {@code BigDecimal}'s
     * range ({@code 1e404444444444444444444444444}: Jackson throws {@code NumberFormatException}),
     * are one issue with the position and, for the number, its path.
     *
     * @param what the document, for the exception ("SurveyJS survey")
     */
    static JsonNode read(String what, Source source) {
        JsonParser parser = null;
        try {
            parser = source.open(MAPPER.getFactory());
            parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            JsonNode root = MAPPER.readTree(parser);
            return root == null ? MissingNode.getInstance() : root;
        } catch (JsonProcessingException e) {
            throw new SurveyJsException(what, List.of(new SurveyJsIssue("", "not valid JSON: " + e.getOriginalMessage()
                    + location(e.getLocation()))), e);
        } catch (NumberFormatException e) {
            throw new SurveyJsException(what, List.of(new SurveyJsIssue(path(parser.getParsingContext()), "the number "
                    + shorten(text(parser)) + " cannot be represented: its exponent is out of range"
                    + location(parser.currentTokenLocation()))), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a " + what + " failed", e);
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException e) {
                    // the input stays open (AUTO_CLOSE_SOURCE is off); nothing of the parser's own to report
                }
            }
        }
    }

    private static String text(JsonParser parser) {
        try {
            return parser.getText();
        } catch (IOException e) {
            return "";
        }
    }

    static String location(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The path of a parser context, in this package's notation ({@code pages[0].elements[2].rateMax}). */
    private static String path(JsonStreamContext context) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(0, c);
        }
        String p = "";
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                p = path(p, Math.max(0, c.getCurrentIndex()));
            } else if (c.getCurrentName() != null) {
                p = path(p, c.getCurrentName());
            }
        }
        return p;
    }

    /**
     * The value as an {@code int} when it is a whole number within {@code int}'s range ({@code 5},
     * {@code 5.0}, {@code 5e0}); null for any other value, so that nothing wraps around or is cut.
     */
    static Integer wholeNumber(JsonNode value) {
        if (!value.isNumber()) {
            return null;
        }
        BigDecimal d = value.decimalValue();
        // the range first: stripTrailingZeros overflows the scale of 100e2147483647
        if (d.compareTo(INT_MIN) < 0 || d.compareTo(INT_MAX) > 0) {
            return null;
        }
        if (d.signum() == 0) {
            return 0;
        }
        return d.stripTrailingZeros().scale() <= 0 ? d.intValue() : null;
    }

    static String path(String parent, String key) {
        String k = SIMPLE_KEY.matcher(key).matches() ? key : "['" + shorten(key).replace("'", "\\'") + "']";
        if (parent.isEmpty()) {
            return k;
        }
        return k.startsWith("[") ? parent + k : parent + "." + k;
    }

    static String path(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** A value for a message: at most 40 characters, control characters escaped. */
    static String shorten(String value) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < value.length(); i++) {
            if (shown == 40) {
                out.append("...(").append(value.length()).append(" chars)");
                break;
            }
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
            shown++;
        }
        return out.toString();
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "the text '" + shorten(node.asText()) + "'";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return "the boolean " + node.asText();
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "an object";
    }

    /** A JSON value as the text SurveyJS compares in expressions ({@code 4}, {@code yes}, {@code true}). */
    static String valueText(JsonNode node) {
        if (node.isNumber()) {
            double d = node.decimalValue().doubleValue();
            // beyond double's range the value's own notation (1E+999999999), never its digits written out
            return Double.isFinite(d) ? Expressions.number(d) : node.asText();
        }
        return node.asText();
    }
}
