package org.civicsurvey.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.Scale;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.AnswerStatus;
import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.Variable;

/**
 * Bridges an instrument's answers to the estimation engine: one categorical {@link Variable}
 * per rating or NPS question (named by question id, categories = the scale's points), and the
 * answer columns recoded to the engine's category codes with exclusions by reason.
 */
public final class InstrumentData {
    private InstrumentData() {
    }

    /**
     * @param instrument an instrument
     * @return one variable per question that has an answer scale (rating, NPS), in instrument order
     */
    public static List<Variable> variables(Instrument instrument) {
        Objects.requireNonNull(instrument, "instrument");
        List<Variable> out = new ArrayList<>();
        for (Question q : instrument.questions()) {
            q.answerScale().ifPresent(s -> out.add(Variable.scale(q.id(), s.min(), s.max())));
        }
        return out;
    }

    /**
     * The scale questions' answers as engine columns over a design.
     *
     * @param columns answer columns of validated responses
     * @param design the sampling design of the same rows (e.g.
     *     {@code SurveyDesign.builder(columns.weights()).build()})
     * @param domains domain code per row, or {@code null}
     * @return the data
     * @throws IllegalArgumentException if sizes differ or an answer is {@code INVALID} (validate first)
     */
    public static SurveyData surveyData(AnswerColumns columns, Design design, int[] domains) {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(design, "design");
        if (design.size() != columns.size()) {
            throw new IllegalArgumentException("the design has " + design.size() + " units; the answer columns have "
                + columns.size() + " rows");
        }
        SurveyData data = SurveyData.of(design, domains);
        Instrument instrument = columns.instrument();
        for (Question q : instrument.questions()) {
            if (q.answerScale().isEmpty()) {
                continue;
            }
            Scale s = q.answerScale().get();
            double[] values = columns.values(q.id());
            byte[] statuses = columns.statuses(q.id());
            byte[] codes = new byte[values.length];
            for (int i = 0; i < codes.length; i++) {
                AnswerStatus st = AnswerStatus.ofCode(statuses[i]);
                switch (st) {
                    case VALID:
                        codes[i] = (byte) ((int) values[i] - s.min());
                        break;
                    case DONT_KNOW:
                        codes[i] = Exclusion.DONT_KNOW.code();
                        break;
                    case NOT_APPLICABLE:
                        codes[i] = Exclusion.NOT_APPLICABLE.code();
                        break;
                    case REFUSED:
                        codes[i] = Exclusion.REFUSED.code();
                        break;
                    case MISSING:
                        codes[i] = Exclusion.MISSING.code();
                        break;
                    case HIDDEN:
                        codes[i] = Exclusion.HIDDEN.code();
                        break;
                    default:
                        throw new IllegalArgumentException("row " + i + " question " + q.id() + " has an INVALID answer;"
                            + " estimate only validated responses");
                }
            }
            data = data.withCategorical(Variable.scale(q.id(), s.min(), s.max()), codes);
        }
        return data;
    }
}
