package org.civicsurvey.io.surveyjs;

import java.util.Objects;

import org.civicsurvey.model.Problem;

/**
 * A part of a SurveyJS document that could not be carried over as it is, with its JSON path, for
 * example {@code pages[0].elements[3].type: 'signaturepad' is not supported; the element is left out}.
 *
 * @param path the JSON path in the SurveyJS document ({@code ""} for the whole document)
 * @param message what was found and what was done with it
 */
public record SurveyJsIssue(String path, String message) implements Problem {
    /**
     * Checks the parts.
     *
     * @param path the path, not null
     * @param message the message, not null
     */
    public SurveyJsIssue {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
