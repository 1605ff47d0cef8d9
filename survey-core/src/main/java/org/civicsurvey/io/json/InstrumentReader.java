package org.civicsurvey.io.json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Condition;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.DimensionLevel;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.InvalidModelException;
import org.civicsurvey.model.LocalizedText;
import org.civicsurvey.model.MethodReference;
import org.civicsurvey.model.NpsQuestion;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.ScalePoint;
import org.civicsurvey.model.Section;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.model.TextQuestion;

/** Decodes an instrument from a {@link Node} tree, collecting every problem. */
final class InstrumentReader extends Decoding {
    static final String[] ROOT = {"$schema", "id", "version", "languages", "title", "description", "method", "dimensions",
        "scales", "sections"};
    private static final String[] COMMON = {"id", "type", "text", "help", "required", "showIf", "tags"};

    private final Map<String, Scale> namedScales = new HashMap<>();
    /** Ids of named scales seen, valid or not, so a broken scale is reported once, not at every use. */
    private final Set<String> declaredScales = new HashSet<>();

    /** Decodes; returns null when there are problems (see {@link #problems}). */
    Instrument read(Node root) {
        Obj o = object(root, "", ROOT);
        if (o == null) {
            return null;
        }
        int mark = mark();
        string(o, "$schema", false);
        String id = string(o, "id", true);
        String version = string(o, "version", true);
        List<String> languages = strings(o, "languages", true);
        LocalizedText title = text(o, "title", true);
        LocalizedText description = text(o, "description", false);
        Optional<MethodReference> method = Optional.empty();
        Node m = o.get("method");
        if (m != null) {
            method = Optional.ofNullable(method(m, "method"));
        }
        List<Dimension> dimensions = list(o, "dimensions", false, this::dimension);
        List<Scale> scales = list(o, "scales", false, (n, p) -> {
            Node idNode = n.fields.get("id");
            if (idNode != null && idNode.kind == Node.Kind.STRING) {
                declaredScales.add(idNode.text);
            }
            Scale s = scale(n, p, true);
            if (s != null && s.id().isPresent()) {
                namedScales.putIfAbsent(s.id().get(), s);
            }
            return s;
        });
        List<Section> sections = list(o, "sections", true, this::section);
        if (!clean(mark)) {
            return null;
        }
        try {
            return new Instrument(id, version, languages, title, description, method, dimensions, scales, sections);
        } catch (InvalidModelException e) {
            model("", e);
            return null;
        }
    }

    interface ItemReader<T> {
        T read(Node node, String path);
    }

    private <T> List<T> list(Obj o, String key, boolean required, ItemReader<T> reader) {
        List<Node> items = array(o, key, required);
        if (items == null) {
            return required ? null : List.of();
        }
        List<T> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            T t = reader.read(items.get(i), Messages.index(o.child(key), i));
            if (t == null) {
                ok = false;
            } else {
                out.add(t);
            }
        }
        return ok ? out : null;
    }

    private MethodReference method(Node n, String path) {
        Obj o = object(n, path, "name", "source", "url", "adapted", "notes");
        if (o == null) {
            return null;
        }
        int mark = mark();
        String name = string(o, "name", true);
        String source = string(o, "source", true);
        String url = string(o, "url", false);
        boolean adapted = bool(o, "adapted", false);
        LocalizedText notes = text(o, "notes", false);
        return clean(mark) ? build(path, n, () -> new MethodReference(name, source, Optional.ofNullable(url), adapted, notes)) : null;
    }

    private Dimension dimension(Node n, String path) {
        Obj o = object(n, path, "id", "level", "parent", "name", "weight");
        if (o == null) {
            return null;
        }
        int mark = mark();
        String id = string(o, "id", true);
        String levelName = string(o, "level", true);
        DimensionLevel level = null;
        if (levelName != null) {
            level = DimensionLevel.fromJsonName(levelName).orElse(null);
            if (level == null) {
                add(o.child("level"), o.get("level"), Messages.quote(levelName) + " is not a level; use aspect, element or criterion");
            }
        }
        String parent = string(o, "parent", false);
        LocalizedText name = text(o, "name", true);
        Double weight = number(o, "weight", false);
        DimensionLevel lv = level;
        return clean(mark) ? build(path, n, () -> new Dimension(id, lv, Optional.ofNullable(parent), name,
                weight == null ? OptionalDouble.empty() : OptionalDouble.of(weight))) : null;
    }

    private Scale scale(Node n, String path, boolean named) {
        Obj o = object(n, path, "id", "min", "max", "labels", "positiveThreshold", "specialCodes");
        if (o == null) {
            return null;
        }
        int mark = mark();
        String id = string(o, "id", named);
        Integer min = integer(o, "min", true);
        Integer max = integer(o, "max", true);
        Integer threshold = integer(o, "positiveThreshold", true);
        List<ScalePoint> labels = list(o, "labels", false, (item, p) -> {
            Obj lo = object(item, p, "value", "label");
            if (lo == null) {
                return null;
            }
            int m = mark();
            Integer value = integer(lo, "value", true);
            LocalizedText label = text(lo, "label", true);
            return clean(m) ? build(p, item, () -> new ScalePoint(value, label)) : null;
        });
        List<SpecialCode> specials = list(o, "specialCodes", false, (item, p) -> {
            Obj so = object(item, p, "code", "status", "label");
            if (so == null) {
                return null;
            }
            int m = mark();
            Integer code = integer(so, "code", true);
            String statusName = string(so, "status", true);
            LocalizedText label = text(so, "label", true);
            SpecialStatus status = null;
            if (statusName != null) {
                status = SpecialStatus.fromJsonName(statusName).orElse(null);
                if (status == null) {
                    add(so.child("status"), so.get("status"), Messages.quote(statusName)
                            + " is not a special status; use dont_know, not_applicable or refused");
                }
            }
            SpecialStatus st = status;
            return clean(m) ? build(p, item, () -> new SpecialCode(code, st, label)) : null;
        });
        if (!clean(mark)) {
            return null;
        }
        return build(path, n, () -> new Scale(Optional.ofNullable(id), min, max, labels, threshold, specials));
    }

    private Section section(Node n, String path) {
        Obj o = object(n, path, "id", "title", "description", "questions");
        if (o == null) {
            return null;
        }
        int mark = mark();
        String id = string(o, "id", true);
        LocalizedText title = text(o, "title", true);
        LocalizedText description = text(o, "description", false);
        List<Question> questions = list(o, "questions", true, this::question);
        return clean(mark) ? build(path, n, () -> new Section(id, title, description, questions)) : null;
    }

    private Question question(Node n, String path) {
        if (n.kind != Node.Kind.OBJECT) {
            object(n, path);
            return null;
        }
        Node typeNode = n.fields.get("type");
        QuestionKind kind = null;
        if (typeNode == null) {
            add(Messages.key(path, "type"), n, "required property 'type' is missing; use rating, choice, number, text or nps");
        } else if (typeNode.kind != Node.Kind.STRING) {
            add(Messages.key(path, "type"), typeNode, "must be a string, not " + typeNode.describe());
        } else {
            kind = QuestionKind.fromJsonName(typeNode.text).orElse(null);
            if (kind == null) {
                add(Messages.key(path, "type"), typeNode, Messages.quote(typeNode.text)
                        + " is not a question type; use rating, choice, number, text or nps");
            }
        }
        if (kind == null) {
            return null;
        }
        String[] extra;
        switch (kind) {
            case RATING:
                extra = new String[] {"scale", "dimension"};
                break;
            case CHOICE:
                extra = new String[] {"multiple", "options"};
                break;
            case NUMBER:
                extra = new String[] {"min", "max", "integer"};
                break;
            case TEXT:
                extra = new String[] {"maxLength"};
                break;
            default:
                extra = new String[] {"scale"};
                break;
        }
        String[] allowed = new String[COMMON.length + extra.length];
        System.arraycopy(COMMON, 0, allowed, 0, COMMON.length);
        System.arraycopy(extra, 0, allowed, COMMON.length, extra.length);
        Obj o = object(n, path, allowed);
        int mark = mark();
        String id = string(o, "id", true);
        LocalizedText text = text(o, "text", true);
        LocalizedText help = text(o, "help", false);
        boolean required = bool(o, "required", false);
        List<String> tags = o.has("tags") ? strings(o, "tags", false) : List.of();
        Optional<Condition> showIf = Optional.empty();
        Node c = o.get("showIf");
        if (c != null) {
            showIf = Optional.ofNullable(condition(c, o.child("showIf"), 1));
        }
        Optional<Condition> cond = showIf;
        switch (kind) {
            case RATING: {
                Scale scale = questionScale(o, true);
                String dimension = string(o, "dimension", false);
                return clean(mark) ? build(path, n, () -> new RatingQuestion(id, text, help, required, cond, tags, scale,
                        Optional.ofNullable(dimension))) : null;
            }
            case NPS: {
                Scale scale = o.has("scale") ? questionScale(o, false) : Scale.nps();
                return clean(mark) ? build(path, n, () -> new NpsQuestion(id, text, help, required, cond, tags, scale)) : null;
            }
            case CHOICE: {
                boolean multiple = bool(o, "multiple", false);
                List<ChoiceOption> options = list(o, "options", true, this::option);
                return clean(mark) ? build(path, n, () -> new ChoiceQuestion(id, text, help, required, cond, tags, multiple,
                        options)) : null;
            }
            case NUMBER: {
                Double min = number(o, "min", false);
                Double max = number(o, "max", false);
                boolean integer = bool(o, "integer", false);
                return clean(mark) ? build(path, n, () -> new NumberQuestion(id, text, help, required, cond, tags,
                        min == null ? Double.NEGATIVE_INFINITY : min, max == null ? Double.POSITIVE_INFINITY : max, integer))
                        : null;
            }
            default: {
                Integer maxLength = integer(o, "maxLength", true);
                return clean(mark) ? build(path, n, () -> new TextQuestion(id, text, help, required, cond, tags, maxLength))
                        : null;
            }
        }
    }

    private Scale questionScale(Obj o, boolean required) {
        Node s = o.get("scale");
        String path = o.child("scale");
        if (s == null) {
            if (required) {
                add(path, o.node, "required property 'scale' is missing; give a scale object or the id of a named scale");
            }
            return null;
        }
        if (s.kind == Node.Kind.STRING) {
            Scale named = namedScales.get(s.text);
            if (named == null && !declaredScales.contains(s.text)) {
                add(path, s, "scale " + Messages.quote(s.text) + " is not one of the instrument's named scales");
            } else if (named == null) {
                failQuietly(); // the named scale's own problems are already reported
            }
            return named;
        }
        if (s.kind != Node.Kind.OBJECT) {
            add(path, s, "must be a scale object or the id of a named scale, not " + s.describe());
            return null;
        }
        return scale(s, path, false);
    }

    private ChoiceOption option(Node n, String path) {
        Obj o = object(n, path, "code", "label", "score", "other");
        if (o == null) {
            return null;
        }
        int mark = mark();
        String code = string(o, "code", true);
        LocalizedText label = text(o, "label", true);
        Double score = number(o, "score", false);
        boolean other = bool(o, "other", false);
        return clean(mark) ? build(path, n, () -> new ChoiceOption(code, label,
                score == null ? OptionalDouble.empty() : OptionalDouble.of(score), other)) : null;
    }

    private Condition condition(Node n, String path, int depth) {
        if (n.kind == Node.Kind.OBJECT && (n.fields.containsKey("all") || n.fields.containsKey("any"))) {
            if (depth > Condition.MAX_DEPTH) {
                add(path, n, "all/any conditions are nested deeper than " + Condition.MAX_DEPTH + " levels");
                return null;
            }
            String key = n.fields.containsKey("all") ? "all" : "any";
            Obj o = object(n, path, key);
            List<Node> items = array(o, key, true);
            if (items == null) {
                return null;
            }
            List<Condition> parts = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < items.size(); i++) {
                Condition c = condition(items.get(i), Messages.index(o.child(key), i), depth + 1);
                ok &= c != null;
                if (c != null) {
                    parts.add(c);
                }
            }
            if (!ok) {
                return null;
            }
            return build(path, n, () -> "all".equals(key) ? new Condition.All(parts) : new Condition.Any(parts));
        }
        Obj o = object(n, path, "question", "equals", "in", "atLeast", "atMost", "answered");
        if (o == null) {
            return null;
        }
        int mark = mark();
        String question = string(o, "question", true);
        int tests = (o.has("equals") ? 1 : 0) + (o.has("in") ? 1 : 0) + (o.has("atLeast") || o.has("atMost") ? 1 : 0)
                + (o.has("answered") ? 1 : 0);
        if (tests != 1) {
            add(path, n, "a condition needs exactly one test: equals, in, atLeast/atMost or answered (or all/any)");
            return null;
        }
        if (o.has("equals")) {
            String code = string(o, "equals", true);
            return clean(mark) ? build(path, n, () -> new Condition.Chosen(question, List.of(code))) : null;
        }
        if (o.has("in")) {
            List<String> codes = strings(o, "in", true);
            return clean(mark) ? build(path, n, () -> new Condition.Chosen(question, codes)) : null;
        }
        if (o.has("answered")) {
            Boolean answered = bool(o, "answered");
            return clean(mark) && answered != null ? build(path, n, () -> new Condition.Answered(question, answered)) : null;
        }
        Double atLeast = number(o, "atLeast", false);
        Double atMost = number(o, "atMost", false);
        return clean(mark) ? build(path, n, () -> new Condition.Between(question,
                atLeast == null ? Double.NEGATIVE_INFINITY : atLeast, atMost == null ? Double.POSITIVE_INFINITY : atMost)) : null;
    }

    interface Builder<T> {
        T build();
    }

    private <T> T build(String path, Node node, Builder<T> b) {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            model(path, node, e);
            return null;
        }
    }

}
