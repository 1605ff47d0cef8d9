package org.civicsurvey.model;

/**
 * The label of one point on a scale.
 *
 * @param value the scale value
 * @param label the text shown for it
 */
public record ScalePoint(int value, LocalizedText label) {
    /**
     * Validates the parts.
     *
     * @param value the value
     * @param label the label, not null and not empty
     */
    public ScalePoint {
        Violations.required("label", label);
        if (label.isEmpty()) {
            throw new InvalidModelException("label", "label of scale point " + value + " is empty");
        }
    }

    /**
     * Creates a labelled point.
     *
     * @param value the value
     * @param label the label
     * @return the point
     */
    public static ScalePoint of(int value, LocalizedText label) {
        return new ScalePoint(value, label);
    }
}
