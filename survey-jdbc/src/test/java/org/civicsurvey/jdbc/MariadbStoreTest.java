package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.civicsurvey.jdbc.testing.Fixtures;
import org.civicsurvey.jdbc.testing.TestDatabase;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.junit.jupiter.api.Test;

/** The store contract on MariaDB, plus what only MariaDB has: the answer codes as text. */
class MariadbStoreTest extends StoreContract {

    @Override
    protected TestDatabase database() {
        return TestDatabase.mariadb();
    }

    private Map<String, String> codeTexts(String table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT response_id, answer_codes FROM " + table + " ORDER BY response_id")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    @Test
    void version4FillsTheAnswerCodeTextOfStoredRowsAsTheLibraryComputesThem() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(ns));
        store.putInstrument(Fixtures.instrument());
        List<Response> all = Fixtures.responses("m", 0, 150);
        store.saveAll(all);
        store.save(Fixtures.response("single", 1));
        String t = ns.table("response");
        Map<String, String> written = codeTexts(t);
        assertThat(written).hasSize(all.size() + 1);
        int questions = Fixtures.instrument().questions().size();
        assertThat(written.values()).allSatisfy(text -> assertThat(text).hasSize(4 * questions).containsOnlyDigits());
        ResponseFilter filter = ResponseFilter.all().instrument("portal-rating", "1.0");
        List<GroupBy> groupings = List.of(GroupBy.respondent("province"), GroupBy.respondent("sex"));
        GroupedStatistics expected = store.statistics(filter, groupings).orElseThrow();

        // the database as version 3 left it, then migrated: the script fills what the library wrote
        execute("ALTER TABLE " + t + " DROP COLUMN answer_codes");
        execute("DELETE FROM " + ns.table("schema_version") + " WHERE version = 4");
        assertThat(Migrator.create(db.dataSource(), ns).migrate().applied()).containsExactly(4);
        assertThat(codeTexts(t)).isEqualTo(written);
        GroupedStatistics after = store.statistics(filter, groupings).orElseThrow();
        assertThat(after.domains()).isEqualTo(expected.domains());
        assertSameEstimates(after.statistics(), expected.statistics(), "after the V4 backfill");

        // values at and beyond the edges of the coded range: the script's formula is the library's
        execute("UPDATE " + t + " SET answer_status = CONCAT('0', SUBSTRING(answer_status, 2)) WHERE response_id LIKE 'm%'");
        for (int i = 0; i < CODE_EDGES.length; i++) {
            execute("UPDATE " + t + " SET answer_values = JSON_SET(answer_values, '$[0]', CAST('" + CODE_EDGES[i]
                    + "' AS DOUBLE)) WHERE response_id = 'm" + i + "'");
        }
        execute(scriptUpdate(Dialect.MARIADB, 4, ns));
        Map<String, String> edited = codeTexts(t);
        for (int i = 0; i < CODE_EDGES.length; i++) {
            String expectedSlot = ResponseRows.codeText(new int[] {ResponseRows.answerCode(1, (byte) 0, CODE_EDGES[i])});
            assertThat(edited.get("m" + i)).as("value " + CODE_EDGES[i]).startsWith(expectedSlot);
        }
        assertThat(ResponseRows.codeText(new int[] {ResponseRows.answerCode(1, (byte) 0, 3063),
            ResponseRows.answerCode(2, (byte) 0, -1024), ResponseRows.answerCode(3, (byte) 0, 2.5),
            ResponseRows.answerCode(4, (byte) 2, 4)})).isEqualTo("4095" + "0008" + "0000" + "0002");
    }
}
