package org.civicsurvey.analysis.pls;

/** How a block's outer weights are estimated from its inner proxy Z. */
public enum Mode {
    /**
     * Reflective: each weight is the covariance of the standardised item with Z
     * ({@code w = X'Z / (n - 1)}), the items reflect the construct.
     */
    A,
    /**
     * Formative: the weights are the coefficients of the multiple regression of Z on the block's
     * items ({@code w = (X'X)⁻¹ X'Z}), the items form the construct. The block's items must not be
     * collinear.
     */
    B
}
