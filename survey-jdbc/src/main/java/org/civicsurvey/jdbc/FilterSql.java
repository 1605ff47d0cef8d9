package org.civicsurvey.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link ResponseFilter} as a WHERE clause over the response table aliased {@code r}, with every
 * value a bound parameter.
 */
final class FilterSql {

    private final String where;
    private final List<Object> parameters;

    private FilterSql(String where, List<Object> parameters) {
        this.where = where;
        this.parameters = List.copyOf(parameters);
    }

    /**
     * Builds the clause for a database: on PostgreSQL respondent attributes are the {@code
     * attributes} JSON column of the response row (schema version 2), elsewhere rows of the
     * attribute table.
     *
     * @param filter the filter
     * @param namespace the tables
     * @param dialect the database
     * @return the clause and its parameters
     */
    static FilterSql of(ResponseFilter filter, StoreNamespace namespace, Dialect dialect) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        filter.instrumentId().ifPresent(v -> add(sql, params, "r.instrument_id = ?", v));
        filter.instrumentVersion().ifPresent(v -> add(sql, params, "r.instrument_version = ?", v));
        filter.from().ifPresent(v -> add(sql, params, "r.submitted_at >= ?", utc(v)));
        filter.to().ifPresent(v -> add(sql, params, "r.submitted_at < ?", utc(v)));
        filter.agency().ifPresent(v -> add(sql, params, "r.agency = ?", v));
        filter.service().ifPresent(v -> add(sql, params, "r.service = ?", v));
        filter.channel().ifPresent(v -> add(sql, params, "r.channel = ?", v));
        filter.province().ifPresent(v -> add(sql, params, "r.province = ?", v));
        filter.status().ifPresent(v -> add(sql, params, "r.status = ?", v.name()));
        for (Map.Entry<String, String> e : filter.attributes().entrySet()) {
            if (!ResponseRows.hasAttributeRow(e.getKey())) {
                add(sql, params, "r.province = ?", e.getValue());
                continue;
            }
            if (dialect == Dialect.POSTGRESQL) {
                sql.append(" AND r.attributes ->> ? = ?");
                params.add(e.getKey());
                params.add(e.getValue());
                continue;
            }
            sql.append(" AND EXISTS (SELECT 1 FROM ").append(namespace.table("response_attribute"))
                    .append(" a WHERE a.response_id = r.response_id AND a.attr_name = ? AND a.attr_value = ?)");
            params.add(e.getKey());
            params.add(e.getValue());
        }
        return new FilterSql(sql.toString(), params);
    }

    private static void add(StringBuilder sql, List<Object> params, String condition, Object value) {
        sql.append(" AND ").append(condition);
        params.add(value);
    }

    /**
     * An instant as the UTC wall-clock time stored in timestamp columns.
     *
     * @param instant the instant
     * @return the UTC local date-time
     */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * The clause, starting with {@code " WHERE "}.
     *
     * @return the SQL text
     */
    String where() {
        return where;
    }

    /**
     * The parameters in order.
     *
     * @return the values
     */
    List<Object> parameters() {
        return parameters;
    }

    /**
     * Binds the parameters from position {@code first}.
     *
     * @param ps the statement
     * @param first the first parameter index (1-based)
     * @return the next free index
     * @throws SQLException from the driver
     */
    int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        for (Object p : parameters) {
            ps.setObject(i++, p);
        }
        return i;
    }
}
