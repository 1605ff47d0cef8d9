package org.civicsurvey.examples.portal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.civicsurvey.response.Transaction;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The portal's record of completed case files: what it already knows about each one (agency,
 * service, channel, province, when it completed), so a citizen is never asked again and a rating can
 * never claim another agency or service. A real portal has this in its case-management system; the
 * demo keeps it in one table ({@code portal_case_file}) of the same database.
 */
@Component
public class CaseFileRegistry {
    /** The longest case file id. */
    public static final int MAX_ID = 100;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_ID - 1) + "}");
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private final JdbcTemplate jdbc;

    /**
     * Creates the record, and its table when absent.
     *
     * @param jdbc the application's database
     */
    public CaseFileRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("CREATE TABLE IF NOT EXISTS portal_case_file (id VARCHAR(100) PRIMARY KEY, agency VARCHAR(64) NOT NULL,"
            + " service VARCHAR(64) NOT NULL, channel VARCHAR(64) NOT NULL, province VARCHAR(64) NOT NULL,"
            + " completed_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }

    /**
     * A completed case file.
     *
     * @param id the case file id (mã hồ sơ)
     * @param agency the agency that handled it
     * @param service the service
     * @param channel the channel
     * @param province the province where it was handled
     * @param completedAt when it completed
     */
    public record CaseFile(String id, String agency, String service, String channel, String province, Instant completedAt) {
        /**
         * Checks every field.
         *
         * @param id id
         * @param agency agency
         * @param service service
         * @param channel channel
         * @param province province
         * @param completedAt completion time
         */
        public CaseFile {
            if (!isWellFormed(id)) {
                throw new IllegalArgumentException("case file id must be 1 to " + MAX_ID + " letters, digits and . _ : -");
            }
            code("agency", agency);
            code("service", service);
            code("channel", channel);
            code("province", province);
            Objects.requireNonNull(completedAt, "completedAt");
        }

        /**
         * The transaction a rating of this case file is about.
         *
         * @return the transaction
         */
        public Transaction transaction() {
            return Transaction.of(id, agency, service, channel, completedAt);
        }
    }

    private static void code(String name, String value) {
        if (value == null || !CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 1 to 64 lower-case letters, digits, _ and -");
        }
    }

    /**
     * Whether an id has the form of a case file id.
     *
     * @param id the id
     * @return whether it does
     */
    public static boolean isWellFormed(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * Records a completed case file.
     *
     * @param caseFile the case file
     * @return false when the id is already recorded (the record is left as it was)
     */
    public boolean complete(CaseFile caseFile) {
        try {
            jdbc.update("INSERT INTO portal_case_file (id, agency, service, channel, province, completed_at) VALUES (?, ?, ?, ?, ?, ?)",
                caseFile.id(), caseFile.agency(), caseFile.service(), caseFile.channel(), caseFile.province(),
                Timestamp.from(caseFile.completedAt()));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /**
     * A recorded case file.
     *
     * @param id the id
     * @return the case file, if recorded
     */
    public Optional<CaseFile> find(String id) {
        if (!isWellFormed(id)) {
            return Optional.empty();
        }
        List<CaseFile> found = jdbc.query("SELECT id, agency, service, channel, province, completed_at FROM portal_case_file"
            + " WHERE id = ?", (rs, i) -> new CaseFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getTimestamp(6).toInstant()), id);
        return found.stream().findFirst();
    }

    /**
     * How many case files are recorded.
     *
     * @return the count
     */
    public long count() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM portal_case_file", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Some recorded case files, by id.
     *
     * @param limit how many at most
     * @return the first ones by id
     */
    public List<String> firstIds(int limit) {
        return jdbc.queryForList("SELECT id FROM portal_case_file ORDER BY id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
            String.class);
    }
}
