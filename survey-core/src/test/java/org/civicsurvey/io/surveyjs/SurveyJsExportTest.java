package org.civicsurvey.io.surveyjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.LocalizedText;
import org.civicsurvey.model.Section;

/** The shape of exported SurveyJS JSON, written out by hand from SurveyJS's documented JSON schema. */
class SurveyJsExportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode export(Instrument instrument, SurveyJsExporter exporter) throws Exception {
        return MAPPER.readTree(exporter.toJson(instrument));
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    private static JsonNode element(JsonNode survey, int page, int index) {
        return survey.path("pages").get(page).path("elements").get(index);
    }

    @Test
    void surveyLevel() throws Exception {
        JsonNode s = export(Fixtures.sample(), SurveyJsExporter.withDefaults());

        assertThat(s.path("title")).isEqualTo(json("{'default': 'Satisfaction with the handling of a case file', "
                + "'vi': 'Đánh giá mức độ hài lòng khi giải quyết hồ sơ'}"));
        assertThat(s.path("locale").asText()).isEqualTo("vi");
        JsonNode meta = s.path("civicsurvey");
        assertThat(meta.path("id").asText()).isEqualTo("portal-rating");
        assertThat(meta.path("version").asText()).isEqualTo("1.0");
        assertThat(meta.path("languages")).isEqualTo(json("['vi', 'en']"));
        assertThat(meta.path("defaultLocale").asText()).isEqualTo("en");
        assertThat(meta.path("dimensions").get(2)).isEqualTo(json(
                "{'id': 'staff', 'level': 'element', 'parent': 'services', 'name': {'en': 'Civil servants', 'vi': 'Công chức'}, 'weight': 2}"));
        assertThat(s.path("pages")).hasSize(1);
        assertThat(s.path("pages").get(0).path("name").asText()).isEqualTo("rating");
        assertThat(s.path("pages").get(0).path("title")).isEqualTo(json("{'default': 'Rating', 'vi': 'Đánh giá'}"));
    }

    @Test
    void ratingWithLabelsAndSpecialAnswers() throws Exception {
        JsonNode q1 = element(export(Fixtures.sample(), SurveyJsExporter.withDefaults()), 0, 0);

        assertThat(q1).isEqualTo(json("""
                {'type': 'rating', 'name': 'q1',
                 'title': {'default': 'Information on the procedure was easy to find', 'vi': 'Dễ dàng tìm thông tin về thủ tục'},
                 'isRequired': true,
                 'rateValues': [
                   {'value': 1, 'text': {'default': 'Very dissatisfied', 'vi': 'Rất không hài lòng'}},
                   {'value': 2, 'text': {'default': 'Dissatisfied', 'vi': 'Không hài lòng'}},
                   {'value': 3, 'text': {'default': 'Neutral', 'vi': 'Bình thường'}},
                   {'value': 4, 'text': {'default': 'Satisfied', 'vi': 'Hài lòng'}},
                   {'value': 5, 'text': {'default': 'Very satisfied', 'vi': 'Rất hài lòng'}},
                   {'value': 'dontknow', 'text': {'default': "Don't know", 'vi': 'Không biết'}},
                   {'value': 'none', 'text': {'default': 'Not applicable', 'vi': 'Không áp dụng'}}],
                 'civicsurvey': {'dimension': 'access', 'scale': 'sat5', 'positiveThreshold': 4,
                                 'specialCodes': {'dont_know': 9, 'not_applicable': 8}}}
                """.replace("\"Don't know\"", "'Don\\u0027t know'")));
    }

    @Test
    void choicesNumbersTextsNpsAndConditions() throws Exception {
        JsonNode s = export(Fixtures.sample(), SurveyJsExporter.withDefaults());

        assertThat(element(s, 0, 3).path("type").asText()).isEqualTo("radiogroup");
        assertThat(element(s, 0, 3).path("choices").get(0)).isEqualTo(json(
                "{'value': 'yes', 'text': {'default': 'Yes', 'vi': 'Có'}, 'civicsurvey': {'score': 0}}"));
        assertThat(element(s, 0, 4)).isEqualTo(json("""
                {'type': 'text', 'name': 'q5', 'title': {'default': 'How many times?', 'vi': 'Số lần phải bổ sung'},
                 'isRequired': true, 'visibleIf': "{q4} = 'yes'", 'inputType': 'number', 'min': 1, 'max': 20, 'step': 1,
                 'civicsurvey': {'integer': true}}
                """.replace("\"{q4} = 'yes'\"", "'{q4} = \\u0027yes\\u0027'")));
        JsonNode q6 = element(s, 0, 5);
        assertThat(q6.path("type").asText()).isEqualTo("checkbox");
        assertThat(q6.path("choices")).hasSize(2);
        assertThat(q6.path("showOtherItem").asBoolean()).isTrue();
        assertThat(q6.path("otherText")).isEqualTo(json("{'default': 'Other', 'vi': 'Khác'}"));
        assertThat(q6.path("civicsurvey")).isEqualTo(json("{'other': {'code': 'other', 'index': 2}, 'tags': ['drivers', 'went-well']}"));
        JsonNode q7 = element(s, 0, 6);
        assertThat(q7.path("type").asText()).isEqualTo("rating");
        assertThat(q7.path("rateMin").asInt()).isZero();
        assertThat(q7.path("rateMax").asInt()).isEqualTo(10);
        assertThat(q7.path("civicsurvey")).isEqualTo(json("{'kind': 'nps', 'positiveThreshold': 9}"));
        JsonNode q8 = element(s, 0, 7);
        assertThat(q8.path("type").asText()).isEqualTo("comment");
        assertThat(q8.path("maxLength").asInt()).isEqualTo(500);
        assertThat(q8.path("description")).isEqualTo(json("{'default': 'Please do not write personal data.', "
                + "'vi': 'Không ghi thông tin cá nhân.'}"));
        assertThat(q8.path("visibleIf").asText()).isEqualTo("{q2} <= 2 or {q3} <= 2");
    }

    @Test
    void conditionsOfTheFullFixture() throws Exception {
        JsonNode s = export(Fixtures.full(), SurveyJsExporter.withDefaults());
        JsonNode staff = s.path("pages").get(1).path("elements");

        assertThat(staff.get(3).path("visibleIf").asText()).isEqualTo("{contact} anyof ['in-person', 'other']");
        assertThat(staff.get(4).path("visibleIf").asText()).isEqualTo("{contact} = 'in-person' and ({visits} >= 2 and {visits} <= 5)");
        assertThat(staff.get(4).has("max")).isFalse();
        assertThat(staff.get(6).path("visibleIf").asText()).isEqualTo("{s1} <= 2 or ({well} anyof ['ease'] and {s2} >= 4)");
        assertThat(staff.get(7).path("visibleIf").asText()).isEqualTo("{a5} notempty");
        assertThat(staff.get(8).path("visibleIf").asText()).isEqualTo("{nps} empty");
        // the "other" option (code khac) keeps its place and score in the metadata
        assertThat(staff.get(2).path("civicsurvey")).isEqualTo(json("{'other': {'code': 'khac', 'index': 1, 'score': 0}}"));
        // a scale labelled only at its ends uses rateMin/rateMax and the descriptions
        JsonNode a5 = s.path("pages").get(0).path("elements").get(4);
        assertThat(a5.path("rateMin").asInt()).isEqualTo(1);
        assertThat(a5.path("rateMax").asInt()).isEqualTo(10);
        assertThat(a5.path("minRateDescription")).isEqualTo(json("{'default': 'Poor', 'vi': 'Tệ'}"));
        assertThat(a5.has("rateValues")).isFalse();
    }

    @Test
    void matrixLayoutGroupsRatingItemsSharingAScale() throws Exception {
        JsonNode s = export(Fixtures.full(), SurveyJsExporter.withDefaults().withRatingLayout(SurveyJsExporter.RatingLayout.MATRIX));
        JsonNode access = s.path("pages").get(0).path("elements");

        // a1..a3 share sat5 and are required; a4 has help text; a5 has another scale
        assertThat(access).hasSize(3);
        JsonNode m = access.get(0);
        assertThat(m.path("type").asText()).isEqualTo("matrix");
        assertThat(m.path("name").asText()).isEqualTo("a1-matrix");
        assertThat(m.path("isRequired").asBoolean()).isTrue();
        assertThat(m.path("eachRowRequired").asBoolean()).isTrue();
        assertThat(m.path("rows").get(0)).isEqualTo(json(
                "{'value': 'a1', 'text': {'default': 'Waiting area', 'vi': 'Nơi ngồi chờ'}, 'civicsurvey': {'dimension': 'access', 'tags': ['sipas']}}"));
        assertThat(m.path("columns")).hasSize(8);
        assertThat(m.path("columns").get(7).path("value").asText()).isEqualTo("refused");
        assertThat(access.get(1).path("name").asText()).isEqualTo("a4");
        // s1, s2 (not required, sat5) form the staff page's matrix; why-slow refers to its rows
        JsonNode staff = s.path("pages").get(1).path("elements");
        assertThat(staff.get(0).path("name").asText()).isEqualTo("s1-matrix");
        assertThat(staff.get(0).has("isRequired")).isFalse();
        assertThat(staff.get(5).path("visibleIf").asText())
                .isEqualTo("{s1-matrix.s1} <= 2 or ({well} anyof ['ease'] and {s1-matrix.s2} >= 4)");
    }

    @Test
    void panelsLayoutAndNoMetadata() throws Exception {
        JsonNode s = export(Fixtures.full(), SurveyJsExporter.withDefaults().withSectionLayout(SurveyJsExporter.SectionLayout.PANELS)
                .withMetadata(false));

        assertThat(s.path("pages")).hasSize(1);
        JsonNode panels = s.path("pages").get(0).path("elements");
        assertThat(panels).hasSize(2);
        assertThat(panels.get(0).path("type").asText()).isEqualTo("panel");
        assertThat(panels.get(0).path("name").asText()).isEqualTo("access-section");
        assertThat(panels.get(0).path("description")).isEqualTo(json("{'default': 'About the reception', 'vi': 'Về nơi tiếp nhận'}"));
        assertThat(s.toString()).doesNotContain("civicsurvey");
    }

    @Test
    void vietnameseOnlyInstrumentFillsTheDefaultKey() throws Exception {
        JsonNode s = export(Fixtures.vietnameseOnly(), SurveyJsExporter.withDefaults());

        assertThat(s.path("title")).isEqualTo(json("{'default': 'Phiếu tiếng Việt', 'vi': 'Phiếu tiếng Việt'}"));
        assertThat(s.path("locale").asText()).isEqualTo("vi");
        JsonNode rating = element(s, 0, 0);
        assertThat(rating.path("rateValues").get(0)).isEqualTo(json("{'value': 1, 'text': {'default': '1', 'vi': '1'}}"));
        assertThat(rating.path("rateValues").get(1)).isEqualTo(json("2"));
    }

    @Test
    void englishEqualToAnotherLanguageIsWrittenExplicitly() throws Exception {
        Instrument i = Instrument.builder("same", "1").languages("en", "vi")
                .title(LocalizedText.of("en", "SIPAS", "vi", "SIPAS"))
                .section(Section.of("s", LocalizedText.of("en", "Part", "vi", "Phần"), List.of(ChoiceQuestion.single("q",
                        LocalizedText.of("en", "Q", "vi", "Câu hỏi"), List.of(ChoiceOption.of("a", LocalizedText.of("en", "A", "vi", "A")))))))
                .build();

        JsonNode s = export(i, SurveyJsExporter.withDefaults());

        assertThat(s.path("title")).isEqualTo(json("{'default': 'SIPAS', 'en': 'SIPAS', 'vi': 'SIPAS'}"));
        assertThat(s.has("locale")).isFalse();
        assertThat(SurveyJsImporter.withDefaults().read(s.toString()).requireLossless()).isEqualTo(i);
    }

    @Test
    void anotherDefaultLocale() throws Exception {
        JsonNode s = export(Fixtures.sample(), SurveyJsExporter.withDefaults().withDefaultLocale("vi"));

        assertThat(s.path("title")).isEqualTo(json("{'default': 'Đánh giá mức độ hài lòng khi giải quyết hồ sơ', "
                + "'en': 'Satisfaction with the handling of a case file'}"));
        assertThat(s.has("locale")).isFalse();
        assertThat(SurveyJsImporter.withDefaults().read(s.toString()).requireLossless()).isEqualTo(Fixtures.sample());
        assertThatThrownBy(() -> SurveyJsExporter.withDefaults().withDefaultLocale("??"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'??'");
    }

    @Test
    void writesToAStreamWithoutClosingIt() throws Exception {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        SurveyJsExporter.withDefaults().write(Fixtures.sample(), out);

        assertThat(closed[0]).isFalse();
        assertThat(MAPPER.readTree(out.toString(StandardCharsets.UTF_8)))
                .isEqualTo(MAPPER.readTree(SurveyJsExporter.withDefaults().toJson(Fixtures.sample())));
    }

    @Test
    void anOrdinaryOptionCodedOtherBesideTheOtherOptionIsRefused() {
        ChoiceQuestion q = ChoiceQuestion.single("q", LocalizedText.of("en", "Q"), List.of(
                ChoiceOption.of("other", LocalizedText.of("en", "Other things")),
                ChoiceOption.other("free", LocalizedText.of("en", "Something else"))));
        Instrument i = Instrument.builder("clash", "1").languages("en").title(LocalizedText.of("en", "T"))
                .section(Section.of("s", LocalizedText.of("en", "S"), List.of(q))).build();

        assertThatThrownBy(() -> SurveyJsExporter.withDefaults().toJson(i)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("question q has an ordinary option coded 'other'");
    }
}
