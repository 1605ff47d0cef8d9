package org.civicsurvey.analysis.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The answers to a block of items in the form {@link ReliabilityAnalyzer#alpha} needs them: the
 * sums behind every quantity of {@code psych::alpha}, for the rows analysed (all rows, or the
 * complete ones with {@link MissingAnswers#LISTWISE}).
 *
 * <p>Two forms: {@link CodedAnswers} holds small-integer answers as 1-byte codes and derives
 * everything from integer count tables filled in one pass over the rows; {@link NumericAnswers}
 * holds any finite values as {@code double} columns and works on them directly. Items are
 * addressed by their position in the block; {@code items} arguments list the positions taking
 * part (the items with variance), in order.
 */
abstract class Answers {
    /**
     * The number of rows analysed.
     *
     * @return rows
     */
    abstract int rows();

    /**
     * How many rows answered an item.
     *
     * @param item position in the block
     * @return the count
     */
    abstract int answered(int item);

    /**
     * Whether an item has two different answers.
     *
     * @param item position in the block
     * @return true if its answers vary
     */
    abstract boolean varies(int item);

    /**
     * The answer of an item that does not vary.
     *
     * @param item position in the block, answered at least once
     * @return its only answer
     */
    abstract double constant(int item);

    /**
     * R's {@code cov(x, use = "pairwise")} of the items before keying: each covariance over the
     * rows that answered both items, with their means over those rows.
     *
     * @param items positions taking part
     * @param names the names of all items of the block, for the message
     * @return the {@code items.length}-square matrix
     * @throws IllegalArgumentException naming the first pair (in the order a = 0.., b = 0..a)
     *     answered together by fewer than three rows
     */
    abstract double[][] covariance(int[] items, List<String> names);

    /**
     * R's {@code cor(x, use = "pairwise")} of the items before keying, with 1 on the diagonal.
     *
     * @param items positions taking part
     * @return the correlation matrix
     */
    abstract double[][] correlation(int[] items);

    /**
     * The smallest and largest answer to any of the items, which psych's reversal uses.
     *
     * @param items positions taking part
     * @return {@code {min, max}}
     */
    abstract double[] range(int[] items);

    /**
     * Count, mean and standard deviation (divisor {@code n - 1}, NaN for one answer) of an item as
     * scored: {@code adjust - x} if reversed, else {@code x}.
     *
     * @param item position in the block
     * @param reversed whether it is reverse-keyed
     * @param adjust {@code min + max} of all answers
     * @return {@code {n, mean, sd}}
     */
    abstract double[] moments(int item, boolean reversed, double adjust);

    /**
     * The respondents' total scores and their correlations with the items.
     *
     * @param items positions taking part
     * @param reversed per taking part item, whether it is reverse-keyed
     * @param adjust {@code min + max} of all answers
     * @param deletedSum sum of the constant answers of the items without variance
     * @param deletedCount number of items without variance
     * @return the total-score statistics
     */
    abstract TotalScore totalScore(int[] items, boolean[] reversed, double adjust, double deletedSum, int deletedCount);

    /**
     * psych's {@code response.freq}: the items' answers tabulated over the distinct answers of all
     * of them, on the items as answered.
     *
     * @param items positions taking part
     * @param names the names of all items of the block
     * @param maxCategories the largest number of distinct answers tabulated
     * @return the table, empty when there are more distinct answers
     */
    abstract Optional<ResponseFrequencies> frequencies(int[] items, List<String> names, int maxCategories);

    /**
     * The mean of each row's answered items (rescored and with the items without variance, as
     * {@link #totalScore} defines it).
     *
     * @param sum sum of the row's answered items as scored
     * @param answered how many of them
     * @param items number of items taking part
     * @param deletedSum sum of the constant answers of the items without variance
     * @param deletedCount number of items without variance
     * @return the row's total score
     */
    static double rowTotal(double sum, int answered, int items, double deletedSum, int deletedCount) {
        double rowMean = sum / answered;
        return deletedCount == 0 ? rowMean : (items * rowMean + deletedSum) / (items + deletedCount);
    }

    /**
     * The exception for a pair of items answered together by too few rows.
     *
     * @param a one item's name
     * @param b the other's
     * @param together rows that answered both
     * @return the exception to throw
     */
    static IllegalArgumentException tooFewTogether(String a, String b, int together) {
        return new IllegalArgumentException("items '" + a + "' and '" + b + "' were answered together by " + together
                + " respondents; at least 3 are needed");
    }

    /**
     * One row of psych's {@code response.freq}.
     *
     * @param name the item's name
     * @param counts its answers per category
     * @param rows rows analysed
     * @return the row: shares among the item's answers (0 when none), missing among all rows
     */
    static ItemFrequencies itemFrequencies(String name, int[] counts, int rows) {
        int answered = 0;
        for (int count : counts) {
            answered += count;
        }
        List<Integer> c = new ArrayList<>(counts.length);
        List<Double> s = new ArrayList<>(counts.length);
        for (int count : counts) {
            c.add(count);
            s.add(answered == 0 ? 0.0 : (double) count / answered);
        }
        int missing = rows - answered;
        return new ItemFrequencies(name, c, s, answered, missing, rows == 0 ? 0.0 : (double) missing / rows);
    }

    /**
     * The table of psych's {@code response.freq}.
     *
     * @param categories the distinct answers, ascending
     * @param items one row per item
     * @return the table
     */
    static ResponseFrequencies responseFrequencies(double[] categories, List<ItemFrequencies> items) {
        List<Double> values = new ArrayList<>(categories.length);
        for (double v : categories) {
            values.add(v);
        }
        return new ResponseFrequencies(values, items);
    }

    /**
     * Statistics of the respondents' total scores: the mean of the items each answered, as scored,
     * with the constant answers of the items without variance counted in as psych does
     * ({@code (k m + sum of constants) / (k + number of constants)} for a row mean {@code m} of
     * {@code k} items). Rows that answered none have no score.
     *
     * @param mean mean of the scores
     * @param sd standard deviation of the scores (divisor {@code n - 1}, NaN for one score)
     * @param itemR per taking part item, the correlation of the item as scored with the score over
     *     the rows that answered it
     */
    record TotalScore(double mean, double sd, double[] itemR) {
    }
}
