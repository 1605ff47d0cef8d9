package org.civicsurvey.io.surveyjs;

import java.util.regex.Pattern;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

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

    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private Json() {
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
            return Expressions.number(node.decimalValue().doubleValue());
        }
        return node.asText();
    }
}
