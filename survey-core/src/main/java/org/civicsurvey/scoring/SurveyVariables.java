package org.civicsurvey.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;
import org.civicsurvey.model.Scale;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.AnswerStatus;
import org.civicsurvey.response.Response;
import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.Variable;

/**
 * The one map from an instrument's questions to the estimation engine's variables, and from an
 * answer's status to the engine's {@link Exclusion}. Columns in memory, reports and the SQL
 * aggregation of {@code survey-jdbc} all use it, so a variable means the same thing on every path.
 *
 * <ul>
 *   <li>a rating or NPS question: {@code Variable.scale(id, min, max)}, its categories the scale's
 *       values;</li>
 *   <li>a single-choice question with at most 127 options: {@code Variable.categorical(id, 0..k-1)},
 *       the options' positions;</li>
 *   <li>each option of a multiple-choice question: a 0/1 variable named
 *       {@link #optionVariable(String, String) id=option};</li>
 *   <li>a number question: {@code Variable.numeric(id)};</li>
 *   <li>text questions have no variable.</li>
 * </ul>
 *
 * <p>Answer statuses ({@link #exclusion(AnswerStatus)}): don't know, not applicable, refused and
 * hidden map to the exclusion of the same name, a shown but unanswered question to
 * {@link Exclusion#MISSING}. An {@link AnswerStatus#INVALID} answer has no exclusion: estimate only
 * validated responses.
 */
public final class SurveyVariables {
    private SurveyVariables() {
    }

    /**
     * @param instrument an instrument
     * @return its variables, in question order (see the class comment)
     */
    public static List<Variable> of(Instrument instrument) {
        Objects.requireNonNull(instrument, "instrument");
        List<Variable> out = new ArrayList<>();
        for (Question q : instrument.questions()) {
            Variable v = of(q);
            if (v != null) {
                out.add(v);
            } else if (q instanceof ChoiceQuestion c && c.multiple()) {
                for (ChoiceOption o : c.options()) {
                    out.add(Variable.categorical(optionVariable(q.id(), o.code()), 0, 1));
                }
            }
        }
        return out;
    }

    /**
     * The variable of one question, when it has exactly one.
     *
     * @param q a question
     * @return its variable, or {@code null} for a text question, a multiple-choice question (one
     *     variable per option) and a single choice with more than 127 options
     */
    public static Variable of(Question q) {
        Objects.requireNonNull(q, "question");
        if (q instanceof ChoiceQuestion c) {
            if (c.multiple() || c.options().size() > 127) {
                return null;
            }
            double[] codes = new double[c.options().size()];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = i;
            }
            return Variable.categorical(q.id(), codes);
        }
        if (q.kind() == QuestionKind.NUMBER) {
            return Variable.numeric(q.id());
        }
        if (q.answerScale().isPresent()) {
            Scale s = q.answerScale().get();
            return Variable.scale(q.id(), s.min(), s.max());
        }
        return null;
    }

    /**
     * @param questionId a multiple-choice question
     * @param optionCode one of its options
     * @return the name of the option's 0/1 variable
     */
    public static String optionVariable(String questionId, String optionCode) {
        return questionId + "=" + optionCode;
    }

    /**
     * The exclusion of an answer status.
     *
     * @param status a status other than {@link AnswerStatus#VALID} and {@link AnswerStatus#INVALID}
     * @return the exclusion of the same name; {@link Exclusion#MISSING} for a missing answer
     * @throws IllegalArgumentException for a valid or invalid answer, which is not excluded
     */
    public static Exclusion exclusion(AnswerStatus status) {
        switch (Objects.requireNonNull(status, "status")) {
            case DONT_KNOW:
                return Exclusion.DONT_KNOW;
            case NOT_APPLICABLE:
                return Exclusion.NOT_APPLICABLE;
            case REFUSED:
                return Exclusion.REFUSED;
            case MISSING:
                return Exclusion.MISSING;
            case HIDDEN:
                return Exclusion.HIDDEN;
            default:
                throw new IllegalArgumentException("answer status " + status + " is not an exclusion");
        }
    }

    /**
     * Validated responses as the engine's rows over a design, with every variable of
     * {@link #of(Instrument)}.
     *
     * @param instrument the instrument
     * @param responses valid responses to it, row {@code i} of the design being response {@code i}
     * @param design the sampling design (e.g. {@code SurveyDesign.builder(weights).build()})
     * @param domains a domain code per response, or {@code null}
     * @return the data
     * @throws IllegalArgumentException if sizes differ or an answer is invalid, naming the response
     *     and the question
     */
    public static SurveyData surveyData(Instrument instrument, List<Response> responses, Design design, int[] domains) {
        return surveyData(AnswerColumns.of(instrument, responses), design, domains, responses);
    }

    /**
     * As {@link #surveyData(Instrument, List, Design, int[])}, reporting
     * {@link org.civicsurvey.model.Progress.Phase#STATISTICS} progress while the responses are coded.
     *
     * @param instrument the instrument
     * @param responses valid responses to it, row {@code i} of the design being response {@code i}
     * @param design the sampling design
     * @param domains a domain code per response, or {@code null}
     * @param progress the listener
     * @return the data
     * @throws IllegalArgumentException if sizes differ or an answer is invalid, naming the response
     *     and the question
     */
    public static SurveyData surveyData(Instrument instrument, List<Response> responses, Design design, int[] domains,
                                        org.civicsurvey.model.Progress progress) {
        return surveyData(AnswerColumns.of(instrument, responses, progress), design, domains, responses);
    }

    /**
     * Answer columns as the engine's rows over a design, with every variable of {@link #of(Instrument)}.
     *
     * @param columns answer columns of validated responses
     * @param design the sampling design of the same rows (e.g.
     *     {@code SurveyDesign.builder(columns.weights()).build()})
     * @param domains a domain code per row, or {@code null}
     * @return the data
     * @throws IllegalArgumentException if sizes differ or an answer is invalid (validate first)
     */
    public static SurveyData surveyData(AnswerColumns columns, Design design, int[] domains) {
        return surveyData(columns, design, domains, null);
    }

    private static SurveyData surveyData(AnswerColumns columns, Design design, int[] domains, List<Response> responses) {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(design, "design");
        if (design.size() != columns.size()) {
            throw new IllegalArgumentException("the design has " + design.size() + " units; the answer columns have "
                + columns.size() + " rows");
        }
        Instrument instrument = columns.instrument();
        SurveyData data = SurveyData.of(design, domains);
        int n = columns.size();
        for (Variable v : of(instrument)) {
            String name = v.name();
            int eq = name.indexOf('=');
            String qid = eq < 0 ? name : name.substring(0, eq);
            byte[] status = columns.statuses(qid);
            double[] values = eq < 0 ? columns.values(qid) : columns.selected(qid, name.substring(eq + 1));
            if (!v.isCategorical()) {
                double[] numbers = new double[n];
                for (int i = 0; i < n; i++) {
                    AnswerStatus s = status(status[i], i, qid, instrument, responses);
                    numbers[i] = s == AnswerStatus.VALID ? values[i] : Double.NaN;
                }
                data = data.withNumeric(v, numbers);
                continue;
            }
            byte[] codes = new byte[n];
            for (int i = 0; i < n; i++) {
                AnswerStatus s = status(status[i], i, qid, instrument, responses);
                codes[i] = s == AnswerStatus.VALID ? (byte) v.codeOf(values[i]) : exclusion(s).code();
            }
            data = data.withCategorical(v, codes);
        }
        return data;
    }

    private static AnswerStatus status(byte code, int row, String qid, Instrument instrument, List<Response> responses) {
        AnswerStatus s = AnswerStatus.ofCode(code);
        if (s == AnswerStatus.INVALID) {
            String who = responses == null ? "row " + row : "responses[" + row + "] (" + responses.get(row).id() + ")";
            throw new IllegalArgumentException(who + " answers." + qid + " is invalid for instrument " + instrument.id()
                + "; estimate only validated responses");
        }
        return s;
    }
}
