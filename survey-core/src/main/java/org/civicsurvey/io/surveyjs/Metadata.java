package org.civicsurvey.io.surveyjs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.DimensionLevel;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.LocalizedText;
import org.civicsurvey.model.MethodReference;
import org.civicsurvey.model.NpsQuestion;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.ScalePoint;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.SpecialStatus;

/**
 * The {@code "civicsurvey"} custom property: what an instrument has and SurveyJS has no place for.
 * Texts inside it are plain objects of language tag to text (not SurveyJS localizable strings).
 */
final class Metadata {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Metadata() {
    }

    // ------------------------------------------------------------------ writing

    static ObjectNode survey(Instrument instrument, String defaultLocale) {
        ObjectNode m = F.objectNode();
        m.put("format", SurveyJsExporter.METADATA_FORMAT);
        m.put("id", instrument.id());
        m.put("version", instrument.version());
        ArrayNode languages = m.putArray("languages");
        instrument.languages().forEach(languages::add);
        m.put("defaultLocale", defaultLocale);
        instrument.method().ifPresent(method -> {
            ObjectNode n = m.putObject("method");
            n.put("name", method.name());
            n.put("source", method.source());
            method.url().ifPresent(u -> n.put("url", u));
            n.put("adapted", method.adapted());
            text(n, "notes", method.notes());
        });
        if (!instrument.dimensions().isEmpty()) {
            ArrayNode dims = m.putArray("dimensions");
            for (Dimension d : instrument.dimensions()) {
                ObjectNode n = dims.addObject();
                n.put("id", d.id());
                n.put("level", d.level().jsonName());
                d.parent().ifPresent(p -> n.put("parent", p));
                text(n, "name", d.name());
                d.weight().ifPresent(w -> n.put("weight", number(w)));
            }
        }
        if (!instrument.scales().isEmpty()) {
            ArrayNode scales = m.putArray("scales");
            for (Scale s : instrument.scales()) {
                scales.add(fullScale(s));
            }
        }
        return m;
    }

    private static ObjectNode fullScale(Scale s) {
        ObjectNode n = F.objectNode();
        s.id().ifPresent(id -> n.put("id", id));
        n.put("min", s.min());
        n.put("max", s.max());
        n.put("positiveThreshold", s.positiveThreshold());
        ArrayNode labels = n.putArray("labels");
        for (ScalePoint p : s.labels()) {
            ObjectNode l = labels.addObject();
            l.put("value", p.value());
            text(l, "label", p.label());
        }
        ArrayNode codes = n.putArray("specialCodes");
        for (SpecialCode c : s.specialCodes()) {
            ObjectNode l = codes.addObject();
            l.put("code", c.code());
            l.put("status", c.status().jsonName());
            text(l, "label", c.label());
        }
        return n;
    }

    static void rating(ObjectNode meta, RatingQuestion r) {
        r.dimension().ifPresent(d -> meta.put("dimension", d));
        scale(meta, r.scale());
    }

    static void nps(ObjectNode meta, NpsQuestion n) {
        meta.put("kind", "nps");
        scale(meta, n.scale());
    }

    /** The parts of a scale SurveyJS's rate values do not carry. */
    static void scale(ObjectNode meta, Scale s) {
        s.id().ifPresent(id -> meta.put("scale", id));
        meta.put("positiveThreshold", s.positiveThreshold());
        if (!s.specialCodes().isEmpty()) {
            ObjectNode codes = meta.putObject("specialCodes");
            for (SpecialCode c : s.specialCodes()) {
                codes.put(c.status().jsonName(), c.code());
            }
        }
    }

    static void tags(ObjectNode meta, List<String> tags) {
        if (!tags.isEmpty()) {
            ArrayNode a = meta.putArray("tags");
            tags.forEach(a::add);
        }
    }

    static void text(ObjectNode node, String field, LocalizedText text) {
        if (!text.isEmpty()) {
            ObjectNode t = node.putObject(field);
            text.values().forEach(t::put);
        }
    }

    /** A number as JSON: integral values without a fraction. */
    static BigDecimal number(double x) {
        BigDecimal d = BigDecimal.valueOf(x).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    // ------------------------------------------------------------------ reading

    /** Reads metadata parts, collecting issues instead of failing. */
    static final class Reader {
        private final List<SurveyJsIssue> issues;

        Reader(List<SurveyJsIssue> issues) {
            this.issues = issues;
        }

        void issue(String path, String message) {
            issues.add(new SurveyJsIssue(path, message));
        }

        Optional<String> string(JsonNode m, String field, String path) {
            JsonNode v = m.get(field);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isTextual()) {
                issue(Json.path(path, field), "must be a text, not " + Json.describe(v) + "; ignored");
                return Optional.empty();
            }
            return Optional.of(v.asText());
        }

        OptionalDouble number(JsonNode m, String field, String path) {
            JsonNode v = m.get(field);
            if (v == null || v.isNull()) {
                return OptionalDouble.empty();
            }
            if (!v.isNumber()) {
                issue(Json.path(path, field), "must be a number, not " + Json.describe(v) + "; ignored");
                return OptionalDouble.empty();
            }
            if (!Double.isFinite(v.asDouble())) {
                issue(Json.path(path, field), Json.describe(v) + " is too large; ignored");
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(v.asDouble());
        }

        Optional<Integer> integer(JsonNode m, String field, String path) {
            JsonNode v = m.get(field);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                issue(Json.path(path, field), "must be an integer, not " + Json.describe(v) + "; ignored");
                return Optional.empty();
            }
            return Optional.of(v.asInt());
        }

        boolean bool(JsonNode m, String field, String path) {
            JsonNode v = m.get(field);
            if (v == null || v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                issue(Json.path(path, field), "must be true or false, not " + Json.describe(v) + "; ignored");
                return false;
            }
            return v.asBoolean();
        }

        List<String> tags(JsonNode m, String path) {
            JsonNode v = m.get("tags");
            List<String> out = new ArrayList<>();
            if (v == null || v.isNull()) {
                return out;
            }
            if (!v.isArray()) {
                issue(Json.path(path, "tags"), "must be a list of texts, not " + Json.describe(v) + "; ignored");
                return out;
            }
            for (int i = 0; i < v.size(); i++) {
                if (v.get(i).isTextual()) {
                    out.add(v.get(i).asText());
                } else {
                    issue(Json.path(Json.path(path, "tags"), i), "a tag must be a text, not " + Json.describe(v.get(i)) + "; ignored");
                }
            }
            return out;
        }

        LocalizedText text(JsonNode m, String field, String path) {
            JsonNode v = m.get(field);
            if (v == null || v.isNull()) {
                return LocalizedText.empty();
            }
            String p = Json.path(path, field);
            if (!v.isObject()) {
                issue(p, "must be an object of texts by language tag, not " + Json.describe(v) + "; ignored");
                return LocalizedText.empty();
            }
            Map<String, String> values = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual()) {
                    values.put(e.getKey(), e.getValue().asText());
                } else {
                    issue(Json.path(p, e.getKey()), "must be a text, not " + Json.describe(e.getValue()) + "; ignored");
                }
            }
            try {
                return LocalizedText.of(values);
            } catch (IllegalArgumentException e) {
                issue(p, e.getMessage() + "; ignored");
                return LocalizedText.empty();
            }
        }

        Optional<MethodReference> method(JsonNode m, String path) {
            JsonNode n = m.get("method");
            if (n == null || n.isNull()) {
                return Optional.empty();
            }
            String p = Json.path(path, "method");
            if (!n.isObject()) {
                issue(p, "must be an object, not " + Json.describe(n) + "; ignored");
                return Optional.empty();
            }
            try {
                return Optional.of(new MethodReference(string(n, "name", p).orElse(null), string(n, "source", p).orElse(null),
                        string(n, "url", p), bool(n, "adapted", p), text(n, "notes", p)));
            } catch (IllegalArgumentException e) {
                issue(p, e.getMessage() + "; the method reference is left out");
                return Optional.empty();
            }
        }

        List<Dimension> dimensions(JsonNode m, String path) {
            List<Dimension> out = new ArrayList<>();
            eachObject(m, "dimensions", path, (n, ip) -> {
                Optional<DimensionLevel> level = string(n, "level", ip).flatMap(DimensionLevel::fromJsonName);
                if (level.isEmpty()) {
                    issue(Json.path(ip, "level"), "must be aspect, element or criterion; the dimension is left out");
                    return;
                }
                try {
                    out.add(new Dimension(string(n, "id", ip).orElse(null), level.get(), string(n, "parent", ip),
                            text(n, "name", ip), number(n, "weight", ip)));
                } catch (IllegalArgumentException e) {
                    issue(ip, e.getMessage() + "; the dimension is left out");
                }
            });
            return out;
        }

        /**
         * Calls {@code each} with every object of the list {@code m.field} and its path; a value that
         * is not a list, or an entry that is not an object, is reported and ignored.
         */
        private void eachObject(JsonNode m, String field, String path, BiConsumer<JsonNode, String> each) {
            JsonNode a = m.get(field);
            if (a == null || a.isNull()) {
                return;
            }
            String p = Json.path(path, field);
            if (!a.isArray()) {
                issue(p, "must be a list, not " + Json.describe(a) + "; ignored");
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                JsonNode n = a.get(i);
                String ip = Json.path(p, i);
                if (!n.isObject()) {
                    issue(ip, "must be an object, not " + Json.describe(n) + "; ignored");
                    continue;
                }
                each.accept(n, ip);
            }
        }

        List<Scale> scales(JsonNode m, String path) {
            List<Scale> out = new ArrayList<>();
            eachObject(m, "scales", path, (n, ip) -> {
                try {
                    List<ScalePoint> labels = new ArrayList<>();
                    JsonNode ls = n.path("labels");
                    for (int j = 0; j < ls.size(); j++) {
                        labels.add(new ScalePoint(integer(ls.get(j), "value", Json.path(Json.path(ip, "labels"), j)).orElseThrow(),
                                text(ls.get(j), "label", Json.path(Json.path(ip, "labels"), j))));
                    }
                    List<SpecialCode> codes = new ArrayList<>();
                    JsonNode cs = n.path("specialCodes");
                    for (int j = 0; j < cs.size(); j++) {
                        String cp = Json.path(Json.path(ip, "specialCodes"), j);
                        SpecialStatus status = string(cs.get(j), "status", cp).flatMap(SpecialStatus::fromJsonName).orElseThrow();
                        codes.add(new SpecialCode(integer(cs.get(j), "code", cp).orElseThrow(), status, text(cs.get(j), "label", cp)));
                    }
                    out.add(new Scale(string(n, "id", ip), integer(n, "min", ip).orElseThrow(), integer(n, "max", ip).orElseThrow(),
                            labels, integer(n, "positiveThreshold", ip).orElseThrow(), codes));
                } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
                    issue(ip, (e.getMessage() == null ? "a required field is missing or malformed" : e.getMessage())
                            + "; the named scale is left out");
                }
            });
            return out;
        }

        /** Special codes by status from question metadata ({@code {"dont_know": 9}}). */
        Map<SpecialStatus, Integer> specialCodes(JsonNode m, String path) {
            Map<SpecialStatus, Integer> out = new LinkedHashMap<>();
            JsonNode n = m.get("specialCodes");
            if (n == null || n.isNull()) {
                return out;
            }
            String p = Json.path(path, "specialCodes");
            if (!n.isObject()) {
                issue(p, "must be an object of codes by status, not " + Json.describe(n) + "; ignored");
                return out;
            }
            Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Optional<SpecialStatus> status = SpecialStatus.fromJsonName(e.getKey());
                if (status.isEmpty()) {
                    issue(Json.path(p, e.getKey()), "is not dont_know, not_applicable or refused; ignored");
                    continue;
                }
                integer(n, e.getKey(), p).ifPresent(code -> out.put(status.get(), code));
            }
            return out;
        }
    }
}
