package org.civicsurvey.response;

import java.util.Objects;
import org.civicsurvey.model.Question;

/**
 * The numeric value of one response's answer to one question, or {@code NaN} with the reason it is
 * excluded. The rules are those of {@link AnswerColumns}, which applies them to many responses at once.
 *
 * @param value the value; {@code NaN} unless {@code status} is {@code VALID} (and always for text)
 * @param status why the answer counts or not
 */
public record AnswerValue(double value, AnswerStatus status) {
    /**
     * Validates the pair.
     *
     * @param value the value
     * @param status the status, not null
     */
    public AnswerValue {
        Objects.requireNonNull(status, "status");
        if (status != AnswerStatus.VALID && !Double.isNaN(value)) {
            throw new IllegalArgumentException("an excluded answer (" + status + ") has value NaN, not " + value);
        }
    }

    /**
     * The value of a response's answer to a question.
     *
     * @param question a question of the response's instrument
     * @param response the response
     * @return the value and its status: {@code HIDDEN} when the question's show-if condition is false,
     *     {@code MISSING} when unanswered, the special status, {@code INVALID} for an answer that breaks
     *     the question's rules, otherwise {@code VALID}
     */
    public static AnswerValue of(Question question, Response response) {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(response, "response");
        if (!question.isShown(response.facts())) {
            return new AnswerValue(Double.NaN, AnswerStatus.HIDDEN);
        }
        double[] value = new double[1];
        byte code = new QuestionPlan(question).fill(response.answers().get(question.id()), value, null, 0);
        return new AnswerValue(value[0], AnswerStatus.ofCode(code));
    }
}
