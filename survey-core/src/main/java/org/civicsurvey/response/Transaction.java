package org.civicsurvey.response;

import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the portal already knows about the transaction a response rates. The person is never asked
 * again for it. Every part is optional; each text is at most {@value #MAX_LENGTH} characters.
 *
 * @param caseFileId the case file (dossier) id, such as the portal's mã hồ sơ
 * @param agency the agency that handled it
 * @param service the service
 * @param channel the channel: in person, online, phone, mail...
 * @param time when the transaction took place
 */
public record Transaction(
        Optional<@Size(min = 1, max = MAX_LENGTH, message = "must have {min} to {max} characters") String> caseFileId,
        Optional<@Size(min = 1, max = MAX_LENGTH, message = "must have {min} to {max} characters") String> agency,
        Optional<@Size(min = 1, max = MAX_LENGTH, message = "must have {min} to {max} characters") String> service,
        Optional<@Size(min = 1, max = MAX_LENGTH, message = "must have {min} to {max} characters") String> channel,
        Optional<Instant> time) {

    /** The longest text part, in characters. */
    public static final int MAX_LENGTH = 200;

    private static final Transaction NONE = new Transaction(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /**
     * Rejects nulls (use {@link Optional#empty()}).
     *
     * @param caseFileId the case file id
     * @param agency the agency
     * @param service the service
     * @param channel the channel
     * @param time the time
     */
    public Transaction {
        Objects.requireNonNull(caseFileId, "caseFileId");
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(time, "time");
    }

    /**
     * No known transaction (a household survey, say).
     *
     * @return the empty transaction
     */
    public static Transaction none() {
        return NONE;
    }

    /**
     * A fully known transaction.
     *
     * @param caseFileId the case file id
     * @param agency the agency
     * @param service the service
     * @param channel the channel
     * @param time the time
     * @return the transaction
     */
    public static Transaction of(String caseFileId, String agency, String service, String channel, Instant time) {
        return new Transaction(Optional.of(caseFileId), Optional.of(agency), Optional.of(service), Optional.of(channel),
                Optional.of(time));
    }
}
