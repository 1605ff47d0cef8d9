package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;

/**
 * Erases and anonymises stored responses, each in one transaction: erasure deletes the response
 * row and its attribute rows; anonymisation rewrites the document without respondent attributes,
 * free text and case file id, and clears the attributes and the case file column. The content hash
 * and the case key stay, as {@link SurveyStore} describes.
 */
final class Erasure {

    private final DataSource dataSource;
    private final Dialect dialect;
    private final Tables tables;
    private final Rollup rollup;

    Erasure(DataSource dataSource, Dialect dialect, Tables tables, Rollup rollup) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.tables = tables;
        this.rollup = rollup;
    }

    /** See {@link SurveyStore#erase(String)}. */
    boolean erase(String responseId) {
        Objects.requireNonNull(responseId, "responseId");
        String op = "erase response " + responseId;
        rollup.writeLock().lock();
        try (Connection c = dataSource.getConnection()) {
            rollup.checkOnce(c);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                for (int attempt = 0; ; attempt++) {
                    try {
                        boolean erased = eraseIn(c, responseId);
                        c.commit();
                        return erased;
                    } catch (SQLException e) {
                        Jdbc.rollbackQuietly(c, e);
                        // a deadlock, or the row locked longer than the database waits (a
                        // compaction merging the slice that holds it): nothing was written
                        if (attempt < 8 && (Jdbc.isTransientConflict(e) || Jdbc.isLockTimeout(e))) {
                            Jdbc.sleep(5L << attempt, op);
                            continue;
                        }
                        throw e;
                    }
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        } finally {
            rollup.writeLock().unlock();
        }
    }

    /** Erases in the connection's transaction, without committing; whether a row was there. */
    private boolean eraseIn(Connection c, String responseId) throws SQLException {
        // the erased row's rollup contribution leaves with it: a negative partial row
        RollupCells.Facts stored = rollup.maintained() ? rollup.lockFacts(c, responseId, "") : null;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.table("response_attribute")
                + " WHERE response_id = ?")) {
            ps.setString(1, responseId);
            ps.executeUpdate();
        }
        int deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.table("response")
                + " WHERE response_id = ?")) {
            ps.setString(1, responseId);
            deleted = ps.executeUpdate();
        }
        if (stored != null && deleted == 1) {
            rollup.subtract(c, stored);
        }
        return deleted == 1;
    }

    /** See {@link SurveyStore#anonymise(String)}. */
    boolean anonymise(String responseId) {
        Objects.requireNonNull(responseId, "responseId");
        String op = "anonymise response " + responseId;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Optional<Response> found;
                try (PreparedStatement ps = c.prepareStatement("SELECT document FROM " + tables.table("response")
                        + " WHERE response_id = ? FOR UPDATE")) {
                    ps.setString(1, responseId);
                    try (ResultSet rs = ps.executeQuery()) {
                        found = rs.next() ? Optional.of(ResponseJson.read(rs.getString(1))) : Optional.empty();
                    }
                }
                if (found.isEmpty()) {
                    c.commit();
                    return false;
                }
                Response stripped = strip(found.get());
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.table("response_attribute")
                        + " WHERE response_id = ?")) {
                    ps.setString(1, responseId);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.table("response")
                        + " SET document = ?, case_file = NULL, anonymised = ?"
                        + (dialect == Dialect.POSTGRESQL ? ", attributes = '{}'" : "") + " WHERE response_id = ?")) {
                    ps.setString(1, ResponseJson.writeCompact(stripped));
                    ps.setBoolean(2, true);
                    ps.setString(3, responseId);
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                Jdbc.rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
    }

    /** The response without what anonymisation removes: text answers, "other" texts, attributes, case file id. */
    private static Response strip(Response r) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        r.answers().forEach((question, answer) -> {
            if (answer instanceof Answer.Text) {
                return;
            }
            if (answer instanceof Answer.Choice && ((Answer.Choice) answer).other().isPresent()) {
                answers.put(question, new Answer.Choice(((Answer.Choice) answer).codes(), Optional.empty()));
                return;
            }
            answers.put(question, answer);
        });
        Transaction t = r.transaction();
        Transaction kept = new Transaction(Optional.empty(), t.agency(), t.service(), t.channel(), t.time());
        return new Response(r.id(), r.instrumentId(), r.instrumentVersion(), r.status(), answers, kept, Map.of(),
                r.weight(), r.submittedAt());
    }
}
