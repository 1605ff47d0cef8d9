package org.civicsurvey.examples.portal;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The portal's promises on PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code postgres}),
 * the store's tables under a random prefix, dropped afterwards. Skipped when the server is
 * unreachable, unless {@code CI=true}, when that is a failure.
 */
class PostgresqlPortalTest extends PortalContract {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=3";
    static final String PREFIX = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT) + "_";

    @BeforeAll
    static void reachable() {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            c.isValid(3);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("PostgreSQL at 127.0.0.1:5432/test is unreachable and CI=true requires it: " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL at 127.0.0.1:5432/test is unreachable; skipped (set CI=true to make this a failure)");
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("civicsurvey.store.table-prefix", () -> PREFIX);
    }

    @AfterAll
    static void dropTables() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
            for (String t : List.of("response_attribute", "response", "instrument", "schema_version", "schema_lock", "rollup",
                "rollup_delta", "rollup_state", "rollup_pending")) {
                s.execute("DROP TABLE IF EXISTS " + PREFIX + t);
            }
            s.execute("DELETE FROM portal_case_file WHERE id LIKE 'HS-%'");
        }
    }
}
