package org.civicsurvey.weighting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One weighting variable: each sampled unit's category code and the known population count of every
 * category (a census margin such as province, sex or age band, or a table of crossed cells).
 *
 * <p>Codes run {@code 0..categories()-1}; {@code populationCount(k)} is the population size of
 * category {@code k}. A code outside that range is a sample category missing from the population
 * table and is rejected here, naming the unit, the code and the margin. Population counts must be
 * finite and strictly positive (a category nobody in the population belongs to has no place in the
 * table). A category with a population count but no sample respondents is detected when weighting,
 * because it depends on the weights.
 *
 * <p>Instances are immutable; arrays are copied on the way in and out.
 */
public final class Margin {
    private final String name;
    private final int[] codes;
    private final List<String> labels;
    private final double[] counts;

    private Margin(String name, int[] codes, List<String> labels, double[] counts) {
        this.name = name;
        this.codes = codes;
        this.labels = labels;
        this.counts = counts;
    }

    /**
     * A margin whose categories are labelled by their codes ({@code "0"}, {@code "1"}, ...).
     *
     * @param name the margin's name, used in messages, e.g. {@code "province"}
     * @param codes each unit's category code in {@code 0..populationCounts.length-1}
     * @param populationCounts the population count of each category, finite and &gt; 0
     * @return the margin
     */
    public static Margin of(String name, int[] codes, double[] populationCounts) {
        Objects.requireNonNull(populationCounts, "populationCounts");
        List<String> labels = new ArrayList<>(populationCounts.length);
        for (int k = 0; k < populationCounts.length; k++) {
            labels.add(Integer.toString(k));
        }
        return of(name, codes, labels, populationCounts);
    }

    /**
     * A margin with category labels.
     *
     * @param name the margin's name, used in messages, e.g. {@code "province"}
     * @param codes each unit's category code in {@code 0..labels.size()-1}
     * @param labels the category labels, distinct, one per population count
     * @param populationCounts the population count of each category, finite and &gt; 0
     * @return the margin
     * @throws IllegalArgumentException naming the unit, category or value at fault
     */
    public static Margin of(String name, int[] codes, List<String> labels, double[] populationCounts) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(populationCounts, "populationCounts");
        if (name.isBlank()) {
            throw new IllegalArgumentException("margin name is blank");
        }
        List<String> lab = List.copyOf(labels);
        if (lab.size() != populationCounts.length) {
            throw new IllegalArgumentException("margin '" + name + "': " + lab.size() + " labels but "
                    + populationCounts.length + " population counts");
        }
        if (lab.isEmpty()) {
            throw new IllegalArgumentException("margin '" + name + "' has no categories");
        }
        if (new java.util.HashSet<>(lab).size() != lab.size()) {
            throw new IllegalArgumentException("margin '" + name + "' has duplicate category labels " + lab);
        }
        double[] cnt = populationCounts.clone();
        for (int k = 0; k < cnt.length; k++) {
            if (!(cnt[k] > 0) || Double.isInfinite(cnt[k])) {
                throw new IllegalArgumentException("margin '" + name + "', category '" + lab.get(k)
                        + "': population count is " + cnt[k] + "; must be a finite number > 0");
            }
        }
        int[] c = codes.clone();
        for (int i = 0; i < c.length; i++) {
            if (c[i] < 0 || c[i] >= cnt.length) {
                throw new IllegalArgumentException("margin '" + name + "': unit " + i + " has category code " + c[i]
                        + ", which is not in the population table (codes 0.." + (cnt.length - 1) + ")");
            }
        }
        return new Margin(name, c, lab, cnt);
    }

    /**
     * A margin from each unit's category label and a population table keyed by label. Categories
     * are numbered in the table's iteration order.
     *
     * @param name the margin's name, used in messages
     * @param values each unit's category label
     * @param population the population count of each category (iteration order is kept)
     * @return the margin
     * @throws IllegalArgumentException if a unit's label is missing from the population table
     */
    public static Margin ofLabels(String name, String[] values, Map<String, ? extends Number> population) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(population, "population");
        Map<String, Integer> index = new HashMap<>();
        List<String> labels = new ArrayList<>();
        double[] counts = new double[population.size()];
        for (Map.Entry<String, ? extends Number> e : population.entrySet()) {
            Objects.requireNonNull(e.getKey(), "population category label");
            Number v = Objects.requireNonNull(e.getValue(), () -> "population count of '" + e.getKey() + "'");
            counts[labels.size()] = v.doubleValue();
            index.put(e.getKey(), labels.size());
            labels.add(e.getKey());
        }
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            Integer k = index.get(values[i]);
            if (k == null) {
                throw new IllegalArgumentException("margin '" + name + "': unit " + i + " has category '" + values[i]
                        + "', which is missing from the population table " + labels);
            }
            codes[i] = k;
        }
        return of(name, codes, labels, counts);
    }

    /**
     * The cells of several crossed variables, as R's {@code postStratify(design, ~a + b, table)}.
     * Cell {@code (k1, ..., km)} has code {@code ((k1 * L2 + k2) * L3 + k3) ...} (row-major: the
     * last variable varies fastest) and label {@code "label1:label2:..."}.
     *
     * @param name the crossed margin's name, e.g. {@code "sex:age"}
     * @param codes one code array per variable, {@code codes[v][i]} in {@code 0..labels.get(v).size()-1}
     * @param labels each variable's category labels
     * @param populationCounts the count of every cell in row-major order, finite and &gt; 0
     * @return the crossed margin
     */
    public static Margin crossed(String name, List<int[]> codes, List<List<String>> labels, double[] populationCounts) {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(labels, "labels");
        if (codes.isEmpty() || codes.size() != labels.size()) {
            throw new IllegalArgumentException("margin '" + name + "': " + codes.size() + " code arrays and "
                    + labels.size() + " label lists; need the same number, at least one");
        }
        int n = codes.get(0).length;
        List<String> cellLabels = List.of("");
        for (List<String> l : labels) {
            if (l.isEmpty()) {
                throw new IllegalArgumentException("margin '" + name + "': a crossed variable has no categories");
            }
            List<String> next = new ArrayList<>(cellLabels.size() * l.size());
            for (String a : cellLabels) {
                for (String b : l) {
                    next.add(a.isEmpty() ? b : a + ":" + b);
                }
            }
            cellLabels = next;
        }
        int[] cell = new int[n];
        for (int v = 0; v < codes.size(); v++) {
            int[] c = codes.get(v);
            int levels = labels.get(v).size();
            if (c.length != n) {
                throw new IllegalArgumentException("margin '" + name + "': variable " + v + " has " + c.length
                        + " codes, variable 0 has " + n);
            }
            for (int i = 0; i < n; i++) {
                if (c[i] < 0 || c[i] >= levels) {
                    throw new IllegalArgumentException("margin '" + name + "': unit " + i + " has code " + c[i]
                            + " for crossed variable " + v + ", which is not in the population table (codes 0.."
                            + (levels - 1) + ")");
                }
                cell[i] = cell[i] * levels + c[i];
            }
        }
        return of(name, cell, cellLabels, populationCounts);
    }

    /** @return the margin's name */
    public String name() {
        return name;
    }

    /** @return the number of sampled units */
    public int size() {
        return codes.length;
    }

    /** @return the number of categories */
    public int categories() {
        return counts.length;
    }

    /** @return the category labels */
    public List<String> labels() {
        return labels;
    }

    /**
     * @param category a category code
     * @return its label
     */
    public String label(int category) {
        return labels.get(category);
    }

    /** @return a copy of each unit's category code */
    public int[] codes() {
        return codes.clone();
    }

    /** @return a copy of the population counts by category */
    public double[] populationCounts() {
        return counts.clone();
    }

    /** @return the population total, the sum of the counts */
    public double populationTotal() {
        double s = 0;
        for (double c : counts) {
            s += c;
        }
        return s;
    }

    /** @return the population counts keyed by label, in category order */
    public Map<String, Double> populationTable() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int k = 0; k < counts.length; k++) {
            m.put(labels.get(k), counts[k]);
        }
        return m;
    }

    int[] codesUnsafe() {
        return codes;
    }

    double[] countsUnsafe() {
        return counts;
    }

    @Override
    public String toString() {
        return "Margin[" + name + ", " + codes.length + " units, " + counts.length + " categories "
                + (labels.size() <= 12 ? labels + " " + Arrays.toString(counts) : "") + "]";
    }
}
