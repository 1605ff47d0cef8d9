package org.civicsurvey.scoring;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

/**
 * Calendar periods for trends. Labels sort chronologically as strings.
 */
public enum Period {
    /** A day: {@code 2024-05-01}. */
    DAY,
    /** An ISO-8601 week: {@code 2024-W18} (weeks start on Monday; week-based year). */
    WEEK,
    /** A month: {@code 2024-05}. */
    MONTH,
    /** A calendar quarter: {@code 2024-Q2}. */
    QUARTER,
    /** A calendar year: {@code 2024}. */
    YEAR,
    /** A U.S. federal fiscal quarter (the fiscal year starts on 1 October): 1 Oct 2023 is {@code FY2024-Q1}. */
    US_FISCAL_QUARTER;

    /**
     * @param date a date
     * @return the label of the period holding it
     */
    public String label(LocalDate date) {
        switch (this) {
            case DAY:
                return date.toString();
            case WEEK:
                return String.format("%04d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH:
                return String.format("%04d-%02d", date.getYear(), date.getMonthValue());
            case QUARTER:
                return String.format("%04d-Q%d", date.getYear(), (date.getMonthValue() - 1) / 3 + 1);
            case YEAR:
                return String.format("%04d", date.getYear());
            case US_FISCAL_QUARTER:
                int fy = date.getMonthValue() >= 10 ? date.getYear() + 1 : date.getYear();
                int q = ((date.getMonthValue() + 2) % 12) / 3 + 1;
                return String.format("FY%04d-Q%d", fy, q);
            default:
                throw new AssertionError(this);
        }
    }
}
