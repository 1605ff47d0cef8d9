package org.civicsurvey.analysis.reliability;

import java.util.List;
import java.util.Objects;

/**
 * Response frequencies of one item ({@code response.freq} of {@code psych::alpha}), on the item
 * as answered (before any reversal).
 *
 * @param item the item's name
 * @param counts number of answers in each category of {@link ResponseFrequencies#categories()}
 * @param shares {@code counts / answered}: the share among non-missing answers (0 when none)
 * @param answered number of non-missing answers
 * @param missing number of missing answers
 * @param missingShare {@code missing / (answered + missing)}
 */
public record ItemFrequencies(
        String item, List<Integer> counts, List<Double> shares, int answered, int missing, double missingShare) {
    /**
     * Validates and copies.
     *
     * @param item name
     * @param counts counts per category
     * @param shares shares per category
     * @param answered answered
     * @param missing missing
     * @param missingShare missing share
     */
    public ItemFrequencies {
        Objects.requireNonNull(item, "item");
        counts = List.copyOf(counts);
        shares = List.copyOf(shares);
        if (counts.size() != shares.size()) {
            throw new IllegalArgumentException(
                    "counts (" + counts.size() + ") and shares (" + shares.size() + ") differ in length");
        }
        if (answered < 0 || missing < 0) {
            throw new IllegalArgumentException("answered " + answered + " and missing " + missing + " must be >= 0");
        }
    }
}
