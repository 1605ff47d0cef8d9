package org.civicsurvey.io.csv;

import org.civicsurvey.model.CivicSurveyException;

/**
 * A problem with a whole CSV file (not one row): unreadable bytes in the declared charset, a bad
 * header, a missing mapped column, an I/O failure. Rows with problems are not thrown; they are
 * rejected and listed in {@link ImportResult#errors()}.
 */
public class CsvImportException extends CivicSurveyException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the line and column where known
     */
    public CsvImportException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the underlying exception
     */
    public CsvImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
