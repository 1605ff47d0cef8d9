package org.civicsurvey.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ModelTest {
    static final LocalizedText T = LocalizedText.of("vi", "Câu hỏi", "en", "Question");

    static Scale sat5() {
        return Scale.of(1, 5, List.of(ScalePoint.of(1, LocalizedText.of("vi", "Rất không hài lòng", "en", "Very dissatisfied"))),
                4, List.of(SpecialCode.of(9, SpecialStatus.DONT_KNOW, LocalizedText.of("vi", "Không biết", "en", "Don't know"))));
    }

    @Test
    void aQuestionsScaleIsOneCallAway() {
        Instrument sipas = org.civicsurvey.instruments.StandardInstruments.sipas2017();
        RatingQuestion first = sipas.ratingItems().get(0);
        assertThat(sipas.scaleOf(first.id())).isEqualTo(first.scale());
        assertThat(sipas.scaleOf(first.id()).positiveThreshold()).isEqualTo(4);
        assertThatThrownBy(() -> sipas.scaleOf("nope")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("has no question nope");
        Question choice = sipas.questions().stream().filter(q -> q.answerScale().isEmpty()).findFirst().orElseThrow();
        assertThatThrownBy(() -> sipas.scaleOf(choice.id())).hasMessageContaining("question " + choice.id())
            .hasMessageContaining("has no answer scale");
    }

    @Test
    void badSurveyDataIsReportedUnderOneRootException() {
        assertThatThrownBy(() -> org.civicsurvey.io.json.InstrumentJson.read("{\"id\": "))
            .isInstanceOf(CivicSurveyException.class).isInstanceOf(org.civicsurvey.io.json.InvalidJsonException.class);
        Instrument sipas = org.civicsurvey.instruments.StandardInstruments.sipas2017();
        RatingQuestion first = sipas.ratingItems().get(0);
        org.civicsurvey.response.Response bad = org.civicsurvey.response.Response.builder("r1", sipas.id(), sipas.version())
            .answer(first.id(), 9).build();
        assertThatThrownBy(() -> org.civicsurvey.validation.ResponseValidator.create().requireValid(sipas, bad))
            .isInstanceOf(CivicSurveyException.class)
            .hasMessageContaining("answers." + first.id() + ": 9 is outside");
    }

    @Test
    void everyReportedProblemHasAPathAndAMessage() {
        org.civicsurvey.io.json.InvalidJsonException json = org.assertj.core.api.Assertions.catchThrowableOfType(
            org.civicsurvey.io.json.InvalidJsonException.class,
            () -> org.civicsurvey.io.json.InstrumentJson.read("{\"id\": \"a b\", \"version\": \"1\"}"));
        List<Problem> problems = new java.util.ArrayList<>(json.problems());
        problems.add(new org.civicsurvey.io.csv.RowError(12, "q3", org.civicsurvey.io.csv.RejectReason.INVALID_ANSWER, "6 is outside the scale 1..5"));
        problems.add(new ModelViolation("sections[0]", "has no questions"));
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).isNotBlank());
        assertThat(problems.get(problems.size() - 2).path()).isEqualTo("row 12, column q3");
        assertThat(problems.get(problems.size() - 2)).hasToString("row 12, column q3: 6 is outside the scale 1..5");
        assertThat(json.problems()).extracting(Problem::path).contains("languages", "title", "sections");
        // content problems come from well-formed JSON; syntax errors and duplicate properties do not (400 vs 422)
        assertThat(json.isWellFormed()).isTrue();
        for (String unreadable : List.of("{\"id\": ", "{\"id\": \"a\", \"id\": \"b\"}", "[1, 2,]")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(org.civicsurvey.io.json.InvalidJsonException.class,
                () -> org.civicsurvey.io.json.ResponseJson.read(unreadable)).isWellFormed()).as(unreadable).isFalse();
        }
    }

    @Test
    void idsFollowOneStrictPattern() {
        assertThat(Ids.isValid("q1")).isTrue();
        assertThat(Ids.isValid("access.1-b_c")).isTrue();
        assertThat(Ids.isValid("a".repeat(64))).isTrue();
        assertThat(Ids.isValid("a".repeat(65))).isFalse();
        assertThat(Ids.isValid("1q")).isFalse();
        assertThat(Ids.isValid("q 1")).isFalse();
        assertThat(Ids.isValid("câu1")).isFalse();
        assertThat(Ids.isValid("")).isFalse();
        assertThat(Ids.problem("x'; DROP TABLE x;--"))
                .isEqualTo("'x\\'; DROP TABLE x;--' is not a valid id (a letter, then up to 63 letters, digits, '_', '.' or '-')");
        assertThat(Ids.quote("a\u202Eb\u0000c\nd")).isEqualTo("'a\\u202Eb\\u0000c\\u000Ad'");
        assertThat(Ids.quote("x".repeat(100))).isEqualTo("'" + "x".repeat(40) + "...(100 chars)'");
    }

    @Test
    void localizedTextFallsBackByTheDocumentedRule() {
        LocalizedText t = LocalizedText.of(Map.of("vi", "Xin chào", "en", "Hello", "en-GB", "Hello, mate", "zh-Hant", "你好"));
        assertThat(t.resolve("en-GB", "vi")).isEqualTo("Hello, mate");          // 1 exact
        assertThat(t.resolve("en-US", "vi")).isEqualTo("Hello");                // 2 truncated
        assertThat(t.resolve("vi-VN", "en")).isEqualTo("Xin chào");
        assertThat(t.resolve("zh-Hant-TW", "vi")).isEqualTo("你好");
        assertThat(t.resolve("fr", "vi")).isEqualTo("Xin chào");                // 3 fallback language
        assertThat(t.resolve("fr", "de")).isEqualTo("Hello");                   // 4 first tag in order: en
        assertThat(t.resolve(java.util.Locale.forLanguageTag("en-AU"))).isEqualTo("Hello");
        assertThat(LocalizedText.empty().resolve("vi", "en")).isEmpty();
        assertThat(LocalizedText.of("EN-gb", "x").values()).containsOnlyKeys("en-GB");
        assertThat(t.exact("en-US")).isEmpty();
        assertThatThrownBy(() -> LocalizedText.of("not a tag!", "x"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("not a tag!: 'not a tag!' is not a well-formed BCP-47 language tag");
        assertThatThrownBy(() -> LocalizedText.of("vi", " ")).hasMessage("vi: text is blank");
        assertThatThrownBy(() -> LocalizedText.of(Map.of("en", "a", "EN", "b"))).hasMessageContaining("language tag en appears twice");
    }

    @Test
    void scaleRulesNameTheFieldAndRange() {
        assertThatThrownBy(() -> Scale.of(1, 5, List.of(), 6, List.of()))
                .hasMessage("positiveThreshold: positiveThreshold 6 is outside the scale 1..5");
        assertThatThrownBy(() -> Scale.of(1, 5, List.of(), 4,
                List.of(SpecialCode.of(3, SpecialStatus.NOT_APPLICABLE, T), SpecialCode.of(9, SpecialStatus.NOT_APPLICABLE, T))))
                .isInstanceOfSatisfying(InvalidModelException.class, e -> assertThat(e.violations()).extracting(Object::toString)
                        .containsExactly(
                                "specialCodes[0].code: special code 3 for not applicable collides with the scale value 3 (scale 1..5)",
                                "specialCodes[1].status: status not_applicable has two codes"));
        assertThatThrownBy(() -> Scale.of(5, 5, List.of(), 5, List.of())).hasMessage("max: max 5 must be greater than min 5");
        assertThatThrownBy(() -> Scale.of(0, 200, List.of(), 5, List.of())).hasMessage("max: the scale 0..200 has more than 101 points");
        assertThatThrownBy(() -> Scale.of(1, 5, List.of(ScalePoint.of(0, T), ScalePoint.of(2, T), ScalePoint.of(2, T)), 4, List.of()))
                .hasMessage("2 problems:\n  labels[0].value: label value 0 is outside the scale 1..5\n"
                        + "  labels[2].value: value 2 is labelled twice");
        Scale s = sat5();
        assertThat(s.isPositive(4)).isTrue();
        assertThat(s.isPositive(3)).isFalse();
        assertThat(s.contains(9)).isFalse();
        assertThat(s.special(9)).map(SpecialCode::status).contains(SpecialStatus.DONT_KNOW);
        assertThat(s.special(SpecialStatus.REFUSED)).isEmpty();
        assertThat(s.size()).isEqualTo(5);
    }

    @Test
    void instrumentReportsEveryCrossReferenceProblem() {
        Scale named = sat5().withId("sat5");
        ChoiceQuestion yesNo = ChoiceQuestion.single("q0", T, List.of(ChoiceOption.of("yes", T), ChoiceOption.of("no", T)));
        RatingQuestion q1 = RatingQuestion.of("q1", T, named, "nowhere").withShowIf(Condition.chosen("q0", "maybe"));
        RatingQuestion q2 = RatingQuestion.of("q2", LocalizedText.of("vi", "Chỉ tiếng Việt"), sat5().withId("other"), null)
                .withShowIf(Condition.all(new Condition.Between("q3", 1, 2), Condition.chosen("q1", "a")));
        TextQuestion q3 = TextQuestion.of("q3", T, 100);
        TextQuestion q4 = TextQuestion.of("q1", T, 100);
        assertThatThrownBy(() -> Instrument.builder("demo", "1").languages("vi", "en").title(T)
                .dimension(Dimension.of("e1", DimensionLevel.ELEMENT, T))
                .dimension(Dimension.of("c1", DimensionLevel.CRITERION, "e9", T))
                .dimension(Dimension.of("a1", DimensionLevel.ASPECT, T))
                .dimension(Dimension.of("e2", DimensionLevel.ELEMENT, "c1", T))
                .dimension(Dimension.of("e1", DimensionLevel.ELEMENT, T))
                .scale(named)
                .section(Section.of("s1", T, List.of(yesNo, q1, q2, q3, q4)))
                .build())
                .isInstanceOfSatisfying(InvalidModelException.class, e -> assertThat(e.violations()).extracting(Object::toString)
                        .containsExactly(
                                "dimensions[4].id: duplicate dimension id 'e1'",
                                "dimensions[1].parent: parent 'e9' of dimension 'c1' is not a dimension of this instrument",
                                "dimensions[3].parent: the parent of element 'e2' is criterion 'c1'; a parent must be of a broader level",
                                "sections[0].questions[1].dimension: dimension 'nowhere' of question 'q1' is not a dimension of this instrument",
                                "sections[0].questions[1].showIf.in[0]: question 'q0' has no option 'maybe'",
                                "sections[0].questions[2].text: text lacks the language en listed in the instrument's languages",
                                "sections[0].questions[2].scale: scale 'other' is not one of the instrument's scales",
                                "sections[0].questions[2].showIf.all[0].question: condition refers to question 'q3', which does not come earlier",
                                "sections[0].questions[2].showIf.all[1].question: an option condition needs a choice question, but 'q1' is a rating question",
                                "sections[0].questions[4].id: duplicate question id 'q1'"));
    }

    @Test
    void questionValuesValidateThemselves() {
        assertThatThrownBy(() -> TextQuestion.of("t", T, 0)).hasMessage("maxLength: maxLength 0 is outside 1..10000");
        assertThatThrownBy(() -> NumberQuestion.of("n", T, 5, 1, true)).hasMessage("max: max 1.0 is below min 5.0");
        assertThatThrownBy(() -> ChoiceQuestion.single("c", T, List.of(ChoiceOption.of("a", T), ChoiceOption.of("a", T))))
                .hasMessage("options[1].code: duplicate option code 'a'");
        assertThatThrownBy(() -> ChoiceQuestion.multiple("c", T, List.of(ChoiceOption.other("a", T), ChoiceOption.other("b", T))))
                .hasMessage("options[1].other: only one option may be the \"other\" option");
        assertThatThrownBy(() -> new ChoiceOption("a", T, OptionalDouble.of(Double.NaN), false)).hasMessage("score: score NaN is not a finite number");
        assertThatThrownBy(() -> new NpsQuestion("n", T, LocalizedText.empty(), false, Optional.empty(), List.of(), sat5()))
                .hasMessage("2 problems:\n  scale: an NPS scale is 0..10, not 1..5\n"
                        + "  scale.positiveThreshold: an NPS scale's positiveThreshold is 9 (promoters), not 4");
        assertThatThrownBy(() -> RatingQuestion.of("q", T, sat5(), null).withShowIf(Condition.chosen("q", "a")))
                .hasMessage("showIf: the condition of question 'q' refers to the question itself");
        assertThatThrownBy(() -> RatingQuestion.of("q", T, sat5(), null).withTags("a", "a"))
                .hasMessage("tags[1]: tag 'a' appears twice");
        assertThatThrownBy(() -> new Dimension("d", DimensionLevel.ELEMENT, Optional.empty(), T, OptionalDouble.of(0)))
                .hasMessage("weight: weight 0.0 is not a positive finite number");
        assertThatThrownBy(() -> new Condition.Between("q", 3, 1)).hasMessage("atMost: atMost 1.0 is below atLeast 3.0");
        assertThatThrownBy(() -> new Condition.Between("q", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY))
                .hasMessage("a numeric condition needs atLeast or atMost");
        Condition deep = Condition.chosen("q", "a");
        for (int i = 0; i < Condition.MAX_DEPTH; i++) {
            deep = Condition.all(deep);
        }
        Condition tooDeep = deep;
        assertThat(deep).isNotNull();
        assertThatThrownBy(() -> Condition.any(tooDeep)).hasMessage("conditions are nested deeper than 8 levels");
        assertThatThrownBy(() -> MethodReference.of("SIPAS", " ", true)).hasMessage("source: source is blank");
        assertThatThrownBy(() -> new MethodReference("SIPAS", "x", Optional.of("javascript:alert(1)"), false, LocalizedText.empty()))
                .hasMessage("url: 'javascript:alert(1)' is not an absolute http or https address");
        assertThatThrownBy(() -> Instrument.builder("x", "1 0").languages("vi", "vi", "EN").title(T)
                .section(Section.of("s", T, List.of(TextQuestion.of("t", T, 5)))).build())
                .hasMessage("3 problems:\n  version: '1 0' is not a valid version ([A-Za-z0-9][A-Za-z0-9_.-]{0,31})\n"
                        + "  languages[1]: language vi is listed twice\n"
                        + "  languages[2]: write the tag 'EN' in canonical form 'en'");
    }

    @Test
    void conditionsEvaluateOverFacts() {
        Condition.Facts facts = new Condition.Facts() {
            @Override
            public boolean answered(String q) {
                return q.equals("q1") || q.equals("q2");
            }

            @Override
            public java.util.Set<String> chosen(String q) {
                return q.equals("q1") ? java.util.Set.of("b") : java.util.Set.of();
            }

            @Override
            public java.util.OptionalDouble number(String q) {
                return q.equals("q2") ? java.util.OptionalDouble.of(2) : java.util.OptionalDouble.empty();
            }
        };
        assertThat(Condition.chosen("q1", "b").test(facts)).isTrue();
        assertThat(new Condition.Chosen("q1", List.of("a", "c")).test(facts)).isFalse();
        assertThat(new Condition.Between("q2", Double.NEGATIVE_INFINITY, 2).test(facts)).isTrue();
        assertThat(new Condition.Between("q2", 2.5, Double.POSITIVE_INFINITY).test(facts)).isFalse();
        assertThat(new Condition.Between("q3", Double.NEGATIVE_INFINITY, 2).test(facts)).isFalse();
        assertThat(new Condition.Answered("q3", false).test(facts)).isTrue();
        assertThat(Condition.any(Condition.chosen("q1", "a"), new Condition.Answered("q2", true)).test(facts)).isTrue();
        assertThat(Condition.all(Condition.chosen("q1", "a"), new Condition.Answered("q2", true)).test(facts)).isFalse();
        assertThat(Condition.all(Condition.chosen("q1", "a"), new Condition.Answered("q2", true)).questionIds())
                .containsExactly("q1", "q2");
    }
}
