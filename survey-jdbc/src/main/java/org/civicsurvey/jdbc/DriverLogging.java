package org.civicsurvey.jdbc;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the drivers need so that a store starts without surprises: H2 present for the embedded
 * default, and the MariaDB driver's expected errors routed through the JDK's logging.
 *
 * <p><b>MariaDB.</b> Connector/J logs every error the server returns at WARN, including the
 * duplicate keys the store expects and handles (a retried save, a case file already rated); without
 * SLF4J on the class path it prints them to stderr itself. When SLF4J is present the driver logs
 * through it and the user's configuration decides. Otherwise, unless the user chose a driver logging
 * property ({@code mariadb.logging.fallback} or {@code mariadb.logging.disable}), the store routes
 * the driver's logging to {@code java.util.logging} and, when that logger has no level configured,
 * sets the driver's error-packet logger ({@value #MARIADB_ERRORS}) to {@code SEVERE}, so the expected
 * warnings go nowhere while a user's own logging configuration still wins.
 */
final class DriverLogging {
    /** The MariaDB driver's logger of server errors. */
    static final String MARIADB_ERRORS = "org.mariadb.jdbc.message.server.ErrorPacket";

    /** Held so the level set on it is not lost when java.util.logging drops an unreferenced logger. */
    private static volatile Logger mariadbErrors;

    private DriverLogging() {
    }

    static void requireH2() {
        if (!present("org.h2.Driver", DriverLogging.class.getClassLoader())
            && !present("org.h2.Driver", Thread.currentThread().getContextClassLoader())) {
            throw new IllegalStateException("SurveyStore.embedded needs the H2 database engine, an optional dependency"
                + " of survey-jdbc that is not on the class path: add com.h2database:h2 (2.3.232 or a later 2.x) to your"
                + " dependencies, or pass your own DataSource (PostgreSQL, MariaDB, H2) to SurveyStore.create(dataSource)");
        }
    }

    static synchronized void quietMariadbErrors(ClassLoader driverLoader) {
        if (mariadbErrors != null || System.getProperty("mariadb.logging.fallback") != null
            || System.getProperty("mariadb.logging.disable") != null || present("org.slf4j.LoggerFactory", driverLoader)) {
            return;
        }
        ClassLoader loader = driverLoader != null ? driverLoader : DriverLogging.class.getClassLoader();
        try {
            Class<?> loggers = Class.forName("org.mariadb.jdbc.util.log.Loggers", true, loader);
            Logger errors = Logger.getLogger(MARIADB_ERRORS);
            if (errors.getLevel() == null) {
                errors.setLevel(Level.SEVERE);
            }
            mariadbErrors = errors;
            System.setProperty("mariadb.logging.fallback", "JDK");
            loggers.getMethod("init").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            // another driver build, or no access: its logging stays as the driver set it up
        }
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
