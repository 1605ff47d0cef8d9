package org.civicsurvey.io.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.TextQuestion;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.validation.ResponseValidator;
import org.junit.jupiter.api.Test;

/** Wide CSV with a codebook and tidy long CSV: export then import gives the same responses. */
class CsvExportTest {
    private static final String[] TEXTS = {"ok", "Thủ tục nhanh, cán bộ nhiệt tình", "say \"thanks\"", "two\r\nlines",
        " leading space", "NA", "98", "a;b"};

    /** Random valid responses to an instrument: every kind of answer, specials, hidden questions, drafts, odd text. */
    static List<Response> responses(Instrument instrument, int n, long seed) {
        Random rnd = new Random(seed);
        ResponseValidator validator = ResponseValidator.create();
        List<Response> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean draft = rnd.nextInt(5) == 0;
            Response.Builder b = Response.builder("r-" + seed + "-" + i, instrument.id(), instrument.version())
                .status(draft ? ResponseStatus.IN_PROGRESS : ResponseStatus.COMPLETE);
            if (rnd.nextBoolean()) {
                b.transaction(new Transaction(java.util.Optional.of("HS-" + i), java.util.Optional.of("so-tu-phap"),
                    java.util.Optional.of(rnd.nextBoolean() ? "ly-lich" : "Cấp phép, xây dựng"), java.util.Optional.empty(),
                    java.util.Optional.of(Instant.parse("2024-05-01T09:30:00Z").plusSeconds(rnd.nextInt(10_000_000)))));
            }
            if (rnd.nextBoolean()) {
                b.weight(0.5 + rnd.nextDouble() * 40);
            }
            if (rnd.nextInt(3) > 0) {
                b.submittedAt(Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(1_000_000), rnd.nextInt(1_000_000_000)));
            }
            if (rnd.nextBoolean()) {
                b.respondent("province", rnd.nextBoolean() ? "Hà Nội" : "Huế");
            }
            if (rnd.nextInt(3) == 0) {
                b.respondent("sex", "female");
            }
            List<String> answered = new ArrayList<>();
            for (Question q : instrument.questions()) {
                Response partial = b.build();
                if (!q.isShown(partial.facts()) || draft && rnd.nextInt(3) == 0 || !q.required() && rnd.nextInt(4) == 0) {
                    continue;
                }
                answered.add(q.id());
                answer(b, q, rnd);
            }
            Response r = b.build();
            assertThat(validator.validate(instrument, r).violations()).as(r.id()).isEmpty();
            out.add(r);
        }
        return out;
    }

    private static void answer(Response.Builder b, Question q, Random rnd) {
        if (q instanceof TextQuestion) {
            b.text(q.id(), TEXTS[rnd.nextInt(TEXTS.length)]);
        } else if (q instanceof ChoiceQuestion c) {
            List<ChoiceOption> options = c.options();
            List<String> codes = new ArrayList<>();
            int k = c.multiple() ? 1 + rnd.nextInt(Math.min(3, options.size())) : 1;
            String other = null;
            for (ChoiceOption o : options) {
                if (codes.size() < k && rnd.nextInt(options.size()) < k + 1) {
                    codes.add(o.code());
                    other = o.other() && rnd.nextBoolean() ? TEXTS[rnd.nextInt(TEXTS.length)] : other;
                }
            }
            if (codes.isEmpty()) {
                codes.add(options.get(0).code());
            }
            b.answer(q.id(), other == null ? Answer.choice(codes.toArray(new String[0])) : Answer.choiceWithOther(codes, other));
        } else if (q instanceof NumberQuestion nq) {
            double v = nq.min() + rnd.nextDouble() * (Math.min(nq.max(), nq.min() + 1000) - nq.min());
            b.answer(q.id(), nq.integer() ? Math.floor(v) : v);
        } else {
            Scale s = q.answerScale().orElseThrow();
            if (!s.specialCodes().isEmpty() && rnd.nextInt(6) == 0) {
                SpecialCode sc = s.specialCodes().get(rnd.nextInt(s.specialCodes().size()));
                b.special(q.id(), sc.status());
            } else {
                b.answer(q.id(), s.min() + rnd.nextInt(s.max() - s.min() + 1));
            }
        }
    }

    private static byte[] utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void exportThenImportGivesTheSameResponsesForEveryStandardInstrument() {
        for (Instrument instrument : List.of(StandardInstruments.sipas2017(), StandardInstruments.sipas2022(),
            StandardInstruments.sdg1662(), StandardInstruments.a11v2(), StandardInstruments.acsi(), StandardInstruments.cmt())) {
            List<Response> original = responses(instrument, 300, instrument.id().hashCode());
            CsvExporter export = CsvExporter.create(instrument);
            StringBuilder wide = new StringBuilder();
            assertThat(export.writeWide(original, wide)).isEqualTo(300);
            List<Response> back = new ArrayList<>();
            ImportResult r = WideCsvImporter.create(instrument, export.columnMapping(List.of("province", "sex")))
                .read(new ByteArrayInputStream(utf8(wide)), back::add);
            assertThat(r.errors()).as(instrument.id()).isEmpty();
            assertThat(r.header().isClean()).isTrue();
            assertThat(back).as(instrument.id()).containsExactlyElementsOf(original);
        }
        assertThat(CsvExporter.create(StandardInstruments.cmt()).header(List.of())).startsWith("id", "status", "case_file",
            "agency", "service", "response.channel");
    }

    @Test
    void theWideTableIsWhatAnAnalystExpects() {
        Instrument sdg = StandardInstruments.sdg1662();
        Response r = Response.builder("a1", sdg.id(), sdg.version()).answer("used_service", Answer.choice("yes"))
            .special("accessibility", org.civicsurvey.model.SpecialStatus.DONT_KNOW).answer("timeliness", 3).weight(1.5)
            .respondent("town", "Đà Nẵng, Q1").build();
        StringBuilder out = new StringBuilder();
        CsvExporter.create(sdg).writeWide(List.of(r), out);
        String[] lines = out.toString().split("\r\n");
        assertThat(lines[0]).startsWith("id,status,case_file,agency,service,channel,time,submitted_at,weight,used_service,")
            .endsWith(",respondent.town");
        assertThat(lines[1]).startsWith("a1,complete,,,,,,,1.5,yes,,98,").endsWith(",\"Đà Nẵng, Q1\"");
    }

    @Test
    void theCodebookNamesEveryColumnWithLabelsScaleValuesAndExclusionCodes() {
        StringBuilder out = new StringBuilder();
        CsvExporter.create(StandardInstruments.sipas2017()).writeCodebook(List.of("province"), out);
        List<String> lines = List.of(out.toString().split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("column,role,kind,value,meaning,dimension,label_vi,label_en");
        assertThat(lines).contains("tc1,question,rating,1,scale,,Rất không hài lòng,Very dissatisfied",
            "tc1,question,rating,5,scale,,Rất hài lòng,Very satisfied",
            "tc1,question,rating,98,dont_know,,Không biết,Don't know",
            "tc1,question,rating,97,not_applicable,,Không áp dụng,Not applicable",
            "pa_used,question,choice,no,option,,Không,No",
            "respondent.province,respondent,,,,,respondent attribute province,respondent attribute province");
        assertThat(lines).contains("tc1,question,rating,,,access,Nơi ngồi chờ có đủ chỗ ngồi,The waiting area has enough seats");
    }

    @Test
    void theLongTableHasOneRowPerAnswer() {
        Instrument a11 = StandardInstruments.a11v2();
        Response r = Response.builder("x1", a11.id(), a11.version()).answer("trust", 4).choice("went_well", "ease", "other")
            .text("comments", "fine, thanks").respondent("region", "north").build();
        StringBuilder out = new StringBuilder();
        assertThat(CsvExporter.create(a11).writeLong(List.of(r), out)).isEqualTo(4);
        assertThat(out.toString().split("\r\n")).containsExactly(
            "id,case_file,agency,service,channel,time,weight,respondent.region,question,value,status",
            "x1,,,,,,,north,trust,4,valid",
            "x1,,,,,,,north,went_well,ease,valid",
            "x1,,,,,,,north,went_well,other,valid",
            "x1,,,,,,,north,comments,\"fine, thanks\",valid");
    }

    @Test
    void streamingNeedsTheAttributeColumnsAndRefusesOthers() {
        Instrument a11 = StandardInstruments.a11v2();
        Response r = Response.builder("x1", a11.id(), a11.version()).answer("trust", 4).respondent("region", "north").build();
        assertThatThrownBy(() -> CsvExporter.create(a11).writeWide(List.of(r).iterator(), 1, new StringBuilder()))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("withAttributes");
        assertThatThrownBy(() -> CsvExporter.create(a11).withAttributes(List.of("sex")).writeWide(List.of(r).iterator(), 1,
            new StringBuilder())).hasMessage("response 'x1' has respondent attribute 'region', which is not among the export's"
            + " columns [sex]");
        Response other = Response.builder("y", "sipas2017", "1.0").build();
        assertThatThrownBy(() -> CsvExporter.create(a11).writeWide(List.of(other), new StringBuilder()))
            .hasMessage("response 'y' answers instrument 'sipas2017' version '1.0', not a11v2 1.0");
    }

    @Test
    void numbersAreWrittenAsRReadsThem() {
        assertThat(CsvExporter.number(4)).isEqualTo("4");
        assertThat(CsvExporter.number(-0.5)).isEqualTo("-0.5");
        assertThat(CsvExporter.number(1e20)).isEqualTo("1.0E20");
        assertThat(Double.parseDouble(CsvExporter.number(0.1 + 0.2))).isEqualTo(0.1 + 0.2);
    }
}
