package org.civicsurvey.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.json.InvalidJsonException;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.jdbc.ResponseConflictException;
import org.civicsurvey.jdbc.ResponseValidationException;
import org.civicsurvey.jdbc.SaveOutcome;
import org.civicsurvey.jdbc.StoreOptions;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.validation.ResponseValidator;
import org.civicsurvey.validation.Rule;
import org.civicsurvey.validation.Violation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.StaticMessageSource;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

/** The auto-configuration on an in-memory H2 data source, with {@link ApplicationContextRunner}. */
class AutoConfigurationTest {
    @SuppressWarnings("removal") // Boot 4 keeps Jackson 2 for applications that still use it: the starter supports both
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class,
            Jackson2AutoConfiguration.class, CivicSurveyAutoConfiguration.class,
            CivicSurveyHealthAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "civicsurvey.instruments.standard=a11v1", "civicsurvey.rollup.compact-interval=0");

    static Response a11(String id, String caseFile, int satisfaction) {
        Instrument a11 = StandardInstruments.a11v1();
        return Response.builder(id, a11.id(), a11.version()).answer("satisfaction", satisfaction).answer("trust", 4)
            .transaction(Transaction.of(caseFile, "passport-office", "renewal", "online", Instant.parse("2026-05-01T09:30:00Z")))
            .build();
    }

    @Test
    void createsTheStoreOnTheApplicationsDataSourceMigratedWithTheNamedInstruments() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(SurveyStore.class).hasSingleBean(ResponseValidator.class)
                .hasSingleBean(ResponseRecorder.class).hasSingleBean(RollupMaintenance.class)
                .hasSingleBean(ViolationMessages.class).hasSingleBean(CivicSurveyJackson3Module.class);
            SurveyStore store = ctx.getBean(SurveyStore.class);
            assertThat(store.findInstrument("a11v1", StandardInstruments.a11v1().version())).isPresent();
            assertThat(tableExists(ctx.getBean(DataSource.class), "CS_RESPONSE")).isTrue();
            // the starter's defaults: one response per case file, the rollup kept and current
            assertThat(store.options().oneResponsePerCaseFile()).isTrue();
            assertThat(store.rollupIsCurrent()).isTrue();
        });
    }

    @Test
    void migrateFalseLeavesTheSchemaToTheOperator() {
        runner.withPropertyValues("civicsurvey.store.migrate=false", "civicsurvey.instruments.standard=",
                "civicsurvey.rollup.rebuild-on-start=false")
            .run(ctx -> {
                assertThat(ctx).hasSingleBean(SurveyStore.class);
                assertThat(tableExists(ctx.getBean(DataSource.class), "CS_RESPONSE")).isFalse();
                // the operator migrates (here through the store; Flyway can run the same scripts)
                ctx.getBean(SurveyStore.class).migrate();
                assertThat(tableExists(ctx.getBean(DataSource.class), "CS_RESPONSE")).isTrue();
            });
    }

    @Test
    void settingsReachTheStoreOptions() {
        runner.withPropertyValues("civicsurvey.store.table-prefix=portal_", "civicsurvey.store.one-response-per-case-file=false",
                "civicsurvey.rollup.zone=Asia/Ho_Chi_Minh", "civicsurvey.rollup.cross-products=true",
                "civicsurvey.rollup.cells=true", "civicsurvey.rollup.compaction-chunks=64",
                "civicsurvey.rollup.compaction-in-background=false")
            .run(ctx -> {
                StoreOptions o = ctx.getBean(SurveyStore.class).options();
                assertThat(o.namespace().prefix()).isEqualTo("portal_");
                assertThat(o.oneResponsePerCaseFile()).isFalse();
                assertThat(o.rollupZone()).hasToString("Asia/Ho_Chi_Minh");
                assertThat(o.rollupCrossProducts()).isTrue();
                assertThat(o.rollupCells()).isTrue();
                assertThat(o.rollupCompactionChunks()).isEqualTo(64);
                assertThat(o.rollupCompactionInBackground()).isFalse();
                assertThat(tableExists(ctx.getBean(DataSource.class), "PORTAL_RESPONSE")).isTrue();
            });
    }

    @Test
    void aBadSettingFailsTheStartNamingIt() {
        runner.withPropertyValues("civicsurvey.store.table-prefix=Bad-Prefix").run(ctx ->
            assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("table prefix 'Bad-Prefix'"));
        runner.withPropertyValues("civicsurvey.instruments.standard=nope").run(ctx ->
            assertThat(ctx).hasFailed().getFailure().rootCause()
                .hasMessageContaining("civicsurvey.instruments.standard names 'nope'"));
    }

    @Test
    void everyBeanGivesWayToTheApplicationsOwn() {
        ResponseValidator own = ResponseValidator.create();
        runner.withBean(ResponseValidator.class, () -> own)
            .withBean("myStore", SurveyStore.class, () -> SurveyStore.create(
                new org.civicsurvey.jdbc.UrlDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null),
                StoreOptions.defaults().withNamespace(org.civicsurvey.jdbc.StoreNamespace.of("mine_"))))
            .run(ctx -> {
                assertThat(ctx.getBean(ResponseValidator.class)).isSameAs(own);
                assertThat(ctx).hasSingleBean(SurveyStore.class);
                assertThat(ctx.getBean(SurveyStore.class).options().namespace().prefix()).isEqualTo("mine_");
                // the application's data source got no tables: the starter did not create a store on it
                assertThat(tableExists(ctx.getBean(DataSource.class), "CS_RESPONSE")).isFalse();
            });
    }

    @Test
    void postedJsonBindsToTheLibrarysResponseWithJackson3AndJackson2() {
        Response expected = a11("r-1", "HS-1", 5);
        String json = ResponseJson.write(expected); // the library's own format
        runner.run(ctx -> {
            JsonMapper jackson3 = ctx.getBean(JsonMapper.class);
            assertThat(jackson3.readValue(json, Response.class)).isEqualTo(expected);
            assertThat(jackson3.readValue(jackson3.writeValueAsString(expected), Response.class)).isEqualTo(expected);
            assertThat(jackson3.readValue(jackson3.writeValueAsString(StandardInstruments.sipas2017()), Instrument.class))
                .isEqualTo(StandardInstruments.sipas2017());
            ObjectMapper jackson2 = ctx.getBean(ObjectMapper.class);
            assertThat(jackson2.readValue(json, Response.class)).isEqualTo(expected);
            assertThat(jackson2.readValue(jackson2.writeValueAsString(expected), Response.class)).isEqualTo(expected);
            // a wrong shape fails with the library's report of every problem
            String bad = "{\"id\": \"\", \"instrumentId\": \"a11v1\", \"answers\": {\"satisfaction\": {\"value\": \"x\"}}}";
            assertThatThrownBy(() -> jackson3.readValue(bad, Response.class)).isInstanceOf(DatabindException.class)
                .cause().isInstanceOf(InvalidJsonException.class);
            assertThatThrownBy(() -> jackson2.readValue(bad, Response.class))
                .isInstanceOf(com.fasterxml.jackson.databind.JsonMappingException.class)
                .cause().isInstanceOf(InvalidJsonException.class);
        });
    }

    @Test
    void theRecorderCountsSavedRejectedAndDuplicateByReason() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(ctx -> {
            ResponseRecorder recorder = ctx.getBean(ResponseRecorder.class);
            MeterRegistry m = ctx.getBean(MeterRegistry.class);
            assertThat(recorder.save(a11("r-1", "HS-1", 5))).isEqualTo(SaveOutcome.STORED);
            assertThat(recorder.save(a11("r-1", "HS-1", 5))).isEqualTo(SaveOutcome.DUPLICATE);
            assertThatThrownBy(() -> recorder.save(a11("r-2", "HS-1", 4))).isInstanceOf(ResponseConflictException.class);
            assertThatThrownBy(() -> recorder.save(a11("r-1", "HS-2", 3))).isInstanceOf(ResponseConflictException.class);
            assertThatThrownBy(() -> recorder.save(a11("r-3", "HS-3", 9))).isInstanceOf(ResponseValidationException.class);
            assertThat(count(m, "stored", "none")).isEqualTo(1);
            assertThat(count(m, "duplicate", "none")).isEqualTo(1);
            assertThat(count(m, "rejected", "case_file_rated")).isEqualTo(1);
            assertThat(count(m, "rejected", "id_conflict")).isEqualTo(1);
            assertThat(count(m, "rejected", "invalid")).isEqualTo(1);
            assertThat(m.get("civicsurvey.response.violations").tag("rule", "out_of_range").counter().count()).isEqualTo(1);
            assertThat(m.get("civicsurvey.response.save").tag("outcome", "stored").timer().count()).isEqualTo(1);
            assertThat(m.get("civicsurvey.response.save").tag("outcome", "rejected").timer().count()).isEqualTo(3);
            // the rollup lag gauge restarts at a compaction
            RollupMaintenance maintenance = ctx.getBean(RollupMaintenance.class);
            maintenance.compactNow();
            assertThat(m.get("civicsurvey.rollup.lag").gauge().value()).isLessThan(5);
            assertThat(m.get("civicsurvey.rollup.compaction").timer().count()).isEqualTo(1);
        });
    }

    private static double count(MeterRegistry m, String outcome, String reason) {
        return m.get("civicsurvey.responses").tag("outcome", outcome).tag("reason", reason).counter().count();
    }

    @Test
    void theHealthIndicatorReportsTheDatabaseAndTheRollup() {
        runner.run(ctx -> {
            SurveyStoreHealthIndicator health = ctx.getBean(SurveyStoreHealthIndicator.class);
            assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
            assertThat(health.health(true).getDetails()).containsEntry("database", "h2").containsEntry("rollupCurrent", true);
            // a dropped table is a database failure
            try (Connection c = ctx.getBean(DataSource.class).getConnection()) {
                c.createStatement().execute("DROP TABLE cs_rollup_state");
            }
            assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
        });
        runner.withPropertyValues("management.health.civicsurvey.enabled=false",
                "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
            .run(ctx -> assertThat(ctx).doesNotHaveBean(SurveyStoreHealthIndicator.class));
    }

    @Test
    void violationMessagesComeInTheReadersLanguageApplicationMessagesFirst() {
        Violation v = new Violation("answers.q1", "6 is outside the scale 1..5", Rule.OUT_OF_RANGE);
        ViolationMessages own = new ViolationMessages(null);
        assertThat(own.message(v, Locale.ENGLISH)).isEqualTo("This answer is outside the allowed range.");
        assertThat(own.message(v, Locale.forLanguageTag("vi"))).isEqualTo("Câu trả lời nằm ngoài phạm vi cho phép.");
        StaticMessageSource app = new StaticMessageSource();
        app.addMessage("civicsurvey.violation.OUT_OF_RANGE", Locale.ENGLISH, "{0}: out of range ({1})");
        assertThat(new ViolationMessages(app).message(v, Locale.ENGLISH))
            .isEqualTo("answers.q1: out of range (6 is outside the scale 1..5)");
        for (Rule r : Rule.values()) {
            Violation any = new Violation("p", "library text", r);
            assertThat(own.message(any, Locale.forLanguageTag("vi"))).as(r.name()).doesNotContain("library text");
        }
    }

    private static boolean tableExists(DataSource ds, String name) throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
            return rs.next();
        }
    }
}
