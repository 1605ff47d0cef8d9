package org.civicsurvey.report;

/** How the HTML writer draws a table (every table is also printed as an accessible HTML table). */
public enum ChartKind {
    /** Horizontal bars with interval whiskers, one per item/element/index of the overall group. */
    BARS,
    /** Groups (e.g. provinces) sorted by the index, with interval whiskers and rank intervals. */
    RANKING,
    /** A line over periods with its interval band. */
    TREND,
    /** Importance (x) against performance (y), e.g. the ACSI priority matrix. */
    SCATTER,
    /** No chart: the table only. */
    TABLE
}
