package org.civicsurvey.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rows of a survey as primitive columns over a {@link Design}: optional domain codes and named
 * categorical ({@code byte[]} codes, exclusions negative, see {@link Exclusion#code()}) or numeric
 * ({@code double[]}, {@code NaN} = missing) columns. Immutable: {@code with...} returns a new
 * instance sharing the (uncopied) arrays, which the caller must not change afterwards.
 */
public final class SurveyData {
    private final Design design;
    private final int[] domains;
    private final List<Variable> variables;
    private final List<Object> columns;

    private SurveyData(Design design, int[] domains, List<Variable> variables, List<Object> columns) {
        this.design = design;
        this.domains = domains;
        this.variables = List.copyOf(variables);
        this.columns = List.copyOf(columns);
    }

    /**
     * @param design the design
     * @return data with one domain (code 0) and no columns yet
     */
    public static SurveyData of(Design design) {
        return of(design, null);
    }

    /**
     * @param design the design
     * @param domains domain code per row (e.g. province), or {@code null} for one domain 0
     * @return data with no columns yet
     */
    public static SurveyData of(Design design, int[] domains) {
        Objects.requireNonNull(design, "design");
        if (domains != null && domains.length != design.size()) {
            throw new IllegalArgumentException("domains has length " + domains.length + "; the design has "
                + design.size() + " units");
        }
        return new SurveyData(design, domains, List.of(), List.of());
    }

    private SurveyData with(Variable v, Object column, int length) {
        Objects.requireNonNull(v, "variable");
        if (length != design.size()) {
            throw new IllegalArgumentException("column " + v.name() + " has length " + length + "; the design has "
                + design.size() + " units");
        }
        for (Variable other : variables) {
            if (other.name().equals(v.name())) {
                throw new IllegalArgumentException("variable " + v.name() + " added twice");
            }
        }
        List<Variable> vs = new ArrayList<>(variables);
        vs.add(v);
        List<Object> cs = new ArrayList<>(columns);
        cs.add(column);
        return new SurveyData(design, domains, vs, cs);
    }

    /**
     * @param variable a categorical variable
     * @param codes category code per row (0..k-1) or a negative {@link Exclusion#code()}
     * @return data with the column added
     */
    public SurveyData withCategorical(Variable variable, byte[] codes) {
        Objects.requireNonNull(codes, "codes");
        if (!variable.isCategorical()) {
            throw new IllegalArgumentException("variable " + variable.name() + " is numeric; use withNumeric");
        }
        return with(variable, codes, codes.length);
    }

    /**
     * A categorical column given by its values, the way a user writes them (scale values such as
     * 1..5, not codes); the same column as {@link #withCategorical(Variable, byte[])} with the codes
     * of those values.
     *
     * @param variable a categorical variable
     * @param values one of the variable's category values per row, {@code NaN} for a missing answer
     * @return data with the column added
     * @throws IllegalArgumentException naming the row and the value when a value is not a category
     */
    public SurveyData withCategoricalValues(Variable variable, double[] values) {
        Objects.requireNonNull(values, "values");
        if (!variable.isCategorical()) {
            throw new IllegalArgumentException("variable " + variable.name() + " is numeric; use withNumeric");
        }
        byte[] codes = new byte[values.length];
        for (int i = 0; i < codes.length; i++) {
            if (Double.isNaN(values[i])) {
                codes[i] = Exclusion.MISSING.code();
                continue;
            }
            int c = variable.codeOf(values[i]);
            if (c < 0) {
                throw new IllegalArgumentException("variable " + variable.name() + " row " + i + ": " + values[i]
                    + " is not one of its categories " + java.util.Arrays.toString(variable.categories()));
            }
            codes[i] = (byte) c;
        }
        return withCategorical(variable, codes);
    }

    /**
     * @param variable a numeric variable
     * @param values value per row, {@code NaN} for missing
     * @return data with the column added
     */
    public SurveyData withNumeric(Variable variable, double[] values) {
        Objects.requireNonNull(values, "values");
        if (variable.isCategorical()) {
            throw new IllegalArgumentException("variable " + variable.name() + " is categorical; use withCategorical");
        }
        return with(variable, values, values.length);
    }

    /** @return the design */
    public Design design() {
        return design;
    }

    /** @return the variables */
    public List<Variable> variables() {
        return variables;
    }

    /** @return the number of rows */
    public int size() {
        return design.size();
    }

    /**
     * A column's values by row, as a user reads them: a categorical answer's category value (e.g.
     * the scale value 4), a numeric value, {@code NaN} for an excluded or missing answer.
     *
     * @param variable a variable's name
     * @return a new array, one value per row
     * @throws IllegalArgumentException naming the variables there are when there is no such variable
     */
    public double[] values(String variable) {
        int j = index(variable);
        Variable v = variables.get(j);
        Object col = columns.get(j);
        if (!v.isCategorical()) {
            return ((double[]) col).clone();
        }
        byte[] codes = (byte[]) col;
        double[] out = new double[codes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = codes[i] < 0 ? Double.NaN : v.category(codes[i]);
        }
        return out;
    }

    /**
     * @param name a variable's name
     * @return the variable
     * @throws IllegalArgumentException naming the variables there are when there is no such variable
     */
    public Variable variable(String name) {
        return variables.get(index(name));
    }

    /** @return a new array with each row's domain code (0 for every row without domains) */
    public int[] domains() {
        return domains == null ? new int[size()] : domains.clone();
    }

    int domain(int row) {
        return domains == null ? 0 : domains[row];
    }

    boolean hasDomains() {
        return domains != null;
    }

    int[] domainCodes() {
        return domains;
    }

    int index(String name) {
        for (int j = 0; j < variables.size(); j++) {
            if (variables.get(j).name().equals(name)) {
                return j;
            }
        }
        List<String> names = new ArrayList<>();
        variables.forEach(v -> names.add(v.name()));
        throw new IllegalArgumentException("no variable " + name + " in this data; have " + names);
    }

    Object column(int j) {
        return columns.get(j);
    }

    /**
     * The mergeable statistics of these rows (one pass).
     *
     * @param crossProducts keep cross-products between categorical variables (unclustered designs)
     * @return the statistics
     * @throws IllegalArgumentException if the design is not a {@link SurveyDesign}, or its fpc varies within a
     *     stratum (stage 1) or a PSU (stage 2)
     */
    public SufficientStatistics statistics(boolean crossProducts) {
        if (!(design instanceof SurveyDesign)) {
            throw new IllegalArgumentException("sufficient statistics need a SurveyDesign; " + design.getClass().getName()
                + " is estimated from rows");
        }
        StatisticsCollector c = SufficientStatistics.collector((SurveyDesign) design, domains).crossProducts(crossProducts);
        for (int j = 0; j < variables.size(); j++) {
            if (variables.get(j).isCategorical()) {
                c.categorical(variables.get(j), (byte[]) columns.get(j));
            } else {
                c.numeric(variables.get(j), (double[]) columns.get(j));
            }
        }
        return c.collect();
    }
}
