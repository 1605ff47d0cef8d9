package org.civicsurvey.io.csv;

/**
 * What an import does with rows that share a respondent id (the column mapped with
 * {@link ColumnMapping.Builder#id(String)}; without one every row's id is its row number and
 * cannot repeat). Ids are compared after trimming, exactly (case matters).
 */
public enum DuplicateIds {
    /**
     * Every row of a repeated id is rejected ({@link RejectReason#DUPLICATE_ID}, naming the other
     * rows), so a respondent is never counted twice nor chosen at random: the default.
     */
    REJECT,
    /** The first row of each id is imported (when valid); the later ones are rejected, naming the first. */
    FIRST_WINS
}
