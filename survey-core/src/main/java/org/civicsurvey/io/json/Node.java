package org.civicsurvey.io.json;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed JSON value that remembers where it started in the text. */
final class Node {
    enum Kind {
        OBJECT("an object"), ARRAY("an array"), STRING("a string"), NUMBER("a number"), BOOLEAN("a boolean"), NULL("null");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    final Kind kind;
    final int line;
    final int column;
    final Map<String, Node> fields;
    final List<Node> items;
    final String text;
    final BigDecimal number;
    final boolean bool;

    private Node(Kind kind, int line, int column, Map<String, Node> fields, List<Node> items, String text, BigDecimal number,
            boolean bool) {
        this.kind = kind;
        this.line = line;
        this.column = column;
        this.fields = fields;
        this.items = items;
        this.text = text;
        this.number = number;
        this.bool = bool;
    }

    static Node object(int line, int column, LinkedHashMap<String, Node> fields) {
        return new Node(Kind.OBJECT, line, column, fields, List.of(), null, null, false);
    }

    static Node array(int line, int column, List<Node> items) {
        return new Node(Kind.ARRAY, line, column, Map.of(), items, null, null, false);
    }

    static Node string(int line, int column, String text) {
        return new Node(Kind.STRING, line, column, Map.of(), List.of(), text, null, false);
    }

    static Node number(int line, int column, BigDecimal value) {
        return new Node(Kind.NUMBER, line, column, Map.of(), List.of(), null, value, false);
    }

    static Node bool(int line, int column, boolean value) {
        return new Node(Kind.BOOLEAN, line, column, Map.of(), List.of(), null, null, value);
    }

    static Node nul(int line, int column) {
        return new Node(Kind.NULL, line, column, Map.of(), List.of(), null, null, false);
    }

    /** A short description of the value for messages: its kind, and for scalars the value itself. */
    String describe() {
        switch (kind) {
            case STRING:
                return "the string " + Messages.quote(text);
            case NUMBER:
                return "the number " + Messages.shorten(number.toString());
            case BOOLEAN:
                return bool ? "true" : "false";
            default:
                return kind.description;
        }
    }
}
