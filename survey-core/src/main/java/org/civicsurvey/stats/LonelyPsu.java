package org.civicsurvey.stats;

/**
 * What the variance does with a stratum that has a single primary sampling unit (PSU), exactly as
 * R's {@code options(survey.lonely.psu = ...)} in the {@code survey} package.
 *
 * <p>The policy applies at every sampling stage (at stage 2 the "strata" are the PSUs and the
 * "PSUs" the secondary units). A stratum whose finite population correction makes every PSU a
 * certainty ({@code f < 1e-7}) contributes zero before the policy is consulted, as in R.
 */
public enum LonelyPsu {
    /** Throw an {@link IllegalStateException} naming the stratum and stage (R's default). */
    FAIL,
    /** The stratum contributes nothing to the variance. */
    REMOVE,
    /** The single PSU's total is not centred: it contributes its squared total (R's {@code "adjust"}). */
    ADJUST,
    /**
     * The stratum is left out and the summed variance of the other strata is scaled up by
     * (number of strata) / (number of strata with at least two PSUs).
     */
    AVERAGE,
    /** The single PSU is a certainty unit and contributes nothing at this stage. */
    CERTAINTY
}
