package org.civicsurvey.stats;

/**
 * What an item's excluded answers (don't know, not applicable, refused, missing, hidden) do to the
 * design of that item's estimates. Either way they leave the estimate's denominator and are
 * counted, and the estimate and its standard error are the same; what differs is the design the
 * interval is read from.
 */
public enum ExcludedAnswers {
    /**
     * As R's {@code svyciprop(~y, design, na.rm = TRUE)} and
     * {@code svyby(~y, ~domain, design, svyciprop, na.rm = TRUE)} (the default): the design keeps
     * every row. Degrees of freedom are those of the design (of the domain: its PSUs minus its strata,
     * whether or not their rows answered); Korn–Graubard counts the design's (domain's) rows; the
     * likelihood interval rescales weights by the mean weight of all those rows.
     */
    NA_RM,
    /**
     * As R's {@code svyciprop(~y, subset(design, !is.na(y)))}: rows whose answer is excluded leave
     * the design of that item's estimates. Degrees of freedom count the PSUs and strata with a
     * valid answer (in the domain); Korn–Graubard counts the valid answers; the likelihood interval
     * rescales weights by the valid answers' mean weight.
     */
    SUBSET
}
