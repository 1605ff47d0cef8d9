package org.civicsurvey.jdbc;

import java.util.List;
import java.util.Objects;

/**
 * The result for one response of a batch save.
 *
 * @param index the response's position in the batch, from 0
 * @param responseId the response id
 * @param outcome what happened
 * @param problems for {@link SaveOutcome#INVALID}, every violation with its path; for
 *     {@link SaveOutcome#CONFLICT}, the reason; empty otherwise
 */
public record BatchItem(int index, String responseId, SaveOutcome outcome, List<String> problems) {

    /**
     * Copies the problems.
     *
     * @throws IllegalArgumentException if the index is negative
     */
    public BatchItem {
        if (index < 0) {
            throw new IllegalArgumentException("index " + index + " is negative");
        }
        Objects.requireNonNull(responseId, "responseId");
        Objects.requireNonNull(outcome, "outcome");
        problems = List.copyOf(problems);
    }
}
