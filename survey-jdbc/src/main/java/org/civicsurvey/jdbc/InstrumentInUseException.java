package org.civicsurvey.jdbc;

/** An attempt to change an instrument version that already has stored responses. */
public final class InstrumentInUseException extends SurveyStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message naming the instrument id and version
     */
    public InstrumentInUseException(String message) {
        super(message);
    }
}
