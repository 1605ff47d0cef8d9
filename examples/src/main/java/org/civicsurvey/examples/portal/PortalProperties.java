package org.civicsurvey.examples.portal;

import java.time.Duration;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The portal's settings ({@code portal.*} in {@code application.properties} or as arguments).
 *
 * @param instrument the standard instrument rated ({@code sipas2017})
 * @param demoResponses demo ratings seeded into an empty store (0 for none)
 * @param demoInBackground whether they are seeded while the portal already serves
 * @param demoCaseFiles completed, unrated demo case files put into an empty case-file record
 * @param links the signed rating links
 * @param admin the administrator's login
 * @param limits request size limits and the rate limit of rating submissions
 * @param dashboard what the dashboard withholds
 */
@ConfigurationProperties("portal")
public record PortalProperties(@DefaultValue("sipas2017") String instrument, @DefaultValue("5000") int demoResponses,
                               @DefaultValue("true") boolean demoInBackground, @DefaultValue("50") int demoCaseFiles, @DefaultValue Links links, @DefaultValue Admin admin,
                               @DefaultValue Limits limits, @DefaultValue Dashboard dashboard) {
    /**
     * Checks the ranges.
     *
     * @param instrument instrument
     * @param demoResponses demo ratings
     * @param demoInBackground seeding in the background
     * @param demoCaseFiles demo case files
     * @param links links
     * @param admin admin
     * @param limits limits
     * @param dashboard dashboard
     */
    public PortalProperties {
        if (demoResponses < 0 || demoResponses > 1_000_000) {
            throw new IllegalArgumentException("portal.demo-responses is " + demoResponses + "; must be 0..1000000");
        }
        if (demoCaseFiles < 0 || demoCaseFiles > 100_000) {
            throw new IllegalArgumentException("portal.demo-case-files is " + demoCaseFiles + "; must be 0..100000");
        }
    }

    /**
     * Rating links.
     *
     * @param secret the HMAC key, at least 32 characters; when absent a random key is made at start
     *     (links then stop working at a restart)
     * @param validFor how long a link stays valid after the case file completes
     */
    public record Links(Optional<String> secret, @DefaultValue("P30D") Duration validFor) {
        /**
         * Checks the key length and the duration.
         *
         * @param secret secret
         * @param validFor validity
         */
        public Links {
            secret = secret == null ? Optional.empty() : secret;
            if (secret.isPresent() && secret.get().length() < 32) {
                throw new IllegalArgumentException("portal.links.secret has " + secret.get().length()
                    + " characters; it must have at least 32");
            }
            if (validFor.isNegative() || validFor.isZero()) {
                throw new IllegalArgumentException("portal.links.valid-for is " + validFor + "; it must be positive");
            }
        }
    }

    /**
     * The administrator.
     *
     * @param username the user name
     * @param password the password; when absent a random one is made at start and printed once
     */
    public record Admin(@DefaultValue("admin") String username, Optional<String> password) {
        /**
         * Normalises an absent password.
         *
         * @param username user name
         * @param password password
         */
        public Admin {
            password = password == null ? Optional.empty() : password.filter(p -> !p.isBlank());
        }
    }

    /**
     * Limits.
     *
     * @param body the largest request body (forms and JSON)
     * @param upload the largest CSV upload
     * @param ratingsPerWindow rating submissions one client may make per window
     * @param window the rate limit's window
     */
    public record Limits(@DefaultValue("64KB") DataSize body, @DefaultValue("16MB") DataSize upload,
                         @DefaultValue("10") int ratingsPerWindow, @DefaultValue("PT1M") Duration window) {
        /**
         * Checks the ranges.
         *
         * @param body body
         * @param upload upload
         * @param ratingsPerWindow submissions per window
         * @param window window
         */
        public Limits {
            if (ratingsPerWindow < 1) {
                throw new IllegalArgumentException("portal.limits.ratings-per-window is " + ratingsPerWindow + "; must be >= 1");
            }
        }
    }

    /**
     * The dashboard's disclosure rules.
     *
     * @param minimumRespondents a group with fewer respondents is withheld (with complementary suppression)
     * @param minimumForChange a change between quarters is shown, and called significant or not, only when
     *     both quarters have at least this many respondents
     */
    public record Dashboard(@DefaultValue("10") int minimumRespondents, @DefaultValue("100") int minimumForChange) {
    }
}
