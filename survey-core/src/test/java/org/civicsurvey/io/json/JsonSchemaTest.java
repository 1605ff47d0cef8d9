package org.civicsurvey.io.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped JSON Schemas describe what the reader accepts. A small validator for the keywords the
 * schemas use checks them here; the expected accept/reject verdicts were confirmed with
 * python-jsonschema 4.26.0 ({@code Draft202012Validator(schema).iter_errors(doc)}) on the same files.
 */
class JsonSchemaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void instrumentSchemaAcceptsValidInstrumentsAndRejectsShapeErrors() throws IOException {
        JsonNode schema = resource("/org/civicsurvey/io/json/instrument.schema.json");
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        Subset v = new Subset(schema);
        JsonNode sample = resource("/org/civicsurvey/io/json/sample-instrument.json");
        assertThat(v.errors(sample)).isEmpty();
        assertThat(v.errors(MAPPER.readTree(InstrumentJson.write(InstrumentJson.read(sample.toString()))))).isEmpty();
        assertThat(v.errors(resource("/bad-input/good/mini-instrument.json"))).isEmpty();
        for (String file : List.of("bad-language-tag", "condition-two-tests", "fraction-max", "huge-exponent", "huge-string",
                "lone-surrogate-in-id", "long-text-under-parser-limit", "method-url-javascript", "missing-sections",
                "not-an-object", "nul-in-option-code", "null-title", "quote-in-id", "rtl-override-in-id", "sql-in-id",
                "tag-with-space", "unknown-property", "unknown-question-type", "wrong-type-min", "wrong-type-version",
                "zero-width-joiner-in-id")) {
            assertThat(v.errors(resource("/bad-input/instrument/" + file + ".json"))).as(file).isNotEmpty();
        }
        // semantic errors pass the schema; only the reader finds them
        for (String file : List.of("dangling-dimension", "duplicate-question-id", "threshold-out-of-range", "special-code-collides")) {
            assertThat(v.errors(resource("/bad-input/instrument/" + file + ".json"))).as(file).isEmpty();
        }
    }

    @Test
    void responseSchemaAcceptsValidResponsesAndRejectsShapeErrors() throws IOException {
        Subset v = new Subset(resource("/org/civicsurvey/io/json/response.schema.json"));
        assertThat(v.errors(resource("/bad-input/good/odd-unicode-response.json"))).isEmpty();
        assertThat(v.errors(MAPPER.readTree(ResponseJson.write(ResponseJsonTest.full())))).isEmpty();
        for (String file : List.of("answers-not-object", "deep-nesting", "null-id", "special-unknown",
                "sql-answer-key-wrong-type", "unknown-property", "validate-blank-id", "validate-negative-weight",
                "validate-rtl-respondent-key", "weight-string")) {
            assertThat(v.errors(resource("/bad-input/response/" + file + ".json"))).as(file).isNotEmpty();
        }
        assertThat(v.errors(resource("/bad-input/response/validate-out-of-scale.json"))).isEmpty();
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = JsonSchemaTest.class.getResourceAsStream(name)) {
            return MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The JSON Schema 2020-12 keywords the shipped schemas use; enough to check them, not a general validator. */
    static final class Subset {
        private final JsonNode root;

        Subset(JsonNode root) {
            this.root = root;
        }

        List<String> errors(JsonNode doc) {
            List<String> out = new ArrayList<>();
            check(root, doc, "$", out);
            return out;
        }

        private JsonNode resolve(String ref) {
            JsonNode n = root;
            for (String part : ref.substring(2).split("/")) {
                n = n.get(part.replace("~1", "/").replace("~0", "~"));
            }
            if (n == null) {
                throw new IllegalStateException("unresolved $ref " + ref);
            }
            return n;
        }

        private void check(JsonNode s, JsonNode d, String at, List<String> out) {
            if (s.has("$ref")) {
                check(resolve(s.get("$ref").asText()), d, at, out);
            }
            if (s.has("oneOf")) {
                int matches = 0;
                for (JsonNode alt : s.get("oneOf")) {
                    List<String> e = new ArrayList<>();
                    check(alt, d, at, e);
                    matches += e.isEmpty() ? 1 : 0;
                }
                if (matches != 1) {
                    out.add(at + ": matches " + matches + " of oneOf");
                }
            }
            if (s.has("type") && !typeOk(s.get("type").asText(), d)) {
                out.add(at + ": not " + s.get("type").asText());
                return;
            }
            if (s.has("const") && !s.get("const").equals(d)) {
                out.add(at + ": not " + s.get("const"));
            }
            if (s.has("enum")) {
                boolean found = false;
                for (JsonNode e : s.get("enum")) {
                    found |= e.equals(d);
                }
                if (!found) {
                    out.add(at + ": not in enum");
                }
            }
            if (d.isTextual()) {
                String t = d.asText();
                int len = t.codePointCount(0, t.length());
                if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(t).find()) {
                    out.add(at + ": does not match " + s.get("pattern").asText());
                }
                if (s.has("minLength") && len < s.get("minLength").asInt()) {
                    out.add(at + ": too short");
                }
                if (s.has("maxLength") && len > s.get("maxLength").asInt()) {
                    out.add(at + ": too long");
                }
            }
            if (d.isNumber()) {
                double x = d.asDouble();
                if (s.has("minimum") && x < s.get("minimum").asDouble() || s.has("maximum") && x > s.get("maximum").asDouble()
                        || s.has("exclusiveMinimum") && x <= s.get("exclusiveMinimum").asDouble()) {
                    out.add(at + ": out of range");
                }
            }
            if (d.isArray()) {
                if (s.has("minItems") && d.size() < s.get("minItems").asInt() || s.has("maxItems") && d.size() > s.get("maxItems").asInt()) {
                    out.add(at + ": wrong number of items");
                }
                Set<JsonNode> seen = new HashSet<>();
                for (int i = 0; i < d.size(); i++) {
                    if (s.path("uniqueItems").asBoolean() && !seen.add(d.get(i))) {
                        out.add(at + ": repeated item");
                    }
                    if (s.has("items")) {
                        check(s.get("items"), d.get(i), at + "[" + i + "]", out);
                    }
                }
            }
            if (d.isObject()) {
                if (s.has("minProperties") && d.size() < s.get("minProperties").asInt()
                        || s.has("maxProperties") && d.size() > s.get("maxProperties").asInt()) {
                    out.add(at + ": wrong number of properties");
                }
                for (JsonNode r : s.path("required")) {
                    if (!d.has(r.asText())) {
                        out.add(at + ": missing " + r.asText());
                    }
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = d.properties().iterator(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String p = at + "." + e.getKey();
                    if (s.has("propertyNames")) {
                        check(s.get("propertyNames"), MAPPER.getNodeFactory().textNode(e.getKey()), p + "(name)", out);
                    }
                    JsonNode ps = s.path("properties").get(e.getKey());
                    if (ps != null) {
                        check(ps, e.getValue(), p, out);
                    } else if (s.has("additionalProperties")) {
                        JsonNode ap = s.get("additionalProperties");
                        if (ap.isBoolean() && !ap.asBoolean()) {
                            out.add(p + ": not allowed");
                        } else if (ap.isObject()) {
                            check(ap, e.getValue(), p, out);
                        }
                    }
                }
            }
        }

        private static boolean typeOk(String type, JsonNode d) {
            switch (type) {
                case "object":
                    return d.isObject();
                case "array":
                    return d.isArray();
                case "string":
                    return d.isTextual();
                case "integer":
                    return d.isIntegralNumber() || d.isNumber() && Double.isFinite(d.asDouble()) && d.asDouble() == Math.rint(d.asDouble());
                case "number":
                    return d.isNumber();
                case "boolean":
                    return d.isBoolean();
                default:
                    throw new IllegalStateException("type " + type);
            }
        }
    }
}
