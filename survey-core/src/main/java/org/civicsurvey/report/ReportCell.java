package org.civicsurvey.report;

import java.util.List;
import java.util.Objects;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Exclusions;

/**
 * One published number of a report (one row of the tidy CSV): its group keys, what it measures,
 * the value with its standard error and interval, the answers it used and those it left out by
 * reason, and whether it is suppressed.
 *
 * <p>A <b>suppressed</b> cell carries no data at all: value, standard error and bounds are
 * {@code NaN}, {@code n} is 0 and the exclusions are {@link Exclusions#NONE}; writers print it as
 * blank with its flag, never as zero. An undefined estimate (no valid answers) is {@code NaN} too,
 * but not flagged. A measure without a standard error (a count, a rank) has {@code NaN} there.
 *
 * @param groups the group keys, in the table's grouping order ({@link GroupKey#ALL} for a margin)
 * @param item the item, element or index id (a question, dimension or construct id), e.g. {@code tc1}
 * @param category the answer category for distributions and counts (e.g. {@code 5}), or {@code ""}
 * @param measure what the value is, e.g. {@code percent_positive}, {@code rank}, {@code count}
 * @param value the value, {@code NaN} when undefined or suppressed
 * @param standardError its standard error, {@code NaN} when not applicable
 * @param lower lower bound of the interval, {@code NaN} when not applicable (infinite when a t interval has no
 *     degrees of freedom)
 * @param upper upper bound of the interval, {@code NaN} when not applicable
 * @param n valid answers (respondents) behind the value
 * @param excluded answers left out, by reason
 * @param suppressed whether the cell is withheld by small-cell suppression
 */
public record ReportCell(List<GroupKey> groups, String item, String category, String measure, double value,
                         double standardError, double lower, double upper, long n, Exclusions excluded,
                         boolean suppressed) {
    /**
     * Validates: non-null parts, {@code n >= 0}, finite or NaN numbers, no data in a suppressed cell.
     *
     * @param groups group keys
     * @param item item id
     * @param category category or ""
     * @param measure measure
     * @param value value
     * @param standardError SE
     * @param lower lower bound
     * @param upper upper bound
     * @param n valid answers
     * @param excluded exclusions
     * @param suppressed suppressed flag
     */
    public ReportCell {
        groups = List.copyOf(groups);
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(excluded, "excluded");
        if (item.isBlank() || measure.isBlank()) {
            throw new IllegalArgumentException("cell item '" + item + "' and measure '" + measure + "' must not be blank");
        }
        if (n < 0) {
            throw new IllegalArgumentException("cell " + item + "/" + measure + ": n is " + n + "; must be >= 0");
        }
        if (Double.isInfinite(value) || Double.isInfinite(standardError)) {
            throw new IllegalArgumentException("cell " + item + "/" + measure + ": value " + value + ", SE "
                + standardError + "; must be finite or NaN (bounds may be infinite)");
        }
        if (suppressed && (!Double.isNaN(value) || !Double.isNaN(standardError) || !Double.isNaN(lower)
                || !Double.isNaN(upper) || n != 0 || excluded.total() != 0)) {
            throw new IllegalArgumentException("suppressed cell " + item + "/" + measure + " must carry no data");
        }
    }

    /**
     * A cell from an engine estimate, scaled (e.g. by 100 for a percentage).
     *
     * @param groups group keys
     * @param item item id
     * @param category category or ""
     * @param measure measure
     * @param e the estimate
     * @param scale factor applied to value, SE and bounds
     * @return the cell
     */
    public static ReportCell of(List<GroupKey> groups, String item, String category, String measure, Estimate e,
                                double scale) {
        return new ReportCell(groups, item, category, measure, e.value() * scale, e.standardError() * scale,
            e.lower() * scale, e.upper() * scale, e.validN(), e.excluded(), false);
    }

    /**
     * A value without standard error or interval (a count, a score).
     *
     * @param groups group keys
     * @param item item id
     * @param category category or ""
     * @param measure measure
     * @param value value
     * @param n valid answers
     * @param excluded exclusions
     * @return the cell
     */
    public static ReportCell plain(List<GroupKey> groups, String item, String category, String measure, double value,
                                   long n, Exclusions excluded) {
        return new ReportCell(groups, item, category, measure, value, Double.NaN, Double.NaN, Double.NaN, n, excluded,
            false);
    }

    /** @return this cell withheld: no value, no counts, flagged */
    public ReportCell suppress() {
        return new ReportCell(groups, item, category, measure, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
            Exclusions.NONE, true);
    }

    /**
     * @param name a grouping name
     * @return this cell's level of that grouping, or {@code null} when the cell has no such key
     */
    public String level(String name) {
        for (GroupKey k : groups) {
            if (k.name().equals(name)) {
                return k.level();
            }
        }
        return null;
    }

    /** @return whether every group key is {@link GroupKey#ALL} (the overall value) */
    public boolean isOverall() {
        return groups.stream().allMatch(GroupKey::isAll);
    }
}
