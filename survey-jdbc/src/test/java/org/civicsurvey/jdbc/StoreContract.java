package org.civicsurvey.jdbc;

import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.jdbc.testing.FailingDataSource;
import org.civicsurvey.jdbc.testing.Fixtures;
import org.civicsurvey.jdbc.testing.TestDatabase;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.report.Report;
import org.civicsurvey.report.ReportCell;
import org.civicsurvey.report.ReportData;
import org.civicsurvey.report.ReportOptions;
import org.civicsurvey.report.ReportTable;
import org.civicsurvey.report.SipasReport;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.AnswerStatus;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.IndexNode;
import org.civicsurvey.scoring.Period;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.civicsurvey.validation.Rule;
import org.civicsurvey.validation.Violation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's contract, run on every database: H2 always, PostgreSQL and MariaDB when reachable
 * (always when {@code CI=true}). Subclasses only say which database.
 */
abstract class StoreContract {

    protected TestDatabase db;

    /** The database under test, created once per test. */
    protected abstract TestDatabase database();

    @BeforeEach
    void openDatabase() {
        db = database();
    }

    @AfterEach
    void dropTables() throws SQLException {
        db.dropAll();
    }

    protected int count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The stored respondent attributes: rows of the attribute table, or on PostgreSQL keys of the JSON column. */
    protected int storedAttributes(StoreNamespace ns) throws SQLException {
        return db.dialect() == Dialect.POSTGRESQL
                ? count("SELECT COUNT(*) FROM " + ns.table("response") + " r, jsonb_object_keys(r.attributes) k")
                : count("SELECT COUNT(*) FROM " + ns.table("response_attribute"));
    }

    /** The responses with at least one stored respondent attribute. */
    protected int responsesWithAttributes(StoreNamespace ns) throws SQLException {
        return db.dialect() == Dialect.POSTGRESQL
                ? count("SELECT COUNT(*) FROM " + ns.table("response") + " WHERE attributes <> '{}'")
                : count("SELECT COUNT(DISTINCT response_id) FROM " + ns.table("response_attribute"));
    }

    /** Values at and beyond the edges of the answer codes' range, for the scripts that compute codes. */
    static final double[] CODE_EDGES = {-1025, -1024, -3, -0.5, 0, 2.5, 3063, 3064, 1e300, -0.0};

    /** The UPDATE statement of a shipped migration script, its placeholders filled for a namespace. */
    static String scriptUpdate(Dialect dialect, int version, StoreNamespace ns) {
        return SqlScript.split(SqlScript.fill(Migrator.scripts(dialect).get(version - 1).sql(), Migrator.placeholders(ns)))
                .stream().filter(q -> q.startsWith("UPDATE")).findFirst().orElseThrow();
    }

    protected void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    // ---------------------------------------------------------------- dialect and migrations

    @Test
    void detectsTheDialectFromConnectionMetadata() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(Dialect.detect(c)).isEqualTo(db.dialect());
        }
    }

    @Test
    void migratesFromEmptyThenReRunIsANoOp() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        Migrator migrator = Migrator.create(db.dataSource(), ns);
        assertThat(migrator.currentVersion()).isZero();

        MigrationResult first = migrator.migrate();
        assertThat(first.previousVersion()).isZero();
        assertThat(first.applied()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(first.currentVersion()).isEqualTo(Migrator.latestVersion());
        assertThat(count("SELECT COUNT(*) FROM " + ns.table("response"))).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + ns.table("schema_version"))).isEqualTo(Migrator.latestVersion());

        MigrationResult second = migrator.migrate();
        assertThat(second.upToDate()).isTrue();
        assertThat(second.previousVersion()).isEqualTo(Migrator.latestVersion());
        assertThat(count("SELECT COUNT(*) FROM " + ns.table("schema_version"))).isEqualTo(Migrator.latestVersion());
    }

    @Test
    void tablesCanLiveInAnotherSchema() throws SQLException {
        String schema = db.freshNamespace().prefix() + "s";
        boolean mariadb = db.dialect() == Dialect.MARIADB;
        execute(mariadb ? "CREATE DATABASE " + schema : "CREATE SCHEMA " + schema);
        try {
            StoreNamespace ns = StoreNamespace.of(schema, "cs_");
            SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults().withNamespace(ns));
            store.putInstrument(Fixtures.instrument());
            Response r = Fixtures.response("schema", 1);
            store.save(r);
            assertThat(store.findResponse(r.id())).contains(r);
            assertThat(count("SELECT COUNT(*) FROM " + schema + ".cs_response")).isEqualTo(1);
            assertThat(Migrator.create(db.dataSource(), ns).migrate().upToDate()).isTrue();
        } finally {
            execute(mariadb ? "DROP DATABASE " + schema : "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void aChangedScriptFailsNamingTheVersion() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        Migrator migrator = Migrator.create(db.dataSource(), ns);
        migrator.migrate();
        // as if the V1 script had been edited after it was applied
        execute("UPDATE " + ns.table("schema_version") + " SET checksum = '"
                + "0".repeat(64) + "' WHERE version = 1");
        assertThatThrownBy(migrator::migrate)
                .isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("checksum mismatch for migration V1")
                .hasMessageContaining("0".repeat(64));
    }

    @Test
    void aDatabaseNewerThanTheLibraryFails() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        Migrator migrator = Migrator.create(db.dataSource(), ns);
        migrator.migrate();
        execute("INSERT INTO " + ns.table("schema_version")
                + " (version, description, checksum, installed_at, execution_ms) VALUES (99, 'future', '"
                + "1".repeat(64) + "', CURRENT_TIMESTAMP, 0)");
        assertThatThrownBy(migrator::migrate)
                .isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("schema version 99 is newer than this library supports");
    }

    @Test
    void concurrentStartsApplyEachMigrationOnce() throws Exception {
        StoreNamespace ns = db.freshNamespace();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<MigrationResult>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<MigrationResult> task = () -> {
                    start.await();
                    return Migrator.create(db.dataSource(), ns).migrate();
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            int appliedRuns = 0;
            for (Future<MigrationResult> f : results) {
                MigrationResult r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.currentVersion()).isEqualTo(Migrator.latestVersion());
                if (!r.upToDate()) {
                    appliedRuns++;
                    assertThat(r.applied()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
                }
            }
            assertThat(appliedRuns).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM " + ns.table("schema_version"))).isEqualTo(Migrator.latestVersion());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHeldLockMakesAnotherMigrationTimeOut() throws SQLException {
        StoreNamespace ns = db.freshNamespace();
        try (Connection holder = db.dataSource().getConnection()) {
            SchemaLock lock = SchemaLock.acquire(holder, db.dialect(), ns, Duration.ofSeconds(5));
            try {
                assertThatThrownBy(() -> Migrator.create(db.dataSource(), ns).withLockTimeout(Duration.ofMillis(300)).migrate())
                        .isInstanceOf(SurveyStoreException.class)
                        .hasMessageContaining("schema lock");
            } finally {
                lock.close();
            }
        }
        assertThat(Migrator.create(db.dataSource(), ns).migrate().applied()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void anInterruptedWaitForTheLockRestoresTheFlag() throws Exception {
        StoreNamespace ns = db.freshNamespace();
        try (Connection holder = db.dataSource().getConnection()) {
            SchemaLock lock = SchemaLock.acquire(holder, db.dialect(), ns, Duration.ofSeconds(5));
            try {
                Thread.currentThread().interrupt();
                assertThatThrownBy(() -> Migrator.create(db.dataSource(), ns).migrate())
                        .isInstanceOf(SurveyStoreException.class)
                        .hasMessageContaining("interrupted");
                assertThat(Thread.interrupted()).isTrue();
            } finally {
                Thread.interrupted();
                lock.close();
            }
        }
    }

    // ---------------------------------------------------------------- instruments and responses

    protected SurveyStore store() {
        return store(StoreOptions.defaults());
    }

    protected SurveyStore store(StoreOptions options) {
        SurveyStore store = SurveyStore.create(db.dataSource(), options.withNamespace(db.freshNamespace()));
        store.putInstrument(Fixtures.instrument());
        return store;
    }

    @Test
    void storesAnInstrumentOnceAndReadsItBack() {
        SurveyStore store = store();
        Instrument instrument = Fixtures.instrument();
        assertThat(store.dialect()).isEqualTo(db.dialect());
        assertThat(store.putInstrument(instrument)).isEqualTo(SaveOutcome.DUPLICATE);
        assertThat(store.findInstrument("portal-rating", "1.0")).contains(instrument);
        assertThat(store.findInstrument("portal-rating", "2.0")).isEmpty();
    }

    @Test
    void anInstrumentVersionWithResponsesIsImmutable() {
        SurveyStore store = store();
        Instrument changed = InstrumentJson.read(InstrumentJson.write(Fixtures.instrument()).replace("Hài lòng chung", "Hài lòng"));
        assertThat(store.putInstrument(changed)).isEqualTo(SaveOutcome.UPDATED);
        assertThat(store.putInstrument(Fixtures.instrument())).isEqualTo(SaveOutcome.UPDATED);
        store.save(Fixtures.response("r", 1));
        assertThatThrownBy(() -> store.putInstrument(changed))
                .isInstanceOf(InstrumentInUseException.class)
                .hasMessageContaining("instrument portal-rating version 1.0")
                .hasMessageContaining("immutable");
        assertThat(store.findInstrument("portal-rating", "1.0")).contains(Fixtures.instrument());
    }

    @Test
    void savesAndReadsBackAResponseExactly() {
        SurveyStore store = store();
        Response r = Fixtures.response("r", 1);
        assertThat(store.save(r)).isEqualTo(SaveOutcome.STORED);
        assertThat(store.findResponse(r.id())).contains(r);
        assertThat(store.findResponse("absent")).isEmpty();
        assertThat(store.count(ResponseFilter.all())).isEqualTo(1);
    }

    @Test
    void aRetryIsADuplicateAndDifferentContentUnderTheSameIdIsAConflict() {
        SurveyStore store = store();
        Response r = Fixtures.response("r", 1);
        store.save(r);
        assertThat(store.save(r)).isEqualTo(SaveOutcome.DUPLICATE);
        Response other = Response.builder("r1", "portal-rating", "1.0").answer("q1", 2)
                .answer("comment", Answer.text("secret answer text")).build();
        assertThatThrownBy(() -> store.save(other))
                .isInstanceOf(ResponseConflictException.class)
                .hasMessageContaining("save response r1")
                .hasMessageNotContaining("secret");
        assertThat(store.findResponse("r1")).contains(r);
        assertThat(store.count(ResponseFilter.all())).isEqualTo(1);
    }

    @Test
    void anInvalidResponseIsNotStoredAndTheMessageHasReasonsNotFreeText() {
        SurveyStore store = store();
        Response bad = Response.builder("bad", "portal-rating", "1.0").answer("q1", 6).answer("q2", 4.5)
                .answer("nope", 1).build();
        ResponseValidationException e = catchThrowableOfType(ResponseValidationException.class, () -> store.save(bad));
        // reasons name values and option codes (4.5 here), never free text
        assertThat(e.getMessage()).contains("save response bad", "answers.q1", "answers.q2", "answers.nope");
        assertThat(e.violations()).hasSize(3).anySatisfy(v -> assertThat(v).startsWith("answers.q1: 6"));
        assertThat(store.count(ResponseFilter.all())).isZero();

        Response unknown = Response.builder("u", "portal-rating", "9.9").answer("q1", 4).build();
        assertThatThrownBy(() -> store.save(unknown))
                .isInstanceOf(ResponseValidationException.class)
                .hasMessageContaining("instrument portal-rating version 9.9 is not stored");
        assertThat(store.count(ResponseFilter.all())).isZero();
    }

    @Test
    void theValidationMessageGivesEveryViolationWithItsReason() {
        SurveyStore store = store();
        Response one = Response.builder("r1", "portal-rating", "1.0").answer("q1", 6).build();
        ResponseValidationException e = catchThrowableOfType(ResponseValidationException.class, () -> store.save(one));
        assertThat(e.getMessage()).isEqualTo("save response r1: answers.q1: 6 is outside the scale 1..5");
        assertThat(e.report().violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("answers.q1");
            assertThat(v.rule()).isEqualTo(Rule.OUT_OF_RANGE);
        });

        Response three = Response.builder("bad", "portal-rating", "1.0").answer("q1", 6).answer("q2", 4.5)
                .answer("nope", 1).build();
        ResponseValidationException e3 = catchThrowableOfType(ResponseValidationException.class, () -> store.save(three));
        // the validator reports unknown questions before the instrument's questions in order
        assertThat(e3.getMessage()).isEqualTo("save response bad: answers.nope: no question 'nope' in instrument"
                + " portal-rating 1.0; answers.q1: 6 is outside the scale 1..5; answers.q2: 4.5 is not a whole number on the scale 1..5");
        assertThat(e3.report().violations()).extracting(Violation::path)
                .containsExactly("answers.nope", "answers.q1", "answers.q2");
        assertThat(e3.violations()).isEqualTo(e3.report().messages());

        // the store's own rule (no U+0000) is reported the same way, with its reason
        Response nul = Response.builder("n", "portal-rating", "1.0").answer("q1", 4).answer("comment", Answer.text("a\u0000b"))
                .build();
        assertThatThrownBy(() -> store.save(nul)).isInstanceOf(ResponseValidationException.class)
                .hasMessage("save response n: answers.comment: contains the character U+0000, which the store does not"
                        + " accept (PostgreSQL cannot store it)");
        assertThat(store.count(ResponseFilter.all())).isZero();
    }

    @Test
    void oneResponsePerCaseFileIsEnforcedByTheDatabase() {
        SurveyStore store = store(StoreOptions.defaults().withOneResponsePerCaseFile(true));
        Response first = Fixtures.response("a", 1);
        Response second = Response.builder("b1", "portal-rating", "1.0").answer("q1", 5)
                .transaction(first.transaction()).build();
        store.save(first);
        assertThatThrownBy(() -> store.save(second))
                .isInstanceOf(ResponseConflictException.class)
                .hasMessageContaining("save response b1")
                .hasMessageContaining("case file already has response a1 to instrument portal-rating");
        assertThat(store.count(ResponseFilter.all())).isEqualTo(1);
        BatchResult batch = store.saveAll(List.of(second, Fixtures.response("c", 2)));
        assertThat(batch.items()).extracting(BatchItem::outcome).containsExactly(SaveOutcome.CONFLICT, SaveOutcome.STORED);
        assertThat(batch.items().get(0).problems()).singleElement().asString().startsWith("transaction.caseFileId");

        SurveyStore free = store();
        free.save(first);
        assertThat(free.save(second)).isEqualTo(SaveOutcome.STORED);
    }

    @Test
    void anInProgressResponseIsUpdatedUntilComplete() {
        SurveyStore store = store();
        Response draft = Response.builder("d", "portal-rating", "1.0").status(ResponseStatus.IN_PROGRESS)
                .answer("q2", 3).build();
        assertThat(store.save(draft)).isEqualTo(SaveOutcome.STORED);
        Response more = Response.builder("d", "portal-rating", "1.0").status(ResponseStatus.IN_PROGRESS)
                .answer("q2", 3).answer("q3", 4).respondent("sex", "female").build();
        assertThat(store.save(more)).isEqualTo(SaveOutcome.UPDATED);
        assertThat(store.count(ResponseFilter.all().status(ResponseStatus.IN_PROGRESS))).isEqualTo(1);
        Response incomplete = Response.builder("d", "portal-rating", "1.0").answer("q2", 3).build();
        assertThatThrownBy(() -> store.save(incomplete))
                .isInstanceOf(ResponseValidationException.class).hasMessageContaining("answers.q1");
        Response done = Response.builder("d", "portal-rating", "1.0").answer("q1", 5).answer("q2", 3).answer("q3", 4)
                .respondent("sex", "female").build();
        assertThat(store.save(done)).isEqualTo(SaveOutcome.UPDATED);
        assertThat(store.save(done)).isEqualTo(SaveOutcome.DUPLICATE);
        assertThat(store.findResponse("d")).contains(done);
        assertThat(store.count(ResponseFilter.all().status(ResponseStatus.COMPLETE).attribute("sex", "female"))).isEqualTo(1);
        assertThatThrownBy(() -> store.save(more)).isInstanceOf(ResponseConflictException.class);
    }

    static final List<String> HOSTILE = List.of(
            "O'Brien \"quoted\" `back`", "'; DROP TABLE cs_response; --", "x' OR '1'='1", "\\' \\\\ %_ *",
            "emoji 👍🏽👨‍👩‍👧 🇻🇳", "עברית \u202Eabc\u202C العربية", "tab\tnew\nline\rreturn", "Tiếng Việt có dấu: Rất hài lòng",
            "zero\u200Bwidth\uFEFF", "$1 ${prefix} ? :name");

    @Test
    void hostileStringsInEveryTextFieldComeBackVerbatim() {
        SurveyStore store = store();
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String h = HOSTILE.get(i);
            responses.add(Response.builder("h" + i, "portal-rating", "1.0").answer("q1", 4)
                    .answer("channel", Answer.choiceWithOther(List.of("other"), h))
                    .answer("comment", Answer.text(h))
                    .transaction(Transaction.of(h, h, h, h, Fixtures.START))
                    .respondent("province", h).respondent("note", h).build());
        }
        store.save(responses.get(0));
        assertThat(store.saveAll(responses).count(SaveOutcome.STORED)).isEqualTo(HOSTILE.size() - 1);
        for (int i = 0; i < HOSTILE.size(); i++) {
            String h = HOSTILE.get(i);
            assertThat(store.findResponse("h" + i)).contains(responses.get(i));
            ResponseFilter f = ResponseFilter.all().agency(h).service(h).channel(h).province(h).attribute("note", h)
                    .attribute("province", h);
            assertThat(store.count(f)).as(h).isEqualTo(1);
            try (Stream<Response> s = store.stream(f)) {
                assertThat(s.map(Response::id)).containsExactly("h" + i);
            }
            assertThat(store.responseIdsForCaseFile(h)).containsExactly("h" + i);
        }
        // hostile filter values and attribute names match nothing and harm nothing
        for (String h : HOSTILE) {
            assertThat(store.count(ResponseFilter.all().attribute(h, "x"))).isZero();
            assertThat(store.count(ResponseFilter.all().instrument(h, h))).isZero();
            // grouped by an attribute of that name: every response in the "absent" group
            GroupedStatistics byName = store.statistics(ResponseFilter.all().instrument("portal-rating", "1.0"),
                    List.of(GroupBy.respondent(h))).orElseThrow();
            assertThat(byName.domains()).hasSize(1);
            assertThat(byName.domainOf((String) null)).isPresent();
        }
        // grouped by the attribute holding them: each hostile value is a domain label, verbatim
        GroupedStatistics byNote = store.statistics(ResponseFilter.all().instrument("portal-rating", "1.0"),
                List.of(GroupBy.respondent("note"), GroupBy.respondent("province"))).orElseThrow();
        for (String h : HOSTILE) {
            assertThat(byNote.domainOf(h, h)).as(h).isPresent();
        }
        assertThat(store.count(ResponseFilter.all())).isEqualTo(HOSTILE.size());
    }

    @Test
    void aNulCharacterIsAClearValidationErrorOnEveryDatabase() {
        SurveyStore store = store();
        Response nul = Response.builder("n", "portal-rating", "1.0").answer("q1", 4).answer("comment", Answer.text("a\u0000b"))
                .transaction(Transaction.of("c\u0000", "ag", "sv", "ch", Fixtures.START)).build();
        assertThatThrownBy(() -> store.save(nul))
                .isInstanceOf(ResponseValidationException.class)
                .hasMessageContaining("answers.comment")
                .hasMessageContaining("transaction.caseFileId")
                .satisfies(e -> assertThat(((ResponseValidationException) e).violations())
                        .anySatisfy(v -> assertThat(v).contains("U+0000")));
        assertThat(store.count(ResponseFilter.all())).isZero();
    }

    @Test
    void streamsAndCountsMatchAnInMemoryFilter() {
        SurveyStore store = store(StoreOptions.defaults().withFetchSize(7).withBatchChunkSize(50));
        List<Response> all = Fixtures.responses("s", 0, 240);
        assertThat(store.saveAll(all).count(SaveOutcome.STORED)).isEqualTo(240);
        Instant from = Fixtures.START.plusSeconds(90L * 86400);
        Instant to = Fixtures.START.plusSeconds(200L * 86400);
        List<ResponseFilter> filters = List.of(
                ResponseFilter.all(),
                ResponseFilter.all().instrument("portal-rating", "1.0"),
                ResponseFilter.all().instrument("portal-rating", "2.0"),
                ResponseFilter.all().period(from, to),
                ResponseFilter.all().agency("so-tu-phap").service("ho-tich"),
                ResponseFilter.all().channel("online").province("HN"),
                ResponseFilter.all().attribute("sex", "female").attribute("ageBand", "25-34"),
                ResponseFilter.all().instrument("portal-rating").period(from, to).attribute("sex", "male").agency("ubnd-q1"));
        for (ResponseFilter f : filters) {
            List<String> expected = all.stream().filter(r -> matches(f, r)).map(Response::id).sorted().collect(toList());
            assertThat(store.count(f)).as(f.toString()).isEqualTo(expected.size());
            try (Stream<Response> s = store.stream(f)) {
                assertThat(s.map(Response::id).sorted()).as(f.toString()).containsExactlyElementsOf(expected);
            }
        }
        try (Stream<Response> s = store.stream(ResponseFilter.all())) {
            assertThat(s.limit(3)).hasSize(3); // closing early releases the cursor
        }
    }

    static boolean matches(ResponseFilter f, Response r) {
        Instant t = r.submittedAt().orElseThrow();
        return f.instrumentId().map(r.instrumentId()::equals).orElse(true)
                && f.instrumentVersion().map(r.instrumentVersion()::equals).orElse(true)
                && f.from().map(x -> !t.isBefore(x)).orElse(true)
                && f.to().map(t::isBefore).orElse(true)
                && f.agency().map(x -> r.transaction().agency().equals(Optional.of(x))).orElse(true)
                && f.service().map(x -> r.transaction().service().equals(Optional.of(x))).orElse(true)
                && f.channel().map(x -> r.transaction().channel().equals(Optional.of(x))).orElse(true)
                && f.province().map(x -> x.equals(r.respondent().get("province"))).orElse(true)
                && f.status().map(x -> x == r.status()).orElse(true)
                && f.attributes().entrySet().stream().allMatch(e -> e.getValue().equals(r.respondent().get(e.getKey())));
    }

    @Test
    void responsesStoredWithTheIndentedHashOfSchemaVersion1AreStillDuplicates() throws SQLException {
        SurveyStore store = store();
        Response a = Fixtures.response("legacy", 1);
        Response b = Fixtures.response("legacy", 2);
        store.saveAll(List.of(a, b));
        // as version 1 stored them: the indented JSON and its hash
        String t = store.options().namespace().table("response");
        for (Response r : List.of(a, b)) {
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE " + t + " SET document = ?, content_hash = ? WHERE response_id = ?")) {
                ps.setString(1, ResponseJson.write(r));
                ps.setString(2, Hashing.sha256(ResponseJson.write(r)));
                ps.setString(3, r.id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(store.findResponse(a.id())).contains(a);
        assertThat(store.save(a)).isEqualTo(SaveOutcome.DUPLICATE);
        assertThat(store.saveAll(List.of(a, b)).count(SaveOutcome.DUPLICATE)).isEqualTo(2);
        Response changed = Response.builder(a.id(), "portal-rating", "1.0").answer("q1", 1).build();
        assertThatThrownBy(() -> store.save(changed)).isInstanceOf(ResponseConflictException.class);
        // new rows store the compact JSON
        store.save(Fixtures.response("legacy", 3));
        assertThat(count("SELECT COUNT(*) FROM " + t + " WHERE response_id = 'legacy3' AND document = '"
                + ResponseJson.writeCompact(Fixtures.response("legacy", 3)).replace("'", "''") + "'")).isEqualTo(1);
    }

    @Test
    void aBatchReportsEveryResponse() {
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(3));
        Response a = Fixtures.response("b", 1);
        Response bad = Response.builder("bad", "portal-rating", "1.0").answer("q1", 0).build();
        Response aChanged = Response.builder("b1", "portal-rating", "1.0").answer("q1", 1).build();
        store.save(Fixtures.response("b", 2));
        BatchResult result = store.saveAll(List.of(a, bad, a, Fixtures.response("b", 2), aChanged, Fixtures.response("b", 3)));
        assertThat(result.items()).extracting(BatchItem::outcome).containsExactly(SaveOutcome.STORED, SaveOutcome.INVALID,
                SaveOutcome.DUPLICATE, SaveOutcome.DUPLICATE, SaveOutcome.CONFLICT, SaveOutcome.STORED);
        assertThat(result.items()).extracting(BatchItem::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(result.items().get(1).problems()).singleElement().asString().startsWith("answers.q1");
        assertThat(store.count(ResponseFilter.all())).isEqualTo(3);
    }

    @Test
    void aConnectionFailingMidBatchCommitsExactlyTheChunksBeforeIt() throws SQLException {
        // chunks of 10 go through INSERT everywhere; chunks of 40 through COPY on PostgreSQL
        for (int chunk : new int[] {10, 40}) {
            failMidBatch(chunk);
        }
    }

    private void failMidBatch(int chunk) throws SQLException {
        FailingDataSource failing = new FailingDataSource(db.dataSource());
        StoreNamespace ns = db.freshNamespace();
        StoreOptions options = StoreOptions.defaults().withNamespace(ns).withBatchChunkSize(chunk);
        SurveyStore.create(db.dataSource(), options).putInstrument(Fixtures.instrument());
        int size = 4 * chunk + 5;
        List<Response> batch = Fixtures.responses("f", 0, size);
        for (int okExecutions : new int[] {0, 1, 2, 3, 4, 5, 8, 10}) {
            execute("DELETE FROM " + ns.table("response_attribute"));
            execute("DELETE FROM " + ns.table("response"));
            SurveyStore store = SurveyStore.create(failing, options.withMigrateOnCreate(false));
            failing.failAfter(okExecutions);
            BatchFailedException e = catchThrowableOfType(BatchFailedException.class, () -> store.saveAll(batch));
            failing.disarm();
            assertThat(e).as("chunks of %d, fail after %d executions", chunk, okExecutions).isNotNull();
            assertThat(e.getMessage()).contains("save batch");
            assertThat(e.getCause()).isInstanceOf(SQLException.class);
            int committed = e.firstUncommitted();
            assertThat(committed % chunk).as("whole chunks only").isZero();
            assertThat(e.committed().items()).hasSize(committed)
                    .allSatisfy(item -> assertThat(item.outcome()).isEqualTo(SaveOutcome.STORED));
            assertThat(count("SELECT COUNT(*) FROM " + ns.table("response"))).isEqualTo(committed);
            assertThat(count("SELECT COUNT(*) FROM " + ns.table("response") + " WHERE response_id IN ('f0', 'f"
                    + Math.max(0, committed - 1) + "')")).isEqualTo(committed == 0 ? 0 : committed == 1 ? 1 : 2);
            assertThat(count("SELECT COUNT(*) FROM " + ns.table("response") + " WHERE response_id = 'f" + committed + "'"))
                    .isZero();
            // attributes were committed with their responses, and none beyond them
            assertThat(responsesWithAttributes(ns)).isEqualTo(committed);
            // resuming with the whole batch is safe
            BatchResult resumed = store.saveAll(batch);
            assertThat(resumed.count(SaveOutcome.DUPLICATE)).isEqualTo(committed);
            assertThat(resumed.count(SaveOutcome.STORED)).isEqualTo(size - committed);
        }
    }

    @Test
    void chunksPreparedAheadKeepTheirResultsAndAProgrammingErrorStopsAfterTheEarlierChunks() {
        // chunk k+1 is validated and encoded on another thread while chunk k is written: its
        // results must be those of a sequential run, and a null in it must fail only once chunk k
        // is committed
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(4));
        List<Response> batch = new ArrayList<>(Fixtures.responses("p", 0, 10));
        batch.set(5, Response.builder("p5", "portal-rating", "1.0").answer("q1", 0).build());
        batch.set(9, Fixtures.response("p", 1));
        BatchResult result = store.saveAll(batch);
        assertThat(result.items()).extracting(BatchItem::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(result.items().get(5).outcome()).isEqualTo(SaveOutcome.INVALID);
        assertThat(result.items().get(9).outcome()).isEqualTo(SaveOutcome.DUPLICATE);
        assertThat(result.count(SaveOutcome.STORED)).isEqualTo(8);

        List<Response> withNull = new ArrayList<>(Fixtures.responses("n", 0, 10));
        withNull.set(6, null);
        assertThatThrownBy(() -> store.saveAll(withNull)).isInstanceOf(NullPointerException.class)
                .hasMessage("responses[6]");
        assertThat(store.count(ResponseFilter.all())).isEqualTo(8 + 4);
        assertThat(store.findResponse("n3")).isPresent();
        assertThat(store.findResponse("n4")).isEmpty();
    }

    @Test
    void anInterruptedBatchStopsBetweenChunksAndKeepsTheFlag() {
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(5));
        Thread.currentThread().interrupt();
        try {
            BatchFailedException e = catchThrowableOfType(BatchFailedException.class,
                    () -> store.saveAll(Fixtures.responses("i", 0, 12)));
            assertThat(e.firstUncommitted()).isZero();
            assertThat(e.getMessage()).contains("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(store.count(ResponseFilter.all())).isZero();
    }

    @Test
    void concurrentSavesWithRetriesStoreEachResponseExactlyOnce() throws Exception {
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(20));
        int threads = 8;
        int perThread = 250;
        int unique = threads * perThread / 2;   // every id is sent by two different threads
        List<Response> responses = Fixtures.responses("c", 0, unique);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    int[] outcomes = new int[SaveOutcome.values().length];
                    // thread t sends ids of half h = t / 2 ... both threads of a pair send the same ids
                    List<Response> mine = new ArrayList<>(responses.subList((thread / 2) * perThread, (thread / 2 + 1) * perThread));
                    if (thread % 2 == 1) {
                        java.util.Collections.reverse(mine);
                    }
                    if (thread % 4 < 2) {
                        for (Response r : mine) {
                            outcomes[store.save(r).ordinal()]++;
                        }
                    } else {
                        for (BatchItem item : store.saveAll(mine).items()) {
                            outcomes[item.outcome().ordinal()]++;
                        }
                    }
                    return outcomes;
                }));
            }
            start.countDown();
            int[] total = new int[SaveOutcome.values().length];
            for (Future<int[]> f : futures) {
                int[] o = f.get(120, TimeUnit.SECONDS);
                for (int i = 0; i < o.length; i++) {
                    total[i] += o[i];
                }
            }
            assertThat(total[SaveOutcome.STORED.ordinal()]).isEqualTo(unique);
            assertThat(total[SaveOutcome.DUPLICATE.ordinal()]).isEqualTo(unique);
            assertThat(total[SaveOutcome.CONFLICT.ordinal()] + total[SaveOutcome.INVALID.ordinal()]).isZero();
            assertThat(store.count(ResponseFilter.all())).isEqualTo(unique);
            assertThat(storedAttributes(store.options().namespace()))
                    .isEqualTo(responses.stream().mapToLong(r -> r.respondent().keySet().stream()
                            .filter(k -> !k.equals("province")).count()).sum());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void erasureDeletesAndAnonymisationKeepsWhatAggregatesUse() {
        SurveyStore store = store(StoreOptions.defaults().withOneResponsePerCaseFile(true));
        List<Response> all = Fixtures.responses("e", 0, 30);
        store.saveAll(all);
        Response victim = all.get(3);
        Response anon = Response.builder("x1", "portal-rating", "1.0").answer("q1", 2)
                .answer("channel", Answer.choiceWithOther(List.of("other"), "my neighbour Nguyễn Văn A"))
                .answer("comment", Answer.text("call me on 0912 345 678")).transaction(Transaction.of("HS-777", "so-tu-phap",
                        "ly-lich", "online", Fixtures.START)).respondent("province", "HN").respondent("sex", "female")
                .submittedAt(Fixtures.START).build();
        store.save(anon);
        String province = victim.respondent().get("province");
        long inProvince = store.count(ResponseFilter.all().province(province));

        assertThat(store.responseIdsForCaseFile(victim.transaction().caseFileId().orElseThrow())).containsExactly(victim.id());
        assertThat(store.erase(victim.id())).isTrue();
        assertThat(store.erase(victim.id())).isFalse();
        assertThat(store.findResponse(victim.id())).isEmpty();
        assertThat(store.count(ResponseFilter.all().province(province))).isEqualTo(inProvince - 1);
        assertThat(store.count(ResponseFilter.all())).isEqualTo(30);

        long hn = store.count(ResponseFilter.all().province("HN").agency("so-tu-phap"));
        long women = store.count(ResponseFilter.all().attribute("sex", "female"));
        assertThat(store.anonymise("x1")).isTrue();
        Response stripped = store.findResponse("x1").orElseThrow();
        assertThat(stripped.respondent()).isEmpty();
        assertThat(stripped.transaction().caseFileId()).isEmpty();
        assertThat(stripped.answers()).containsOnlyKeys("q1", "channel");
        assertThat(stripped.answers().get("channel")).isEqualTo(new Answer.Choice(List.of("other"), Optional.empty()));
        assertThat(stripped.transaction().agency()).contains("so-tu-phap");
        // aggregation columns kept, personal attributes gone
        assertThat(store.count(ResponseFilter.all().province("HN").agency("so-tu-phap"))).isEqualTo(hn);
        assertThat(store.count(ResponseFilter.all().attribute("sex", "female"))).isEqualTo(women - 1);
        assertThat(store.responseIdsForCaseFile("HS-777")).isEmpty();
        // the case file still cannot be rated again, and a late retry of the original is a duplicate
        Response again = Response.builder("x2", "portal-rating", "1.0").answer("q1", 5)
                .transaction(Transaction.of("HS-777", "so-tu-phap", "ly-lich", "online", Fixtures.START)).build();
        assertThatThrownBy(() -> store.save(again)).isInstanceOf(ResponseConflictException.class);
        assertThat(store.save(anon)).isEqualTo(SaveOutcome.DUPLICATE);
        assertThat(store.findResponse("x1")).contains(stripped);
        assertThat(store.anonymise("absent")).isFalse();
    }

    // ---------------------------------------------------------------- aggregation pushed into SQL

    @Test
    void groupingsTheDatabaseCannotComputeAreRefusedByName() {
        SurveyStore store = store();
        store.saveAll(Fixtures.responses("n", 0, 5));
        ResponseFilter f = ResponseFilter.all().instrument("portal-rating", "1.0");
        assertThatThrownBy(() -> store.statistics(f, List.of(GroupBy.of("shift", r -> "day"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grouping shift is computed in Java (GroupBy.of)");
        assertThatThrownBy(() -> store.statistics(f, List.of(GroupBy.answer("q1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grouping q1 reads an answer (GroupBy.answer)");
        assertThatThrownBy(() -> store.statistics(f, List.of(GroupBy.period(Period.MONTH,
                java.time.ZoneId.of("America/New_York")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cuts periods in America/New_York, whose offset from UTC changes");
    }


    /** The domain labels of a response, computed in Java independently of the SQL. */
    static List<Optional<String>> labelsOf(Response r, List<GroupBy> groupings) {
        List<Optional<String>> labels = new ArrayList<>();
        for (GroupBy g : groupings) {
            GroupBy.Field f = g.field().orElseThrow();
            // the period of the transaction's time, else the submission time, at the grouping's zone
            java.time.ZonedDateTime t = r.transaction().time().or(r::submittedAt)
                    .map(x -> x.atZone(f.zone().orElse(ZoneOffset.UTC))).orElse(null);
            switch (f.kind()) {
                case AGENCY: labels.add(r.transaction().agency()); break;
                case SERVICE: labels.add(r.transaction().service()); break;
                case CHANNEL: labels.add(r.transaction().channel()); break;
                case PERIOD:
                    switch (f.period().orElseThrow()) {
                        case YEAR: labels.add(Optional.ofNullable(t).map(x -> String.valueOf(x.getYear()))); break;
                        case QUARTER: labels.add(Optional.ofNullable(t).map(x -> x.getYear() + "-Q" + ((x.getMonthValue() - 1) / 3 + 1))); break;
                        case MONTH: labels.add(Optional.ofNullable(t).map(x -> String.format("%04d-%02d", x.getYear(), x.getMonthValue()))); break;
                        case WEEK: labels.add(Optional.ofNullable(t).map(x -> String.format("%04d-W%02d",
                                x.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR), x.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR)))); break;
                        case US_FISCAL_QUARTER: labels.add(Optional.ofNullable(t).map(x -> "FY" + (x.getMonthValue() >= 10 ? x.getYear() + 1 : x.getYear())
                                + "-Q" + ((x.getMonthValue() + 2) % 12 / 3 + 1))); break;
                        default: labels.add(Optional.ofNullable(t).map(x -> x.toLocalDate().toString())); break;
                    }
                    break;
                default: labels.add(Optional.ofNullable(r.respondent().get(f.key().orElseThrow()))); break;
            }
            // the same level as the grouping gives in memory (unknown for no value)
            assertThat(g.level(r)).isEqualTo(labels.get(labels.size() - 1).orElse(GroupBy.UNKNOWN));
        }
        return labels;
    }

    /** The same statistics collected in memory from the streamed responses, with the SQL result's domain codes. */
    static SufficientStatistics inMemory(Instrument instrument, List<Response> responses, List<GroupBy> groupings,
            GroupedStatistics sql) {
        return inMemory(instrument, responses, groupings, sql, false);
    }

    /** As above, optionally with cross-products between the categorical variables. */
    static SufficientStatistics inMemory(Instrument instrument, List<Response> responses, List<GroupBy> groupings,
            GroupedStatistics sql, boolean crossProducts) {
        int n = responses.size();
        double[] weights = new double[n];
        int[] domains = new int[n];
        for (int i = 0; i < n; i++) {
            Response r = responses.get(i);
            weights[i] = r.weight().orElse(1.0);
            List<Optional<String>> labels = labelsOf(r, groupings);
            domains[i] = sql.domainOf(labels.stream().map(o -> o.orElse(null)).toArray(String[]::new))
                    .orElseThrow(() -> new AssertionError("the SQL statistics lack the domain " + labels));
        }
        AnswerColumns columns = AnswerColumns.of(instrument, responses);
        SurveyData data = SurveyData.of(SurveyDesign.builder(weights).build(), domains);
        for (Question q : instrument.questions()) {
            if (q.kind() == QuestionKind.NUMBER) {
                data = data.withNumeric(Variable.numeric(q.id()), columns.values(q.id()));
            } else if (q.kind() == QuestionKind.RATING || q.kind() == QuestionKind.NPS) {
                Scale scale = q.answerScale().orElseThrow();
                double[] v = columns.values(q.id());
                byte[] st = columns.statuses(q.id());
                byte[] codes = new byte[n];
                for (int i = 0; i < n; i++) {
                    codes[i] = st[i] == AnswerStatus.VALID.code() ? (byte) (v[i] - scale.min())
                            : Exclusion.values()[st[i] - 1].code();
                }
                data = data.withCategorical(Variable.scale(q.id(), scale.min(), scale.max()), codes);
            }
        }
        return data.statistics(crossProducts);
    }

    static void assertSameEstimates(SufficientStatistics sql, SufficientStatistics memory, String what) {
        Estimator est = Estimator.withDefaults();
        assertThat(sql.rows()).as(what + " rows").isEqualTo(memory.rows());
        assertThat(sql.domains()).as(what + " domains").containsExactly(memory.domains());
        for (Variable v : memory.variables()) {
            List<Statistic> statistics = v.isCategorical()
                    ? List.of(Statistic.mean(v.name()), Statistic.proportion(v.name(), 4, 5))
                    : List.of(Statistic.mean(v.name()), Statistic.total(v.name()));
            for (Statistic st : statistics) {
                Map<Integer, Estimate> a = est.byDomain(sql, st);
                Map<Integer, Estimate> b = est.byDomain(memory, st);
                assertThat(a.keySet()).isEqualTo(b.keySet());
                for (int d : b.keySet()) {
                    Estimate x = a.get(d);
                    Estimate y = b.get(d);
                    String label = what + " " + st + " in domain " + d;
                    assertThat(x.validN()).as(label + " n").isEqualTo(y.validN());
                    assertThat(x.excluded()).as(label + " excluded").isEqualTo(y.excluded());
                    assertThat(x.isDefined()).as(label + " defined").isEqualTo(y.isDefined());
                    if (y.isDefined()) {
                        // equal up to floating-point summation order: relative 1e-12
                        assertThat(x.value()).as(label).isCloseTo(y.value(), within(1e-12 * Math.max(1, Math.abs(y.value()))));
                        assertThat(x.standardError()).as(label + " SE")
                                .isCloseTo(y.standardError(), within(1e-10 * Math.max(1e-3, y.standardError())));
                    }
                }
            }
        }
    }

    @Test
    void sqlPushedStatisticsEqualTheInMemoryOnes() {
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(200));
        Instrument instrument = Fixtures.instrument();
        List<Response> all = new ArrayList<>(Fixtures.responses("g", 0, 400));
        // edge cases: no weight, no submission time, no attributes, in progress, hostile labels
        all.add(Response.builder("edge1", "portal-rating", "1.0").answer("q1", 3).build());
        // 03:00 on 1 April in Vietnam, still 31 March in UTC; 19:00 on 31 December at UTC−5, New Year in UTC
        all.add(Response.builder("edge3", "portal-rating", "1.0").answer("q1", 4)
                .submittedAt(Instant.parse("2024-03-31T20:00:00Z")).build());
        all.add(Response.builder("edge4", "portal-rating", "1.0").answer("q1", 2)
                .submittedAt(Instant.parse("2025-01-01T00:00:00Z")).build());
        // a case file handled on 30 June (UTC) and rated on 2 July: periods follow the transaction's time
        all.add(Response.builder("edge5", "portal-rating", "1.0").answer("q1", 5)
                .transaction(Transaction.of("HS-edge5", "so-tu-phap", "ly-lich-tu-phap", "online",
                        Instant.parse("2024-06-30T23:00:00Z")))
                .submittedAt(Instant.parse("2024-07-02T08:00:00Z")).build());
        all.add(Response.builder("edge2", "portal-rating", "1.0").status(ResponseStatus.IN_PROGRESS)
                .answer("q2", Answer.special(SpecialStatus.DONT_KNOW)).respondent("province", HOSTILE.get(1)).build());
        store.saveAll(all);
        store.erase("g7");
        List<List<GroupBy>> groupings = List.of(
                List.of(),
                List.of(GroupBy.respondent("province")),
                List.of(GroupBy.agency(), GroupBy.period(Period.QUARTER, ZoneOffset.UTC)),
                List.of(GroupBy.period(Period.MONTH, ZoneOffset.UTC), GroupBy.respondent("ageBand")),
                List.of(GroupBy.period(Period.DAY, ZoneOffset.UTC)),
                List.of(GroupBy.period(Period.YEAR, ZoneOffset.UTC), GroupBy.service(), GroupBy.channel()),
                List.of(GroupBy.respondent("sex")),
                // the province attribute is read from the province column
                List.of(GroupBy.respondent("province"), GroupBy.respondent("sex")),
                // periods cut at another offset from UTC: Vietnam, and five hours west
                List.of(GroupBy.period(Period.QUARTER, ZoneOffset.ofHours(7)),
                        GroupBy.period(Period.DAY, ZoneOffset.ofHours(7))),
                List.of(GroupBy.period(Period.MONTH, ZoneOffset.ofHours(-5)),
                        GroupBy.period(Period.YEAR, ZoneOffset.ofHours(-5))),
                // ISO weeks and US fiscal quarters (labelled from the day or month the database reads),
                // and a region whose offset is fixed
                List.of(GroupBy.period(Period.WEEK, ZoneOffset.UTC)),
                List.of(GroupBy.period(Period.US_FISCAL_QUARTER, ZoneOffset.ofHours(-5)), GroupBy.agency()),
                List.of(GroupBy.period(Period.QUARTER, java.time.ZoneId.of("Asia/Ho_Chi_Minh"))));
        List<ResponseFilter> filters = List.of(
                ResponseFilter.all().instrument("portal-rating", "1.0"),
                ResponseFilter.all().instrument("portal-rating", "1.0").status(ResponseStatus.COMPLETE)
                        .period(Fixtures.START.plusSeconds(30L * 86400), Fixtures.START.plusSeconds(250L * 86400))
                        .attribute("sex", "female"),
                ResponseFilter.all().instrument("portal-rating", "1.0").attribute("province", Fixtures.PROVINCES.get(1)));
        for (ResponseFilter f : filters) {
            List<Response> selected;
            try (Stream<Response> s = store.stream(f)) {
                selected = s.collect(toList());
            }
            for (List<GroupBy> g : groupings) {
                GroupedStatistics sql = store.statistics(f, g).orElseThrow();
                assertSameEstimates(sql.statistics(), inMemory(instrument, selected, g, sql), f + " by " + g);
                assertThat(sql.domains()).hasSize((int) selected.stream().map(r -> labelsOf(r, g)).distinct().count());
            }
        }
        // anonymisation keeps every aggregate by province and period; by sex, g8 moves to the "absent" group
        ResponseFilter f = filters.get(0);
        List<GroupBy> byProvinceAndMonth = List.of(GroupBy.respondent("province"), GroupBy.period(Period.MONTH, ZoneOffset.UTC));
        GroupedStatistics before = store.statistics(f, byProvinceAndMonth).orElseThrow();
        GroupedStatistics sexBefore = store.statistics(f, List.of(GroupBy.respondent("sex"))).orElseThrow();
        assertThat(store.anonymise("g8")).isTrue();
        GroupedStatistics after = store.statistics(f, byProvinceAndMonth).orElseThrow();
        assertThat(after.domains()).isEqualTo(before.domains());
        assertSameEstimates(after.statistics(), before.statistics(), "after anonymisation");
        GroupedStatistics sexAfter = store.statistics(f, List.of(GroupBy.respondent("sex"))).orElseThrow();
        String sex = all.get(8).respondent().get("sex");
        Estimator est = Estimator.withDefaults();
        long absentBefore = sexBefore.domainOf((String) null).map(d -> est.byDomain(sexBefore.statistics(),
                Statistic.mean("q1")).get(d).validN()).orElse(0L);
        assertThat(est.byDomain(sexAfter.statistics(), Statistic.mean("q1")).get(sexAfter.domainOf((String) null).orElseThrow())
                .validN()).isEqualTo(absentBefore + 1);
        assertThat(est.byDomain(sexAfter.statistics(), Statistic.mean("q1")).get(sexAfter.domainOf(sex).orElseThrow()).validN())
                .isEqualTo(est.byDomain(sexBefore.statistics(), Statistic.mean("q1")).get(sexBefore.domainOf(sex).orElseThrow())
                        .validN() - 1);
    }

    /** Every node of two roll-ups: same ids and levels, counts exact, values 1e-12 and SEs 1e-10 relative. */
    static void assertSameRollUp(RollUpResult sql, RollUpResult memory, String what) {
        assertThat(sql.nodes()).as(what + " nodes").hasSameSizeAs(memory.nodes());
        for (int i = 0; i < memory.nodes().size(); i++) {
            IndexNode x = sql.nodes().get(i);
            IndexNode y = memory.nodes().get(i);
            String label = what + " " + y.level() + " " + y.id();
            assertThat(x.id()).as(label).isEqualTo(y.id());
            assertThat(x.level()).as(label).isEqualTo(y.level());
            assertThat(x.estimate().validN()).as(label + " n").isEqualTo(y.estimate().validN());
            assertThat(x.estimate().excluded()).as(label + " excluded").isEqualTo(y.estimate().excluded());
            assertThat(x.estimate().isDefined()).as(label + " defined").isEqualTo(y.estimate().isDefined());
            if (y.estimate().isDefined()) {
                assertThat(x.estimate().value()).as(label)
                        .isCloseTo(y.estimate().value(), within(1e-12 * Math.max(1, Math.abs(y.estimate().value()))));
                assertThat(x.estimate().standardError()).as(label + " SE")
                        .isCloseTo(y.estimate().standardError(), within(1e-10 * Math.max(1e-3, y.estimate().standardError())));
                assertThat(x.estimate().lower()).as(label + " lower")
                        .isCloseTo(y.estimate().lower(), within(1e-10 * Math.max(1, Math.abs(y.estimate().lower()))));
                assertThat(x.estimate().upper()).as(label + " upper")
                        .isCloseTo(y.estimate().upper(), within(1e-10 * Math.max(1, Math.abs(y.estimate().upper()))));
            }
        }
    }

    /** A store holding the standard SIPAS 2017 instrument and {@code n} responses to it. */
    protected SurveyStore sipasStore(Instrument sipas, List<Response> responses) {
        SurveyStore store = store(StoreOptions.defaults().withBatchChunkSize(200));
        store.putInstrument(sipas);
        store.saveAll(responses);
        return store;
    }

    @Test
    void crossProductsInSqlGiveTheInMemoryElementAndIndexEstimates() {
        Instrument sipas = StandardInstruments.sipas2017();
        List<Response> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(Fixtures.sipasResponse(sipas, "s", i));
        }
        // a response answering a single item has no pair; an in-progress one with only don't-knows none either
        all.add(Response.builder("lone", sipas.id(), sipas.version()).status(ResponseStatus.IN_PROGRESS).answer("tc1", 4)
                .respondent("province", HOSTILE.get(1)).build());
        all.add(Response.builder("dk", sipas.id(), sipas.version()).status(ResponseStatus.IN_PROGRESS)
                .answer("tc1", Answer.special(SpecialStatus.DONT_KNOW)).answer("tc2", Answer.special(SpecialStatus.DONT_KNOW))
                .build());
        SurveyStore store = sipasStore(sipas, all);
        store.erase("s5");
        Estimator est = Estimator.withDefaults();
        RollUp rollUp = RollUp.sipas();
        List<List<GroupBy>> groupings = List.of(
                List.of(),
                List.of(GroupBy.respondent("province")),
                List.of(GroupBy.period(Period.QUARTER, ZoneOffset.UTC), GroupBy.respondent("sex")));
        List<ResponseFilter> filters = List.of(
                ResponseFilter.all().instrument(sipas.id(), sipas.version()),
                ResponseFilter.all().instrument(sipas.id(), sipas.version()).status(ResponseStatus.COMPLETE)
                        .attribute("sex", "female"));
        for (ResponseFilter f : filters) {
            List<Response> selected;
            try (Stream<Response> s = store.stream(f)) {
                selected = s.collect(toList());
            }
            for (List<GroupBy> g : groupings) {
                String what = f + " by " + g;
                GroupedStatistics sql = store.statistics(f, g, true).orElseThrow();
                SufficientStatistics memory = inMemory(sipas, selected, g, sql, true);
                assertThat(sql.statistics().hasCrossProducts()).as(what).isTrue();
                assertSameEstimates(sql.statistics(), memory, what);
                assertSameRollUp(rollUp.evaluate(sipas, sql.statistics(), est), rollUp.evaluate(sipas, memory, est),
                        what + " overall");
                Map<Integer, RollUpResult> a = rollUp.evaluateByDomain(sipas, sql.statistics(), est);
                Map<Integer, RollUpResult> b = rollUp.evaluateByDomain(sipas, memory, est);
                assertThat(a.keySet()).as(what).isEqualTo(b.keySet());
                for (int d : b.keySet()) {
                    assertSameRollUp(a.get(d), b.get(d), what + " domain " + d);
                }
            }
        }
        // the index's SE is not the items' alone: it needs the cross-products, which the default leaves out
        GroupedStatistics plain = store.statistics(filters.get(0), List.of()).orElseThrow();
        assertThat(plain.statistics().hasCrossProducts()).isFalse();
        assertThatThrownBy(() -> rollUp.evaluate(sipas, plain.statistics(), est)).isInstanceOf(RuntimeException.class)
                .hasMessageContaining("cross-product");
    }

    @Test
    void aSipasReportFromSqlStatisticsEqualsTheReportFromResponses() {
        Instrument sipas = StandardInstruments.sipas2017();
        List<Response> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(Fixtures.sipasResponse(sipas, "s", i));
        }
        // no province: the "unknown" level on both sides
        Response.Builder noProvince = Response.builder("np", sipas.id(), sipas.version()).answer("pa_used", Answer.choice("no"))
                .submittedAt(Fixtures.START.plusSeconds(86400));
        for (var q : sipas.ratingItems()) {
            if (!q.id().equals("pa3") && !q.id().equals("pa4")) {
                noProvince.answer(q.id(), 5);
            }
        }
        all.add(noProvince.build());
        SurveyStore store = sipasStore(sipas, all);
        ResponseFilter f = ResponseFilter.all().instrument(sipas.id(), sipas.version()).status(ResponseStatus.COMPLETE);
        List<Response> selected;
        try (Stream<Response> s = store.stream(f)) {
            selected = s.collect(toList());
        }
        // the same groupings in the database and in memory
        List<GroupBy> by = List.of(GroupBy.respondent("province"), GroupBy.period(Period.QUARTER, ZoneOffset.UTC));
        GroupedStatistics g = store.statistics(f, by, true).orElseThrow();
        SipasReport builder = SipasReport.create(ReportOptions.withDefaults());
        Report fromSql = builder.build(g.reportData(sipas));
        Report fromRows = builder.build(ReportData.fromResponses(sipas, selected, by));
        assertThat(fromSql.tables()).extracting(ReportTable::id).containsExactlyElementsOf(
                fromRows.tables().stream().map(ReportTable::id).toList());
        assertThat(fromRows.tables()).extracting(ReportTable::id).contains("sipas.scores", "sipas.ranking.province",
                "sipas.trend", "sipas.change", "sipas.distribution");
        int compared = 0;
        for (int t = 0; t < fromRows.tables().size(); t++) {
            List<ReportCell> a = fromSql.tables().get(t).cells();
            List<ReportCell> b = fromRows.tables().get(t).cells();
            String table = fromRows.tables().get(t).id();
            assertThat(a).as(table + " cells").hasSameSizeAs(b);
            for (int i = 0; i < b.size(); i++) {
                ReportCell x = a.get(i);
                ReportCell y = b.get(i);
                String label = table + " " + y.groups() + " " + y.item() + " " + y.category() + " " + y.measure();
                assertThat(List.of(x.groups(), x.item(), x.category(), x.measure())).as(label)
                        .isEqualTo(List.of(y.groups(), y.item(), y.category(), y.measure()));
                assertThat(x.n()).as(label + " n").isEqualTo(y.n());
                assertThat(x.excluded()).as(label + " excluded").isEqualTo(y.excluded());
                assertThat(x.suppressed()).as(label + " suppressed").isEqualTo(y.suppressed());
                assertClose(x.value(), y.value(), 1e-12, label + " value");
                assertClose(x.standardError(), y.standardError(), 1e-10, label + " SE");
                assertClose(x.lower(), y.lower(), 1e-10, label + " lower");
                assertClose(x.upper(), y.upper(), 1e-10, label + " upper");
                compared += Double.isFinite(y.standardError()) && y.standardError() > 0 ? 1 : 0;
            }
        }
        // cells with a standard error actually compared (the rest: suppressed, counts, ranks without SE)
        assertThat(compared).isGreaterThan(300); // 376 of the 450 cells on this data
    }

    /** Equal NaNs and infinities, or close relative to max(1, |expected|). */
    static void assertClose(double actual, double expected, double relative, String label) {
        if (Double.isNaN(expected)) {
            assertThat(Double.isNaN(actual)).as(label + " is NaN, as expected").isTrue();
        } else if (Double.isInfinite(expected)) {
            assertThat(actual).as(label).isEqualTo(expected);
        } else {
            assertThat(actual).as(label).isCloseTo(expected, within(relative * Math.max(1, Math.abs(expected))));
        }
    }

    @Test
    void statisticsNeedAnInstrumentVersionAndHandleNoRows() {
        SurveyStore store = store();
        assertThatThrownBy(() -> store.statistics(ResponseFilter.all().instrument("portal-rating"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instrument version");
        assertThatThrownBy(() -> store.statistics(ResponseFilter.all().instrument("nope", "1"), List.of()))
                .isInstanceOf(SurveyStoreException.class).hasMessageContaining("instrument nope version 1");
        assertThat(store.statistics(ResponseFilter.all().instrument("portal-rating", "1.0"),
                List.of(GroupBy.respondent("'; DROP TABLE x; --")))).isEmpty();
        store.save(Fixtures.response("r", 1));
        GroupedStatistics one = store.statistics(ResponseFilter.all().instrument("portal-rating", "1.0"),
                List.of(GroupBy.respondent("'; DROP TABLE x; --"))).orElseThrow();
        assertThat(one.domains()).containsOnlyKeys(0);
        assertThat(one.domainOf((String) null)).contains(0);
    }
}
