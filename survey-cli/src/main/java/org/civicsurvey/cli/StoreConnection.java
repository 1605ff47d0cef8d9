package org.civicsurvey.cli;

import java.sql.Connection;
import java.sql.SQLException;

import org.civicsurvey.jdbc.StoreOptions;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.jdbc.UrlDataSource;
import picocli.CommandLine.Option;

/**
 * The store a command works on: a JDBC URL (PostgreSQL, MariaDB and H2 drivers are in the jar),
 * with the user and password from options or, better, from the environment variables
 * {@code CIVICSURVEY_DB_USER} and {@code CIVICSURVEY_DB_PASSWORD} (an option on the command line is
 * visible to other users of the machine). The schema is migrated when the store opens.
 */
final class StoreConnection {
    @Option(names = "--jdbc-url", paramLabel = "URL",
        description = "The store's JDBC URL, e.g. jdbc:postgresql://localhost:5432/survey, jdbc:mariadb://localhost:3306/survey"
            + " or jdbc:h2:./data/survey.")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "The database user. Default: $CIVICSURVEY_DB_USER.")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
        description = "The database password; give the option without a value to be asked for it."
            + " Default: $CIVICSURVEY_DB_PASSWORD.")
    char[] password;

    /** @return the URL with any password in it replaced by {@code ***}, for messages */
    String redacted() {
        return Messages.clean(url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/:@]*):[^/@]*@", "//$1:***@"));
    }

    boolean present() {
        return url != null;
    }

    /**
     * Opens the store and checks that the database answers.
     *
     * @return the store
     * @throws CliException ({@link ExitCode#USAGE}) for a URL that is not a JDBC URL, ({@link ExitCode#STORE}) when the
     *     database cannot be reached
     */
    SurveyStore open() {
        if (!url.startsWith("jdbc:")) {
            throw new CliException(ExitCode.USAGE, "--jdbc-url '" + Messages.clean(url) + "' is not a JDBC URL; it starts"
                + " with jdbc:, e.g. jdbc:postgresql://localhost:5432/survey");
        }
        String u = user != null ? user : System.getenv("CIVICSURVEY_DB_USER");
        String p = password != null ? new String(password) : System.getenv("CIVICSURVEY_DB_PASSWORD");
        UrlDataSource dataSource = new UrlDataSource(url, u, p);
        try (Connection c = dataSource.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            // the driver's message names the host or the login problem
            throw new CliException(ExitCode.STORE, "cannot connect to " + redacted() + ": " + e.getMessage(), e);
        }
        return SurveyStore.create(dataSource, StoreOptions.defaults());
    }
}
