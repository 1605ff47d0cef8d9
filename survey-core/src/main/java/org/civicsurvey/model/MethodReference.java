package org.civicsurvey.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The method an instrument follows and the source it cites.
 *
 * @param name the method's short name, such as {@code SIPAS} or {@code OMB A-11 §280}; not blank, at most 200 characters
 * @param source the citation, such as {@code Decision 2640/QĐ-BNV (10 Oct 2017), Ministry of Home Affairs};
 *     not blank, at most 1000 characters
 * @param url an http(s) address of the source, or empty
 * @param adapted whether the instrument adapts the source (wording reconstructed, items selected)
 *     rather than reproducing it verbatim
 * @param notes further notes, possibly empty
 */
public record MethodReference(String name, String source, Optional<String> url, boolean adapted, LocalizedText notes) {
    /**
     * Validates the reference.
     *
     * @param name the name
     * @param source the citation
     * @param url the address
     * @param adapted whether adapted
     * @param notes notes
     */
    public MethodReference {
        Violations v = new Violations();
        text(v, "name", name, 200);
        text(v, "source", source, 1000);
        if (url == null) {
            v.add("url", "is missing (use Optional.empty())");
        } else if (url.isPresent()) {
            String problem = urlProblem(url.get());
            if (problem != null) {
                v.add("url", problem);
            }
        }
        if (notes == null) {
            v.add("notes", "is missing (use LocalizedText.empty())");
        }
        v.throwIfAny();
    }

    /**
     * A reference without url or notes.
     *
     * @param name the name
     * @param source the citation
     * @param adapted whether adapted
     * @return the reference
     */
    public static MethodReference of(String name, String source, boolean adapted) {
        return new MethodReference(name, source, Optional.empty(), adapted, LocalizedText.empty());
    }

    private static void text(Violations v, String field, String value, int max) {
        if (value == null) {
            v.add(field, "is missing");
        } else if (value.isBlank()) {
            v.add(field, field + " is blank");
        } else if (value.length() > max) {
            v.add(field, field + " has " + value.length() + " characters, more than the maximum " + max);
        }
    }

    private static String urlProblem(String url) {
        if (url.length() > 2000) {
            return "url has " + url.length() + " characters, more than the maximum 2000";
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
                return Ids.quote(url) + " is not an absolute http or https address";
            }
            return null;
        } catch (URISyntaxException e) {
            return Ids.quote(url) + " is not a valid address";
        }
    }
}
