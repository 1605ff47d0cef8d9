package org.civicsurvey.analysis.regression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The right-hand side of a regression model: named numeric and factor columns, one value per unit
 * of the design, in the order R's formula would list them ({@code y ~ ell + meals + stype}).
 *
 * <p>Every model has an intercept. A factor enters with R's default treatment contrasts
 * ({@code contr.treatment}): one 0/1 column per level but the first level present among the rows a
 * model uses, named factor name + level ({@code stypeH}); levels no used row has are dropped first,
 * as {@code glm}'s model frame does ({@code drop.unused.levels = TRUE}).
 *
 * <p>Missing values are {@code NaN} in a numeric column and code {@code -1} in a factor; a row with
 * any missing value is left out of a model (R's default {@code na.action = na.omit}). The columns
 * are not copied: the caller must not change them afterwards. Immutable.
 */
public final class Terms {
    private final List<Term> terms;
    private final int size;

    private Terms(List<Term> terms, int size) {
        this.terms = List.copyOf(terms);
        this.size = size;
    }

    /** @return a builder of terms */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the term names, in model order */
    public List<String> names() {
        List<String> names = new ArrayList<>(terms.size());
        for (Term t : terms) {
            names.add(t.name);
        }
        return names;
    }

    /** @return the number of rows (the length of every column) */
    public int size() {
        return size;
    }

    List<Term> terms() {
        return terms;
    }

    int indexOf(String name) {
        for (int t = 0; t < terms.size(); t++) {
            if (terms.get(t).name.equals(name)) {
                return t;
            }
        }
        return -1;
    }

    /** Sets {@code rows[i] = false} for each row i with a missing value in some term, a column at a time. */
    void clearIncomplete(boolean[] rows) {
        for (Term t : terms) {
            if (!t.anyMissing) {
                continue;
            }
            for (int i = 0; i < rows.length; i++) {
                if (t.missing(i)) {
                    rows[i] = false;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "~ " + String.join(" + ", names());
    }

    /** One term: a numeric column or a factor with its levels. */
    static final class Term {
        final String name;
        final double[] values;   // numeric, NaN = missing; null for a factor
        final int[] codes;       // factor codes 0..levels-1, -1 = missing; null for a numeric
        final List<String> levels;
        /** Whether some row is missing, as the builder found the column. */
        final boolean anyMissing;

        private Term(String name, double[] values, int[] codes, List<String> levels, boolean anyMissing) {
            this.name = name;
            this.values = values;
            this.codes = codes;
            this.levels = levels;
            this.anyMissing = anyMissing;
        }

        boolean isFactor() {
            return codes != null;
        }

        boolean missing(int row) {
            return codes != null ? codes[row] < 0 : Double.isNaN(values[row]);
        }
    }

    /** Collects terms in model order; {@link #build()} checks that they fit together. */
    public static final class Builder {
        private final List<Term> terms = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a numeric term.
         *
         * @param name the term's name (a coefficient's name), unique and not blank
         * @param values one value per row, finite or {@code NaN} for missing
         * @return this builder
         * @throws IllegalArgumentException naming the term and the row of an infinite value
         */
        public Builder numeric(String name, double[] values) {
            checkName(name);
            Objects.requireNonNull(values, "values of " + name);
            boolean anyMissing = false;
            for (int i = 0; i < values.length; i++) {
                if (Double.isInfinite(values[i])) {
                    throw new IllegalArgumentException("term " + name + " row " + i + " is " + values[i]
                        + "; must be finite (NaN marks a missing value)");
                }
                anyMissing |= Double.isNaN(values[i]);
            }
            terms.add(new Term(name, values, null, null, anyMissing));
            return this;
        }

        /**
         * Adds a factor given by level codes.
         *
         * @param name the term's name, unique and not blank
         * @param codes one code per row: {@code 0..levels.size()-1}, or {@code -1} for missing
         * @param levels the level labels in code order, the first being the reference; distinct,
         *     not blank, at least one
         * @return this builder
         * @throws IllegalArgumentException naming the term and the row of a code out of range
         */
        public Builder factor(String name, int[] codes, List<String> levels) {
            checkName(name);
            Objects.requireNonNull(codes, "codes of " + name);
            Objects.requireNonNull(levels, "levels of " + name);
            List<String> lv = List.copyOf(levels);
            if (lv.isEmpty()) {
                throw new IllegalArgumentException("factor " + name + " has no levels");
            }
            if (new HashSet<>(lv).size() != lv.size()) {
                throw new IllegalArgumentException("factor " + name + " repeats a level: " + lv);
            }
            for (String l : lv) {
                if (l.isBlank()) {
                    throw new IllegalArgumentException("factor " + name + " has a blank level: " + lv);
                }
            }
            boolean anyMissing = false;
            for (int i = 0; i < codes.length; i++) {
                if (codes[i] < -1 || codes[i] >= lv.size()) {
                    throw new IllegalArgumentException("factor " + name + " row " + i + " has code " + codes[i]
                        + "; must be 0.." + (lv.size() - 1) + " (levels " + lv + ") or -1 for missing");
                }
                anyMissing |= codes[i] < 0;
            }
            terms.add(new Term(name, null, codes, lv, anyMissing));
            return this;
        }

        /**
         * Adds a factor whose levels are the distinct values of a numeric column in ascending
         * order, as R's {@code factor(x)} makes them (an age band coded 1, 2, 3 gives levels "1",
         * "2", "3"; the first is the reference).
         *
         * @param name the term's name, unique and not blank
         * @param values one value per row, finite or {@code NaN} for missing
         * @return this builder
         * @throws IllegalArgumentException naming the term and the row of an infinite value, or if
         *     no value is present
         */
        public Builder factor(String name, double[] values) {
            checkName(name);
            Objects.requireNonNull(values, "values of " + name);
            double[] distinct = Arrays.stream(values).filter(v -> !Double.isNaN(v)).distinct().sorted().toArray();
            for (int i = 0; i < values.length; i++) {
                if (Double.isInfinite(values[i])) {
                    throw new IllegalArgumentException("term " + name + " row " + i + " is " + values[i]
                        + "; must be finite (NaN marks a missing value)");
                }
            }
            if (distinct.length == 0) {
                throw new IllegalArgumentException("factor " + name + " has no value that is not missing");
            }
            List<String> levels = new ArrayList<>(distinct.length);
            for (double v : distinct) {
                levels.add(label(v));
            }
            int[] codes = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                codes[i] = Double.isNaN(values[i]) ? -1 : Arrays.binarySearch(distinct, values[i]);
            }
            return factor(name, codes, levels);
        }

        /**
         * @return the terms
         * @throws IllegalArgumentException if no term was added or the columns differ in length
         */
        public Terms build() {
            if (terms.isEmpty()) {
                throw new IllegalArgumentException("a model needs at least one term");
            }
            int n = length(terms.get(0));
            for (Term t : terms) {
                if (length(t) != n) {
                    throw new IllegalArgumentException("term " + t.name + " has " + length(t) + " rows; term "
                        + terms.get(0).name + " has " + n);
                }
            }
            return new Terms(terms, n);
        }

        private static int length(Term t) {
            return t.isFactor() ? t.codes.length : t.values.length;
        }

        private void checkName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a term name is blank");
            }
            Set<String> seen = new HashSet<>();
            for (Term t : terms) {
                seen.add(t.name);
            }
            if (seen.contains(name)) {
                throw new IllegalArgumentException("term " + name + " added twice");
            }
        }
    }

    /** A category value as R prints a factor level made from numbers: integers without ".0". */
    static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
