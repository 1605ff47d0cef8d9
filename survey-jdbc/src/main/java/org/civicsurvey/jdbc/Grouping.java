package org.civicsurvey.jdbc;

import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * One dimension by which {@link SurveyStore#statistics} groups responses into domains: a
 * transaction column, a period of the submission time, or a respondent attribute. A value, never
 * SQL: the attribute name is sent as a bound parameter.
 *
 * <p>Periods are calendar periods at a fixed offset from UTC: UTC unless {@link #at(ZoneOffset)}
 * gives another. A portal in Vietnam groups with {@code Grouping.of(Kind.QUARTER).at(ZoneOffset.ofHours(7))},
 * so that a rating made at 03:00 local time on 1 April counts in the second quarter, as its
 * citizen and the report expect, although it is still 31 March in UTC. Only fixed offsets are
 * taken: a zone with daylight-saving time would need each database's time-zone tables.
 *
 * <p>Labels of the groups: the column or attribute value; periods as {@code 2024-05-07} (day),
 * {@code 2024-05} (month), {@code 2024-Q2} (quarter), {@code 2024} (year). A response without the
 * value (no agency, no submission time, attribute absent) falls in the group labelled
 * {@link Optional#empty()}.
 *
 * @param kind what to group by
 * @param attribute the respondent attribute, for {@link Kind#ATTRIBUTE} only
 * @param offset the offset from UTC at which periods are cut; UTC for every other kind
 */
public record Grouping(Kind kind, Optional<String> attribute, ZoneOffset offset) {

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
        /** Calendar day of the submission time, at the grouping's offset (UTC by default). */
        DAY,
        /** Calendar month of the submission time, at the grouping's offset (UTC by default). */
        MONTH,
        /** Calendar quarter of the submission time, at the grouping's offset (UTC by default). */
        QUARTER,
        /** Calendar year of the submission time, at the grouping's offset (UTC by default). */
        YEAR,
        /** Any respondent attribute. */
        ATTRIBUTE
    }

    /**
     * Checks that an attribute is given exactly for {@link Kind#ATTRIBUTE}, and an offset other than
     * UTC only for a period.
     *
     * @throws IllegalArgumentException otherwise
     */
    public Grouping {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(offset, "offset");
        if ((kind == Kind.ATTRIBUTE) != attribute.isPresent()) {
            throw new IllegalArgumentException("grouping " + kind + (attribute.isPresent() ? " takes no attribute name"
                    : " needs an attribute name"));
        }
        if (!isPeriod(kind) && !offset.equals(ZoneOffset.UTC)) {
            throw new IllegalArgumentException("grouping " + kind + " is not a period and takes no offset (" + offset + ")");
        }
    }

    /**
     * A grouping with periods cut in UTC.
     *
     * @param kind what to group by
     * @param attribute the respondent attribute, for {@link Kind#ATTRIBUTE} only
     */
    public Grouping(Kind kind, Optional<String> attribute) {
        this(kind, attribute, ZoneOffset.UTC);
    }

    /**
     * The same period grouping with periods cut at another offset from UTC.
     *
     * @param value the offset, e.g. {@code ZoneOffset.ofHours(7)} for Vietnam
     * @return the grouping
     * @throws IllegalArgumentException when this is not a period grouping
     */
    public Grouping at(ZoneOffset value) {
        return new Grouping(kind, attribute, value);
    }

    private static boolean isPeriod(Kind kind) {
        return kind == Kind.DAY || kind == Kind.MONTH || kind == Kind.QUARTER || kind == Kind.YEAR;
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
