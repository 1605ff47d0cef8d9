package org.civicsurvey.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.SpecialStatus;
import org.junit.jupiter.api.Test;

class AnswerColumnsTest {
    static final Instrument SAMPLE = InstrumentJson.readResource("org/civicsurvey/io/json/sample-instrument.json");

    static Response.Builder r(String id) {
        return Response.builder(id, "portal-rating", "1.0");
    }

    final List<Response> rows = List.of(
            r("a").answer("q1", 5).special("q2", SpecialStatus.DONT_KNOW).choice("q4", "yes").answer("q5", 2)
                    .choice("q6", "ease", "other").answer("q7", 10).weight(2).build(),
            r("b").answer("q1", 2).answer("q2", 1).choice("q4", "no").answer("q5", 3).choice("q6")
                    .text("q8", "slow").build(),
            r("c").special("q1", SpecialStatus.NOT_APPLICABLE).answer("q2", 4).answer("q3", 6)
                    .special("q3x", SpecialStatus.REFUSED).special("q7", SpecialStatus.REFUSED).weight(0.5).build(),
            r("d").text("q1", "five").choice("q4", "maybe").choice("q6", "ease", "ease").answer("q7", 3).build());

    @Test
    void valuesAndExclusionReasonsPerQuestion() {
        AnswerColumns cols = AnswerColumns.of(SAMPLE, rows);
        assertThat(cols.size()).isEqualTo(4);
        assertThat(cols.weights()).containsExactly(2, 1, 0.5, 1);
        assertThat(cols.isWeighted()).isTrue();

        assertThat(cols.values("q1")).containsExactly(5, 2, Double.NaN, Double.NaN);
        assertThat(statuses(cols, "q1")).containsExactly(AnswerStatus.VALID, AnswerStatus.VALID,
                AnswerStatus.NOT_APPLICABLE, AnswerStatus.INVALID);
        assertThat(statuses(cols, "q2")).containsExactly(AnswerStatus.DONT_KNOW, AnswerStatus.VALID, AnswerStatus.VALID,
                AnswerStatus.MISSING);
        // 6 is outside 1..5
        assertThat(statuses(cols, "q3")).containsExactly(AnswerStatus.MISSING, AnswerStatus.MISSING, AnswerStatus.INVALID,
                AnswerStatus.MISSING);
        // single choice with scores yes=0, no=1; 'maybe' is no option
        assertThat(cols.values("q4")).containsExactly(0, 1, Double.NaN, Double.NaN);
        assertThat(statuses(cols, "q4")).containsExactly(AnswerStatus.VALID, AnswerStatus.VALID, AnswerStatus.MISSING,
                AnswerStatus.INVALID);
        // q5 shows only when q4 = yes: row b answered a hidden question
        assertThat(cols.values("q5")).containsExactly(2, Double.NaN, Double.NaN, Double.NaN);
        assertThat(statuses(cols, "q5")).containsExactly(AnswerStatus.VALID, AnswerStatus.HIDDEN, AnswerStatus.HIDDEN,
                AnswerStatus.HIDDEN);
        // multiple choice: count of options, indicators per option
        assertThat(cols.values("q6")).containsExactly(2, 0, Double.NaN, Double.NaN);
        assertThat(cols.selected("q6", "ease")).containsExactly(1, 0, Double.NaN, Double.NaN);
        assertThat(cols.selected("q6", "effectiveness")).containsExactly(0, 0, Double.NaN, Double.NaN);
        assertThat(cols.selected("q6", "other")).containsExactly(1, 0, Double.NaN, Double.NaN);
        assertThat(statuses(cols, "q6")).containsExactly(AnswerStatus.VALID, AnswerStatus.VALID, AnswerStatus.MISSING,
                AnswerStatus.INVALID);
        // NPS: REFUSED is not offered by the default NPS scale
        assertThat(cols.values("q7")).containsExactly(10, Double.NaN, Double.NaN, 3);
        assertThat(statuses(cols, "q7")).containsExactly(AnswerStatus.VALID, AnswerStatus.MISSING, AnswerStatus.INVALID,
                AnswerStatus.VALID);
        // q8 shows when q2 <= 2 or q3 <= 2: only row b (q2 = 1)
        assertThat(statuses(cols, "q8")).containsExactly(AnswerStatus.HIDDEN, AnswerStatus.VALID, AnswerStatus.HIDDEN,
                AnswerStatus.HIDDEN);
        assertThat(cols.counts("q1")).containsEntry(AnswerStatus.VALID, 2).containsEntry(AnswerStatus.NOT_APPLICABLE, 1)
                .containsEntry(AnswerStatus.INVALID, 1).containsEntry(AnswerStatus.MISSING, 0).hasSize(7);
    }

    @Test
    void oneCellAtATimeGivesTheSameAsTheColumns() {
        AnswerColumns cols = AnswerColumns.of(SAMPLE, rows);
        for (var q : SAMPLE.questions()) {
            byte[] statuses = cols.statuses(q.id());
            for (int i = 0; i < rows.size(); i++) {
                AnswerValue cell = AnswerValue.of(q, rows.get(i));
                assertThat(cell.status().code()).as(q.id() + " row " + i).isEqualTo(statuses[i]);
                if (q.kind() != org.civicsurvey.model.QuestionKind.TEXT) {
                    assertThat(Double.valueOf(cell.value())).as(q.id() + " row " + i).isEqualTo(Double.valueOf(cols.values(q.id())[i]));
                }
            }
        }
        assertThat(AnswerValue.of(SAMPLE.question("q1").orElseThrow(), rows.get(0))).isEqualTo(new AnswerValue(5, AnswerStatus.VALID));
        assertThat(AnswerValue.of(SAMPLE.question("q5").orElseThrow(), rows.get(1)).status()).isEqualTo(AnswerStatus.HIDDEN);
        assertThatThrownBy(() -> new AnswerValue(1, AnswerStatus.MISSING))
                .hasMessage("an excluded answer (MISSING) has value NaN, not 1.0");
    }

    @Test
    void multipleChoiceWithManyOptionsDetectsRepeatsBeyondSixtyFour() {
        org.civicsurvey.model.LocalizedText t = org.civicsurvey.model.LocalizedText.of("en", "x");
        java.util.List<org.civicsurvey.model.ChoiceOption> options = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            options.add(org.civicsurvey.model.ChoiceOption.of("o" + i, t));
        }
        Instrument many = Instrument.builder("many", "1").languages("en").title(t)
                .section(org.civicsurvey.model.Section.of("s", t, List.of(
                        org.civicsurvey.model.ChoiceQuestion.multiple("m", t, options)))).build();
        java.util.List<String> seventy = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            seventy.add("o" + i);
        }
        java.util.List<String> repeated = new java.util.ArrayList<>(seventy);
        repeated.set(0, "o69");
        List<Response> rs = List.of(
                Response.builder("a", "many", "1").choice("m", "o0", "o66").build(),
                Response.builder("b", "many", "1").choice("m", "o66", "o66").build(),
                Response.builder("c", "many", "1").answer("m", new Answer.Choice(seventy, java.util.Optional.empty())).build(),
                Response.builder("d", "many", "1").answer("m", new Answer.Choice(repeated, java.util.Optional.empty())).build());
        AnswerColumns cols = AnswerColumns.of(many, rs);
        assertThat(cols.values("m")).containsExactly(2, Double.NaN, 70, Double.NaN);
        assertThat(cols.selected("m", "o66")).containsExactly(1, Double.NaN, 1, Double.NaN);
        assertThat(cols.selected("m", "o1")).containsExactly(0, Double.NaN, 1, Double.NaN);
    }

    @Test
    void clearErrorsForMisuse() {
        AnswerColumns cols = AnswerColumns.of(SAMPLE, rows);
        assertThatThrownBy(() -> cols.values("q8")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("question q8 is a text question and has no value column");
        assertThatThrownBy(() -> cols.values("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("instrument portal-rating has no question nope; questions: [q1, q2,");
        assertThatThrownBy(() -> cols.selected("q4", "yes")).hasMessage("question q4 is not a multiple-choice question");
        assertThatThrownBy(() -> cols.selected("q6", "x")).hasMessage("question q6 has no option x");
        Response other = Response.builder("z", "portal-rating", "0.9").build();
        assertThatThrownBy(() -> AnswerColumns.of(SAMPLE, List.of(rows.get(0), other)))
                .hasMessage("responses[1] is for instrument 'portal-rating' version '0.9', not portal-rating version 1.0");
        assertThat(AnswerColumns.of(SAMPLE, List.of()).values("q1")).isEmpty();
        assertThat(AnswerColumns.of(SAMPLE, List.of(rows.get(1))).isWeighted()).isFalse();
        assertThat(AnswerStatus.ofCode((byte) 5)).isEqualTo(AnswerStatus.HIDDEN);
        assertThatThrownBy(() -> AnswerStatus.ofCode((byte) 7)).hasMessage("answer status code 7 is outside 0..6");
        assertThat(Map.of(AnswerStatus.of(SpecialStatus.REFUSED), 1)).containsKey(AnswerStatus.REFUSED);
    }

    static AnswerStatus[] statuses(AnswerColumns cols, String q) {
        byte[] codes = cols.statuses(q);
        AnswerStatus[] out = new AnswerStatus[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = AnswerStatus.ofCode(codes[i]);
        }
        return out;
    }
}
