package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.response.Response;

/**
 * Reads responses back: one by id, a count or a stream by {@link ResponseFilter} (through a
 * database cursor, {@link StoreOptions#fetchSize()} rows at a time), and the ids stored for a case
 * file. Every response comes from its stored JSON document.
 */
final class ResponseReader {

    private final DataSource dataSource;
    private final StoreOptions options;
    private final Dialect dialect;
    private final Tables tables;

    ResponseReader(DataSource dataSource, StoreOptions options, Dialect dialect, Tables tables) {
        this.dataSource = dataSource;
        this.options = options;
        this.dialect = dialect;
        this.tables = tables;
    }

    /** See {@link SurveyStore#findResponse(String)}. */
    Optional<Response> findResponse(String responseId) {
        Objects.requireNonNull(responseId, "responseId");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT document FROM " + tables.table("response")
                     + " WHERE response_id = ?")) {
            ps.setString(1, responseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(ResponseJson.read(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new SurveyStoreException("read response " + responseId + ": database error", e);
        }
    }

    /** See {@link SurveyStore#count(ResponseFilter)}. */
    long count(ResponseFilter filter) {
        Objects.requireNonNull(filter, "filter");
        FilterSql where = FilterSql.of(filter, options.namespace(), dialect);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + tables.table("response") + " r"
                     + where.where())) {
            where.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new SurveyStoreException("count responses: database error", e);
        }
    }

    /** See {@link SurveyStore#stream(ResponseFilter)}. */
    Stream<Response> stream(ResponseFilter filter) {
        Objects.requireNonNull(filter, "filter");
        FilterSql where = FilterSql.of(filter, options.namespace(), dialect);
        Connection c = null;
        try {
            c = dataSource.getConnection();
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            PreparedStatement ps = c.prepareStatement("SELECT document FROM " + tables.table("response") + " r"
                    + where.where(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(options.fetchSize());
            where.bind(ps, 1);
            ResultSet rs = ps.executeQuery();
            Connection connection = c;
            Spliterator<Response> rows = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                    Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE) {
                @Override
                public boolean tryAdvance(Consumer<? super Response> action) {
                    try {
                        if (!rs.next()) {
                            return false;
                        }
                        action.accept(ResponseJson.read(rs.getString(1)));
                        return true;
                    } catch (SQLException e) {
                        throw new SurveyStoreException("stream responses: database error while reading", e);
                    }
                }
            };
            return StreamSupport.stream(rows, false).onClose(() -> closeStream(connection, ps, rs, autoCommit));
        } catch (SQLException e) {
            SurveyStoreException error = new SurveyStoreException("stream responses: database error", e);
            if (c != null) {
                try {
                    c.rollback();
                    c.close();
                } catch (SQLException closing) {
                    error.addSuppressed(closing);
                }
            }
            throw error;
        }
    }

    private static void closeStream(Connection c, PreparedStatement ps, ResultSet rs, boolean autoCommit) {
        SQLException first = null;
        for (AutoCloseable step : List.<AutoCloseable>of(rs, ps, c::rollback, () -> c.setAutoCommit(autoCommit), c)) {
            try {
                step.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof SQLException ? (SQLException) e : new SQLException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw new SurveyStoreException("stream responses: cannot close the cursor", first);
        }
    }


    /** See {@link SurveyStore#responseIdsForCaseFile(String)}. */
    List<String> responseIdsForCaseFile(String caseFileId) {
        Objects.requireNonNull(caseFileId, "caseFileId");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT response_id FROM " + tables.table("response")
                     + " WHERE case_file = ? ORDER BY response_id")) {
            ps.setString(1, caseFileId);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new SurveyStoreException("find responses of a case file: database error", e);
        }
    }
}
