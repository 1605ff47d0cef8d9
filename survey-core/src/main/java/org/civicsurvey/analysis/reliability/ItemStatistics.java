package org.civicsurvey.analysis.reliability;

import java.util.Objects;

/**
 * Statistics of one item within its scale ({@code item.stats} of {@code psych::alpha}), on the
 * item as scored (after reversal if it is reverse-keyed).
 *
 * @param item the item's name
 * @param reversed whether it was reverse-keyed
 * @param n number of answers to the item (missing answers left out)
 * @param rawR correlation of the item with the total score (the mean of the answered items),
 *     over respondents with both
 * @param standardizedR correlation with the total of standardised items,
 *     {@code colSums(R)/sqrt(sum(R))}
 * @param correctedR {@code r.cor}: as {@code standardizedR} with the diagonal of {@code R}
 *     replaced by the SMCs (corrected for overlap and reliability)
 * @param dropR {@code r.drop}: correlation of the item with the sum of the other items, from the
 *     covariance matrix
 * @param mean the item's mean
 * @param sd the item's standard deviation (divisor {@code n - 1})
 */
public record ItemStatistics(
        String item,
        boolean reversed,
        int n,
        double rawR,
        double standardizedR,
        double correctedR,
        double dropR,
        double mean,
        double sd) {
    /**
     * Validates the row.
     *
     * @param item name
     * @param reversed reversed
     * @param n answers
     * @param rawR raw r
     * @param standardizedR std r
     * @param correctedR r.cor
     * @param dropR r.drop
     * @param mean mean
     * @param sd sd
     */
    public ItemStatistics {
        Objects.requireNonNull(item, "item");
        if (n < 0) {
            throw new IllegalArgumentException("n " + n + " is negative");
        }
    }
}
