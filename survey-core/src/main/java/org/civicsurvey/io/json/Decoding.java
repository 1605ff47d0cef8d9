package org.civicsurvey.io.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicsurvey.model.InvalidModelException;
import org.civicsurvey.model.LocalizedText;
import org.civicsurvey.model.ModelViolation;

/** Shared strict decoding: typed property access that records every problem with its path. */
class Decoding {
    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

    final List<JsonProblem> problems = new ArrayList<>();
    private final Map<String, Node> located = new HashMap<>();

    /** An object node being read, with its path and the properties it allows. */
    final class Obj {
        final Node node;
        final String path;

        Obj(Node node, String path) {
            this.node = node;
            this.path = path;
        }

        Node get(String key) {
            Node n = node.fields.get(key);
            if (n != null) {
                located.put(Messages.key(path, key), n);
            }
            return n;
        }

        boolean has(String key) {
            return node.fields.containsKey(key);
        }

        String child(String key) {
            return Messages.key(path, key);
        }
    }

    private int quietFailures;

    int mark() {
        return problems.size() + quietFailures;
    }

    boolean clean(int mark) {
        return mark() == mark;
    }

    /** Marks the value being read as failed without a problem of its own (one was reported elsewhere). */
    void failQuietly() {
        quietFailures++;
    }

    void add(String path, Node node, String message) {
        problems.add(new JsonProblem(path, message, node == null ? 0 : node.line, node == null ? 0 : node.column));
    }

    /** Records a model violation at the nearest located node of its path. */
    void model(String prefix, InvalidModelException e) {
        for (ModelViolation v : e.violationsUnder(prefix)) {
            add(v.path(), locate(v.path()), v.message());
        }
    }

    void model(String path, Node node, IllegalArgumentException e) {
        if (e instanceof InvalidModelException ime) {
            model(path, ime);
        } else {
            add(path, node, Messages.clean(e.getMessage()));
        }
    }

    Node locate(String path) {
        String p = path;
        while (true) {
            Node n = located.get(p);
            if (n != null) {
                return n;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return located.get("");
            }
            p = p.substring(0, cut);
        }
    }

    void locate(String path, Node node) {
        located.put(path, node);
    }

    /** Reads an object, reporting unknown properties; null when the node is not an object. */
    Obj object(Node node, String path, String... allowed) {
        located.put(path, node);
        if (node.kind != Node.Kind.OBJECT) {
            add(path, node, "must be an object, not " + node.describe());
            return null;
        }
        Set<String> known = new LinkedHashSet<>(Arrays.asList(allowed));
        for (Map.Entry<String, Node> e : node.fields.entrySet()) {
            if (!known.contains(e.getKey())) {
                add(Messages.key(path, e.getKey()), e.getValue(), "unknown property " + Messages.quote(e.getKey())
                        + "; allowed here: " + String.join(", ", known));
            }
        }
        return new Obj(node, path);
    }

    private Node present(Obj o, String key, boolean required) {
        Node n = o.get(key);
        if (n == null) {
            if (required) {
                add(o.child(key), o.node, "required property " + Messages.quote(key) + " is missing");
            }
            return null;
        }
        if (n.kind == Node.Kind.NULL) {
            add(o.child(key), n, "must not be null" + (required ? "" : "; leave the property out instead"));
            return null;
        }
        return n;
    }

    String string(Obj o, String key, boolean required) {
        Node n = present(o, key, required);
        if (n == null) {
            return null;
        }
        if (n.kind != Node.Kind.STRING) {
            add(o.child(key), n, "must be a string, not " + n.describe());
            return null;
        }
        return n.text;
    }

    Boolean bool(Obj o, String key) {
        Node n = present(o, key, false);
        if (n == null) {
            return null;
        }
        if (n.kind != Node.Kind.BOOLEAN) {
            add(o.child(key), n, "must be true or false, not " + n.describe());
            return null;
        }
        return n.bool;
    }

    boolean bool(Obj o, String key, boolean dflt) {
        Boolean b = bool(o, key);
        return b == null ? dflt : b;
    }

    Integer integer(Obj o, String key, boolean required) {
        Node n = present(o, key, required);
        return n == null ? null : integer(n, o.child(key));
    }

    Integer integer(Node n, String path) {
        if (n.kind != Node.Kind.NUMBER) {
            add(path, n, "must be a whole number, not " + n.describe());
            return null;
        }
        // the range first: stripTrailingZeros overflows the scale of 100e2147483647 (ArithmeticException, found by fuzzing)
        if (n.number.compareTo(INT_MIN) < 0 || n.number.compareTo(INT_MAX) > 0) {
            add(path, n, n.describe() + " is outside the range of whole numbers " + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE);
            return null;
        }
        if (n.number.signum() != 0 && n.number.stripTrailingZeros().scale() > 0) {
            add(path, n, "must be a whole number, not " + n.describe());
            return null;
        }
        return n.number.signum() == 0 ? 0 : n.number.intValue();
    }

    Double number(Obj o, String key, boolean required) {
        Node n = present(o, key, required);
        return n == null ? null : number(n, o.child(key));
    }

    Double number(Node n, String path) {
        if (n.kind != Node.Kind.NUMBER) {
            add(path, n, "must be a number, not " + n.describe());
            return null;
        }
        double d = n.number.doubleValue();
        if (!Double.isFinite(d)) {
            add(path, n, n.describe() + " is too large");
            return null;
        }
        if (d == 0 && n.number.signum() != 0) {
            add(path, n, n.describe() + " is too small to represent");
            return null;
        }
        return d;
    }

    List<Node> array(Obj o, String key, boolean required) {
        Node n = present(o, key, required);
        if (n == null) {
            return null;
        }
        if (n.kind != Node.Kind.ARRAY) {
            add(o.child(key), n, "must be an array, not " + n.describe());
            return null;
        }
        return n.items;
    }

    List<String> strings(Obj o, String key, boolean required) {
        List<Node> items = array(o, key, required);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Node n = items.get(i);
            String p = Messages.index(o.child(key), i);
            located.put(p, n);
            if (n.kind != Node.Kind.STRING) {
                add(p, n, "must be a string, not " + n.describe());
            } else {
                out.add(n.text);
            }
        }
        return out.size() == items.size() ? out : null;
    }

    /** A localized text: an object of BCP-47 tag to string. Absent optional text is empty. */
    LocalizedText text(Obj o, String key, boolean required) {
        Node n = present(o, key, required);
        if (n == null) {
            return required ? null : LocalizedText.empty();
        }
        String path = o.child(key);
        if (n.kind != Node.Kind.OBJECT) {
            add(path, n, "must be an object of language tag to text, such as {\"vi\": \"...\", \"en\": \"...\"}, not " + n.describe());
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        int mark = mark();
        for (Map.Entry<String, Node> e : n.fields.entrySet()) {
            String tagPath = path + "[" + Messages.quote(e.getKey()) + "]";
            if (LocalizedText.canonicalTag(e.getKey()) != null) {
                tagPath = path + "." + e.getKey();
            }
            located.put(tagPath, e.getValue());
            if (e.getValue().kind != Node.Kind.STRING) {
                add(tagPath, e.getValue(), "must be a string, not " + e.getValue().describe());
            } else {
                values.put(e.getKey(), e.getValue().text);
            }
        }
        if (!clean(mark)) {
            return null;
        }
        if (required && values.isEmpty()) {
            add(path, n, "needs at least one language");
            return null;
        }
        try {
            return LocalizedText.of(values);
        } catch (InvalidModelException e) {
            model(path, e);
            return null;
        }
    }

}
