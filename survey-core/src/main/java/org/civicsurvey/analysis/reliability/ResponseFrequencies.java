package org.civicsurvey.analysis.reliability;

import java.util.List;

/**
 * Response frequencies of the items of a scale.
 *
 * @param categories the distinct answers observed over all items, ascending
 * @param items one row per item, in the order of the analysed items
 */
public record ResponseFrequencies(List<Double> categories, List<ItemFrequencies> items) {
    /**
     * Copies the lists.
     *
     * @param categories categories
     * @param items rows
     */
    public ResponseFrequencies {
        categories = List.copyOf(categories);
        items = List.copyOf(items);
    }
}
