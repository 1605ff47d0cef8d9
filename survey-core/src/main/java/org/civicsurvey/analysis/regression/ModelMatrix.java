package org.civicsurvey.analysis.regression;

import java.util.ArrayList;
import java.util.List;

/**
 * R's {@code model.matrix} of {@link Terms} on the rows a model uses: an intercept (optional),
 * numeric columns as they are, factors in treatment contrasts over the levels present on those
 * rows. Columns are stored column-major, one array per column over the used rows.
 */
final class ModelMatrix {
    final List<String> names;
    /** Term index of each column, -1 for the intercept. */
    final int[] assign;
    /** {@code x[j][r]}: column j at used row r. */
    final double[][] x;
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

    private ModelMatrix(Terms terms, boolean intercept, List<String> names, int[] assign, double[][] x, int[] rows,
            int[][] factorColumn, int[] firstColumn, int[] reference) {
        this.terms = terms;
        this.intercept = intercept;
        this.names = List.copyOf(names);
        this.assign = assign;
        this.x = x;
        this.rows = rows;
        this.factorColumn = factorColumn;
        this.firstColumn = firstColumn;
        this.reference = reference;
    }

    int columns() {
        return x.length;
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
        List<Terms.Term> ts = terms.terms();
        List<String> names = new ArrayList<>();
        List<Integer> assign = new ArrayList<>();
        int[][] factorColumn = new int[ts.size()][];
        int[] firstColumn = new int[ts.size()];
        int[] referenceLevel = new int[ts.size()];
        java.util.Arrays.fill(referenceLevel, -1);
        if (intercept) {
            names.add("(Intercept)");
            assign.add(-1);
        }
        for (int t = 0; t < ts.size(); t++) {
            Terms.Term term = ts.get(t);
            firstColumn[t] = names.size();
            if (!term.isFactor()) {
                names.add(term.name);
                assign.add(t);
                continue;
            }
            boolean[] present = new boolean[term.levels.size()];
            for (int row : rows) {
                present[term.codes[row]] = true;
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
        }
        int p = names.size();
        double[][] x = new double[p][m];
        if (intercept) {
            java.util.Arrays.fill(x[0], 1);
        }
        for (int t = 0; t < ts.size(); t++) {
            Terms.Term term = ts.get(t);
            if (!term.isFactor()) {
                double[] col = x[firstColumn[t]];
                for (int r = 0; r < m; r++) {
                    col[r] = term.values[rows[r]];
                }
            } else {
                int[] fc = factorColumn[t];
                for (int r = 0; r < m; r++) {
                    int c = fc[term.codes[rows[r]]];
                    if (c >= 0) {
                        x[c][r] = 1;
                    }
                }
            }
        }
        int[] a = new int[p];
        for (int j = 0; j < p; j++) {
            a[j] = assign.get(j);
        }
        return new ModelMatrix(terms, intercept, names, a, x, rows, factorColumn, firstColumn, referenceLevel);
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
