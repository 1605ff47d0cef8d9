package org.civicsurvey.io.surveyjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.civicsurvey.io.surveyjs.SurveyJsExporter.RatingLayout;
import org.civicsurvey.io.surveyjs.SurveyJsExporter.SectionLayout;
import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.NpsQuestion;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.Section;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.TextQuestion;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.ValidationReport;

/**
 * Runs the real SurveyJS model ({@code survey-core} from npm, on Node.js) over every exported
 * instrument: {@code src/test/surveyjs/check.js} loads each survey, reports load warnings and what
 * it parsed, and produces results with SurveyJS's own model (answers set on the visible questions,
 * then {@code survey.data}). This test checks that the surveys load without warnings, that the
 * pages and questions are the ones exported, and that every result reads back into a response that
 * passes validation.
 *
 * <p>Needs {@code node} on the PATH and {@code npm ci --prefix survey-core/src/test/surveyjs}
 * run once. Without them the test is skipped, except in CI ({@code CI=true}), where it fails.
 */
class SurveyJsNodeCheckTest {
    private static final Path CHECKER = Path.of("src", "test", "surveyjs");
    private static final Path WORK = Path.of("target", "surveyjs-check");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The layouts checked, with the file suffix for each. */
    private static final Map<String, SurveyJsExporter> EXPORTS = new LinkedHashMap<>();

    static {
        EXPORTS.put("pages-rating", SurveyJsExporter.withDefaults());
        EXPORTS.put("panels-matrix", SurveyJsExporter.withDefaults().withSectionLayout(SectionLayout.PANELS)
                .withRatingLayout(RatingLayout.MATRIX));
        EXPORTS.put("pages-rating.plain", SurveyJsExporter.withDefaults().withMetadata(false));
    }

    private static Map<String, Instrument> instruments;
    private static Path out;
    /** Why the check cannot run here (outside CI), or null. */
    private static String skipped;

    @BeforeEach
    void skipWithoutTools() {
        Assumptions.assumeTrue(skipped == null, () -> skipped);
    }

    @BeforeAll
    static void runChecker() throws IOException, InterruptedException {
        String problem = missingTools();
        if (problem != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but the SurveyJS check cannot run: " + problem
                        + ". .ci/run must install it: npm ci --prefix survey-core/src/test/surveyjs");
            }
            skipped = "SurveyJS check skipped: " + problem + ". To run it: npm ci --prefix survey-core/src/test/surveyjs";
            System.err.println(skipped);
            return;
        }
        Path in = WORK.resolve("in");
        out = WORK.resolve("out");
        deleteTree(WORK);
        Files.createDirectories(in);
        instruments = new LinkedHashMap<>();
        for (Instrument instrument : Fixtures.all()) {
            for (Map.Entry<String, SurveyJsExporter> e : EXPORTS.entrySet()) {
                String file = instrument.id() + "." + e.getKey() + ".json";
                try (OutputStream os = Files.newOutputStream(in.resolve(file))) {
                    e.getValue().write(instrument, os);
                }
                instruments.put(file, instrument);
            }
        }
        Process p = new ProcessBuilder("node", CHECKER.resolve("check.js").toString(), in.toString(), out.toString())
                .redirectErrorStream(true).start();
        byte[] log = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("check.js did not finish within 120 s");
        }
        String text = new String(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("check.js exit code; output:%n%s", text).isZero();
    }

    private static String missingTools() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "'node --version' failed";
            }
        } catch (IOException e) {
            return "Node.js is not installed (no 'node' on the PATH)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while looking for Node.js";
        }
        if (!Files.isRegularFile(CHECKER.resolve("node_modules").resolve("survey-core").resolve("package.json"))) {
            return "the npm package survey-core is not installed in " + CHECKER;
        }
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static JsonNode report(String file) throws IOException {
        return MAPPER.readTree(out.resolve(file.replace(".json", ".check.json")).toFile());
    }

    @Test
    void everyExportLoadsWithoutWarnings() throws IOException {
        for (String file : instruments.keySet()) {
            JsonNode r = report(file);
            assertThat(r.path("registeredProperties").asBoolean()).as(file).isEqualTo(!file.endsWith(".plain.json"));
            assertThat(r.path("jsonErrors")).as(file + ": SurveyJS load warnings").isEmpty();
            assertThat(r.path("surveyjsVersion").asText()).isEqualTo("3.1.1");
        }
    }

    @Test
    void pagesAndQuestionsAreTheExportedOnes() throws IOException {
        for (Map.Entry<String, Instrument> e : instruments.entrySet()) {
            String file = e.getKey();
            Instrument instrument = e.getValue();
            JsonNode r = report(file);
            boolean panels = file.contains(".panels-");
            boolean matrix = file.contains("-matrix");
            List<JsonNode> containers = new ArrayList<>();
            if (panels) {
                assertThat(r.path("pages")).as(file).hasSize(1);
                r.path("pages").get(0).path("elements").forEach(containers::add);
            } else {
                r.path("pages").forEach(containers::add);
            }
            assertThat(containers).as(file).hasSameSizeAs(instrument.sections());
            Set<String> seen = new HashSet<>();
            for (int s = 0; s < containers.size(); s++) {
                Section section = instrument.sections().get(s);
                JsonNode c = containers.get(s);
                assertThat(c.path("name").asText()).as(file).isEqualTo(section.id());
                if (panels) {
                    assertThat(c.path("type").asText()).isEqualTo("panel");
                }
                assertTitles(file + " " + section.id(), instrument, c.path("titles"), section.title());
                List<Question> expected = section.questions();
                int q = 0;
                for (JsonNode element : c.path("elements")) {
                    if (element.path("type").asText().equals("matrix")) {
                        assertThat(matrix).as(file + ": a matrix only in the matrix layout").isTrue();
                        for (JsonNode row : element.path("rows")) {
                            RatingQuestion item = (RatingQuestion) expected.get(q++);
                            assertThat(row.asText()).isEqualTo(item.id());
                            assertThat(element.path("columns")).as(file + " " + item.id()).isEqualTo(scaleValues(item.scale()));
                            assertThat(element.path("isRequired").asBoolean()).isEqualTo(item.required());
                            seen.add(item.id());
                        }
                        continue;
                    }
                    Question question = expected.get(q++);
                    String what = file + " " + question.id();
                    assertThat(element.path("name").asText()).as(what).isEqualTo(question.id());
                    assertThat(element.path("isRequired").asBoolean()).as(what).isEqualTo(question.required());
                    assertThat(element.path("visibleIf").isNull()).as(what).isEqualTo(question.showIf().isEmpty());
                    assertTitles(what, instrument, element.path("titles"), question.text());
                    checkQuestion(what, question, element);
                    seen.add(question.id());
                }
                assertThat(q).as(file + " " + section.id() + ": number of questions").isEqualTo(expected.size());
            }
            assertThat(seen).hasSize(instrument.questions().size());
        }
    }

    private static void assertTitles(String what, Instrument instrument, JsonNode titles,
            org.civicsurvey.model.LocalizedText text) {
        // "" is SurveyJS's default locale (en): English where the instrument has it, else its default language
        String shownByDefault = text.exact("en").orElse(text.resolve("en", instrument.defaultLanguage()));
        assertThat(titles.path("").asText()).as(what + " title in the default locale").isEqualTo(shownByDefault);
        for (String tag : instrument.languages()) {
            if (titles.has(tag)) {
                assertThat(titles.path(tag).asText()).as(what + " title in " + tag).isEqualTo(text.exact(tag).orElseThrow());
            }
        }
        assertThat(titles.has(instrument.defaultLanguage()) || instrument.defaultLanguage().equals("en")).as(what).isTrue();
    }

    private static JsonNode scaleValues(Scale scale) {
        var a = MAPPER.createArrayNode();
        for (int v = scale.min(); v <= scale.max(); v++) {
            a.add(v);
        }
        for (SpecialCode c : scale.specialCodes()) {
            switch (c.status()) {
                case DONT_KNOW:
                    a.add("dontknow");
                    break;
                case NOT_APPLICABLE:
                    a.add("none");
                    break;
                default:
                    a.add("refused");
            }
        }
        return a;
    }

    private static void checkQuestion(String what, Question question, JsonNode element) {
        String type = element.path("type").asText();
        if (question instanceof RatingQuestion r) {
            assertThat(type).as(what).isEqualTo("rating");
            assertThat(element.path("values")).as(what).isEqualTo(scaleValues(r.scale()));
        } else if (question instanceof NpsQuestion n) {
            assertThat(type).as(what).isEqualTo("rating");
            assertThat(element.path("values")).as(what).isEqualTo(scaleValues(n.scale()));
        } else if (question instanceof ChoiceQuestion c) {
            assertThat(type).as(what).isEqualTo(c.multiple() ? "checkbox" : c.options().size() > 12 ? "dropdown" : "radiogroup");
            List<String> values = new ArrayList<>();
            String other = null;
            for (ChoiceOption o : c.options()) {
                if (o.other()) {
                    other = "other";
                } else {
                    values.add(o.code());
                }
            }
            if (other != null) {
                values.add(other);
            }
            List<String> actual = new ArrayList<>();
            element.path("values").forEach(v -> actual.add(v.asText()));
            assertThat(actual).as(what).isEqualTo(values);
            assertThat(element.path("showOtherItem").asBoolean()).as(what).isEqualTo(other != null);
        } else if (question instanceof NumberQuestion n) {
            assertThat(type).as(what).isEqualTo("text");
            assertThat(element.path("inputType").asText()).as(what).isEqualTo("number");
            if (!Double.isInfinite(n.min())) {
                assertThat(element.path("min").asDouble()).as(what).isEqualTo(n.min());
            } else {
                assertThat(element.path("min").isNull()).as(what).isTrue();
            }
            if (!Double.isInfinite(n.max())) {
                assertThat(element.path("max").asDouble()).as(what).isEqualTo(n.max());
            } else {
                assertThat(element.path("max").isNull()).as(what).isTrue();
            }
        } else {
            TextQuestion t = (TextQuestion) question;
            assertThat(type).as(what).isEqualTo(t.maxLength() <= 200 ? "text" : "comment");
            assertThat(element.path("maxLength").asInt()).as(what).isEqualTo(t.maxLength());
        }
    }

    @Test
    void everyResultOfSurveyJsIsAValidResponse() throws IOException {
        ResponseValidator validator = ResponseValidator.create();
        int checked = 0;
        for (Map.Entry<String, Instrument> e : instruments.entrySet()) {
            Instrument instrument = e.getValue();
            SurveyJsResults results = SurveyJsResults.forInstrument(instrument);
            for (JsonNode result : report(e.getKey()).path("results")) {
                String what = e.getKey() + " " + result.path("scenario").asText();
                assertThat(result.path("valid").asBoolean()).as(what + ": SurveyJS's own validation; errors " + result.path("errors"))
                        .isTrue();
                String data = MAPPER.writeValueAsString(result.path("data"));
                Response response = results.toResponse(data, Response.builder("r-" + checked, instrument.id(), instrument.version())
                        .transaction(Transaction.of("HS-2026-000123", "so-tu-phap", "ly-lich-tu-phap", "online",
                                Instant.parse("2026-11-27T03:00:00Z")))
                        .respondent("sex", "female")
                        .respondent("province", "hue"));
                ValidationReport report = validator.validate(instrument, response);
                assertThat(report.messages()).as(what + " " + data).isEmpty();
                // SurveyJS's evaluation of visibleIf equals the model's show-if on the same answers
                var facts = response.facts();
                for (Question q : instrument.questions()) {
                    JsonNode shown = result.path("visible").path(q.id());
                    if (q.showIf().isPresent()) {
                        assertThat(shown.isBoolean()).as(what + " " + q.id() + " visibility reported").isTrue();
                    }
                    if (shown.isBoolean()) {
                        assertThat(shown.asBoolean()).as(what + ": SurveyJS shows " + q.id() + " " + q.showIf() + " " + data)
                                .isEqualTo(q.isShown(facts));
                    }
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(instruments.size() * 15);
    }

    @Test
    void theSurveyAsSurveyJsSavesItImportsBackEqual() throws IOException {
        // survey.toJSON() is what Survey Creator stores after an edit: with the custom property
        // registered, the metadata survives and the instrument comes back equal
        for (Map.Entry<String, Instrument> e : instruments.entrySet()) {
            String saved = MAPPER.writeValueAsString(report(e.getKey()).path("saved"));
            Instrument instrument = e.getValue();
            if (e.getKey().endsWith(".plain.json")) {
                SurveyJsImport direct = SurveyJsImporter.withDefaults().withIdentity(instrument.id(), instrument.version())
                        .read(Files.readString(WORK.resolve("in").resolve(e.getKey())));
                SurveyJsImport resaved = SurveyJsImporter.withDefaults().withIdentity(instrument.id(), instrument.version()).read(saved);
                assertThat(resaved.issues()).as(e.getKey()).isEqualTo(direct.issues());
                assertThat(resaved.instrument()).as(e.getKey()).isEqualTo(direct.instrument());
            } else {
                SurveyJsImport imported = SurveyJsImporter.withDefaults().read(saved);
                assertThat(imported.issues()).as(e.getKey()).isEmpty();
                assertThat(imported.instrument()).as(e.getKey()).isEqualTo(instrument);
            }
        }
    }

    @Test
    void scenariosTakeBothBranchesOfTheConditions() throws IOException {
        // the full fixture's conditional questions are answered in some SurveyJS runs and hidden in others
        Set<String> answered = new HashSet<>();
        Set<String> hidden = new HashSet<>();
        Instrument full = Fixtures.full();
        for (String layout : EXPORTS.keySet()) {
            for (JsonNode result : report(full.id() + "." + layout + ".json").path("results")) {
                for (Question q : full.questions()) {
                    if (q.showIf().isPresent() && !result.path("scenario").asText().equals("required-only")) {
                        boolean has = result.path("data").has(q.id());
                        (has ? answered : hidden).add(q.id());
                    }
                }
            }
        }
        assertThat(answered).contains("visits", "cost", "why-slow", "nps");
        assertThat(hidden).contains("visits", "cost", "why-slow", "comments");
    }
}
