package org.civicsurvey.io.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Progress;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.junit.jupiter.api.Test;

/** Wide CSV import: mapping, codes, rejected rows with row and column, encodings, BOM, hostile input, streaming. */
class WideCsvImporterTest {
    private static final Instrument SDG = StandardInstruments.sdg1662();
    private static final String HEADER = "id,used_service,accessibility,affordability,equal_treatment,effective_delivery,"
        + "timeliness,overall_satisfaction,sex,town\r\n";
    private static final ColumnMapping MAPPING = ColumnMapping.builder().id("id").respondent("town", "town")
        .questionsByHeader().build();

    /** The test files leave out most SDG questions: imported as in-progress, required answers are not enforced. */
    private static ImportResult run(WideCsvImporter importer, byte[] bytes, List<Response> out) {
        return importer.withStatus(ResponseStatus.IN_PROGRESS).read(new ByteArrayInputStream(bytes), out::add);
    }

    @Test
    void aCompleteResponseWithoutARequiredAnswerIsRejectedAtThatColumn() {
        ColumnMapping m = ColumnMapping.builder().id("id").questionsByHeader().build();
        Instrument a11 = StandardInstruments.a11v2();
        List<Response> out = new ArrayList<>();
        ImportResult r = WideCsvImporter.create(a11, m).read(new ByteArrayInputStream(
            utf8("id,trust,went_well,went_badly,comments\r\nx1,,,,\r\nx2,4,ease;other,,\r\n")), out::add);
        assertThat(r.imported()).isEqualTo(1);
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0).row()).isEqualTo(2);
        assertThat(r.errors().get(0).column()).isEqualTo("trust");
        assertThat(r.errors().get(0).message()).contains("required");
        assertThat(out.get(0).answers().get("went_well")).isEqualTo(Answer.choice("ease", "other"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"4d", "4f", "4D", "0x1p2", "0X4", "NaN", "Infinity", "-Infinity",
        "4.0.1", "4e", "e4", "+", ".", "٤", "４"})
    void aCellJavaWouldReadAsANumberButNoSurveyFileMeansSoIsRejected(String cell) {
        // Double.parseDouble takes type suffixes, hexadecimal, NaN and Infinity; the importer takes decimals only
        String csv = HEADER + "a1,yes,4," + cell + ",2,1,4,3,female,Huế\r\n";
        List<Response> out = new ArrayList<>();
        ImportResult r = run(WideCsvImporter.create(SDG, MAPPING), utf8(csv), out);
        assertThat(out).isEmpty();
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.column()).isEqualTo("affordability");
            assertThat(e.message()).isEqualTo("'" + cell + "' is not a number");
        });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"3", "+3", "3.", "3.0", "3e0", "30E-1", "0.3e1"})
    void aDecimalInAnyOfItsUsualFormsIsRead(String cell) {
        String csv = HEADER + "a1,yes,4," + cell + ",2,1,4,3,female,Huế\r\n";
        List<Response> out = new ArrayList<>();
        run(WideCsvImporter.create(SDG, MAPPING), utf8(csv), out);
        assertThat(out).singleElement().satisfies(resp -> assertThat(resp.answers().get("affordability"))
                .isEqualTo(Answer.number(3)));
    }

    @Test
    void goodRowsAreImportedAndEveryBadRowIsReportedWithRowAndColumn() {
        String csv = HEADER
            + "a1,yes,4,3,2,1,4,3,female,Hà Nội\r\n"           // row 2: good
            + "a2,yes,5,3,2,1,4,3,female,Huế\r\n"              // row 3: 5 is outside 1..4
            + "a3,yes,4,x,2,1,4,3,male,Huế\r\n"                // row 4: not a number
            + "a4,yes,4,3,2,1,4\r\n"                          // row 5: too few fields
            + "a5,yes,98,97,99,1,4,3,other,Huế\r\n"            // row 6: 'other' is not an option of sex
            + "a6,yes,98,97,99,1,4,3,male,\"Đà Nẵng, Q1\"\r\n" // row 7: good, specials from the scale's codes
            + "a7,no,,,,,,,male,Huế\r\n";                     // row 8: good, questions hidden by the filter
        List<Response> out = new ArrayList<>();
        ImportResult r = run(WideCsvImporter.create(SDG, MAPPING), utf8(csv), out);
        assertThat(r.rowsRead()).isEqualTo(7);
        assertThat(r.imported()).isEqualTo(3);
        assertThat(r.rejected()).isEqualTo(4);
        assertThat(out).extracting(Response::id).containsExactly("a1", "a6", "a7");
        assertThat(r.errors()).extracting(RowError::row).containsExactly(3L, 4L, 5L, 6L);
        assertThat(r.errors()).extracting(RowError::column).containsExactly("accessibility", "affordability", "", "sex");
        assertThat(r.errors().get(0).message()).contains("5").contains("1..4");
        assertThat(r.errors().get(1).message()).isEqualTo("'x' is not a number");
        assertThat(r.errors().get(2).message()).isEqualTo("the row has 7 fields; the header has 10");
        assertThat(r.errors().get(3).message()).contains("other");
        Response a6 = out.get(1);
        assertThat(a6.answers().get("accessibility")).isEqualTo(Answer.special(SpecialStatus.DONT_KNOW));
        assertThat(a6.answers().get("affordability")).isEqualTo(Answer.special(SpecialStatus.NOT_APPLICABLE));
        assertThat(a6.answers().get("equal_treatment")).isEqualTo(Answer.special(SpecialStatus.REFUSED));
        assertThat(a6.respondent()).containsEntry("town", "Đà Nẵng, Q1");
        assertThat(r.toString()).contains("7 rows: 3 imported, 4 rejected");
    }

    @Test
    void codeMappingTurnsOtherToolsCodesIntoAnswers() {
        String csv = HEADER + "a1,1,9,3,2,1,4,3,2,X\r\n";
        List<Response> out = new ArrayList<>();
        ImportResult r = run(WideCsvImporter.create(SDG, MAPPING)
            .withOption("used_service", "1", "yes").withOption("sex", "2", "female")
            .withSpecialCode("*", "9", SpecialStatus.DONT_KNOW), utf8(csv), out);
        assertThat(r.errors()).isEmpty();
        assertThat(out.get(0).answers().get("used_service")).isEqualTo(Answer.choice("yes"));
        assertThat(out.get(0).answers().get("accessibility")).isEqualTo(Answer.special(SpecialStatus.DONT_KNOW));
        assertThat(out.get(0).answers().get("sex")).isEqualTo(Answer.choice("female"));
        assertThatThrownBy(() -> WideCsvImporter.create(SDG, MAPPING).withOption("sex", "3", "unknown"))
            .hasMessageContaining("has no option unknown");
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        byte[] body = utf8(HEADER + "a1,yes,4,3,2,1,4,3,female,Huế\r\n");
        byte[] bom = new byte[body.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bom, 3, body.length);
        List<Response> out = new ArrayList<>();
        ImportResult r = run(WideCsvImporter.create(SDG, MAPPING), bom, out);
        assertThat(r.imported()).isEqualTo(1);
        assertThat(r.ignoredColumns()).isEmpty();
        assertThat(out.get(0).id()).isEqualTo("a1");
    }

    @Test
    void windows1258OrLatin1BytesInAUtf8FileStopWithTheLineAndAHint() {
        Charset cp1258 = Charset.forName("windows-1258");
        byte[] bytes = (HEADER + "a1,yes,4,3,2,1,4,3,female,Hue\r\n" + "a2,yes,4,3,2,1,4,3,female,Cà Mau\r\n").getBytes(cp1258);
        assertThatThrownBy(() -> run(WideCsvImporter.create(SDG, MAPPING), bytes, new ArrayList<>()))
            .isInstanceOf(CsvImportException.class).hasMessageContaining("line 3").hasMessageContaining("not valid UTF-8")
            .hasMessageContaining("withCharset");
        byte[] latin1 = (HEADER + "a1,yes,4,3,2,1,4,3,female,Montréal\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> run(WideCsvImporter.create(SDG, MAPPING), latin1, new ArrayList<>()))
            .isInstanceOf(CsvImportException.class).hasMessageContaining("line 2");
        // declared, the same bytes read correctly
        List<Response> out = new ArrayList<>();
        ImportResult r = run(WideCsvImporter.create(SDG, MAPPING).withCharset(cp1258), bytes, out);
        assertThat(r.imported()).isEqualTo(2);
        assertThat(out.get(1).respondent().get("town")).isEqualTo("Cà Mau");
    }

    @Test
    void hostileInputRejectsOnlyTheOffendingRows() {
        String huge = "x".repeat(300_000);
        String csv = HEADER
            + "a1,yes,4,3,2,1,4,3,female,\"" + huge + "\"\r\n"            // row 2: field too long
            + "a2,yes,4,3,2,1,4,3,female,\"multi\r\nline \"\"quoted\"\"\"\r\n" // row 3: good, spans two lines
            + "a3,yes,4,3,2,1,4,3,fem\"ale,Hue\r\n"                       // row 4: stray quote
            + "a4,yes,4,3,2,1,4,3,female,\"Hue\"x\r\n"                    // row 5: text after the closing quote
            + "a5," + ",".repeat(50) + "\r\n"                              // row 6: too many fields
            + "\r\n"                                                       // blank line: skipped
            + "a6,yes,4,3,2,1,4,3,female,\"never closed\r\n";              // row 7: unterminated
        List<Response> out = new ArrayList<>();
        ImportResult r = run(WideCsvImporter.create(SDG, MAPPING).withLimits(100_000, 40, 1000), utf8(csv), out);
        assertThat(out).extracting(Response::id).containsExactly("a2");
        assertThat(out.get(0).respondent().get("town")).isEqualTo("multi\r\nline \"quoted\"");
        assertThat(r.errors()).extracting(RowError::row).containsExactly(2L, 4L, 5L, 6L, 7L);
        assertThat(r.errors().get(0).message()).contains("longer than 100000 characters");
        assertThat(r.errors().get(1).message()).contains("a quote inside an unquoted field");
        assertThat(r.errors().get(2).message()).contains("text after a closing quote");
        assertThat(r.errors().get(3).message()).contains("more than 40 fields");
        assertThat(r.errors().get(4).message()).contains("not closed");
    }

    @Test
    void badHeadersFailTheWholeFile() {
        assertThatThrownBy(() -> run(WideCsvImporter.create(SDG, MAPPING), utf8("id,sex,sex\r\n"), new ArrayList<>()))
            .isInstanceOf(CsvImportException.class).hasMessageContaining("'sex' appears twice");
        assertThatThrownBy(() -> run(WideCsvImporter.create(SDG, MAPPING), utf8("sex\r\nmale\r\n"), new ArrayList<>()))
            .hasMessageContaining("mapped column 'id' is missing").hasMessageContaining("mapped column 'town' is missing");
        assertThatThrownBy(() -> run(WideCsvImporter.create(SDG, MAPPING), new byte[0], new ArrayList<>()))
            .hasMessageContaining("empty");
        assertThatThrownBy(() -> WideCsvImporter.create(SDG, ColumnMapping.builder().question("q", "nope").build())
            .read(new ByteArrayInputStream(utf8("q\r\n1\r\n")), r -> { }))
            .hasMessageContaining("question nope");
    }

    @Test
    void aLargeFileStreamsWithProgress() {
        int rows = 30_000;
        String line = "yes,4,3,2,1,4,3,female,Hue\r\n";
        InputStream in = new InputStream() {
            private final byte[] header = utf8(HEADER);
            private byte[] current = header;
            private int pos;
            private int row;

            @Override
            public int read() {
                if (pos == current.length) {
                    if (row == rows) {
                        return -1;
                    }
                    row++;
                    current = utf8("r" + row + "," + (row % 1000 == 0 ? line.replace(",4,3", ",7,3") : line));
                    pos = 0;
                }
                return current[pos++] & 0xff;
            }
        };
        AtomicLong seen = new AtomicLong();
        List<long[]> updates = new ArrayList<>();
        ImportResult r = WideCsvImporter.create(SDG, MAPPING).withStatus(ResponseStatus.IN_PROGRESS)
            .withProgress((phase, done, total) -> updates.add(new long[] {phase.ordinal(), done, total}), 10_000)
            .read(in, resp -> seen.incrementAndGet());
        assertThat(r.rowsRead()).isEqualTo(rows);
        assertThat(r.rejected()).isEqualTo(30);
        assertThat(seen.get()).isEqualTo(rows - 30);
        // the ids pass (bytes), then the rows, whose total the first pass counted
        assertThat(updates).filteredOn(u -> u[0] == Progress.Phase.IMPORT.ordinal()).extracting(u -> u[1])
            .containsExactly(0L, 10_000L, 20_000L, 30_000L, 30_000L);
        assertThat(updates).filteredOn(u -> u[0] == Progress.Phase.IMPORT.ordinal()).extracting(u -> u[2]).containsOnly(30_000L);
        long[] lastIds = updates.stream().filter(u -> u[0] == Progress.Phase.READ_IDS.ordinal()).reduce((a, b) -> b).orElseThrow();
        assertThat(lastIds[1]).isEqualTo(lastIds[2]).isGreaterThan(30_000L * 20);
    }
}
