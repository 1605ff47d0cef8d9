package org.civicsurvey.model;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An integer rating scale {@code min..max} with labels, a positive threshold and codes for answers
 * outside the scale.
 *
 * <p>Rules: {@code min < max}, at most {@value #MAX_POINTS} points; each label's value inside the
 * range and labelled once (labels may cover only some points, e.g. the two ends of a 1..10 scale);
 * {@code min <= positiveThreshold <= max} (an answer {@code >= positiveThreshold} is positive, the
 * top-box rule: 4 on SIPAS's 1..5 scale, 9 for NPS promoters); special codes outside the range, each
 * code and each status at most once.
 *
 * @param id the scale's id when it is one of the instrument's named scales
 * @param min the lowest value
 * @param max the highest value
 * @param labels labelled points
 * @param positiveThreshold the lowest positive value
 * @param specialCodes codes for don't know, not applicable, refused
 */
public record Scale(Optional<String> id, int min, int max, List<ScalePoint> labels, int positiveThreshold,
        List<SpecialCode> specialCodes) {
    /** The most points a scale may have. */
    public static final int MAX_POINTS = 101;

    private static final Scale NPS = new Scale(Optional.empty(), 0, 10, List.of(), 9, List.of());

    /**
     * Validates the scale, reporting every problem.
     *
     * @param id the id, not null (may be empty)
     * @param min the lowest value
     * @param max the highest value
     * @param labels labelled points, not null
     * @param positiveThreshold the lowest positive value
     * @param specialCodes special codes, not null
     */
    public Scale {
        Violations.required("id", id);
        labels = Violations.copy("labels", labels);
        specialCodes = Violations.copy("specialCodes", specialCodes);
        Violations v = new Violations();
        id.ifPresent(s -> v.id("id", s));
        boolean rangeOk = true;
        if (min >= max) {
            v.add("max", "max " + max + " must be greater than min " + min);
            rangeOk = false;
        } else if ((long) max - min + 1 > MAX_POINTS) {
            v.add("max", "the scale " + min + ".." + max + " has more than " + MAX_POINTS + " points");
            rangeOk = false;
        }
        if (rangeOk && (positiveThreshold < min || positiveThreshold > max)) {
            v.add("positiveThreshold", "positiveThreshold " + positiveThreshold + " is outside the scale " + min + ".." + max);
        }
        Set<Integer> labelled = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            int value = labels.get(i).value();
            if (rangeOk && (value < min || value > max)) {
                v.add("labels[" + i + "].value", "label value " + value + " is outside the scale " + min + ".." + max);
            } else if (!labelled.add(value)) {
                v.add("labels[" + i + "].value", "value " + value + " is labelled twice");
            }
        }
        Set<Integer> codes = new HashSet<>();
        Set<SpecialStatus> statuses = EnumSet.noneOf(SpecialStatus.class);
        for (int i = 0; i < specialCodes.size(); i++) {
            SpecialCode c = specialCodes.get(i);
            if (rangeOk && c.code() >= min && c.code() <= max) {
                v.add("specialCodes[" + i + "].code", "special code " + c.code() + " for " + c.status().label()
                        + " collides with the scale value " + c.code() + " (scale " + min + ".." + max + ")");
            } else if (!codes.add(c.code())) {
                v.add("specialCodes[" + i + "].code", "special code " + c.code() + " is used twice");
            }
            if (!statuses.add(c.status())) {
                v.add("specialCodes[" + i + "].status", "status " + c.status().jsonName() + " has two codes");
            }
        }
        v.throwIfAny();
    }

    /**
     * Creates an anonymous (inline) scale.
     *
     * @param min the lowest value
     * @param max the highest value
     * @param labels labelled points
     * @param positiveThreshold the lowest positive value
     * @param specialCodes special codes
     * @return the scale
     */
    public static Scale of(int min, int max, List<ScalePoint> labels, int positiveThreshold, List<SpecialCode> specialCodes) {
        return new Scale(Optional.empty(), min, max, labels, positiveThreshold, specialCodes);
    }

    /**
     * The NPS scale: 0..10, promoters from 9, no labels, no special codes.
     *
     * @return the default NPS scale
     */
    public static Scale nps() {
        return NPS;
    }

    /**
     * Returns this scale with an id, to declare it among an instrument's named scales.
     *
     * @param newId the id
     * @return a scale equal to this one but for its id
     */
    public Scale withId(String newId) {
        return new Scale(Optional.of(newId), min, max, labels, positiveThreshold, specialCodes);
    }

    /**
     * Tells whether a value is on the scale.
     *
     * @param value the value
     * @return true when {@code min <= value <= max}
     */
    public boolean contains(int value) {
        return value >= min && value <= max;
    }

    /**
     * Tells whether a value counts as positive (top box).
     *
     * @param value a scale value
     * @return true when {@code value >= positiveThreshold}
     */
    public boolean isPositive(int value) {
        return value >= positiveThreshold;
    }

    /**
     * The number of points.
     *
     * @return {@code max - min + 1}
     */
    public int size() {
        return max - min + 1;
    }

    /**
     * The special code for a numeric code, as used on paper ballots and in exports.
     *
     * @param code the code
     * @return the special code, or empty when {@code code} is not one
     */
    public Optional<SpecialCode> special(int code) {
        for (SpecialCode c : specialCodes) {
            if (c.code() == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The special code declared for a status.
     *
     * @param status the status
     * @return its code, or empty when this scale does not offer it
     */
    public Optional<SpecialCode> special(SpecialStatus status) {
        for (SpecialCode c : specialCodes) {
            if (c.status() == status) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The label of a value.
     *
     * @param value the value
     * @return its label, or empty when the value is not labelled
     */
    public Optional<LocalizedText> label(int value) {
        for (ScalePoint p : labels) {
            if (p.value() == value) {
                return Optional.of(p.label());
            }
        }
        return Optional.empty();
    }

    /**
     * The range as text for messages.
     *
     * @return for example {@code 1..5}
     */
    public String rangeText() {
        return min + ".." + max;
    }
}
