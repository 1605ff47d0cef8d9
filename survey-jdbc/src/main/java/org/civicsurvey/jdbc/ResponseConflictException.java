package org.civicsurvey.jdbc;

/**
 * A response that the store must not accept: its id is stored with different complete content, or
 * (with {@link StoreOptions#oneResponsePerCaseFile()}) its case file already has a response to the
 * instrument. The message names the response ids and instrument, never the answers.
 */
public final class ResponseConflictException extends SurveyStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what conflicts, naming ids
     */
    public ResponseConflictException(String message) {
        super(message);
    }
}
