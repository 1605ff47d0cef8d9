package org.civicsurvey.jdbc;

/**
 * A response that the store must not accept: its id is stored with different complete content, or
 * (with {@link StoreOptions#oneResponsePerCaseFile()}) its case file already has a response to the
 * instrument. The message names the response ids and instrument, never the answers.
 */
public final class ResponseConflictException extends SurveyStoreException {

    private static final long serialVersionUID = 1L;

    /** A batch result's reason for this conflict, with its path. */
    private final String problem;

    /**
     * @param message what conflicts, naming ids
     */
    public ResponseConflictException(String message) {
        this(message, "id: already stored with different content and complete");
    }

    ResponseConflictException(String message, String problem) {
        super(message);
        this.problem = problem;
    }

    /** The reason a batch reports for the response ({@link BatchItem#problems()}), with its path. */
    String problem() {
        return problem;
    }
}
