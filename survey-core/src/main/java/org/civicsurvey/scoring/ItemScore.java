package org.civicsurvey.scoring;

import java.util.Objects;

import org.civicsurvey.model.Scale;
import org.civicsurvey.stats.Statistic;

/**
 * How one rating item is scored. Every score is a weighted mean of a per-category score among
 * the valid answers (don't know, not applicable, refused, missing and hidden answers are left out
 * and counted), so that roll-ups are linear combinations with exact standard errors.
 *
 * <p><b>Units.</b> Shares ({@link #TOP_BOX}, {@link #TOP_2_BOX}, {@link #POSITIVE}) are
 * proportions in 0..1, estimated as proportions (their intervals are the estimator's
 * {@link org.civicsurvey.stats.ProportionInterval}, R's {@code svyciprop}); {@link #NPS} is a
 * difference of two shares in −1..1. Percent is a matter of presentation: reports multiply by 100.
 * {@link #MEAN} is on the scale's own units and {@link #MEAN_0_100} on 0..100, the unit ACSI defines.
 */
public enum ItemScore {
    /** Share (0..1) of valid answers at the top of the scale (CSAT top-box). */
    TOP_BOX,
    /** Share (0..1) of valid answers in the two top points (CSAT top-2-box). */
    TOP_2_BOX,
    /** Share (0..1) of valid answers at or above the scale's positive threshold (SIPAS, A-11, SDG 16.6.2). */
    POSITIVE,
    /** The mean answer on the scale's own units. */
    MEAN,
    /** The mean rescaled to 0..100: {@code 100 (x - min) / (max - min)} (ACSI's item score). */
    MEAN_0_100,
    /** Net Promoter Score on 0..10: share 9-10 minus share 0-6, in −1..1 (a mean of +1 / 0 / −1). */
    NPS;

    /**
     * The per-category scores of this score on a scale, in category order {@code min..max}.
     *
     * @param scale the item's scale
     * @return one score per point
     * @throws IllegalArgumentException for NPS on a scale other than 0..10, or top-2-box on a
     *     scale with fewer than 3 points
     */
    public double[] scores(Scale scale) {
        Objects.requireNonNull(scale, "scale");
        int min = scale.min();
        int max = scale.max();
        double[] s = new double[max - min + 1];
        for (int v = min; v <= max; v++) {
            double x;
            switch (this) {
                case TOP_BOX:
                    x = v == max ? 1 : 0;
                    break;
                case TOP_2_BOX:
                    if (max - min < 2) {
                        throw new IllegalArgumentException("top-2-box needs a scale of at least 3 points, got " + min + ".." + max);
                    }
                    x = v >= max - 1 ? 1 : 0;
                    break;
                case POSITIVE:
                    x = v >= scale.positiveThreshold() ? 1 : 0;
                    break;
                case MEAN:
                    x = v;
                    break;
                case MEAN_0_100:
                    x = max == min ? 0 : 100.0 * (v - min) / (max - min);
                    break;
                default:
                    if (min != 0 || max != 10) {
                        throw new IllegalArgumentException("NPS needs the 0..10 scale, got " + min + ".." + max);
                    }
                    x = v >= 9 ? 1 : v <= 6 ? -1 : 0;
            }
            s[v - min] = x;
        }
        return s;
    }

    /** @return whether this score is a share (a proportion, 0..1) */
    public boolean isShare() {
        return this == TOP_BOX || this == TOP_2_BOX || this == POSITIVE;
    }

    /**
     * @param variable the item's variable name (its question id)
     * @param scale the item's scale
     * @return the statistic that estimates this score: a proportion of the scale values scored 1
     *     for a share, a scored mean otherwise
     */
    public Statistic statistic(String variable, Scale scale) {
        double[] s = scores(scale);
        if (!isShare()) {
            return Statistic.scoredMean(variable, s);
        }
        int count = 0;
        for (double x : s) {
            count += x == 1 ? 1 : 0;
        }
        double[] values = new double[count];
        int k = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 1) {
                values[k++] = scale.min() + i;
            }
        }
        return Statistic.proportion(variable, values);
    }
}
