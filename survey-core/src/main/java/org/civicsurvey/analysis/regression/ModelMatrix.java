package org.civicsurvey.analysis.regression;

import java.util.ArrayList;
import java.util.List;

/**
 * R's {@code model.matrix} of {@link Terms} on the rows a model uses: an intercept (optional),
 * numeric columns as they are, factors in treatment contrasts over the levels present on those
 * rows. Kept by kind rather than as a dense matrix: the numeric columns over the used rows, and
 * per factor the level code of each used row with the column each level's 0/1 indicator has, so
 * a pass over the rows reads one code for a factor instead of one mostly-zero column per level.
 * {@link #dense()} gives the dense matrix when it is needed.
 */
final class ModelMatrix {
    final List<String> names;
    /** Term index of each column, -1 for the intercept. */
    final int[] assign;
    /** Design row of each used row, ascending. */
    final int[] rows;
    /** Per term: for a factor, the column of each code (-1 for the reference or a dropped level); null for a numeric term. */
    final int[][] factorColumn;
    /** Per term: the first column of the term (for a numeric term its only column). */
    final int[] firstColumn;
    /** Per term: the reference level of a factor (the first level present on the used rows), -1 for a numeric term. */
    final int[] reference;
    final Terms terms;
    final boolean intercept;
    /**
     * The numeric terms' values over the used rows, in model order: {@code numeric[k][r]}. When
     * every design row is used, the terms' own arrays (not copied).
     */
    final double[][] numeric;
    /** The column of each numeric term's values. */
    final int[] numericColumn;
    /** The factor terms' level codes over the used rows, in model order: {@code codes[f][r]}; the terms' own arrays when every row is used. */
    final int[][] codes;
    /** Per factor term (in the order of {@link #codes}): the column of each level, -1 for the reference or a dropped level. */
    final int[][] levelColumn;

    private ModelMatrix(Terms terms, boolean intercept, List<String> names, int[] assign, int[] rows, int[][] factorColumn,
            int[] firstColumn, int[] reference, double[][] numeric, int[] numericColumn, int[][] codes, int[][] levelColumn) {
        this.terms = terms;
        this.intercept = intercept;
        this.names = List.copyOf(names);
        this.assign = assign;
        this.rows = rows;
        this.factorColumn = factorColumn;
        this.firstColumn = firstColumn;
        this.reference = reference;
        this.numeric = numeric;
        this.numericColumn = numericColumn;
        this.codes = codes;
        this.levelColumn = levelColumn;
    }

    int columns() {
        return assign.length;
    }

    int size() {
        return rows.length;
    }

    /**
     * @param terms the terms
     * @param used the design rows the model uses (complete and in the domain)
     * @param intercept whether to add an intercept column
     */
    static ModelMatrix of(Terms terms, boolean[] used, boolean intercept) {
        int m = 0;
        for (boolean u : used) {
            if (u) {
                m++;
            }
        }
        int[] rows = new int[m];
        for (int i = 0, r = 0; i < used.length; i++) {
            if (used[i]) {
                rows[r++] = i;
            }
        }
        boolean all = m == used.length;
        List<Terms.Term> ts = terms.terms();
        List<String> names = new ArrayList<>();
        List<Integer> assign = new ArrayList<>();
        int[][] factorColumn = new int[ts.size()][];
        int[] firstColumn = new int[ts.size()];
        int[] referenceLevel = new int[ts.size()];
        java.util.Arrays.fill(referenceLevel, -1);
        List<double[]> numeric = new ArrayList<>();
        List<Integer> numericColumn = new ArrayList<>();
        List<int[]> codes = new ArrayList<>();
        List<int[]> levelColumn = new ArrayList<>();
        if (intercept) {
            names.add("(Intercept)");
            assign.add(-1);
        }
        for (int t = 0; t < ts.size(); t++) {
            Terms.Term term = ts.get(t);
            firstColumn[t] = names.size();
            if (!term.isFactor()) {
                numericColumn.add(names.size());
                numeric.add(all ? term.values : gather(term.values, rows));
                names.add(term.name);
                assign.add(t);
                continue;
            }
            int[] code = all ? term.codes : gather(term.codes, rows);
            boolean[] present = new boolean[term.levels.size()];
            for (int c : code) {
                present[c] = true;
            }
            int[] col = new int[present.length];
            boolean reference = true;
            for (int l = 0; l < present.length; l++) {
                col[l] = -1;
                if (!present[l]) {
                    continue;
                }
                if (reference) {
                    reference = false;
                    referenceLevel[t] = l;
                    continue;
                }
                col[l] = names.size();
                names.add(term.name + term.levels.get(l));
                assign.add(t);
            }
            factorColumn[t] = col;
            codes.add(code);
            levelColumn.add(col);
        }
        int p = names.size();
        int[] a = new int[p];
        for (int j = 0; j < p; j++) {
            a[j] = assign.get(j);
        }
        return new ModelMatrix(terms, intercept, names, a, rows, factorColumn, firstColumn, referenceLevel,
            numeric.toArray(new double[0][]), numericColumn.stream().mapToInt(Integer::intValue).toArray(),
            codes.toArray(new int[0][]), levelColumn.toArray(new int[0][]));
    }

    private static double[] gather(double[] values, int[] rows) {
        double[] out = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = values[rows[r]];
        }
        return out;
    }

    private static int[] gather(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = values[rows[r]];
        }
        return out;
    }

    /** @return the dense matrix, column-major: {@code x[j][r]} is column j at used row r (a new array) */
    double[][] dense() {
        int m = size();
        double[][] x = new double[columns()][];
        if (intercept) {
            x[0] = new double[m];
            java.util.Arrays.fill(x[0], 1);
        }
        for (int k = 0; k < numeric.length; k++) {
            x[numericColumn[k]] = numeric[k].clone();
        }
        for (int f = 0; f < codes.length; f++) {
            int[] col = levelColumn[f];
            for (int c : col) {
                if (c >= 0) {
                    x[c] = new double[m];
                }
            }
            int[] code = codes[f];
            for (int r = 0; r < m; r++) {
                int c = col[code[r]];
                if (c >= 0) {
                    x[c][r] = 1;
                }
            }
        }
        return x;
    }

    /**
     * @param coef the coefficients
     * @return per factor term (in the order of {@link #codes}), the coefficient of each level's
     *     indicator, 0 for the reference or a dropped level: what a row of that level adds to
     *     {@code X b}
     */
    double[][] levelCoefficients(double[] coef) {
        double[][] out = new double[codes.length][];
        for (int f = 0; f < codes.length; f++) {
            int[] col = levelColumn[f];
            out[f] = new double[col.length];
            for (int l = 0; l < col.length; l++) {
                out[f][l] = col[l] >= 0 ? coef[col[l]] : 0;
            }
        }
        return out;
    }

    /**
     * The linear predictor {@code X b} of used rows {@code from .. to} into {@code eta[0 .. to - from]},
     * summed column by column in column order from 0, a factor's indicators adding the row's level's
     * coefficient or nothing: the dense product's sum to the last bit.
     *
     * @param coef the coefficients
     * @param byLevel {@link #levelCoefficients(double[])} of {@code coef}
     */
    void linearPredictor(int from, int to, double[] coef, double[][] byLevel, double[] eta) {
        int len = to - from;
        java.util.Arrays.fill(eta, 0, len, intercept ? 0 + coef[0] : 0);
        List<Terms.Term> ts = terms.terms();
        int k = 0;
        int f = 0;
        for (int t = 0; t < ts.size(); t++) {
            Terms.Term term = ts.get(t);
            if (!term.isFactor()) {
                double[] x = numeric[k];
                double b = coef[numericColumn[k]];
                k++;
                if (t + 1 < ts.size() && !ts.get(t + 1).isFactor()) {
                    // two columns in one loop, added in the same order
                    double[] x2 = numeric[k];
                    double b2 = coef[numericColumn[k]];
                    k++;
                    t++;
                    for (int i = 0; i < len; i++) {
                        eta[i] = (eta[i] + x[from + i] * b) + x2[from + i] * b2;
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        eta[i] += x[from + i] * b;
                    }
                }
            } else {
                double[] add = byLevel[f];
                int[] code = codes[f];
                f++;
                for (int i = 0; i < len; i++) {
                    eta[i] += add[code[from + i]];
                }
            }
        }
    }

    /** Adds row r of the matrix times {@code s} to {@code out[at .. at + columns())}. */
    void addRowTimes(int r, double s, double[] out, int at) {
        if (intercept) {
            out[at] += s;
        }
        for (int k = 0; k < numeric.length; k++) {
            out[at + numericColumn[k]] += numeric[k][r] * s;
        }
        for (int f = 0; f < codes.length; f++) {
            int c = levelColumn[f][codes[f][r]];
            if (c >= 0) {
                out[at + c] += s;
            }
        }
    }

    /**
     * Writes the model-matrix row of any design row into {@code out}, with factor term
     * {@code overrideTerm} set to level {@code overrideCode} (no override when
     * {@code overrideTerm < 0}), as {@code model.matrix} of new data does.
     *
     * @throws IllegalArgumentException if a value is missing or a level is not in the model
     */
    void row(int designRow, int overrideTerm, int overrideCode, double[] out) {
        java.util.Arrays.fill(out, 0);
        if (intercept) {
            out[0] = 1;
        }
        List<Terms.Term> ts = terms.terms();
        for (int t = 0; t < ts.size(); t++) {
            Terms.Term term = ts.get(t);
            if (!term.isFactor()) {
                double v = term.values[designRow];
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("term " + term.name + " is missing at row " + designRow);
                }
                out[firstColumn[t]] = v;
                continue;
            }
            int code = t == overrideTerm ? overrideCode : term.codes[designRow];
            if (code < 0) {
                throw new IllegalArgumentException("term " + term.name + " is missing at row " + designRow);
            }
            int c = factorColumn[t][code];
            if (c >= 0) {
                out[c] = 1;
            } else if (code != reference[t]) {
                throw new IllegalArgumentException("factor " + term.name + " level " + term.levels.get(code)
                    + " (row " + designRow + ") is not among the levels the model was fitted on");
            }
        }
    }

    /** The levels of factor term t present in the fit, in level order (the reference first). */
    List<Integer> presentLevels(int t) {
        List<Integer> out = new ArrayList<>();
        int[] fc = factorColumn[t];
        for (int l = 0; l < fc.length; l++) {
            if (fc[l] >= 0 || l == reference[t]) {
                out.add(l);
            }
        }
        return out;
    }
}
