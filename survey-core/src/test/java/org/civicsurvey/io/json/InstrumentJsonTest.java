package org.civicsurvey.io.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Condition;
import org.civicsurvey.model.DimensionLevel;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.NpsQuestion;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.SpecialStatus;
import org.junit.jupiter.api.Test;

class InstrumentJsonTest {
    static String sample() {
        try (InputStream in = InstrumentJsonTest.class.getResourceAsStream("sample-instrument.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void readsTheSample() {
        Instrument in = InstrumentJson.read(sample());
        assertThat(in.id()).isEqualTo("portal-rating");
        assertThat(in.defaultLanguage()).isEqualTo("vi");
        assertThat(in.questions()).hasSize(8);
        RatingQuestion q2 = (RatingQuestion) in.question("q2").orElseThrow();
        Scale sat5 = q2.scale();
        assertThat(sat5.id()).contains("sat5");
        assertThat(sat5.positiveThreshold()).isEqualTo(4);
        assertThat(sat5.special(9).orElseThrow().status()).isEqualTo(SpecialStatus.DONT_KNOW);
        assertThat(sat5.label(5).orElseThrow().resolve("en-GB", "vi")).isEqualTo("Very satisfied");
        assertThat(in.localize(in.title(), "fr")).isEqualTo("Đánh giá mức độ hài lòng khi giải quyết hồ sơ");
        assertThat(in.dimensionPath("staff.polite")).extracting(d -> d.level())
                .containsExactly(DimensionLevel.ASPECT, DimensionLevel.ELEMENT, DimensionLevel.CRITERION);
        assertThat(in.itemsOf("staff")).extracting(RatingQuestion::id).containsExactly("q2", "q3");
        assertThat(in.itemsOf("services")).extracting(RatingQuestion::id).containsExactly("q1", "q2", "q3");
        assertThat(in.childrenOf("services")).extracting(d -> d.id()).containsExactly("access", "staff");
        assertThat(in.dimension("staff").orElseThrow().weight().getAsDouble()).isEqualTo(2.0);
        assertThat(in.question("q5").orElseThrow().showIf()).contains(Condition.chosen("q4", "yes"));
        assertThat(((ChoiceQuestion) in.question("q6").orElseThrow()).option("other").orElseThrow().other()).isTrue();
        assertThat(((NpsQuestion) in.question("q7").orElseThrow()).scale()).isEqualTo(Scale.nps());
        assertThat(in.questionsTagged("went-well")).extracting(q -> q.id()).containsExactly("q6");
    }

    @Test
    void writtenInstrumentReadsBackEqual() {
        Instrument in = InstrumentJson.read(sample());
        String json = InstrumentJson.write(in);
        Instrument again = InstrumentJson.read(json);
        assertThat(again).isEqualTo(in);
        assertThat(InstrumentJson.write(again)).isEqualTo(json);
        assertThat(json).contains("\"scale\": \"sat5\"").doesNotContain("\r");
    }

    @Test
    void readsFilesAndStreams(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        Instrument in = InstrumentJson.read(sample());
        java.nio.file.Path file = dir.resolve("i.json");
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            InstrumentJson.write(in, out);
        }
        assertThat(InstrumentJson.read(file)).isEqualTo(in);
        assertThat(InstrumentJson.read(new java.io.StringReader(sample()))).isEqualTo(in);
        assertThatThrownBy(() -> InstrumentJson.read(dir.resolve("missing.json"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot read instrument file");
        assertThatThrownBy(() -> InstrumentJson.readResource("no/such.json")).hasMessage("no class-path resource no/such.json");
    }

    @Test
    void reportsEveryProblemWithPathAndPosition() {
        String bad = sample()
                .replace("\"positiveThreshold\": 4", "\"positiveThreshold\": 7")
                .replace("\"dimension\": \"staff.guidance\"", "\"dimension\": \"staff.nowhere\"")
                .replace("\"equals\": \"yes\"", "\"equals\": \"maybe\"")
                .replace("\"maxLength\": 500", "\"maxLength\": \"500\", \"colour\": 1");
        assertThatThrownBy(() -> InstrumentJson.read(bad))
                .isInstanceOfSatisfying(InvalidJsonException.class, e -> {
                    assertThat(e.problems()).extracting(JsonProblem::path).containsExactlyInAnyOrder(
                            "scales[0].positiveThreshold",
                            "sections[0].questions[7].maxLength",
                            "sections[0].questions[7].colour");
                    assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isPositive());
                    assertThat(e.getMessage()).contains("scales[0].positiveThreshold: positiveThreshold 7 is outside the scale 1..5 (line 37, column 28)");
                });
        String inline = sample().replace("\"dimension\": \"staff.guidance\"",
                "\"dimension\": \"staff.guidance\", \"scale\": {\"min\": 0, \"max\": 4, \"positiveThreshold\": 5}")
                .replace("\"scale\": \"sat5\", \"dimension\": \"staff.guidance\", ", "");
        assertThatThrownBy(() -> InstrumentJson.read(inline))
                .isInstanceOfSatisfying(InvalidJsonException.class, e -> assertThat(e.problems()).extracting(JsonProblem::toString)
                        .containsExactly("sections[0].questions[2].scale.positiveThreshold: positiveThreshold 5 is outside the scale 0..4"
                                + " (line 51, column 198)"));
        String dangling = sample()
                .replace("\"dimension\": \"staff.guidance\"", "\"dimension\": \"staff.nowhere\"")
                .replace("\"equals\": \"yes\"", "\"equals\": \"maybe\"");
        assertThatThrownBy(() -> InstrumentJson.read(dangling))
                .isInstanceOfSatisfying(InvalidJsonException.class, e -> assertThat(e.problems()).extracting(JsonProblem::toString)
                        .containsExactly(
                                "sections[0].questions[2].dimension: dimension 'staff.nowhere' of question 'q3' is not a dimension of this instrument (line 51, column 177)",
                                "sections[0].questions[4].showIf.in[0]: question 'q4' has no option 'maybe' (line 63, column 21)"));
    }
}
