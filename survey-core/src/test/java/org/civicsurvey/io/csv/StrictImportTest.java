package org.civicsurvey.io.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer's silent failures of issue 22, each with the message that replaces it: a misspelt
 * header, repeated respondent ids, and the summary of what was rejected and why.
 */
class StrictImportTest {
    private static final Instrument SIPAS = StandardInstruments.sipas2017();
    private static final ColumnMapping MAPPING = ColumnMapping.builder().id("id").questionsByHeader().build();

    /** A SIPAS 2017 file: every question a column (optionally one renamed), every rating 4, pa_used no (pa3, pa4 hidden). */
    private static String csv(String rename, String renameTo, String... ids) {
        StringBuilder sb = new StringBuilder("id");
        List<Question> qs = SIPAS.questions();
        for (Question q : qs) {
            sb.append(',').append(q.id().equals(rename) ? renameTo : q.id());
        }
        sb.append("\r\n");
        for (String id : ids) {
            sb.append(id);
            for (Question q : qs) {
                sb.append(',').append(q.id().equals("pa_used") ? "no" : q.showIf().isPresent() ? "" : "4");
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMisspeltHeaderRefusesTheFileBeforeAnyRowNamingTheClosestQuestion() {
        // before: tc1x was ignored and every row was rejected with "required answer missing"
        List<Response> out = new ArrayList<>();
        CsvImportException e = catchThrowableOfType(CsvImportException.class,
            () -> WideCsvImporter.create(SIPAS, MAPPING).read(bytes(csv("tc1", "tc1x", "r1", "r2")), out::add));
        assertThat(out).isEmpty();
        assertThat(e.problems()).containsExactly(
            "column 'tc1x' is not in the mapping nor a question of the instrument (did you mean 'tc1'?)",
            "required question tc1 has no column (did you mean 'tc1x'?)");
        assertThat(e).hasMessageStartingWith("line 1 (header): the columns do not match instrument sipas2017")
            .hasMessageContaining("withUnknownColumns(ColumnCheck.IGNORE)").hasMessageEndingWith("no row was read");
    }

    @Test
    void theHeaderCanBeCheckedAloneAndAllowedExplicitly() {
        WideCsvImporter importer = WideCsvImporter.create(SIPAS, MAPPING);
        HeaderReport report = importer.checkHeader(List.of("id", "TC1", "notes", "tc2"));
        // TC1 is near tc1 (case is ignored); notes is near nothing expected
        assertThat(report.unknown()).containsExactly(new ColumnIssue("TC1", Optional.of("tc1"), false),
            new ColumnIssue("notes", Optional.empty(), false));
        assertThat(report.missing()).first().isEqualTo(new ColumnIssue("tc1", Optional.of("TC1"), true));
        assertThat(report.messages()).first().isEqualTo("unknown column 'TC1' (did you mean 'tc1'?)");

        // declared ignored: no longer unknown
        HeaderReport declared = WideCsvImporter.create(SIPAS, ColumnMapping.builder().id("id").ignore("notes")
            .questionsByHeader().build()).checkHeader(List.of("id", "notes"));
        assertThat(declared.unknown()).isEmpty();

        // allowed: the rows are read, and each says what is missing
        List<Response> out = new ArrayList<>();
        ImportResult r = importer.withUnknownColumns(ColumnCheck.IGNORE).withMissingColumns(ColumnCheck.IGNORE)
            .read(bytes(csv("tc1", "tc1x", "r1")), out::add);
        assertThat(r.ignoredColumns()).containsExactly("tc1x");
        assertThat(r.header().missing()).extracting(ColumnIssue::column).containsExactly("tc1");
        assertThat(r.errors()).extracting(RowError::toString).containsExactly(
            "row 2: answers.tc1: required answer missing");
    }

    @Test
    void repeatedIdsRejectEveryRowOfThatIdByDefaultAndNoneIsPassedOn(@TempDir Path dir) throws IOException {
        // before: a repeated id was imported twice and counted twice
        Path file = dir.resolve("sipas.csv");
        Files.writeString(file, csv(null, null, "a", "b", "a", "c", " b ", "a"));
        List<Response> out = new ArrayList<>();
        ImportResult r = WideCsvImporter.create(SIPAS, MAPPING).read(file, out::add);
        assertThat(out).extracting(Response::id).containsExactly("c");
        assertThat(r.duplicateIds()).containsExactly(new DuplicateId("a", List.of(2L, 4L, 7L)),
            new DuplicateId("b", List.of(3L, 6L)));
        assertThat(r.rejections()).containsOnlyKeys(RejectReason.DUPLICATE_ID);
        assertThat(r.rejections().get(RejectReason.DUPLICATE_ID)).isEqualTo(new Rejections(5, List.of(2L, 3L, 4L, 6L, 7L)));
        assertThat(r.errors().get(0)).hasToString("row 2, column id: respondent id a is also on rows 4, 7; every row of a"
            + " repeated id is rejected (withDuplicateIds(DuplicateIds.FIRST_WINS) keeps the first)");
        assertThat(r.errors().get(1)).hasToString("row 3, column id: respondent id b is also on row 6; every row of a"
            + " repeated id is rejected (withDuplicateIds(DuplicateIds.FIRST_WINS) keeps the first)");
        assertThat(r.summary()).isEqualTo("read 6 rows: 1 imported, 5 rejected (5 duplicate id: rows 2, 3, 4, 6, 7)");
    }

    @Test
    void firstWinsKeepsTheFirstRowOfEachIdAlsoFromAStream() {
        List<Response> out = new ArrayList<>();
        ImportResult r = WideCsvImporter.create(SIPAS, MAPPING).withDuplicateIds(DuplicateIds.FIRST_WINS)
            .read(bytes(csv(null, null, "a", "b", "a", "c", "b")), out::add);
        assertThat(out).extracting(Response::id).containsExactly("a", "b", "c");
        assertThat(r.errors()).extracting(RowError::toString).containsExactly(
            "row 4, column id: respondent id a was already read on row 2 (the first row of an id wins)",
            "row 6, column id: respondent id b was already read on row 3 (the first row of an id wins)");
        assertThat(r.duplicateIds()).extracting(DuplicateId::id).containsExactly("a", "b");
    }

    @Test
    void theSummaryCountsRejectedRowsByReasonWithTheirRows() {
        String good = csv(null, null, "g1").split("\r\n")[1];
        String header = csv(null, null).split("\r\n")[0];
        String body = header + "\r\n"
            + good + "\r\n"                                   // row 2: imported
            + good.replace("g1,4,", "g2,6,") + "\r\n"         // row 3: 6 is outside 1..5
            + good.replace("g1,4,", "g3,x,") + "\r\n"         // row 4: not a number
            + "g4,4\r\n"                                      // row 5: too few fields
            + good.replace("g1,4,", "g5,7,").replace(",4,4,", ",x,4,") + "\r\n"; // row 6: unreadable first, so not validated
        ImportResult r = WideCsvImporter.create(SIPAS, MAPPING).read(bytes(body), x -> { });
        assertThat(r.rejections()).containsOnlyKeys(RejectReason.INVALID_ANSWER, RejectReason.BAD_VALUE,
            RejectReason.MALFORMED_ROW);
        assertThat(r.rejections().get(RejectReason.INVALID_ANSWER).firstRows()).containsExactly(3L);
        assertThat(r.rejections().get(RejectReason.BAD_VALUE).firstRows()).containsExactly(4L, 6L);
        assertThat(r.rejections().get(RejectReason.MALFORMED_ROW).firstRows()).containsExactly(5L);
        assertThat(r.summary()).isEqualTo("read 5 rows: 1 imported, 4 rejected (1 malformed row: rows 5; 2 bad value:"
            + " rows 4, 6; 1 invalid answer: rows 3)");
    }

    @Test
    void closestNamesUseTheEditDistance() {
        assertThat(WideCsvImporter.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(WideCsvImporter.editDistance("", "abc")).isEqualTo(3);
        assertThat(WideCsvImporter.closest("accessibilty", List.of("affordability", "accessibility")))
            .contains("accessibility");
        assertThat(WideCsvImporter.closest("province", List.of("tc1", "tt2"))).isEmpty();
    }

    @Test
    void aReadErrorOfAFileNamesIt(@TempDir Path dir) {
        assertThatThrownBy(() -> WideCsvImporter.create(SIPAS, MAPPING).read(dir.resolve("absent.csv"), x -> { }))
            .isInstanceOf(CsvImportException.class).hasMessageContaining("absent.csv");
    }
}
