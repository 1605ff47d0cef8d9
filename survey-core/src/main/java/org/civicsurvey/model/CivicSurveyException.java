package org.civicsurvey.model;

/**
 * The root of the unchecked exceptions that {@code survey-core} throws for bad survey data rather
 * than for a programming error: an invalid response ({@code InvalidResponseException}), unreadable
 * JSON ({@code InvalidJsonException}), a SurveyJS document that cannot be mapped
 * ({@code SurveyJsException}), a CSV import that cannot go on ({@code CsvImportException}) and
 * weighting that cannot be done ({@code WeightingException}). Its message always carries the
 * reason, with the path of the first problem. An instrument that breaks the model's rules is an
 * {@link InvalidModelException}, an {@link IllegalArgumentException} like every other rejected
 * argument of a value's constructor.
 */
public class CivicSurveyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the reason, naming what is wrong and where
     */
    public CivicSurveyException(String message) {
        super(message);
    }

    /**
     * @param message the reason, naming what is wrong and where
     * @param cause the underlying exception
     */
    public CivicSurveyException(String message, Throwable cause) {
        super(message, cause);
    }
}
