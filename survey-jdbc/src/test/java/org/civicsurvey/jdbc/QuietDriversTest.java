package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.civicsurvey.jdbc.testing.Fixtures;
import org.civicsurvey.jdbc.testing.TestDatabase;
import org.civicsurvey.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22's dependency hygiene, each in a child JVM as a user's application would start: without
 * H2 the embedded default says which dependency to add; on MariaDB the duplicates the store expects
 * print no driver warning.
 */
class QuietDriversTest {

    /** The class path of the tests, one entry per element (surefire's, not its manifest-only jar). */
    private static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(cp.split(File.pathSeparator));
    }

    private static String run(List<String> classPath, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            String.join(File.pathSeparator, classPath), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    /** Opens the embedded store and prints what it throws. */
    public static final class Embedded {
        private Embedded() {
        }

        /**
         * @param args the directory
         */
        public static void main(String[] args) {
            try {
                SurveyStore.embedded(Path.of(args[0]));
                System.out.print("opened");
            } catch (IllegalStateException e) {
                System.out.print(e.getMessage());
            }
        }
    }

    @Test
    void withoutH2TheEmbeddedDefaultSaysWhichDependencyToAdd(@TempDir Path dir) throws Exception {
        List<String> cp = new ArrayList<>(classPath());
        assertThat(cp.removeIf(e -> e.contains("h2database") || Path.of(e).getFileName().toString().startsWith("h2-"))).isTrue();
        assertThat(run(cp, Embedded.class, dir.toString())).isEqualTo("SurveyStore.embedded needs the H2 database engine,"
            + " an optional dependency of survey-jdbc that is not on the class path: add com.h2database:h2 (2.3.232 or a"
            + " later 2.x) to your dependencies, or pass your own DataSource (PostgreSQL, MariaDB, H2) to"
            + " SurveyStore.create(dataSource)");
        assertThat(run(classPath(), Embedded.class, dir.toString())).isEqualTo("opened");
        assertThat(Files.exists(dir.resolve("civicsurvey.mv.db"))).isTrue();
    }

    /** Saves responses twice on MariaDB (duplicates and a case file rated twice), printing nothing itself. */
    public static final class Mariadb {
        private Mariadb() {
        }

        /**
         * @param args none
         * @throws Exception on a database error
         */
        public static void main(String[] args) throws Exception {
            TestDatabase db = TestDatabase.mariadb();
            try {
                SurveyStore store = SurveyStore.create(db.dataSource(), StoreOptions.defaults()
                    .withNamespace(db.freshNamespace()).withOneResponsePerCaseFile(true));
                store.putInstrument(Fixtures.instrument());
                List<Response> batch = Fixtures.responses("q", 0, 20);
                store.saveAll(batch);
                store.saveAll(batch);
                store.save(batch.get(0));
                Response again = Response.builder("other", "portal-rating", "1.0").answer("q1", 3)
                    .transaction(batch.get(1).transaction()).build();
                store.saveAll(List.of(again));
            } finally {
                db.dropAll();
            }
        }
    }

    @Test
    void mariadbsExpectedDuplicatesPrintNothing() throws Exception {
        TestDatabase.mariadb(); // skipped when MariaDB is unreachable outside CI
        assertThat(run(classPath(), Mariadb.class)).isEmpty();
    }
}
