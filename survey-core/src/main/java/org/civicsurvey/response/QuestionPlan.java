package org.civicsurvey.response;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.NumberQuestion;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.Scale;
import org.civicsurvey.model.SpecialCode;
import org.civicsurvey.model.TextQuestion;

/**
 * One question's rules flattened into primitives, so that turning answers into values allocates
 * nothing: the per-cell work of {@link AnswerColumns} and {@link AnswerValue}.
 */
final class QuestionPlan {
    private static final byte SCALED = 0;
    private static final byte NUMBER = 1;
    private static final byte SINGLE = 2;
    private static final byte MULTIPLE = 3;
    private static final byte TEXT = 4;

    final Question question;
    private final byte kind;
    private final double min;
    private final double max;
    private final boolean integer;
    private final boolean[] specialOffered = new boolean[3];
    private final Map<String, Integer> optionIndex;
    private final double[] optionValue;
    private final int maxLength;

    QuestionPlan(Question q) {
        this.question = q;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        boolean whole = false;
        Map<String, Integer> index = Map.of();
        double[] optionValues = new double[0];
        int length = 0;
        byte k;
        if (q.answerScale().isPresent()) {
            Scale s = q.answerScale().get();
            k = SCALED;
            lo = s.min();
            hi = s.max();
            whole = true;
            for (SpecialCode c : s.specialCodes()) {
                specialOffered[c.status().ordinal()] = true;
            }
        } else if (q instanceof NumberQuestion n) {
            k = NUMBER;
            lo = n.min();
            hi = n.max();
            whole = n.integer();
        } else if (q instanceof ChoiceQuestion c) {
            k = c.multiple() ? MULTIPLE : SINGLE;
            index = new HashMap<>(c.options().size() * 2);
            optionValues = new double[c.options().size()];
            boolean scored = c.isScored();
            for (int i = 0; i < c.options().size(); i++) {
                index.put(c.options().get(i).code(), i);
                optionValues[i] = scored ? c.options().get(i).score().getAsDouble() : i;
            }
        } else {
            k = TEXT;
            length = ((TextQuestion) q).maxLength();
        }
        this.kind = k;
        this.min = lo;
        this.max = hi;
        this.integer = whole;
        this.optionIndex = index;
        this.optionValue = optionValues;
        this.maxLength = length;
    }

    boolean isText() {
        return kind == TEXT;
    }

    boolean isMultiple() {
        return kind == MULTIPLE;
    }

    int optionCount() {
        return optionValue.length;
    }

    /**
     * Fills row {@code row} of {@code values} (and of the option indicators of a multiple choice)
     * for the answer to a shown question, and returns the status code.
     */
    byte fill(Answer a, double[] values, double[][] indicators, int row) {
        values[row] = Double.NaN;
        if (indicators != null) {
            for (double[] col : indicators) {
                col[row] = Double.NaN;
            }
        }
        if (a == null) {
            return AnswerStatus.MISSING.code();
        }
        if (a instanceof Answer.Special s) {
            return specialOffered[s.status().ordinal()] ? AnswerStatus.of(s.status()).code() : AnswerStatus.INVALID.code();
        }
        switch (kind) {
            case SCALED:
            case NUMBER: {
                if (!(a instanceof Answer.Numeric num)) {
                    return AnswerStatus.INVALID.code();
                }
                double x = num.value();
                if (x < min || x > max || integer && x != Math.rint(x)) {
                    return AnswerStatus.INVALID.code();
                }
                values[row] = x;
                return AnswerStatus.VALID.code();
            }
            case SINGLE: {
                if (!(a instanceof Answer.Choice ch) || ch.codes().size() != 1) {
                    return AnswerStatus.INVALID.code();
                }
                Integer pos = optionIndex.get(ch.codes().get(0));
                if (pos == null) {
                    return AnswerStatus.INVALID.code();
                }
                values[row] = optionValue[pos];
                return AnswerStatus.VALID.code();
            }
            case MULTIPLE: {
                if (!(a instanceof Answer.Choice ch)) {
                    return AnswerStatus.INVALID.code();
                }
                List<String> codes = ch.codes();
                long seen = 0;
                boolean[] many = codes.size() > 64 ? new boolean[optionValue.length] : null;
                for (String code : codes) {
                    Integer pos = optionIndex.get(code);
                    if (pos == null) {
                        return AnswerStatus.INVALID.code();
                    }
                    if (many != null) {
                        if (many[pos]) {
                            return AnswerStatus.INVALID.code();
                        }
                        many[pos] = true;
                    } else if (pos < 64) {
                        if ((seen & 1L << pos) != 0) {
                            return AnswerStatus.INVALID.code();
                        }
                        seen |= 1L << pos;
                    } else if (codes.indexOf(code) != codes.lastIndexOf(code)) {
                        return AnswerStatus.INVALID.code();
                    }
                }
                if (indicators != null) {
                    for (double[] col : indicators) {
                        col[row] = 0;
                    }
                    for (String code : codes) {
                        indicators[optionIndex.get(code)][row] = 1;
                    }
                }
                values[row] = codes.size();
                return AnswerStatus.VALID.code();
            }
            default:
                return a instanceof Answer.Text t && t.text().length() <= maxLength
                        ? AnswerStatus.VALID.code() : AnswerStatus.INVALID.code();
        }
    }
}
