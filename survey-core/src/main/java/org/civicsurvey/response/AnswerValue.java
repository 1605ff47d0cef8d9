package org.civicsurvey.response;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.TextQuestion;

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
        return ofShown(question, response.answers().get(question.id()), null, 0);
    }

    /** The value of an answer to a shown question; fills the option indicators of a multiple choice when given. */
    static AnswerValue ofShown(Question q, Answer a, double[][] indicators, int row) {
        if (a == null) {
            return new AnswerValue(Double.NaN, AnswerStatus.MISSING);
        }
        if (a.special().isPresent()) {
            Optional<Scale> scale = q.answerScale();
            return new AnswerValue(Double.NaN, scale.isPresent() && scale.get().special(a.special().get()).isPresent()
                    ? AnswerStatus.of(a.special().get()) : AnswerStatus.INVALID);
        }
        if (q instanceof TextQuestion t) {
            boolean ok = a instanceof Answer.Text txt && txt.text().length() <= t.maxLength();
            return new AnswerValue(Double.NaN, ok ? AnswerStatus.VALID : AnswerStatus.INVALID);
        }
        double v = number(q, a, indicators, row);
        return Double.isNaN(v) ? new AnswerValue(Double.NaN, AnswerStatus.INVALID) : new AnswerValue(v, AnswerStatus.VALID);
    }

    private static double number(Question q, Answer a, double[][] ind, int row) {
        if (q instanceof NumberQuestion nq) {
            if (a instanceof Answer.Numeric num && num.value() >= nq.min() && num.value() <= nq.max()
                    && (!nq.integer() || num.value() == Math.rint(num.value()))) {
                return num.value();
            }
            return Double.NaN;
        }
        Optional<Scale> scale = q.answerScale();
        if (scale.isPresent()) {
            if (a instanceof Answer.Numeric num && num.value() == Math.rint(num.value())
                    && num.value() >= scale.get().min() && num.value() <= scale.get().max()) {
                return num.value();
            }
            return Double.NaN;
        }
        if (q instanceof ChoiceQuestion c && a instanceof Answer.Choice ch) {
            List<String> codes = ch.codes();
            if (!c.multiple()) {
                int pos = codes.size() == 1 ? c.indexOf(codes.get(0)) : -1;
                if (pos < 0) {
                    return Double.NaN;
                }
                ChoiceOption o = c.options().get(pos);
                return c.isScored() ? o.score().getAsDouble() : pos;
            }
            boolean[] chosen = new boolean[c.options().size()];
            for (String code : codes) {
                int pos = c.indexOf(code);
                if (pos < 0 || chosen[pos]) {
                    return Double.NaN;
                }
                chosen[pos] = true;
            }
            if (ind != null) {
                for (int k = 0; k < chosen.length; k++) {
                    ind[k][row] = chosen[k] ? 1 : 0;
                }
            }
            return codes.size();
        }
        return Double.NaN;
    }
}
