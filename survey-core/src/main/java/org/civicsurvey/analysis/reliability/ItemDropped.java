package org.civicsurvey.analysis.reliability;

import java.util.List;
import java.util.Objects;

/**
 * The reliability of the scale without one item ({@code alpha.drop} of {@code psych::alpha}).
 *
 * <p>With two items in the scale, psych defines the row of item 1 as
 * {@code rawAlpha = C12/C22} (and {@code C12/C11} for item 2), standardised alpha, average and
 * median r equal to {@code r12}, lambda 6 equal to the first item's SMC, S/N
 * {@code r12/(1 - r12)}, {@code varianceR = 0} and no standard error; this record follows it.
 *
 * @param item the dropped item's name
 * @param statistics the reliability of the remaining items
 * @param alphaSe {@code sqrt(Q/n)}, the asymptotic standard error of the remaining items' raw
 *     alpha; {@code NaN} when psych omits it (two items, or no more rows than items)
 */
public record ItemDropped(String item, ScaleStatistics statistics, double alphaSe) {
    /**
     * Validates the row.
     *
     * @param item the dropped item's name
     * @param statistics the reliability without it
     * @param alphaSe its standard error or NaN
     */
    public ItemDropped {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(statistics, "statistics");
    }

    /** The row of the item named {@code item} among {@code rows}, for the results' {@code ifDropped(String)}. */
    static ItemDropped named(List<ItemDropped> rows, String item) {
        for (ItemDropped row : rows) {
            if (row.item().equals(item)) {
                return row;
            }
        }
        throw new IllegalArgumentException("no analysed item named '" + item + "'");
    }
}
