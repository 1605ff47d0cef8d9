package org.civicsurvey.weighting;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The auxiliary variables of a calibration: the columns of R's {@code model.matrix(formula, data)}.
 * An intercept column is all ones; a factor contributes one 0/1 column per category except its
 * first (R's treatment contrasts, named {@code name + label}, e.g. {@code stypeH}); a numeric
 * variable contributes its values. The population totals passed to calibration follow
 * {@link #columnNames()} order: for the intercept the population size, for a factor column the
 * population count of that category, for a numeric column its population total.
 *
 * <pre>{@code
 * CalibrationModel m = CalibrationModel.builder(n).intercept().factor("stype", stype, List.of("E", "H", "M"))
 *         .numeric("api99", api99).build();                       // R: ~ stype + api99
 * }</pre>
 */
public final class CalibrationModel {
    private final int n;
    private final List<String> names;
    private final double[][] columns;

    private CalibrationModel(int n, List<String> names, double[][] columns) {
        this.n = n;
        this.names = List.copyOf(names);
        this.columns = columns;
    }

    /**
     * @param n the number of sampled units
     * @return a builder
     */
    public static Builder builder(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of units is " + n + "; must be >= 1");
        }
        return new Builder(n);
    }

    /**
     * The model {@code ~ m1 + m2 + ...} of several margins (intercept plus treatment-coded factors,
     * R's {@code calibrate(design, list(~a, ~b), list(popA, popB))}), with its population totals
     * from {@link #marginTotals(List)}. With the raking distance this calibrates to the same
     * weights as {@code rake}.
     *
     * @param margins the margins, all of the same size
     * @return the model
     */
    public static CalibrationModel ofMargins(List<Margin> margins) {
        if (margins.isEmpty()) {
            throw new IllegalArgumentException("no margins");
        }
        Builder b = builder(margins.get(0).size()).intercept();
        for (Margin m : margins) {
            b.factor(m.name(), m.codesUnsafe(), m.labels());
        }
        return b.build();
    }

    /**
     * The population totals matching {@link #ofMargins(List)}: the first margin's population total,
     * then each margin's counts except its first category's.
     *
     * @param margins the margins
     * @return the totals
     */
    public static double[] marginTotals(List<Margin> margins) {
        List<Double> t = new ArrayList<>();
        t.add(margins.get(0).populationTotal());
        for (Margin m : margins) {
            double[] c = m.countsUnsafe();
            for (int k = 1; k < c.length; k++) {
                t.add(c[k]);
            }
        }
        double[] out = new double[t.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = t.get(j);
        }
        return out;
    }

    /** @return the number of sampled units */
    public int size() {
        return n;
    }

    /** @return the column names, in the order population totals are given */
    public List<String> columnNames() {
        return names;
    }

    /** @return the number of columns */
    public int columnCount() {
        return names.size();
    }

    /**
     * @param j a column index
     * @return a copy of column {@code j}
     */
    public double[] column(int j) {
        return columns[j].clone();
    }

    double[][] columnsUnsafe() {
        return columns;
    }

    /** Collects the columns of a calibration model. */
    public static final class Builder {
        private final int n;
        private final List<String> names = new ArrayList<>();
        private final List<double[]> cols = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        private Builder(int n) {
            this.n = n;
        }

        private void add(String name, double[] col) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("calibration model already has a column '" + name + "'");
            }
            names.add(name);
            cols.add(col);
        }

        /**
         * Adds the intercept column {@code (Intercept)}, all ones.
         *
         * @return this builder
         */
        public Builder intercept() {
            double[] c = new double[n];
            java.util.Arrays.fill(c, 1.0);
            add("(Intercept)", c);
            return this;
        }

        /**
         * Adds a factor with treatment contrasts: a 0/1 column for each category but the first.
         *
         * @param name the factor's name
         * @param codes each unit's category in {@code 0..labels.size()-1}
         * @param labels the category labels
         * @return this builder
         */
        public Builder factor(String name, int[] codes, List<String> labels) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(codes, "codes");
            List<String> lab = List.copyOf(labels);
            checkLength(name, codes.length);
            if (lab.size() < 2) {
                throw new IllegalArgumentException("factor '" + name + "' has " + lab.size()
                        + " categories; needs at least 2");
            }
            double[][] c = new double[lab.size() - 1][n];
            for (int i = 0; i < n; i++) {
                int k = codes[i];
                if (k < 0 || k >= lab.size()) {
                    throw new IllegalArgumentException("factor '" + name + "': unit " + i + " has code " + k
                            + "; valid codes are 0.." + (lab.size() - 1));
                }
                if (k > 0) {
                    c[k - 1][i] = 1;
                }
            }
            for (int k = 1; k < lab.size(); k++) {
                add(name + lab.get(k), c[k - 1]);
            }
            return this;
        }

        /**
         * Adds a numeric variable.
         *
         * @param name the column name
         * @param values each unit's value, finite
         * @return this builder
         */
        public Builder numeric(String name, double[] values) {
            Objects.requireNonNull(name, "name");
            checkLength(name, values.length);
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException("calibration variable '" + name + "': unit " + i + " has value "
                            + values[i] + "; must be finite (drop or impute missing values first)");
                }
            }
            add(name, values.clone());
            return this;
        }

        private void checkLength(String name, int length) {
            if (length != n) {
                throw new IllegalArgumentException("calibration variable '" + name + "' has " + length
                        + " values; the model has " + n + " units");
            }
        }

        /** @return the model */
        public CalibrationModel build() {
            if (cols.isEmpty()) {
                throw new IllegalArgumentException("calibration model has no columns");
            }
            return new CalibrationModel(n, names, cols.toArray(new double[0][]));
        }
    }
}
