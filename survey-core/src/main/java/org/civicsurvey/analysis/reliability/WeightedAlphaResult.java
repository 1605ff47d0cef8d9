package org.civicsurvey.analysis.reliability;

import java.util.List;
import java.util.Objects;

/**
 * Reliability from the weighted covariance matrix (see
 * {@link ReliabilityAnalyzer#weightedAlpha(java.util.List, double[][], double[], ItemKeys)}).
 *
 * @param items the analysed items, in order
 * @param reversed for each item, whether it was reverse-keyed
 * @param rows complete rows used
 * @param rowsExcluded rows left out because an item was missing
 * @param total reliability of all items
 * @param ifDropped reliability with each item dropped ({@link ItemDropped#alphaSe()} is NaN)
 */
public record WeightedAlphaResult(
        List<String> items,
        List<Boolean> reversed,
        int rows,
        int rowsExcluded,
        ScaleStatistics total,
        List<ItemDropped> ifDropped) {
    /**
     * Validates and copies.
     *
     * @param items items
     * @param reversed reversal flags
     * @param rows rows used
     * @param rowsExcluded rows excluded
     * @param total statistics
     * @param ifDropped item-dropped table
     */
    public WeightedAlphaResult {
        items = List.copyOf(items);
        reversed = List.copyOf(reversed);
        ifDropped = List.copyOf(ifDropped);
        Objects.requireNonNull(total, "total");
        if (items.size() != reversed.size()) {
            throw new IllegalArgumentException("items and reversed differ in length");
        }
        if (rows < 0 || rowsExcluded < 0) {
            throw new IllegalArgumentException("rows " + rows + " and rowsExcluded " + rowsExcluded + " must be >= 0");
        }
    }

    /**
     * The item-dropped row of a named item.
     *
     * @param item the item's name
     * @return the row
     * @throws IllegalArgumentException if no analysed item has that name
     */
    public ItemDropped ifDropped(String item) {
        return ItemDropped.named(ifDropped, item);
    }
}
