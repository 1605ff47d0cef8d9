package org.civicsurvey.jdbc;

import java.util.List;

/**
 * The per-response results of a batch save, in batch order.
 *
 * @param items one item per response
 */
public record BatchResult(List<BatchItem> items) {

    /** Copies the list. */
    public BatchResult {
        items = List.copyOf(items);
    }

    /**
     * How many responses had an outcome.
     *
     * @param outcome the outcome
     * @return the count
     */
    public int count(SaveOutcome outcome) {
        int n = 0;
        for (BatchItem item : items) {
            n += item.outcome() == outcome ? 1 : 0;
        }
        return n;
    }
}
