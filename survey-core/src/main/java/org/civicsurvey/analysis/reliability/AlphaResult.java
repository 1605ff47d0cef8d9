package org.civicsurvey.analysis.reliability;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.civicsurvey.stats.Interval;

/**
 * The reliability analysis of a block of items, equal to {@code psych::alpha} (psych 2.2.9).
 *
 * @param missingAnswers how missing answers were handled
 * @param rows respondents analysed ({@code n} in the standard error and Feldt's interval); with
 *     {@link MissingAnswers#LISTWISE} the complete rows only
 * @param rowsExcluded rows removed because an item was missing ({@link MissingAnswers#LISTWISE}),
 *     else 0
 * @param deletedItems items left out because they had no variance (all answers equal), as psych
 *     does; they still count in the total score (see {@link ReliabilityAnalyzer})
 * @param total reliability of all analysed items
 * @param alphaSe asymptotic standard error of raw alpha ({@code ase}: {@code sqrt(Q/rows)})
 * @param mean mean of the respondents' total scores (the mean of the items each answered)
 * @param sd standard deviation of the total scores
 * @param feldt Feldt's (1965) confidence interval for raw alpha,
 *     {@code [1 - (1 - alpha) F(1 - p/2), 1 - (1 - alpha) F(p/2)]} with {@code F(q)} the q-quantile
 *     of the F distribution on {@code n - 1} and {@code (n - 1)(k - 1)} degrees of freedom and
 *     {@code p = 1 - level}; exactly {@code psych::alpha.ci}
 * @param duhachek the normal-theory interval {@code rawAlpha -/+ z alphaSe} with the asymptotic
 *     standard error of Duhachek and Iacobucci (2004) as {@code psych::alpha} computes it; psych
 *     prints it with {@code z = 1.96}, this library uses the exact normal quantile of the level
 * @param ifDropped reliability with each item dropped, in item order
 * @param items statistics of each analysed item, in item order
 * @param frequencies response frequencies, present when the items have at most the configured
 *     number of distinct answers (psych's {@code max = 10})
 */
public record AlphaResult(
        MissingAnswers missingAnswers,
        int rows,
        int rowsExcluded,
        List<String> deletedItems,
        ScaleStatistics total,
        double alphaSe,
        double mean,
        double sd,
        Interval feldt,
        Interval duhachek,
        List<ItemDropped> ifDropped,
        List<ItemStatistics> items,
        Optional<ResponseFrequencies> frequencies) {
    /**
     * Validates and copies.
     *
     * @param missingAnswers missing-answer handling
     * @param rows rows
     * @param rowsExcluded rows excluded
     * @param deletedItems deleted items
     * @param total total statistics
     * @param alphaSe standard error
     * @param mean mean total
     * @param sd sd of total
     * @param feldt Feldt interval
     * @param duhachek normal interval
     * @param ifDropped item-dropped table
     * @param items item statistics
     * @param frequencies response frequencies
     */
    public AlphaResult {
        Objects.requireNonNull(missingAnswers, "missingAnswers");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(feldt, "feldt");
        Objects.requireNonNull(duhachek, "duhachek");
        Objects.requireNonNull(frequencies, "frequencies");
        deletedItems = List.copyOf(deletedItems);
        ifDropped = List.copyOf(ifDropped);
        items = List.copyOf(items);
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

    /**
     * The statistics of a named item.
     *
     * @param item the item's name
     * @return the row
     * @throws IllegalArgumentException if no analysed item has that name
     */
    public ItemStatistics item(String item) {
        for (ItemStatistics row : items) {
            if (row.item().equals(item)) {
                return row;
            }
        }
        throw new IllegalArgumentException("no analysed item named '" + item + "'");
    }
}
