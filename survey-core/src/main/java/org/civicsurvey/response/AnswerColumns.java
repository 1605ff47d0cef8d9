package org.civicsurvey.response;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Condition;
import org.civicsurvey.model.Ids;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;

/**
 * Responses to one instrument as primitive columns, one per question: the value of each response
 * ({@code double}, {@code NaN} when excluded) and the reason ({@link AnswerStatus} byte code).
 * Built in one pass; estimators read the arrays without boxing.
 *
 * <p>Values by kind: rating and NPS, the scale value; number, the number; single choice, the
 * option's score when every option is scored, otherwise the option's 0-based position; multiple
 * choice, the number of options chosen (and {@link #selected(String, String)} gives 1/0 per option);
 * text, no value column ({@link #statuses(String)} still tells answered from missing).
 *
 * <p>Statuses: {@code HIDDEN} when the show-if condition is false (whatever was answered),
 * {@code MISSING} when shown and unanswered, the special status for don't know / not applicable /
 * refused, {@code INVALID} for an answer that breaks the instrument's rules (out of the scale, wrong
 * kind, unknown option) &mdash; only possible for unvalidated responses. The weights column holds
 * each response's weight, 1 when it has none.
 */
public final class AnswerColumns {
    private final Instrument instrument;
    private final int size;
    private final double[] weights;
    private final boolean weighted;
    private final Map<String, Integer> index;
    private final double[][] values;
    private final byte[][] statuses;
    private final Map<String, double[][]> indicators;

    private AnswerColumns(Instrument instrument, int size, double[] weights, boolean weighted, Map<String, Integer> index,
            double[][] values, byte[][] statuses, Map<String, double[][]> indicators) {
        this.instrument = instrument;
        this.size = size;
        this.weights = weights;
        this.weighted = weighted;
        this.index = index;
        this.values = values;
        this.statuses = statuses;
        this.indicators = indicators;
    }

    /**
     * Extracts the columns.
     *
     * @param instrument the instrument
     * @param responses responses to exactly this instrument id and version
     * @return the columns, row {@code i} being {@code responses.get(i)}
     * @throws IllegalArgumentException when a response is for another instrument or version
     */
    public static AnswerColumns of(Instrument instrument, List<Response> responses) {
        return of(instrument, responses, org.civicsurvey.model.Progress.none());
    }

    /**
     * Extracts the columns, reporting {@link org.civicsurvey.model.Progress.Phase#STATISTICS}
     * progress every ten thousand responses and at the end.
     *
     * @param instrument the instrument
     * @param responses responses to exactly this instrument id and version
     * @param progress the listener
     * @return the columns, row {@code i} being {@code responses.get(i)}
     * @throws IllegalArgumentException when a response is for another instrument or version
     */
    public static AnswerColumns of(Instrument instrument, List<Response> responses, org.civicsurvey.model.Progress progress) {
        java.util.Objects.requireNonNull(progress, "progress");
        List<Question> questions = instrument.questions();
        int n = responses.size();
        int k = questions.size();
        Map<String, Integer> index = new HashMap<>(k * 2);
        QuestionPlan[] plans = new QuestionPlan[k];
        boolean anyCondition = false;
        for (int j = 0; j < k; j++) {
            Question q = questions.get(j);
            index.put(q.id(), j);
            plans[j] = new QuestionPlan(q);
            anyCondition |= q.showIf().isPresent();
        }
        double[][] values = new double[k][n];
        byte[][] statuses = new byte[k][n];
        double[][][] byColumn = new double[k][][];
        Map<String, double[][]> indicators = new HashMap<>();
        for (int j = 0; j < k; j++) {
            if (plans[j].isMultiple()) {
                byColumn[j] = new double[plans[j].optionCount()][n];
                indicators.put(questions.get(j).id(), byColumn[j]);
            }
        }
        double[] weights = new double[n];
        boolean weighted = false;
        progress.update(org.civicsurvey.model.Progress.Phase.STATISTICS, 0, n);
        for (int i = 0; i < n; i++) {
            if (i > 0 && i % 10_000 == 0) {
                progress.update(org.civicsurvey.model.Progress.Phase.STATISTICS, i, n);
            }
            Response r = responses.get(i);
            if (!r.instrumentId().equals(instrument.id()) || !r.instrumentVersion().equals(instrument.version())) {
                throw new IllegalArgumentException("responses[" + i + "] is for instrument " + Ids.quote(r.instrumentId())
                        + " version " + Ids.quote(r.instrumentVersion()) + ", not " + instrument.id() + " version "
                        + instrument.version());
            }
            weights[i] = r.weight().orElse(1.0);
            weighted |= r.weight().isPresent();
            Map<String, Answer> answers = r.answers();
            Condition.Facts facts = anyCondition ? r.facts() : null;
            for (int j = 0; j < k; j++) {
                QuestionPlan plan = plans[j];
                if (facts != null && !plan.question.isShown(facts)) {
                    values[j][i] = Double.NaN;
                    statuses[j][i] = AnswerStatus.HIDDEN.code();
                    if (byColumn[j] != null) {
                        for (double[] col : byColumn[j]) {
                            col[i] = Double.NaN;
                        }
                    }
                } else {
                    statuses[j][i] = plan.fill(answers.get(plan.question.id()), values[j], byColumn[j], i);
                }
            }
        }
        progress.update(org.civicsurvey.model.Progress.Phase.STATISTICS, n, n);
        return new AnswerColumns(instrument, n, weights, weighted, index, values, statuses, indicators);
    }

    /**
     * The instrument.
     *
     * @return the instrument the columns follow
     */
    public Instrument instrument() {
        return instrument;
    }

    /**
     * The number of rows (responses).
     *
     * @return the row count
     */
    public int size() {
        return size;
    }

    /**
     * The weights, 1 for a response without weight.
     *
     * @return a copy
     */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * Whether any response carried a weight.
     *
     * @return true when at least one weight was given
     */
    public boolean isWeighted() {
        return weighted;
    }

    /**
     * The value column of a question: {@code NaN} where the status is not {@code VALID}.
     *
     * @param questionId the question
     * @return a copy of the column
     * @throws IllegalArgumentException for an unknown question or a text question
     */
    public double[] values(String questionId) {
        int j = column(questionId);
        if (instrument.questions().get(j).kind() == QuestionKind.TEXT) {
            throw new IllegalArgumentException("question " + questionId + " is a text question and has no value column");
        }
        return values[j].clone();
    }

    /**
     * The status column of a question: {@link AnswerStatus#code()} per row.
     *
     * @param questionId the question
     * @return a copy of the column
     * @throws IllegalArgumentException for an unknown question
     */
    public byte[] statuses(String questionId) {
        return statuses[column(questionId)].clone();
    }

    /**
     * The indicator column of one option of a multiple-choice question: 1 chosen, 0 not chosen,
     * {@code NaN} where the question's status is not {@code VALID}.
     *
     * @param questionId a multiple-choice question
     * @param optionCode one of its options
     * @return a copy of the column
     * @throws IllegalArgumentException when the question is not multiple choice or has no such option
     */
    public double[] selected(String questionId, String optionCode) {
        int j = column(questionId);
        double[][] ind = indicators.get(questionId);
        if (ind == null) {
            throw new IllegalArgumentException("question " + questionId + " is not a multiple-choice question");
        }
        int pos = ((ChoiceQuestion) instrument.questions().get(j)).indexOf(optionCode);
        if (pos < 0) {
            throw new IllegalArgumentException("question " + questionId + " has no option " + optionCode);
        }
        return ind[pos].clone();
    }

    /**
     * Counts the rows of a question by status.
     *
     * @param questionId the question
     * @return the count per status (every status present, possibly 0)
     */
    public Map<AnswerStatus, Integer> counts(String questionId) {
        byte[] col = statuses[column(questionId)];
        int[] c = new int[AnswerStatus.values().length];
        for (byte b : col) {
            c[b]++;
        }
        EnumMap<AnswerStatus, Integer> out = new EnumMap<>(AnswerStatus.class);
        for (AnswerStatus s : AnswerStatus.values()) {
            out.put(s, c[s.code()]);
        }
        return out;
    }

    private int column(String questionId) {
        Integer j = index.get(questionId);
        if (j == null) {
            throw new IllegalArgumentException("instrument " + instrument.id() + " has no question " + questionId
                    + "; questions: " + Arrays.toString(index.keySet().stream().sorted().toArray()));
        }
        return j;
    }
}
