package org.civicsurvey.instruments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Condition;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.DimensionLevel;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.MethodReference;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.ScalePoint;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.model.TextQuestion;
import org.civicsurvey.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The standard instruments: they load, carry their sources, have the structure the methods
 * require (expected counts and wording from the project's METHODS.md notes, i.e. the decisions and
 * circulars it cites) and round-trip through JSON.
 */
class StandardInstrumentsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static List<String> ids() {
        return StandardInstruments.ids();
    }

    @Test
    void thereAreSevenInstrumentsInTheDocumentedOrder() {
        assertThat(StandardInstruments.ids())
                .containsExactly("sipas2017", "sipas2022", "a11v1", "a11v2", "sdg1662", "acsi", "cmt");
        assertThat(StandardInstruments.all()).extracting(Instrument::id).containsExactlyElementsOf(StandardInstruments.ids());
        assertThat(List.of(StandardInstruments.sipas2017(), StandardInstruments.sipas2022(), StandardInstruments.a11v1(),
                StandardInstruments.a11v2(), StandardInstruments.sdg1662(), StandardInstruments.acsi(), StandardInstruments.cmt()))
                .containsExactlyElementsOf(StandardInstruments.all());
    }

    @Test
    void eachResourceIsReadOnceAndShared() {
        assertThat(StandardInstruments.sipas2017()).isSameAs(StandardInstruments.sipas2017());
        assertThat(StandardInstruments.byId("cmt")).containsSame(StandardInstruments.cmt());
    }

    @Test
    void unknownIdsFindNothing() {
        assertThat(StandardInstruments.byId("SIPAS2017")).isEmpty();
        assertThat(StandardInstruments.byId("sipas2017.json")).isEmpty();
        assertThat(StandardInstruments.byId("../json/instrument")).isEmpty();
        assertThat(StandardInstruments.byId("")).isEmpty();
        assertThat(StandardInstruments.byId(null)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void everyInstrumentIsBilingualAndCitesItsSourceAsAdapted(String id) {
        Instrument in = StandardInstruments.byId(id).orElseThrow();
        assertThat(in.id()).isEqualTo(id);
        assertThat(in.version()).isEqualTo("1.0");
        assertThat(in.languages()).containsExactlyInAnyOrder("vi", "en");
        MethodReference m = in.method().orElseThrow();
        assertThat(m.adapted()).as("wording is [check] in METHODS.md or translated: must say adapted").isTrue();
        assertThat(m.notes().exact("vi")).isPresent();
        assertThat(m.notes().exact("en")).isPresent();
        // every text has both languages: the Instrument constructor enforces it for the listed languages
        for (Question q : in.questions()) {
            assertThat(q.text().exact("vi")).as(id + "." + q.id()).isPresent();
            assertThat(q.text().exact("en")).as(id + "." + q.id()).isPresent();
        }
    }

    @Test
    void sourcesNameTheDecisionsAndCirculars() {
        assertThat(source("sipas2017")).contains("2640/QĐ-BNV", "10 October 2017");
        assertThat(source("sipas2022")).contains("1001/QĐ-BNV", "11 December 2023");
        assertThat(source("a11v1")).contains("A-11", "Section 280");
        assertThat(source("a11v2")).contains("A-11", "Section 280", "FY2024");
        assertThat(source("sdg1662")).contains("16.6.2");
        assertThat(source("acsi")).contains("American Customer Satisfaction Index");
        assertThat(source("cmt")).contains("Common Measurements Tool");
        assertThat(StandardInstruments.sipas2017().defaultLanguage()).isEqualTo("vi");
        assertThat(StandardInstruments.a11v1().defaultLanguage()).isEqualTo("en");
    }

    @ParameterizedTest
    @MethodSource("ids")
    void roundTripsThroughJson(String id) throws IOException {
        Instrument in = StandardInstruments.byId(id).orElseThrow();
        String written = InstrumentJson.write(in);
        assertThat(InstrumentJson.read(written)).isEqualTo(in);
        // the resource holds exactly what the writer writes (no default-valued or ignored properties)
        assertThat(MAPPER.readTree(written)).isEqualTo(resourceTree(id));
    }

    @Test
    void textsResolveForRegionalTagsAndFallBackToTheDefaultLanguage() {
        Instrument sipas = StandardInstruments.sipas2017();
        Question tc1 = sipas.question("tc1").orElseThrow();
        assertThat(sipas.localize(tc1.text(), "vi-VN")).isEqualTo("Nơi ngồi chờ có đủ chỗ ngồi");
        assertThat(sipas.localize(tc1.text(), "en-US")).isEqualTo("The waiting area has enough seats");
        assertThat(sipas.localize(tc1.text(), "fr")).as("default language vi").isEqualTo("Nơi ngồi chờ có đủ chỗ ngồi");
        Instrument a11 = StandardInstruments.a11v1();
        assertThat(a11.localize(a11.question("ease").orElseThrow().text(), "fr"))
                .as("default language en").isEqualTo("It was easy to complete what I needed to do.");
    }

    // ---------------------------------------------------------------- SIPAS 2017-2020

    @Test
    void sipas2017HasFiveElementsAndTwentyTwoCriteria() {
        Instrument in = StandardInstruments.sipas2017();
        assertThat(in.rootDimensions()).extracting(Dimension::id)
                .containsExactly("access", "procedures", "civil_servants", "results", "feedback");
        assertThat(in.dimensions()).allMatch(d -> d.level() == DimensionLevel.ELEMENT);
        assertThat(counts(in, in.rootDimensions())).containsExactly(4, 5, 6, 3, 4);
        assertThat(in.ratingItems()).hasSize(22).allMatch(r -> r.scale().id().orElseThrow().equals("satisfaction5"));
        assertThat(in.ratingItems()).extracting(RatingQuestion::id).containsExactly(
                "tc1", "tc2", "tc3", "tc4", "tt1", "tt2", "tt3", "tt4", "tt5",
                "cc1", "cc2", "cc3", "cc4", "cc5", "cc6", "kq1", "kq2", "kq3", "pa1", "pa2", "pa3", "pa4");
        // element names and criterion wording as listed in METHODS.md (Decision 2640/QĐ-BNV);
        // "TTHC" is spelt out as "Thủ tục hành chính"
        assertThat(in.rootDimensions()).extracting(d -> d.name().exact("vi").orElseThrow()).containsExactly(
                "Tiếp cận dịch vụ", "Thủ tục hành chính", "Công chức trực tiếp giải quyết công việc",
                "Kết quả cung ứng dịch vụ", "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị");
        assertThat(in.ratingItems()).extracting(r -> r.text().exact("vi").orElseThrow()).containsExactly(
                "Nơi ngồi chờ có đủ chỗ ngồi", "Trang thiết bị phục vụ đầy đủ", "Trang thiết bị hiện đại",
                "Trang thiết bị dễ sử dụng",
                "Thủ tục hành chính được niêm yết công khai đầy đủ", "Thủ tục hành chính được niêm yết công khai chính xác",
                "Thành phần hồ sơ phải nộp đúng quy định", "Phí/lệ phí phải nộp đúng quy định",
                "Thời hạn giải quyết đúng quy định",
                "Thái độ giao tiếp lịch sự", "Chú ý lắng nghe ý kiến", "Trả lời, giải thích đầy đủ",
                "Hướng dẫn kê khai hồ sơ tận tình, chu đáo", "Hướng dẫn dễ hiểu",
                "Tuân thủ đúng quy định trong giải quyết công việc",
                "Kết quả đúng quy định", "Kết quả có thông tin đầy đủ", "Kết quả có thông tin chính xác",
                "Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị",
                "Người dân dễ dàng thực hiện góp ý, phản ánh, kiến nghị",
                "Cơ quan tiếp nhận và xử lý tích cực các góp ý, phản ánh, kiến nghị",
                "Cơ quan thông báo kịp thời kết quả xử lý góp ý, phản ánh, kiến nghị");
        assertThat(in.ratingItems()).allMatch(Question::required);
        assertThat(showIfOf(in, "pa3")).isEqualTo(Condition.chosen("pa_used", "yes"));
        assertThat(showIfOf(in, "pa4")).isEqualTo(Condition.chosen("pa_used", "yes"));
        assertThat(in.question("pa1").orElseThrow().showIf()).isEmpty();
    }

    @Test
    void sipasScaleIsTheOfficialFivePointScaleWithCodesOutsideIt() {
        for (Instrument in : List.of(StandardInstruments.sipas2017(), StandardInstruments.sipas2022())) {
            Scale s = in.scale("satisfaction5").orElseThrow();
            assertThat(s.min()).isEqualTo(1);
            assertThat(s.max()).isEqualTo(5);
            assertThat(s.positiveThreshold()).isEqualTo(4);
            // METHODS.md, scale [confirmed]
            assertThat(s.labels()).extracting(p -> p.value() + " " + p.label().exact("vi").orElseThrow()).containsExactly(
                    "1 Rất không hài lòng", "2 Không hài lòng", "3 Bình thường", "4 Hài lòng", "5 Rất hài lòng");
            assertThat(s.specialCodes()).extracting(SpecialCode::status)
                    .containsExactlyInAnyOrder(SpecialStatus.DONT_KNOW, SpecialStatus.NOT_APPLICABLE);
            assertThat(s.specialCodes()).allMatch(c -> !s.contains(c.code()));
        }
    }

    // ---------------------------------------------------------------- SIPAS since 2022

    @Test
    void sipas2022HasNineteenItemsInFiveElementsUnderTheServicesAspect() {
        Instrument in = StandardInstruments.sipas2022();
        assertThat(in.rootDimensions()).extracting(Dimension::id).containsExactly("admin_services");
        assertThat(in.rootDimensions().get(0).level()).isEqualTo(DimensionLevel.ASPECT);
        List<Dimension> elements = in.childrenOf("admin_services");
        assertThat(elements).extracting(Dimension::id)
                .containsExactly("access", "procedures", "civil_servants", "results", "feedback");
        assertThat(counts(in, elements)).containsExactly(4, 4, 5, 3, 3);
        assertThat(in.itemsOf("admin_services")).hasSize(19).isEqualTo(in.ratingItems());
        assertThat(in.ratingItems()).extracting(RatingQuestion::id).containsExactly(
                "tc1", "tc2", "tc3", "tc4", "tt1", "tt2", "tt3", "tt4",
                "cc1", "cc2", "cc3", "cc4", "cc5", "kq1", "kq2", "kq3", "pa1", "pa2", "pa3");
        assertThat(showIfOf(in, "pa2")).isEqualTo(Condition.chosen("pa_used", "yes"));
        assertThat(showIfOf(in, "pa3")).isEqualTo(Condition.chosen("pa_used", "yes"));
    }

    @Test
    void sipas2022AsksProfileHarassmentPaymentAndChannelAsSingleChoices() {
        Instrument in = StandardInstruments.sipas2022();
        for (String id : List.of("province", "sex", "age_band", "ethnicity", "education", "occupation", "residence",
                "terrain", "harassment", "informal_payment", "preferred_channel")) {
            ChoiceQuestion c = choice(in, id);
            assertThat(c.multiple()).as(id).isFalse();
        }
        assertThat(choice(in, "priorities").multiple()).isTrue();
        ChoiceQuestion province = choice(in, "province");
        assertThat(province.options()).hasSize(63);
        assertThat(province.option("p01").orElseThrow().label().exact("vi")).contains("Hà Nội");
        assertThat(province.option("p79").orElseThrow().label().exact("vi")).contains("Thành phố Hồ Chí Minh");
        assertThat(province.option("p96").orElseThrow().label().exact("vi")).contains("Cà Mau");
        assertThat(codes(choice(in, "age_band")))
                .containsExactly("a18_25", "a26_34", "a35_49", "a50_60", "a61_plus");
        assertThat(codes(choice(in, "ethnicity"))).containsExactly("kinh", "other");
        assertThat(codes(choice(in, "residence"))).containsExactly("urban", "rural");
        assertThat(codes(choice(in, "terrain"))).containsExactly("mountain", "plain", "island");
        assertThat(codes(choice(in, "preferred_channel"))).containsExactly("in_person", "online", "both");
        assertThat(choice(in, "occupation").options()).filteredOn(ChoiceOption::other).hasSize(1);
        assertThat(codes(choice(in, "priorities"))).containsExactlyElementsOf(
                in.childrenOf("admin_services").stream().map(Dimension::id).collect(Collectors.toList()));
    }

    // ----------------------------------------------------------------

    @Test
    void a11v1HasTheSevenAgreementItems() {
        Instrument in = StandardInstruments.a11v1();
        assertThat(in.ratingItems()).extracting(RatingQuestion::id).containsExactly(
                "satisfaction", "trust", "effectiveness", "ease", "efficiency", "equity", "employee");
        assertThat(in.ratingItems()).allMatch(r -> r.dimension().orElseThrow().equals(r.id()));
        for (RatingQuestion r : in.ratingItems()) {
            assertThat(r.scale().min()).isEqualTo(1);
            assertThat(r.scale().max()).isEqualTo(5);
            assertThat(r.scale().positiveThreshold()).isEqualTo(4);
            assertThat(r.scale().label(1).orElseThrow().exact("en")).contains("Strongly disagree");
            assertThat(r.scale().label(5).orElseThrow().exact("en")).contains("Strongly agree");
        }
        assertThat(text(in, "satisfaction")).isEqualTo("I am satisfied with the service I received from [agency].");
        assertThat(text(in, "effectiveness")).isEqualTo("My need was addressed.");
        assertThat(text(in, "ease")).isEqualTo("It was easy to complete what I needed to do.");
        assertThat(text(in, "efficiency")).isEqualTo("It took a reasonable amount of time to do what I needed to do.");
        assertThat(text(in, "employee")).isEqualTo("Employees I interacted with were helpful.");
        assertThat(in.question("employee").orElseThrow().answerScale().orElseThrow().special(SpecialStatus.NOT_APPLICABLE))
                .isPresent();
        assertThat(in.question("satisfaction").orElseThrow().answerScale().orElseThrow().specialCodes()).isEmpty();
    }

    @Test
    void a11v2HasTheTrustItemTwoDriverChecklistsAndOneOpenText() {
        Instrument in = StandardInstruments.a11v2();
        assertThat(in.questions()).extracting(Question::kind).containsExactly(
                QuestionKind.RATING, QuestionKind.CHOICE, QuestionKind.CHOICE, QuestionKind.TEXT);
        assertThat(in.question("trust").orElseThrow().tags()).containsExactly("trust");
        for (String id : List.of("went_well", "went_badly")) {
            ChoiceQuestion c = choice(in, id);
            assertThat(c.multiple()).isTrue();
            // effectiveness and ease are mandatory options; the others optional (METHODS.md, v2 [confirmed])
            assertThat(codes(c)).containsExactly("effectiveness", "ease", "efficiency", "transparency", "humanity",
                    "employee", "other");
            assertThat(c.option("other").orElseThrow().other()).isTrue();
        }
        assertThat(text(in, "went_well")).isEqualTo("What went well?");
        assertThat(text(in, "went_badly")).isEqualTo("What didn't go so well?");
        assertThat(((TextQuestion) in.question("comments").orElseThrow()).maxLength()).isEqualTo(1000);
    }

    @Test
    void a11v2ShowsTheChecklistMatchingTheTrustAnswer() {
        Instrument in = StandardInstruments.a11v2();
        Question well = in.question("went_well").orElseThrow();
        Question badly = in.question("went_badly").orElseThrow();
        assertThat(shown(in, well, 5)).isTrue();
        assertThat(shown(in, badly, 5)).isFalse();
        assertThat(shown(in, well, 1)).isFalse();
        assertThat(shown(in, badly, 1)).isTrue();
        assertThat(shown(in, well, 3)).isTrue();
        assertThat(shown(in, badly, 3)).isTrue();
        Response unanswered = Response.builder("r", "a11v2", "1.0").build();
        assertThat(well.isShown(unanswered.facts())).isFalse();
        assertThat(badly.isShown(unanswered.facts())).isFalse();
    }

    // ---------------------------------------------------------------- SDG 16.6.2

    @Test
    void sdgHasFiveAttributesOnAFourPointScaleWithoutNeutral() {
        Instrument in = StandardInstruments.sdg1662();
        assertThat(in.childrenOf("government_services")).extracting(Dimension::id).containsExactly(
                "accessibility", "affordability", "equal_treatment", "effective_delivery", "timeliness");
        assertThat(in.itemsOf("government_services")).hasSize(5);
        for (RatingQuestion r : in.ratingItems()) {
            Scale s = r.scale();
            assertThat(s.min()).isEqualTo(1);
            assertThat(s.max()).isEqualTo(4);
            assertThat(s.positiveThreshold()).as("no neutral point: 3 and 4 are positive").isEqualTo(3);
            assertThat(s.labels()).hasSize(4);
            assertThat(s.specialCodes()).extracting(SpecialCode::status).containsExactlyInAnyOrder(
                    SpecialStatus.DONT_KNOW, SpecialStatus.NOT_APPLICABLE, SpecialStatus.REFUSED);
            assertThat(s.specialCodes()).allMatch(c -> !s.contains(c.code()));
            assertThat(r.showIf()).contains(Condition.chosen("used_service", "yes"));
        }
        assertThat(in.scale("agreement4").orElseThrow().labels()).extracting(p -> p.label().exact("en").orElseThrow())
                .containsExactly("Strongly disagree", "Disagree", "Agree", "Strongly agree");
        assertThat(in.scale("satisfaction4").orElseThrow().labels()).extracting(p -> p.label().exact("en").orElseThrow())
                .containsExactly("Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied");
        RatingQuestion overall = (RatingQuestion) in.questionsTagged("overall").get(0);
        assertThat(overall.id()).isEqualTo("overall_satisfaction");
        assertThat(overall.dimension()).as("not averaged with the five attributes").isEmpty();
    }

    @Test
    void sdgAsksTheDisaggregationAttributes() {
        Instrument in = StandardInstruments.sdg1662();
        assertThat(codes(choice(in, "sex"))).containsExactly("male", "female");
        assertThat(codes(choice(in, "residence"))).containsExactly("urban", "rural");
        NumberQuestion income = (NumberQuestion) in.question("household_income").orElseThrow();
        assertThat(income.min()).isZero();
        assertThat(income.max()).isInfinite();
        // Washington Group Short Set: six domains, four answer categories scored 1..4
        List<String> wg = List.of("wg_seeing", "wg_hearing", "wg_walking", "wg_cognition", "wg_selfcare", "wg_communication");
        for (String id : wg) {
            ChoiceQuestion c = choice(in, id);
            assertThat(codes(c)).containsExactly("none", "some", "a_lot", "cannot");
            assertThat(c.isScored()).isTrue();
            assertThat(c.options()).extracting(o -> o.score().getAsDouble()).containsExactly(1.0, 2.0, 3.0, 4.0);
        }
    }

    // ---------------------------------------------------------------- ACSI

    @Test
    void acsiHasTheThreeSatisfactionItemsOnOneToTen() {
        Instrument in = StandardInstruments.acsi();
        List<Question> acsi = in.questionsTagged("acsi");
        assertThat(acsi).extracting(Question::id).containsExactly("acsi_overall", "acsi_expectations", "acsi_ideal");
        assertThat(in.itemsOf("satisfaction")).containsExactlyElementsOf(
                acsi.stream().map(RatingQuestion.class::cast).collect(Collectors.toList()));
        // scale anchors as METHODS.md gives them
        assertThat(anchors(in, "acsi_overall")).containsExactly("Very dissatisfied", "Very satisfied");
        assertThat(anchors(in, "acsi_expectations")).containsExactly("Falls short of your expectations", "Exceeds your expectations");
        assertThat(anchors(in, "acsi_ideal")).containsExactly("Not very close to the ideal", "Very close to the ideal");
        for (RatingQuestion r : in.ratingItems()) {
            assertThat(r.scale().min()).isEqualTo(1);
            assertThat(r.scale().max()).isEqualTo(10);
            assertThat(r.scale().special(SpecialStatus.DONT_KNOW)).isPresent();
        }
        assertThat(in.childrenOf("perceived_quality")).extracting(Dimension::id)
                .containsExactly("process", "information", "customer_service", "website");
        assertThat(in.itemsOf("perceived_quality")).hasSize(8);
        assertThat(in.itemsOf("expectations")).extracting(RatingQuestion::id).containsExactly("expectations");
        assertThat(in.itemsOf("trust")).extracting(RatingQuestion::id).containsExactly("recommend", "confidence");
        assertThat(codes(choice(in, "complaint"))).containsExactly("yes", "no");
        assertThat(showIfOf(in, "complaint_handling")).isEqualTo(Condition.chosen("complaint", "yes"));
    }

    // ---------------------------------------------------------------- CMT

    @Test
    void cmtPairsEachDriverWithAnImportanceItem() {
        Instrument in = StandardInstruments.cmt();
        List<String> drivers = List.of("timeliness", "competence", "courtesy", "fairness", "outcome");
        assertThat(in.childrenOf("performance")).extracting(Dimension::id).containsExactlyElementsOf(drivers);
        assertThat(in.childrenOf("importance")).extracting(Dimension::id)
                .containsExactlyElementsOf(drivers.stream().map(d -> "imp_" + d).collect(Collectors.toList()));
        for (String d : drivers) {
            assertThat(in.itemsOf(d)).extracting(RatingQuestion::id).containsExactly(d);
            assertThat(in.itemsOf("imp_" + d)).extracting(RatingQuestion::id).containsExactly("imp_" + d);
            assertThat(in.itemsOf("imp_" + d).get(0).tags()).containsExactly("importance");
        }
        assertThat(in.scale("agreement5").orElseThrow().size()).isEqualTo(5);
        assertThat(in.scale("importance5").orElseThrow().size()).isEqualTo(5);
        assertThat(in.questionsTagged("overall")).extracting(Question::id).containsExactly("overall");
        assertThat(codes(choice(in, "channel"))).containsExactly("phone", "in_person", "web", "mail", "email");
    }

    // ---------------------------------------------------------------- helpers

    private static String source(String id) {
        return StandardInstruments.byId(id).orElseThrow().method().orElseThrow().source();
    }

    private static List<Integer> counts(Instrument in, List<Dimension> dims) {
        List<Integer> out = new ArrayList<>();
        for (Dimension d : dims) {
            out.add(in.itemsOf(d.id()).size());
        }
        return out;
    }

    private static Condition showIfOf(Instrument in, String questionId) {
        return in.question(questionId).orElseThrow().showIf().orElseThrow();
    }

    private static ChoiceQuestion choice(Instrument in, String id) {
        return (ChoiceQuestion) in.question(id).orElseThrow();
    }

    private static List<String> codes(ChoiceQuestion c) {
        return c.options().stream().map(ChoiceOption::code).collect(Collectors.toList());
    }

    private static String text(Instrument in, String id) {
        return in.question(id).orElseThrow().text().exact("en").orElseThrow();
    }

    private static List<String> anchors(Instrument in, String id) {
        List<ScalePoint> labels = in.question(id).orElseThrow().answerScale().orElseThrow().labels();
        return labels.stream().map(p -> p.label().exact("en").orElseThrow()).collect(Collectors.toList());
    }

    private static boolean shown(Instrument in, Question q, int trust) {
        Response r = Response.builder("r", in.id(), in.version()).answer("trust", trust).build();
        return q.isShown(r.facts());
    }

    private static JsonNode resourceTree(String id) {
        try (InputStream in = StandardInstruments.class.getResourceAsStream(id + ".json")) {
            assertThat(in).as("resource " + id + ".json").isNotNull();
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
