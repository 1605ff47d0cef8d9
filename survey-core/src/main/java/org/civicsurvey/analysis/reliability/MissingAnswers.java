package org.civicsurvey.analysis.reliability;

/**
 * How missing answers ({@code NaN}: no answer, don't know, not applicable) enter a reliability
 * analysis.
 */
public enum MissingAnswers {
    /**
     * psych's default ({@code psych::alpha(x, use = "pairwise")}): every covariance uses the
     * respondents who answered both items; item means, standard deviations and counts use every
     * answer to the item; the total score of a respondent is the mean of the items they answered.
     * Alpha's standard error and Feldt's interval use the number of rows given.
     */
    PAIRWISE,
    /**
     * Rows with any missing item are removed first ({@code psych::alpha(na.omit(x))}); everything
     * else is computed on the complete rows. The removed rows are reported.
     */
    LISTWISE
}
