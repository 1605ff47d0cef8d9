package org.civicsurvey.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * A column that sufficient statistics are kept for: categorical (a fixed list of numeric category
 * values, e.g. the points 1..5 of a rating scale) or numeric (any finite value).
 *
 * <p>Categorical variables keep per-category sums, from which means, totals, the proportion of
 * every category and of any set of categories (top-box, top-2-box, NPS) follow exactly. Numeric
 * variables keep moments.
 */
public final class Variable {
    private final String name;
    private final double[] categories;

    private Variable(String name, double[] categories) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("variable name is blank");
        }
        this.categories = categories;
    }

    /**
     * @param name the variable's name, unique within a statistics layout
     * @param values the category values in code order (code i stands for {@code values[i]}),
     *     1..127 distinct finite values
     * @return a categorical variable
     */
    public static Variable categorical(String name, double... values) {
        Objects.requireNonNull(values, "values");
        if (values.length < 1 || values.length > 127) {
            throw new IllegalArgumentException("variable " + name + " has " + values.length + " categories; must be 1..127");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("variable " + name + " category " + i + " is " + values[i] + "; must be finite");
            }
            for (int j = 0; j < i; j++) {
                if (values[j] == values[i]) {
                    throw new IllegalArgumentException("variable " + name + " repeats category value " + values[i]);
                }
            }
        }
        return new Variable(name, values.clone());
    }

    /**
     * @param name the variable's name
     * @param min the first value
     * @param max the last value, {@code min <= max <= min + 126}
     * @return a categorical variable with the integer categories {@code min..max}
     */
    public static Variable scale(String name, int min, int max) {
        if (max < min || max - min > 126) {
            throw new IllegalArgumentException("scale " + name + " is " + min + ".." + max + "; must have 1..127 points");
        }
        double[] v = new double[max - min + 1];
        for (int i = 0; i < v.length; i++) {
            v[i] = min + i;
        }
        return new Variable(name, v);
    }

    /**
     * @param name the variable's name
     * @return a numeric variable
     */
    public static Variable numeric(String name) {
        return new Variable(name, null);
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return whether the variable is categorical */
    public boolean isCategorical() {
        return categories != null;
    }

    /** @return the number of categories (0 for a numeric variable) */
    public int categoryCount() {
        return categories == null ? 0 : categories.length;
    }

    /** @return a copy of the category values (empty for a numeric variable) */
    public double[] categories() {
        return categories == null ? new double[0] : categories.clone();
    }

    double category(int code) {
        return categories[code];
    }

    /**
     * @param value a value
     * @return the code (index) of that category, or -1
     */
    public int codeOf(double value) {
        if (categories != null) {
            for (int i = 0; i < categories.length; i++) {
                if (categories[i] == value) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Variable && ((Variable) o).name.equals(name) && Arrays.equals(((Variable) o).categories, categories);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(categories);
    }

    @Override
    public String toString() {
        return categories == null ? name + "(numeric)" : name + Arrays.toString(categories);
    }
}
