package org.civicsurvey.io.csv;

import java.util.List;

import org.civicsurvey.model.CivicSurveyException;

/**
 * A problem with a whole CSV file (not one row): a header that does not match the instrument and
 * the mapping, unreadable bytes in the declared charset, an I/O failure. Rows with problems are not
 * thrown; they are rejected and listed in {@link ImportResult#errors()}.
 */
public class CsvImportException extends CivicSurveyException {
    private static final long serialVersionUID = 1L;

    /** Every problem, one line each (for a header: each column); the message lists them too. */
    private final List<String> problems;

    /**
     * @param message what is wrong, naming the line and column where known
     */
    public CsvImportException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    /**
     * @param message what is wrong
     * @param cause the underlying exception
     */
    public CsvImportException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /**
     * @param message what is wrong, as a whole
     * @param problems every problem, one line each
     */
    public CsvImportException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** @return every problem, one line each; for a single problem, the message */
    public List<String> problems() {
        return problems;
    }
}
