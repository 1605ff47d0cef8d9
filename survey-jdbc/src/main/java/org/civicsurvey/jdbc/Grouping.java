package org.civicsurvey.jdbc;

import java.util.Objects;
import java.util.Optional;

/**
 * One dimension by which {@link SurveyStore#statistics} groups responses into domains: a
 * transaction column, a period of the submission time (UTC), or a respondent attribute. A value,
 * never SQL: the attribute name is sent as a bound parameter.
 *
 * <p>Labels of the groups: the column or attribute value; periods as {@code 2024-05-07} (day),
 * {@code 2024-05} (month), {@code 2024-Q2} (quarter), {@code 2024} (year). A response without the
 * value (no agency, no submission time, attribute absent) falls in the group labelled
 * {@link Optional#empty()}.
 *
 * @param kind what to group by
 * @param attribute the respondent attribute, for {@link Kind#ATTRIBUTE} only
 */
public record Grouping(Kind kind, Optional<String> attribute) {

    /** What a grouping groups by. */
    public enum Kind {
        /** The transaction's agency. */
        AGENCY,
        /** The transaction's service. */
        SERVICE,
        /** The transaction's channel. */
        CHANNEL,
        /** The respondent attribute {@code province}. */
        PROVINCE,
        /** Calendar day of the submission time, UTC. */
        DAY,
        /** Calendar month of the submission time, UTC. */
        MONTH,
        /** Calendar quarter of the submission time, UTC. */
        QUARTER,
        /** Calendar year of the submission time, UTC. */
        YEAR,
        /** Any respondent attribute. */
        ATTRIBUTE
    }

    /**
     * Checks that an attribute is given exactly for {@link Kind#ATTRIBUTE}.
     *
     * @throws IllegalArgumentException otherwise
     */
    public Grouping {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(attribute, "attribute");
        if ((kind == Kind.ATTRIBUTE) != attribute.isPresent()) {
            throw new IllegalArgumentException("grouping " + kind + (attribute.isPresent() ? " takes no attribute name"
                    : " needs an attribute name"));
        }
    }

    /**
     * @param kind a kind other than {@link Kind#ATTRIBUTE}
     * @return the grouping
     */
    public static Grouping of(Kind kind) {
        return new Grouping(kind, Optional.empty());
    }

    /**
     * @param name the respondent attribute
     * @return a grouping by the attribute's value
     */
    public static Grouping attribute(String name) {
        return new Grouping(Kind.ATTRIBUTE, Optional.of(Objects.requireNonNull(name, "name")));
    }
}
