package org.civicsurvey.io.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Reads one JSON value from a parser into a {@link Node} tree with positions. */
final class TreeReader {
    private final JsonParser parser;
    private final int maxDepth;

    private TreeReader(JsonParser parser, int maxDepth) {
        this.parser = parser;
        this.maxDepth = maxDepth;
    }

    /** Thrown when the text is not JSON or breaks a limit; carries one positioned problem. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient JsonProblem problem;

        Failure(JsonProblem problem) {
            super(problem.toString(), null, false, false);
            this.problem = problem;
        }
    }

    /**
     * Reads the value at the parser's current token (or the next one when there is none).
     *
     * @param requireEnd whether nothing but whitespace may follow the value
     */
    static Node read(JsonParser parser, int maxDepth, boolean requireEnd) throws Failure, IOException {
        TreeReader r = new TreeReader(parser, maxDepth);
        try {
            JsonToken t = parser.currentToken() != null ? parser.currentToken() : parser.nextToken();
            if (t == null) {
                throw new Failure(new JsonProblem("", "the document is empty", 1, 1));
            }
            Node root = r.value(t, 1);
            if (requireEnd) {
                JsonToken extra = parser.nextToken();
                if (extra != null) {
                    JsonLocation loc = parser.currentTokenLocation();
                    throw new Failure(new JsonProblem("", "unexpected content after the end of the document",
                            loc.getLineNr(), loc.getColumnNr()));
                }
            }
            return root;
        } catch (StreamConstraintsException e) {
            JsonLocation loc = parser.currentLocation();
            throw new Failure(new JsonProblem(path(parser.getParsingContext()), "input exceeds a limit: "
                    + Messages.clean(e.getOriginalMessage()), loc.getLineNr(), loc.getColumnNr()));
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
            throw new Failure(new JsonProblem(path(parser.getParsingContext()), "malformed JSON: "
                    + Messages.clean(e.getOriginalMessage()), loc.getLineNr(), loc.getColumnNr()));
        }
    }

    private Node value(JsonToken t, int depth) throws IOException, Failure {
        JsonLocation loc = parser.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        switch (t) {
            case START_OBJECT: {
                checkDepth(depth, line, col);
                LinkedHashMap<String, Node> fields = new LinkedHashMap<>();
                JsonToken k;
                while ((k = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonLocation kl = parser.currentTokenLocation();
                    Node v = value(parser.nextToken(), depth + 1);
                    if (fields.containsKey(name)) {
                        throw new Failure(new JsonProblem(Messages.key(path(parser.getParsingContext().getParent()), name),
                                "duplicate property " + Messages.quote(name), kl.getLineNr(), kl.getColumnNr()));
                    }
                    fields.put(name, v);
                }
                expectEnd(k, JsonToken.END_OBJECT);
                return Node.object(line, col, fields);
            }
            case START_ARRAY: {
                checkDepth(depth, line, col);
                List<Node> items = new ArrayList<>();
                JsonToken k;
                while ((k = parser.nextToken()) != JsonToken.END_ARRAY && k != null) {
                    items.add(value(k, depth + 1));
                }
                expectEnd(k, JsonToken.END_ARRAY);
                return Node.array(line, col, items);
            }
            case VALUE_STRING:
                return Node.string(line, col, parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return Node.number(line, col, decimal(t, line, col));
            case VALUE_TRUE:
                return Node.bool(line, col, true);
            case VALUE_FALSE:
                return Node.bool(line, col, false);
            case VALUE_NULL:
                return Node.nul(line, col);
            default:
                throw new Failure(new JsonProblem(path(parser.getParsingContext()), "unexpected token " + t, line, col));
        }
    }

    /**
     * The number at the current token. An exponent beyond {@code BigDecimal}'s range
     * ({@code 1e404444444444444444444444444}, {@code 1e2147483648}, {@code 0.5e-2147483647}) makes Jackson's
     * conversion throw {@code NumberFormatException} (found by ResponseJsonFuzzTest); it is refused here with
     * the value's path and position.
     */
    private BigDecimal decimal(JsonToken t, int line, int col) throws IOException, Failure {
        try {
            return t == JsonToken.VALUE_NUMBER_INT ? new BigDecimal(parser.getBigIntegerValue()) : parser.getDecimalValue();
        } catch (NumberFormatException e) {
            throw new Failure(new JsonProblem(path(parser.getParsingContext()), "the number "
                    + Messages.shorten(parser.getText()) + " cannot be represented: its exponent is out of range",
                    line, col));
        }
    }

    private void expectEnd(JsonToken actual, JsonToken expected) throws Failure {
        if (actual != expected) {
            JsonLocation loc = parser.currentLocation();
            throw new Failure(new JsonProblem(path(parser.getParsingContext()), "malformed JSON: the document ends early",
                    loc.getLineNr(), loc.getColumnNr()));
        }
    }

    private void checkDepth(int depth, int line, int col) throws Failure {
        if (depth > maxDepth) {
            throw new Failure(new JsonProblem(path(parser.getParsingContext().getParent()),
                    "input exceeds a limit: nesting deeper than " + maxDepth + " levels", line, col));
        }
    }

    /** The JSON path of a parser context, in this library's notation. */
    static String path(JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.add(0, "\u0000" + c.getCurrentName());
            }
        }
        String p = "";
        for (String part : parts) {
            p = part.charAt(0) == '\u0000' ? Messages.key(p, part.substring(1)) : p + part;
        }
        return p;
    }
}
