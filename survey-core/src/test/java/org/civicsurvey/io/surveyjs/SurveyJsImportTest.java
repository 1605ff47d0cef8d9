package org.civicsurvey.io.surveyjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Condition;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.LocalizedText;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.ScalePoint;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.model.TextQuestion;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.validation.ResponseValidator;

class SurveyJsImportTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = SurveyJsImportTest.class.getResourceAsStream("/org/civicsurvey/io/surveyjs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static SurveyJsImport foreign() throws IOException {
        return SurveyJsImporter.withDefaults().withIdentity("customer-sat", "3").read(resource("foreign-survey.json"));
    }

    private static LocalizedText both(String text) {
        return LocalizedText.of("en", text, "vi", text);
    }

    @Test
    void everythingThatDoesNotMapIsReportedWithItsPath() throws IOException {
        List<String> issues = foreign().issues().stream().map(SurveyJsIssue::toString).toList();

        assertThat(issues).containsExactlyInAnyOrder(
                "triggers: 'triggers' is not supported; left out",
                "pages[0].elements[4].choices[0].value: '1' is not a valid or unique option code; it becomes 'v1'",
                "pages[0].elements[4].choices[1].value: '2' is not a valid or unique option code; it becomes 'v2'",
                "pages[0].elements[4].choices[2].value: '3' is not a valid or unique option code; it becomes 'v3'",
                "pages[0].elements[6].validators: 'validators' is not supported; left out",
                "pages[0].elements[7].type: 'signaturepad' is not supported; the element is left out",
                "pages[0].elements[8].type: 'html' is not supported; the element is left out",
                "pages[1].elements[0].title: the matrix title is not kept: each row becomes a rating question with the row text",
                "pages[1].elements[0].isRequired: 'at least one row' cannot be expressed; the rows are not required",
                "pages[1].elements[1].elements[0].name: 'best thing' is not a valid or unique question id; it becomes 'best_thing'",
                "pages[0].elements[10].visibleIf: function age() is not supported; the condition is left out and 'adult' is shown "
                        + "unconditionally",
                "pages[0].elements[0].minRateDescription: 11 texts have no vi translation (first here; also "
                        + "pages[0].elements[0].maxRateDescription, pages[0].elements[1].title, "
                        + "pages[0].elements[1].choices[0].text, ...); the text SurveyJS shows instead is used for vi");
    }

    @Test
    void whatMapsBecomesTheInstrument() throws IOException {
        Instrument i = foreign().instrument();

        assertThat(i.id()).isEqualTo("customer-sat");
        assertThat(i.version()).isEqualTo("3");
        assertThat(i.languages()).containsExactly("en", "vi");
        assertThat(i.title()).isEqualTo(both("Customer satisfaction"));
        assertThat(i.sections()).extracting(s -> s.id()).containsExactly("page1", "page2", "extra", "page2-2");
        assertThat(i.sections().get(1).title()).isEqualTo(both("Details"));
        assertThat(i.questions()).extracting(q -> q.id()).containsExactly("satisfaction", "channel", "problems", "resolved",
                "age", "visits", "email", "why", "adult", "speed", "courtesy", "best_thing", "topics");

        RatingQuestion satisfaction = (RatingQuestion) i.question("satisfaction").orElseThrow();
        assertThat(satisfaction.text()).isEqualTo(LocalizedText.of("en", "How satisfied are you?", "vi", "Bạn có hài lòng không?"));
        assertThat(satisfaction.required()).isTrue();
        assertThat(satisfaction.scale()).isEqualTo(Scale.of(1, 5, List.of(ScalePoint.of(1, both("Not satisfied")),
                ScalePoint.of(5, both("Very satisfied"))), 4, List.of()));

        ChoiceQuestion channel = (ChoiceQuestion) i.question("channel").orElseThrow();
        assertThat(channel.multiple()).isFalse();
        assertThat(channel.options()).containsExactly(
                ChoiceOption.of("web", both("Web")), ChoiceOption.of("office", both("Office")),
                ChoiceOption.of("none", both("None")), ChoiceOption.other("other", both("Other (describe)")));

        assertThat(i.question("problems").orElseThrow().showIf())
                .contains(new Condition.Between("satisfaction", Double.NEGATIVE_INFINITY, 2));
        assertThat(((ChoiceQuestion) i.question("problems").orElseThrow()).multiple()).isTrue();
        assertThat(((ChoiceQuestion) i.question("resolved").orElseThrow()).options()).containsExactly(
                ChoiceOption.of("true", both("Yes")), ChoiceOption.of("false", both("No")));
        assertThat(((ChoiceQuestion) i.question("age").orElseThrow()).options()).extracting(ChoiceOption::code)
                .containsExactly("v1", "v2", "v3");
        NumberQuestion visits = (NumberQuestion) i.question("visits").orElseThrow();
        assertThat(visits.min()).isZero();
        assertThat(visits.max()).isEqualTo(50);
        assertThat(visits.integer()).isTrue();
        assertThat(visits.showIf()).contains(new Condition.Any(List.of(Condition.chosen("channel", "office"),
                Condition.chosen("channel", "other"))));
        assertThat(i.question("email").orElseThrow()).isInstanceOf(TextQuestion.class);
        assertThat(((TextQuestion) i.question("why").orElseThrow()).maxLength()).isEqualTo(TextQuestion.MAX_LENGTH);
        assertThat(i.question("why").orElseThrow().showIf()).contains(new Condition.All(List.of(
                Condition.chosen("resolved", "false"), Condition.chosen("problems", "slow"))));
        assertThat(i.question("adult").orElseThrow().showIf()).isEmpty();
        RatingQuestion speed = (RatingQuestion) i.question("speed").orElseThrow();
        assertThat(speed.text()).isEqualTo(both("Speed"));
        assertThat(speed.required()).isFalse();
        assertThat(speed.scale()).isEqualTo(Scale.of(1, 5, List.of(), 4, List.of()));
        assertThat(i.question("best_thing").orElseThrow().showIf())
                .contains(new Condition.Between("speed", 4, Double.POSITIVE_INFINITY));
        assertThat(((ChoiceQuestion) i.question("topics").orElseThrow()).multiple()).isTrue();
    }

    @Test
    void resultsOfTheOriginalSurveyUseTheImportsRenames() throws IOException {
        SurveyJsImport imported = foreign();
        String data = """
                {"satisfaction": 2, "channel": "other", "channel-Comment": "by phone", "problems": ["slow", "rude"],
                 "resolved": false, "age": 2, "visits": 3, "email": "a@b.vn", "why": "too slow",
                 "quality": {"speed": 5, "courtesy": 4}, "best thing": "the staff", "topics": ["b"]}
                """;

        Response r = imported.results().toResponse(data, Response.builder("r1", "customer-sat", "3"));

        assertThat(r.answers()).containsEntry("channel", Answer.choiceWithOther(List.of("other"), "by phone"))
                .containsEntry("resolved", Answer.choice("false"))
                .containsEntry("age", Answer.choice("v2"))
                .containsEntry("speed", Answer.number(5))
                .containsEntry("courtesy", Answer.number(4))
                .containsEntry("best_thing", Answer.text("the staff"))
                .containsEntry("problems", Answer.choice("slow", "rude"));
        assertThat(ResponseValidator.create().validate(imported.instrument(), r).messages()).isEmpty();
    }

    @Test
    void requireLosslessThrowsWithEveryIssue() throws IOException {
        SurveyJsImport imported = foreign();

        assertThatThrownBy(imported::requireLossless).isInstanceOf(SurveyJsException.class)
                .hasMessageContaining("cannot be imported without loss: 12 issues")
                .hasMessageContaining("pages[0].elements[7].type: 'signaturepad' is not supported")
                .satisfies(e -> assertThat(((SurveyJsException) e).issues()).hasSize(12));
    }

    @Test
    void aRatingWithSpecialValuesAndACleanSurveyImportLosslessly() {
        String json = """
                {"title": "T", "pages": [{"name": "p", "title": "P", "elements": [
                  {"type": "rating", "name": "q", "title": "Q",
                   "rateValues": [{"value": 1, "text": "Bad"}, 2, 3, {"value": 4, "text": "Good"},
                                  {"value": "dontknow", "text": "Don't know"}, {"value": "refused", "text": "No answer"}]},
                  {"type": "text", "name": "t", "title": "T", "maxLength": 40, "visibleIf": "{q} anyof [1, 2, 4]"}
                ]}]}
                """;

        SurveyJsImport imported = SurveyJsImporter.withDefaults().withIdentity("x", "1").read(json);

        assertThat(imported.isLossless()).isTrue();
        RatingQuestion q = (RatingQuestion) imported.requireLossless().question("q").orElseThrow();
        assertThat(q.scale().specialCodes()).containsExactly(
                SpecialCode.of(5, SpecialStatus.DONT_KNOW, LocalizedText.of("en", "Don't know")),
                SpecialCode.of(6, SpecialStatus.REFUSED, LocalizedText.of("en", "No answer")));
        assertThat(q.scale().positiveThreshold()).isEqualTo(3); // floor((1 + 4) / 2) + 1
        assertThat(imported.instrument().question("t").orElseThrow().showIf()).contains(new Condition.Any(List.of(
                new Condition.Between("q", 1, 2), new Condition.Between("q", 4, 4))));
    }

    @Test
    void aGapInRateValuesAndAnUnsupportedOperatorAreReported() {
        String json = """
                {"title": "T", "pages": [{"name": "p", "elements": [
                  {"type": "rating", "name": "q", "rateValues": [1, 3, 5, "bad"]},
                  {"type": "comment", "name": "c", "visibleIf": "{q} != 3"},
                  {"type": "comment", "name": "d", "visibleIf": "{q} >= 4 and ("}
                ]}]}
                """;

        SurveyJsImport imported = SurveyJsImporter.withDefaults().withIdentity("x", "1").read(json);

        assertThat(imported.issues()).extracting(SurveyJsIssue::toString).containsExactly(
                "pages[0].elements[0].rateValues[3]: the text 'bad' is not an integer scale value; the item is left out",
                "pages[0].elements[0]: the values [2, 4] are missing between 1 and 5; the scale 1..5 accepts them",
                "pages[0].elements[1].visibleIf: negation '!=' at position 4 is not supported; the condition is left out and "
                        + "'c' is shown unconditionally",
                "pages[0].elements[2].visibleIf: the expression ends where a condition was expected; the condition is left out "
                        + "and 'd' is shown unconditionally");
    }

    @Test
    void withoutIdentityTheImportSaysHowToGiveIt() {
        assertThatThrownBy(() -> SurveyJsImporter.withDefaults().read("{\"pages\":[{\"elements\":[{\"type\":\"comment\",\"name\":\"c\"}]}]}"))
                .isInstanceOf(SurveyJsException.class)
                .hasMessageContaining("no CivicSurvey id and version; give them with withIdentity(id, version)");
    }

    @Test
    void malformedAndHostileInputGetsClearErrors() {
        SurveyJsImporter importer = SurveyJsImporter.withDefaults().withIdentity("x", "1");
        assertThatThrownBy(() -> importer.read("{\"pages\": [")).isInstanceOf(SurveyJsException.class)
                .hasMessageContaining("not valid JSON").hasMessageContaining("line 1");
        assertThatThrownBy(() -> importer.read("[1, 2]")).isInstanceOf(SurveyJsException.class)
                .hasMessageContaining("a survey must be a JSON object, not a list");
        assertThatThrownBy(() -> importer.read("{}")).isInstanceOf(SurveyJsException.class)
                .hasMessageContaining("the survey has no question that maps");
        assertThatThrownBy(() -> importer.read("{\"pages\": 5}")).isInstanceOf(SurveyJsException.class)
                .hasMessageContaining("pages: must be a list, not the number 5");
        assertThatThrownBy(() -> importer.read("[".repeat(5000) + "]".repeat(5000))).isInstanceOf(SurveyJsException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> importer.read("{\"a\": 1} trailing")).isInstanceOf(SurveyJsException.class);
        assertThatThrownBy(() -> importer.read((String) null)).isInstanceOf(NullPointerException.class);

        String hostile = """
                {"title": {"default": "T", "x y": "bad tag", "vi": 5},
                 "pages": [{"name": "p'; DROP TABLE responses; --", "elements": [
                   {"type": "radiogroup", "name": "\\u202equ\\u0000ote\\"", "choices": [{"value": "a\\nb"}, {"value": {"x": 1}}, "c", "c"]},
                   {"type": "rating", "name": "r", "rateMin": 1, "rateMax": 100000},
                   {"type": "text", "name": "n", "inputType": "number", "min": "abc", "max": 1e400}
                 ]}]}
                """;
        SurveyJsImport imported = importer.read(hostile);
        assertThat(imported.instrument().sections().get(0).id()).isEqualTo("p___DROP_TABLE_responses__--");
        assertThat(imported.issues()).extracting(SurveyJsIssue::toString).contains(
                "title['x y']: 'x y' is not a BCP-47 language tag; translation left out",
                "title.vi: a translation must be a text, not the number 5",
                "pages[0].elements[0].choices[1]: a choice needs a value; left out",
                "pages[0].elements[0].choices[3]: the value 'c' appears twice; the second is left out",
                "pages[0].elements[1]: the scale 1..100000 has more than 101 points; the element is left out",
                "pages[0].elements[2].min: the text 'abc' is not a number; the bound is left out");
        assertThat(imported.issues()).allSatisfy(i -> assertThat(i.toString()).doesNotContain("\n", "\u0000", "\u202e"));
        assertThat(imported.instrument().questions()).extracting(q -> q.id()).containsExactly("v_qu_ote_", "n");
    }

    @Test
    void anElementTheModelRejectsIsLeftOutWithTheModelsMessage() {
        String json = """
                {"title": "T", "pages": [{"name": "p", "elements": [
                  {"type": "comment", "name": "ok"},
                  {"type": "comment", "name": "tagged", "civicsurvey": {"tags": ["not an id"]}}
                ]}]}
                """;

        SurveyJsImport imported = SurveyJsImporter.withDefaults().withIdentity("x", "1").read(json);

        assertThat(imported.instrument().questions()).extracting(q -> q.id()).containsExactly("ok");
        assertThat(imported.issues()).hasSize(1);
        assertThat(imported.issues().get(0).path()).isEqualTo("pages[0].elements[1]");
        assertThat(imported.issues().get(0).message()).contains("'not an id' is not a valid id").endsWith("; the element is left out");
    }

    @Test
    void elementsThatAreNeverShownAreLeftOut() {
        String json = """
                {"title": "T", "pages": [
                  {"name": "p", "elements": [{"type": "comment", "name": "a"}, {"type": "comment", "name": "b", "visible": false},
                    {"type": "comment", "name": "e", "visible": false, "visibleIf": "{a} notempty"},
                    {"type": "panel", "name": "x", "visible": false, "elements": [{"type": "comment", "name": "c"}]}]},
                  {"name": "q", "visible": false, "elements": [{"type": "comment", "name": "d"}]}]}
                """;

        SurveyJsImport imported = SurveyJsImporter.withDefaults().withIdentity("x", "1").read(json);

        // e's "visible": false is only the state SurveyJS saved: its visibleIf decides
        assertThat(imported.instrument().questions()).extracting(q -> q.id()).containsExactly("a", "e");
        assertThat(imported.issues()).extracting(SurveyJsIssue::toString).containsExactly(
                "pages[0].elements[1].visible: the question is never shown (visible: false); the element is left out",
                "pages[0].elements[3].visible: the panel is never shown (visible: false); it is left out",
                "pages[1].visible: the page is never shown (visible: false); it is left out");
    }

    @Test
    void damagedMetadataIsReportedAndTheRestImports() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var survey = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                SurveyJsExporter.withDefaults().toJson(Fixtures.sample()));
        var meta = (com.fasterxml.jackson.databind.node.ObjectNode) survey.get("civicsurvey");
        meta.putArray("languages").add("vi").add(5).add("en");
        ((com.fasterxml.jackson.databind.node.ObjectNode) meta.get("dimensions").get(1)).put("weight", "heavy");
        var q1 = (com.fasterxml.jackson.databind.node.ObjectNode) survey.get("pages").get(0).get("elements").get(0).get("civicsurvey");
        q1.put("positiveThreshold", 99);
        q1.putObject("specialCodes").put("dont_know", 3).put("maybe", 4);
        q1.put("dimension", "nowhere");

        SurveyJsImport imported = SurveyJsImporter.withDefaults().read(mapper.writeValueAsString(survey));

        assertThat(imported.issues()).extracting(SurveyJsIssue::toString).containsExactly(
                "civicsurvey.languages[1]: the number 5 is not a language tag; ignored",
                "pages[0].elements[0].civicsurvey.specialCodes.maybe: is not dont_know, not_applicable or refused; ignored",
                "pages[0].elements[0].civicsurvey: the code 3 for don't know is unusable; another is assigned",
                "pages[0].elements[0].civicsurvey.positiveThreshold: positiveThreshold 99 is outside 1..5; the default 4 is used",
                "civicsurvey.dimensions[1].weight: must be a number, not the text 'heavy'; ignored",
                "pages[0].elements[0]: dimension 'nowhere' is not declared in the survey metadata; the item is left without dimension",
                "pages[0].elements[0]: the scale differs from the named scale 'sat5' in the survey metadata; the item keeps its own "
                        + "(unnamed) scale");
        RatingQuestion q = (RatingQuestion) imported.instrument().question("q1").orElseThrow();
        assertThat(q.dimension()).isEmpty();
        assertThat(q.scale().special(SpecialStatus.DONT_KNOW).orElseThrow().code()).isEqualTo(6);
        assertThat(imported.instrument().dimension("access").orElseThrow().weight()).isEmpty();
    }

    @Test
    void questionsAtTheTopLevelFormOnePage() {
        String json = """
                {"title": "T", "questions": [{"type": "comment", "name": "a", "title": "A"}]}
                """;

        Instrument i = SurveyJsImporter.withDefaults().withIdentity("x", "1").read(json).requireLossless();

        assertThat(i.sections()).hasSize(1);
        assertThat(i.sections().get(0).id()).isEqualTo("page1");
        assertThat(i.questions()).extracting(q -> q.id()).containsExactly("a");
    }

    @Test
    void theValueTextShorthandOfItems() {
        String json = """
                {"title": "T", "pages": [{"name": "p", "elements": [
                  {"type": "rating", "name": "r", "rateValues": ["1|Bad", 2, "3|Good"]},
                  {"type": "radiogroup", "name": "c", "choices": ["yes|Yes, sure", "no"]}
                ]}]}
                """;

        Instrument i = SurveyJsImporter.withDefaults().withIdentity("x", "1").read(json).requireLossless();

        assertThat(((RatingQuestion) i.question("r").orElseThrow()).scale().labels()).containsExactly(
                ScalePoint.of(1, LocalizedText.of("en", "Bad")), ScalePoint.of(3, LocalizedText.of("en", "Good")));
        assertThat(((ChoiceQuestion) i.question("c").orElseThrow()).options()).containsExactly(
                ChoiceOption.of("yes", LocalizedText.of("en", "Yes, sure")), ChoiceOption.of("no", LocalizedText.of("en", "no")));
    }

    @Test
    void readsFromAStreamAndLeavesItOpen() {
        byte[] json = "{\"pages\":[{\"elements\":[{\"type\":\"comment\",\"name\":\"c\",\"title\":\"Góp ý\"}]}]}"
                .getBytes(StandardCharsets.UTF_8);
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(json) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        SurveyJsImport imported = SurveyJsImporter.withDefaults().withIdentity("x", "1").read(in);

        assertThat(imported.instrument().question("c").orElseThrow().text()).isEqualTo(LocalizedText.of("en", "Góp ý"));
        assertThat(closed[0]).isFalse();
    }

    @Test
    void optionsAreCheckedEagerly() {
        assertThatThrownBy(() -> SurveyJsImporter.withDefaults().withIdentity("1x", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1x' is not a valid id");
        assertThatThrownBy(() -> SurveyJsImporter.withDefaults().withIdentity("x", "a b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 'a b'");
        assertThatThrownBy(() -> SurveyJsImporter.withDefaults().withDefaultLocale("not a tag"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not a tag'");
        assertThat(Optional.of(SurveyJsImporter.withDefaults().withDefaultLocale("VI"))).isPresent();
    }
}
