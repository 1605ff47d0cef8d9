package org.civicsurvey.examples.portal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Signed, expiring rating links: {@code /rate/{caseFileId}?t={expiry}.{signature}}, the signature
 * an HMAC-SHA256 over the case file id and the expiry (seconds since the epoch) with the portal's
 * key. Only the portal can make one, so a rating is accepted only for a case file the portal
 * completed, and only until the link expires; the link names nothing but the case file, whose
 * agency, service and channel come from the portal's record.
 */
@Component
public class RatingLinks {
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;
    private final PortalProperties.Links settings;
    private final Clock clock;

    /**
     * Creates the signer.
     *
     * @param properties the portal's settings (the key, or none for a random one)
     * @param clock the clock
     */
    public RatingLinks(PortalProperties properties, Clock clock) {
        this.settings = properties.links();
        this.clock = clock;
        byte[] secret;
        if (settings.secret().isPresent()) {
            secret = settings.secret().get().getBytes(StandardCharsets.UTF_8);
        } else {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /**
     * The link's token for a case file completed at a time.
     *
     * @param caseFileId the case file
     * @param completedAt when it completed (the link expires {@code portal.links.valid-for} later)
     * @return the token, {@code expiry.signature}
     */
    public String token(String caseFileId, Instant completedAt) {
        long expiry = completedAt.plus(settings.validFor()).getEpochSecond();
        return expiry + "." + sign(caseFileId, expiry);
    }

    /**
     * The rating path of a case file.
     *
     * @param caseFileId the case file
     * @param completedAt when it completed
     * @return the path with its token, e.g. {@code /rate/H56-0001?t=...}
     */
    public String path(String caseFileId, Instant completedAt) {
        return "/rate/" + UriUtils.encodePathSegment(caseFileId, StandardCharsets.UTF_8) + "?t=" + token(caseFileId, completedAt);
    }

    /** Why a token is refused. */
    public enum Refusal {
        /** Missing, malformed or not signed by this portal for this case file. */
        INVALID,
        /** Signed, but past its expiry. */
        EXPIRED
    }

    /**
     * Checks a token.
     *
     * @param caseFileId the case file the request names
     * @param token the token, possibly null
     * @return empty when valid, else why not
     */
    public Optional<Refusal> check(String caseFileId, String token) {
        if (token == null || caseFileId == null || token.length() > 80) {
            return Optional.of(Refusal.INVALID);
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 12) {
            return Optional.of(Refusal.INVALID);
        }
        long expiry;
        try {
            expiry = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return Optional.of(Refusal.INVALID);
        }
        byte[] expected = sign(caseFileId, expiry).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.of(Refusal.INVALID);
        }
        if (clock.instant().getEpochSecond() > expiry) {
            return Optional.of(Refusal.EXPIRED);
        }
        return Optional.empty();
    }

    private String sign(String caseFileId, long expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] tag = mac.doFinal((caseFileId + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
