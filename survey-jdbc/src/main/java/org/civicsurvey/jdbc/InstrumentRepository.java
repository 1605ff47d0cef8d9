package org.civicsurvey.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;

/**
 * The instrument table: stores instrument versions by the SHA-256 of their JSON (identical content
 * is a duplicate; changed content replaces the version only while no response refers to it) and
 * reads them back. Nothing is cached: every read goes to the database, so a version replaced by
 * another instance is seen at once.
 */
final class InstrumentRepository {

    private final DataSource dataSource;
    private final Tables tables;

    InstrumentRepository(DataSource dataSource, Tables tables) {
        this.dataSource = dataSource;
        this.tables = tables;
    }

    /** See {@link SurveyStore#putInstrument(Instrument)}. */
    SaveOutcome put(Instrument instrument) {
        Objects.requireNonNull(instrument, "instrument");
        String op = "store instrument " + instrument.id() + " version " + instrument.version();
        String json = InstrumentJson.write(instrument);
        String hash = Hashing.sha256(json);
        String table = tables.table("instrument");
        try (Connection c = dataSource.getConnection()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                Optional<String> stored = hash(c, instrument.id(), instrument.version());
                if (stored.isPresent() && stored.get().equals(hash)) {
                    return SaveOutcome.DUPLICATE;
                }
                if (stored.isPresent()) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table
                            + " SET document = ?, content_hash = ?, stored_at = ? WHERE instrument_id = ? AND version = ?"
                            + " AND NOT EXISTS (SELECT 1 FROM " + tables.table("response")
                            + " r WHERE r.instrument_id = ? AND r.instrument_version = ?)")) {
                        ps.setString(1, json);
                        ps.setString(2, hash);
                        ps.setTimestamp(3, Timestamp.from(Instant.now()));
                        ps.setString(4, instrument.id());
                        ps.setString(5, instrument.version());
                        ps.setString(6, instrument.id());
                        ps.setString(7, instrument.version());
                        if (ps.executeUpdate() == 1) {
                            return SaveOutcome.UPDATED;
                        }
                    }
                    throw new InstrumentInUseException(op + ": the version has stored responses and is immutable;"
                            + " publish the change as a new version");
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                        + " (instrument_id, version, document, content_hash, stored_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, instrument.id());
                    ps.setString(2, instrument.version());
                    ps.setString(3, json);
                    ps.setString(4, hash);
                    ps.setTimestamp(5, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                    return SaveOutcome.STORED;
                } catch (SQLException e) {
                    if (!Jdbc.isConstraintViolation(e)) {
                        throw e;
                    }
                    // stored concurrently by another instance: look again
                }
            }
            throw new SurveyStoreException(op + ": gave up after 3 concurrent attempts");
        } catch (SQLException e) {
            throw new SurveyStoreException(op + ": database error", e);
        }
    }

    /** See {@link SurveyStore#findInstrument(String, String)}. */
    Optional<Instrument> find(String id, String version) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        try (Connection c = dataSource.getConnection()) {
            return load(c, id, version);
        } catch (SQLException e) {
            throw new SurveyStoreException("read instrument " + id + " version " + version + ": database error", e);
        }
    }

    /**
     * Reads an instrument version on the caller's connection.
     *
     * @param c the connection
     * @param id the instrument id
     * @param version the version
     * @return the instrument, if stored
     * @throws SQLException from the driver
     */
    Optional<Instrument> load(Connection c, String id, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT document FROM " + tables.table("instrument")
                + " WHERE instrument_id = ? AND version = ?")) {
            ps.setString(1, id);
            ps.setString(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(InstrumentJson.read(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /**
     * Reads every instrument version some responses refer to, once each.
     *
     * @param c the connection
     * @param responses the responses (null elements are skipped)
     * @return by {@link #key(Response)}, the instrument if stored
     * @throws SQLException from the driver
     */
    Map<String, Optional<Instrument>> loadAll(Connection c, List<Response> responses) throws SQLException {
        Map<String, Optional<Instrument>> instruments = new HashMap<>();
        for (Response r : responses) {
            if (r != null) {
                String key = key(r);
                if (!instruments.containsKey(key)) {
                    instruments.put(key, load(c, r.instrumentId(), r.instrumentVersion()));
                }
            }
        }
        return instruments;
    }

    /**
     * The key of a response's instrument version in {@link #loadAll}'s map.
     *
     * @param r the response
     * @return instrument id and version
     */
    static String key(Response r) {
        return r.instrumentId() + "\u0000" + r.instrumentVersion();
    }

    private Optional<String> hash(Connection c, String id, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT content_hash FROM " + tables.table("instrument")
                + " WHERE instrument_id = ? AND version = ?")) {
            ps.setString(1, id);
            ps.setString(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1).trim()) : Optional.empty();
            }
        }
    }
}
