package org.civicsurvey.analysis.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Answers as {@code double} columns ({@code NaN} for missing) of any finite values: every
 * statistic is computed from the columns directly, two passes (mean, then centred sums) per pair
 * of items. Used for answers that are not small integers; {@link CodedAnswers} is the fast form
 * for the rest.
 */
final class NumericAnswers extends Answers {
    private final double[][] columns;
    private final int rows;
    private final int[] answered;
    private final boolean[] varies;
    private final double[] first;

    /**
     * @param columns {@code columns[item][row]}, validated (equal lengths, no infinities); not copied
     * @param listwise keep only the rows that answered every item
     */
    NumericAnswers(double[][] columns, boolean listwise) {
        this.columns = listwise ? completeRows(columns) : columns;
        int k = columns.length;
        this.rows = this.columns[0].length;
        answered = new int[k];
        varies = new boolean[k];
        first = new double[k];
        for (int j = 0; j < k; j++) {
            int count = 0;
            double value = Double.NaN;
            boolean differs = false;
            for (double v : this.columns[j]) {
                if (!Double.isNaN(v)) {
                    if (count == 0) {
                        value = v;
                    } else if (v != value) {
                        differs = true;
                    }
                    count++;
                }
            }
            answered[j] = count;
            varies[j] = differs;
            first[j] = value;
        }
    }

    private static double[][] completeRows(double[][] columns) {
        int k = columns.length;
        int rows = columns[0].length;
        int n = 0;
        boolean[] ok = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            boolean all = true;
            for (int j = 0; j < k && all; j++) {
                all = !Double.isNaN(columns[j][i]);
            }
            ok[i] = all;
            if (all) {
                n++;
            }
        }
        double[][] out = new double[k][n];
        for (int i = 0, a = 0; i < rows; i++) {
            if (ok[i]) {
                for (int j = 0; j < k; j++) {
                    out[j][a] = columns[j][i];
                }
                a++;
            }
        }
        return out;
    }

    @Override
    int rows() {
        return rows;
    }

    @Override
    int answered(int item) {
        return answered[item];
    }

    @Override
    boolean varies(int item) {
        return varies[item];
    }

    @Override
    double constant(int item) {
        return first[item];
    }

    @Override
    double[][] covariance(int[] items, List<String> names) {
        int k = items.length;
        double[][] c = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double[] x = columns[items[a]];
                double[] y = columns[items[b]];
                int m = 0;
                double sx = 0;
                double sy = 0;
                for (int i = 0; i < x.length; i++) {
                    if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                        m++;
                        sx += x[i];
                        sy += y[i];
                    }
                }
                if (m < 3) {
                    throw tooFewTogether(names.get(items[a]), names.get(items[b]), m);
                }
                double mx = sx / m;
                double my = sy / m;
                double sxy = 0;
                for (int i = 0; i < x.length; i++) {
                    if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                        sxy += (x[i] - mx) * (y[i] - my);
                    }
                }
                c[a][b] = sxy / (m - 1);
                c[b][a] = c[a][b];
            }
        }
        return c;
    }

    @Override
    double[][] correlation(int[] items) {
        int k = items.length;
        double[][] cor = new double[k][k];
        for (int a = 0; a < k; a++) {
            cor[a][a] = 1;
            for (int b = 0; b < a; b++) {
                double v = pairwiseCorrelation(columns[items[a]], false, columns[items[b]], false, 0);
                cor[a][b] = v;
                cor[b][a] = v;
            }
        }
        return cor;
    }

    @Override
    double[] range(int[] items) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int item : items) {
            for (double v : columns[item]) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return new double[] {min, max};
    }

    @Override
    double[] moments(int item, boolean reversed, double adjust) {
        return moments(columns[item], reversed, adjust);
    }

    @Override
    TotalScore totalScore(int[] items, boolean[] reversed, double adjust, double deletedSum, int deletedCount) {
        int k = items.length;
        double[] total = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            int m = 0;
            for (int j = 0; j < k; j++) {
                double v = columns[items[j]][i];
                if (!Double.isNaN(v)) {
                    s += reversed[j] ? adjust - v : v;
                    m++;
                }
            }
            total[i] = m == 0 ? Double.NaN : rowTotal(s, m, k, deletedSum, deletedCount);
        }
        double[] totalMoments = moments(total, false, 0);
        double[] itemR = new double[k];
        for (int j = 0; j < k; j++) {
            itemR[j] = pairwiseCorrelation(total, false, columns[items[j]], reversed[j], adjust);
        }
        return new TotalScore(totalMoments[1], totalMoments[2], itemR);
    }

    /**
     * R's {@code cor(x, y, use = "pairwise")}: over rows where both are present; a column marked
     * reversed is read as {@code adjust - value}.
     */
    private static double pairwiseCorrelation(double[] x, boolean reverseX, double[] y, boolean reverseY, double adjust) {
        int m = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                m++;
                sx += reverseX ? adjust - x[i] : x[i];
                sy += reverseY ? adjust - y[i] : y[i];
            }
        }
        double mx = sx / m;
        double my = sy / m;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                double dx = (reverseX ? adjust - x[i] : x[i]) - mx;
                double dy = (reverseY ? adjust - y[i] : y[i]) - my;
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
            }
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** {count, mean, sd} of the non-missing values, read as {@code adjust - value} if reversed. */
    private static double[] moments(double[] values, boolean reversed, double adjust) {
        int m = 0;
        double s = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                m++;
                s += reversed ? adjust - v : v;
            }
        }
        double mean = s / m;
        double ss = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                double d = (reversed ? adjust - v : v) - mean;
                ss += d * d;
            }
        }
        return new double[] {m, mean, m > 1 ? Math.sqrt(ss / (m - 1)) : Double.NaN};
    }

    @Override
    Optional<ResponseFrequencies> frequencies(int[] items, List<String> names, int maxCategories) {
        // the distinct answers, kept sorted in a primitive array (ordered as Double.compare does)
        double[] distinct = new double[Math.min(maxCategories + 1, 64)];
        int size = 0;
        for (int item : items) {
            for (double v : columns[item]) {
                if (Double.isNaN(v)) {
                    continue;
                }
                int at = Arrays.binarySearch(distinct, 0, size, v);
                if (at < 0) {
                    if (size == maxCategories) {
                        return Optional.empty();
                    }
                    if (size == distinct.length) {
                        distinct = Arrays.copyOf(distinct, Math.min(maxCategories + 1, 2 * size));
                    }
                    int insert = -at - 1;
                    System.arraycopy(distinct, insert, distinct, insert + 1, size - insert);
                    distinct[insert] = v;
                    size++;
                }
            }
        }
        double[] categories = Arrays.copyOf(distinct, size);
        List<ItemFrequencies> rows = new ArrayList<>(items.length);
        for (int item : items) {
            int[] counts = new int[size];
            for (double v : columns[item]) {
                if (!Double.isNaN(v)) {
                    counts[Arrays.binarySearch(categories, v)]++;
                }
            }
            rows.add(itemFrequencies(names.get(item), counts, this.rows));
        }
        return Optional.of(responseFrequencies(categories, rows));
    }
}
