package org.civicsurvey.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that opens a new connection per call through {@link DriverManager}: what {@link
 * SurveyStore#embedded} uses, and enough for a command-line program or a demo. A production portal
 * gives the store a pooled data source instead. The password is never part of {@link #toString()}.
 */
public final class UrlDataSource implements DataSource {
    private final String url;
    private final Properties properties = new Properties();

    /**
     * A data source for a URL, with a user and password (either may be null or empty to leave it to the URL).
     *
     * @param url the JDBC URL
     * @param user the user
     * @param password the password
     */
    public UrlDataSource(String url, String user, String password) {
        this.url = Objects.requireNonNull(url, "url");
        if (user != null && !user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
    }

    /**
     * A data source for a URL with the user and password from the environment variables
     * {@code CIVICSURVEY_DB_USER} and {@code CIVICSURVEY_DB_PASSWORD} (if set), so they stay out of
     * command lines.
     *
     * @param url the JDBC URL
     * @return the data source
     */
    public static UrlDataSource fromEnvironment(String url) {
        return new UrlDataSource(url, System.getenv("CIVICSURVEY_DB_USER"), System.getenv("CIVICSURVEY_DB_PASSWORD"));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // DriverManager logging is not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        int q = url.indexOf('?');
        return "UrlDataSource[" + (q < 0 ? url : url.substring(0, q)) + "]";
    }
}
