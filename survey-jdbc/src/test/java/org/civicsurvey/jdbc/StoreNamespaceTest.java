package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StoreNamespaceTest {

    @Test
    void qualifiesTablesWithSchemaAndPrefix() {
        assertThat(StoreNamespace.of("cs_").table("response")).isEqualTo("cs_response");
        assertThat(StoreNamespace.of("survey", "cs_").table("response")).isEqualTo("survey.cs_response");
        assertThat(StoreNamespace.of("").table("response")).isEqualTo("response");
        assertThat(StoreNamespace.DEFAULT.qualifier()).isEqualTo("cs_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cs_; DROP TABLE x; --", "CS_", "1cs", "cs-", "cs.", "cs\"", "cs'", "cs ", "_cs",
        "thisprefixiswaytoolong_", "cs\u0000", "c\u0301s", "ｃｓ"})
    void rejectsHostilePrefixes(String prefix) {
        assertThatThrownBy(() -> StoreNamespace.of(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table prefix")
                .hasMessageContaining("[a-z0-9_]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"public; DROP SCHEMA x", "Public", "", "s.t", "s`t", "s\u202et"})
    void rejectsHostileSchemas(String schema) {
        assertThatThrownBy(() -> StoreNamespace.of(schema, "cs_"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema");
    }

    @Test
    void showsControlCharactersEscapedInTheMessage() {
        assertThatThrownBy(() -> StoreNamespace.of("a\u0000b"))
                .hasMessageContaining("a\\u0000b");
    }

    @Test
    void detectsDialectsByProductName() {
        assertThat(Dialect.fromProductName("H2")).isEqualTo(Dialect.H2);
        assertThat(Dialect.fromProductName("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.fromProductName("MariaDB")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.fromProductName("MySQL")).isEqualTo(Dialect.MARIADB);
        assertThatThrownBy(() -> Dialect.fromProductName("Oracle"))
                .isInstanceOf(SurveyStoreException.class)
                .hasMessageContaining("'Oracle' is not supported");
    }
}
