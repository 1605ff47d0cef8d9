package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import org.civicsurvey.jdbc.testing.Fixtures;
import org.civicsurvey.jdbc.testing.TestDatabase;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.scoring.GroupBy;
import org.junit.jupiter.api.Test;

/** The store contract on PostgreSQL, plus what only PostgreSQL has: COPY and the answer codes. */
class PostgresqlStoreTest extends StoreContract {

    private static final String ROW = "response_id, instrument_id, instrument_version, status, case_file, case_key, agency,"
            + " service, channel, province, submitted_at, transaction_at, weight, answer_values, answer_status, anonymised,"
            + " content_hash, document, answer_codes, attributes";

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgresql();
    }

    /** Responses with every kind of answer, hostile text everywhere, and edge-case times. */
    private static List<Response> mixed() {
        List<Response> all = new ArrayList<>(Fixtures.responses("m", 0, 150));
        for (int i = 0; i < HOSTILE.size(); i++) {
            String h = HOSTILE.get(i);
            all.add(Response.builder("mh" + i, "portal-rating", "1.0").answer("q1", 1 + i % 5)
                    .answer("q2", Answer.special(SpecialStatus.DONT_KNOW)).answer("visits", 50 - i)
                    .answer("channel", Answer.choiceWithOther(List.of("other"), h)).answer("comment", Answer.text(h))
                    .transaction(Transaction.of(h, h, h, h, Instant.parse("2024-02-29T23:59:59.999999500Z")))
                    .respondent("province", h).respondent("note", h)
                    .submittedAt(Instant.parse("0001-01-01T00:00:00.000000001Z").plusNanos(i)).build());
        }
        all.add(Response.builder("far-future", "portal-rating", "1.0").answer("q1", 5)
                .submittedAt(Instant.parse("+12024-01-01T00:00:00Z")).build());
        return all;
    }

    /** A data source whose connections hide the driver, so the store writes with INSERT. */
    private DataSource insertOnly() {
        DataSource real = db.dataSource();
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (!(result instanceof Connection)) {
                        return result;
                    }
                    Connection c = (Connection) result;
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> m.getName().equals("isWrapperFor") ? Boolean.FALSE : invoke(c, m, a));
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void copyWritesExactlyTheRowsThatInsertWrites() throws SQLException {
        List<Response> all = mixed();
        StoreOptions options = StoreOptions.defaults().withBatchChunkSize(40);
        StoreNamespace copied = db.freshNamespace();
        StoreNamespace inserted = db.freshNamespace();
        SurveyStore viaCopy = SurveyStore.create(db.dataSource(), options.withNamespace(copied));
        SurveyStore viaInsert = SurveyStore.create(insertOnly(), options.withNamespace(inserted));
        for (SurveyStore s : List.of(viaCopy, viaInsert)) {
            s.putInstrument(Fixtures.instrument());
            s.save(all.get(0));
            assertThat(s.saveAll(all).count(SaveOutcome.STORED)).isEqualTo(all.size() - 1);
        }
        for (Response r : all) {
            assertThat(viaCopy.findResponse(r.id())).contains(r);
        }
        String a = copied.table("response");
        String b = inserted.table("response");
        assertThat(count("SELECT COUNT(*) FROM (SELECT " + ROW + " FROM " + a + " EXCEPT SELECT " + ROW + " FROM " + b + ") x"))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM (SELECT " + ROW + " FROM " + b + " EXCEPT SELECT " + ROW + " FROM " + a + ") x"))
                .isZero();
        // attributes are in the response row's JSON (compared above), none in the attribute table
        assertThat(count("SELECT COUNT(*) FROM " + copied.table("response_attribute"))).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + inserted.table("response_attribute"))).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + a)).isEqualTo(all.size());
        assertThat(storedAttributes(copied)).isEqualTo(storedAttributes(inserted)).isPositive();
        // hostile attribute values come back verbatim from the JSON column
        assertThat(count("SELECT COUNT(*) FROM " + a + " WHERE attributes ->> 'note' = '"
                + HOSTILE.get(1).replace("'", "''") + "'")).isEqualTo(1);
        // the far-future response went through INSERT (the store copies years 1 to 9999 only) in both
        assertThat(count("SELECT COUNT(*) FROM " + a + " WHERE EXTRACT(YEAR FROM submitted_at) = 12024")).isEqualTo(1);
    }

    @Test
    void version3IndexesTheCaseKeyOnlyWhereItIsSetAndKeepsTheRule() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        StoreOptions ruled = StoreOptions.defaults().withNamespace(ns).withOneResponsePerCaseFile(true);
        SurveyStore store = SurveyStore.create(db.dataSource(), ruled);
        store.putInstrument(Fixtures.instrument());
        String index = "SELECT COUNT(*) FROM pg_indexes WHERE indexname = '" + ns.prefix() + "response_case_uq'";
        assertThat(count(index + " AND indexdef LIKE '%WHERE (case_key IS NOT NULL)'")).isEqualTo(1);
        // rows with and without a case key, by COPY (a batch) and by INSERT (one save)
        List<Response> batch = new ArrayList<>(Fixtures.responses("k", 0, 60));
        for (int i = 0; i < 40; i++) {
            batch.add(Response.builder("nocase" + i, "portal-rating", "1.0").answer("q1", 1 + i % 5).build());
        }
        assertThat(store.saveAll(batch).count(SaveOutcome.STORED)).isEqualTo(100);
        assertThat(count("SELECT COUNT(*) FROM " + ns.table("response") + " WHERE case_key IS NULL")).isEqualTo(40);
        Response again = Response.builder("again", "portal-rating", "1.0").answer("q1", 2)
                .transaction(batch.get(7).transaction()).build();
        assertThatThrownBy(() -> store.save(again)).isInstanceOf(ResponseConflictException.class)
                .hasMessageContaining("case file already has response " + batch.get(7).id());

        // a database at version 2 (the full unique constraint) upgrades, keeping its rows and the rule
        execute("DROP INDEX " + ns.qualifier() + "response_case_uq");
        execute("ALTER TABLE " + ns.table("response") + " ADD CONSTRAINT " + ns.prefix()
                + "response_case_uq UNIQUE (instrument_id, case_key)");
        execute("DELETE FROM " + ns.table("schema_version") + " WHERE version >= 3 AND version <= 4");
        assertThat(Migrator.create(db.dataSource(), ns).migrate().applied()).containsExactly(3, 4);
        assertThat(count(index + " AND indexdef LIKE '%WHERE (case_key IS NOT NULL)'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM pg_constraint WHERE conname = '" + ns.prefix() + "response_case_uq'"))
                .isZero();
        assertThat(store.count(ResponseFilter.all())).isEqualTo(100);
        assertThatThrownBy(() -> store.save(again)).isInstanceOf(ResponseConflictException.class);
        BatchResult repeated = store.saveAll(List.of(again, Response.builder("nocase-new", "portal-rating", "1.0")
                .answer("q1", 3).build()));
        assertThat(repeated.items()).extracting(BatchItem::outcome).containsExactly(SaveOutcome.CONFLICT, SaveOutcome.STORED);
    }

    @Test
    void version2FillsTheAnswerCodesOfStoredRowsAsTheLibraryComputesThem() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(ns));
        store.putInstrument(Fixtures.instrument());
        List<Response> all = mixed();
        store.saveAll(all);
        String t = ns.table("response");
        String before = ns.prefix() + "codes_before";
        execute("CREATE TABLE " + before + " AS SELECT response_id, answer_codes, attributes FROM " + t);
        ResponseFilter filter = ResponseFilter.all().instrument("portal-rating", "1.0");
        List<GroupBy> byProvince = List.of(GroupBy.respondent("province"), GroupBy.respondent("sex"));
        GroupedStatistics expected = store.statistics(filter, byProvince).orElseThrow();
        try {
            // the database as version 1 left it, then migrated
            execute("ALTER TABLE " + t + " DROP COLUMN answer_codes");
            execute("ALTER TABLE " + t + " DROP COLUMN attributes");
            execute("DROP INDEX " + ns.qualifier() + "response_case_uq");
            execute("ALTER TABLE " + t + " ADD CONSTRAINT " + ns.prefix() + "response_case_uq UNIQUE (instrument_id, case_key)");
            execute("DELETE FROM " + ns.table("schema_version") + " WHERE version >= 2 AND version <= 4");
            // version 1 kept every respondent attribute as a row, the province too
            execute("INSERT INTO " + ns.table("response_attribute") + " (response_id, attr_name, attr_value)"
                    + " SELECT b.response_id, e.key, e.value FROM " + before + " b, jsonb_each_text(b.attributes) e");
            execute("INSERT INTO " + ns.table("response_attribute") + " (response_id, attr_name, attr_value)"
                    + " SELECT response_id, 'province', province FROM " + t + " WHERE province IS NOT NULL");
            assertThat(count("SELECT COUNT(*) FROM " + ns.table("response_attribute"))).isGreaterThan(all.size());
            assertThat(Migrator.create(db.dataSource(), ns).migrate().applied()).containsExactly(2, 3, 4);
            assertThat(count("SELECT COUNT(*) FROM " + ns.table("response_attribute"))).isZero();
            assertThat(count("SELECT COUNT(*) FROM " + t + " r JOIN " + before
                    + " b USING (response_id) WHERE r.answer_codes = b.answer_codes AND r.attributes = b.attributes"))
                    .isEqualTo(all.size());
            GroupedStatistics after = store.statistics(filter, byProvince).orElseThrow();
            assertThat(after.domains()).isEqualTo(expected.domains());
            assertSameEstimates(after.statistics(), expected.statistics(), "after the V2 backfill");
        } finally {
            execute("DROP TABLE " + before);
        }
        // values at and beyond the edges of the coded range: the script's formula is the library's
        execute("UPDATE " + t + " SET answer_status = '0' || substring(answer_status from 2) WHERE response_id LIKE 'm%'");
        for (int i = 0; i < CODE_EDGES.length; i++) {
            execute("UPDATE " + t + " SET answer_values[1] = " + CODE_EDGES[i] + " WHERE response_id = 'm" + i + "'");
        }
        execute(scriptUpdate(Dialect.POSTGRESQL, 2, ns));
        for (int i = 0; i < CODE_EDGES.length; i++) {
            assertThat(count("SELECT answer_codes[1] FROM " + t + " WHERE response_id = 'm" + i + "'")).as("value " + CODE_EDGES[i])
                    .isEqualTo(ResponseRows.answerCode(1, (byte) 0, CODE_EDGES[i]));
        }
        assertThat(ResponseRows.answerCode(1, (byte) 0, 3063)).isEqualTo(2 * 4096 - 1);
        assertThat(ResponseRows.answerCode(1, (byte) 0, -1024)).isEqualTo(4096 + 8);
        assertThat(ResponseRows.answerCode(1, (byte) 0, 2.5)).isEqualTo(4096);
        assertThat(ResponseRows.answerCode(3, (byte) 2, 4)).isEqualTo(3 * 4096 + 2);
    }

    @Test
    void twoPipelinedBatchesOfTheSameIdsInDifferentOrdersFinishAndStoreEachOnce() throws Exception {
        // each batch writes two chunks at once; different orders make a batch's chunk in flight
        // wait for a row of the other batch's chunk that waits for its commit, and that one can wait
        // for a row of the first batch's next chunk: a cycle through Java, which PostgreSQL cannot
        // see. The lock timeout of pipelined chunks breaks it (without it this test hangs).
        for (int round = 0; round < 6; round++) {
            SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(5));
            List<Response> ids = Fixtures.responses("x" + round + "-", 0, 200);
            List<Response> reversed = new ArrayList<>(ids);
            java.util.Collections.shuffle(reversed, new java.util.Random(round));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<BatchResult>> results = new ArrayList<>();
                for (List<Response> batch : List.of(ids, reversed)) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.saveAll(batch);
                    }));
                }
                start.countDown();
                int stored = 0;
                int duplicates = 0;
                for (java.util.concurrent.Future<BatchResult> f : results) {
                    BatchResult r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    stored += r.count(SaveOutcome.STORED);
                    duplicates += r.count(SaveOutcome.DUPLICATE);
                }
                assertThat(stored).isEqualTo(200);
                assertThat(duplicates).isEqualTo(200);
                assertThat(store.count(ResponseFilter.all())).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
