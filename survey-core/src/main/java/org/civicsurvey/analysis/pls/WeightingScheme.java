package org.civicsurvey.analysis.pls;

/**
 * The inner weighting scheme: how construct j's inner proxy {@code Z_j = Σ e_ji Y_i} weighs its
 * neighbours i in the structural model (Tenenhaus et al. 2005, sec. 2.2; Lohmöller 1989).
 */
public enum WeightingScheme {
    /** {@code e_ji = sign(cor(Y_j, Y_i))} for every neighbour (Wold's original). */
    CENTROID,
    /** {@code e_ji = cor(Y_j, Y_i)} for every neighbour (Lohmöller). */
    FACTORIAL,
    /**
     * For a predecessor i of j: the coefficient of {@code Y_i} in the multiple regression of
     * {@code Y_j} on all its predecessors; for a successor i: {@code cor(Y_j, Y_i)}.
     */
    PATH
}
