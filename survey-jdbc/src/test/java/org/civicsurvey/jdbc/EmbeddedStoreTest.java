package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.civicsurvey.jdbc.testing.Fixtures;
import org.civicsurvey.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 default (a file database, no server) and the shipped migration scripts. */
class EmbeddedStoreTest {

    @Test
    void anEmbeddedStoreKeepsItsDataInAFileDatabase(@TempDir Path dir) {
        Response r = Fixtures.response("emb", 1);
        SurveyStore store = SurveyStore.embedded(dir);
        assertThat(store.dialect()).isEqualTo(Dialect.H2);
        store.putInstrument(Fixtures.instrument());
        assertThat(store.save(r)).isEqualTo(SaveOutcome.STORED);
        assertThat(Files.exists(dir.resolve("civicsurvey.mv.db"))).isTrue();

        SurveyStore reopened = SurveyStore.embedded(dir);
        assertThat(reopened.migrate().upToDate()).isTrue();
        assertThat(reopened.findResponse(r.id())).contains(r);
    }

    @Test
    void anEmbeddedDirectoryWithASemicolonIsRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> SurveyStore.embedded(dir.resolve("a;INIT=RUNSCRIPT FROM 'x'")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("';'");
    }

    @Test
    void everyDialectShipsTheSameFlywayNamedVersions() {
        Pattern flyway = Pattern.compile("db/migration/(h2|postgresql|mariadb)/V[1-9][0-9]*__[a-z0-9_]+\\.sql");
        for (Dialect d : Dialect.values()) {
            List<MigrationScript> scripts = Migrator.scripts(d);
            assertThat(scripts).extracting(MigrationScript::version).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
            for (MigrationScript s : scripts) {
                assertThat(s.resource()).matches(flyway).contains("/" + d.resourceDirectory() + "/");
                // only the two documented placeholders
                assertThat(s.sql().replace("${prefix}", "").replace("${index_prefix}", "")).doesNotContain("${");
                assertThat(s.checksum()).hasSize(64);
            }
        }
        assertThat(Migrator.placeholders(StoreNamespace.of("survey", "cs_")))
                .containsEntry("prefix", "survey.cs_").containsEntry("index_prefix", "cs_");
    }
}
