package org.civicsurvey.examples.portal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;
import org.civicsurvey.examples.data.DemoData;
import org.civicsurvey.response.Transaction;

/**
 * The demo's stand-in for the portal's case-file system: what the portal already knows about a case
 * file (agency, service, channel, province), so the citizen is never asked for it again. A real
 * portal looks the case file up in its own records; here every well-formed id maps to a fixed
 * service, channel and province derived from the id.
 */
final class CaseFiles {
    /** The longest case file id accepted in a URL. */
    static final int MAX_LENGTH = 100;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_LENGTH - 1) + "}");

    private CaseFiles() {
    }

    static boolean isWellFormed(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * What the portal knows about a case file.
     *
     * @param transaction the transaction rated
     * @param province the province id where it was handled
     */
    record CaseFile(Transaction transaction, String province) {
    }

    static CaseFile lookup(String id, Instant now) {
        if (!isWellFormed(id)) {
            throw new IllegalArgumentException("case file id is not well formed");
        }
        int h = 0;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        h &= 0x7fffffff;
        int service = h % DemoData.SERVICES;
        int channel = (h / DemoData.SERVICES) % DemoData.CHANNELS.size();
        int province = (h / 97) % DemoData.PROVINCES;
        return new CaseFile(Transaction.of(id, DemoData.AGENCIES.get(DemoData.agencyOfService(service)),
            DemoData.SERVICE_IDS.get(service), DemoData.CHANNELS.get(channel), now), DemoData.PROVINCES_IDS.get(province));
    }
}
