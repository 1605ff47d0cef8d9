package org.civicsurvey.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.Response;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.junit.jupiter.api.Test;

/** Responses to an instrument, through answer columns, into a SIPAS roll-up. */
class SurveyVariablesTest {
    @Test
    void responsesFlowIntoTheRollUpWithTheirExclusions() {
        Instrument instrument = RollUpTest.instrument();
        assertThat(SurveyVariables.of(instrument)).extracting(Variable::name).containsExactly("q1", "q2", "q3", "q4", "q5");
        int[][] answers = {
            {5, 4, 3, 2, 1}, {4, 4, 4, 4, 4}, {2, 0, 5, 5, 5}, {1, 2, 0, 3, 4},
        };
        List<Response> responses = new ArrayList<>();
        for (int r = 0; r < answers.length; r++) {
            Response.Builder b = Response.builder("r" + r, instrument.id(), instrument.version()).weight(1 + r);
            for (int k = 0; k < 5; k++) {
                if (answers[r][k] == 0) {
                    b.special("q" + (k + 1), SpecialStatus.DONT_KNOW);
                } else {
                    b.answer("q" + (k + 1), answers[r][k]);
                }
            }
            responses.add(b.build());
        }
        AnswerColumns columns = AnswerColumns.of(instrument, responses);
        SurveyData data = SurveyVariables.surveyData(columns, SurveyDesign.builder(columns.weights()).build(), null);
        RollUpResult r = RollUp.sipas().evaluate(instrument, data.statistics(true), Estimator.withDefaults());
        // q2: answers 4 (w 1), 4 (w 2), don't know (w 3), 2 (w 4): positive weight 3 of 7
        Estimate q2 = r.node("q2").orElseThrow().estimate();
        assertThat(q2.value()).isCloseTo(3.0 / 7, within(1e-12));
        assertThat(q2.validN()).isEqualTo(3);
        assertThat(q2.excluded().dontKnow()).isEqualTo(1);
        // E1 = mean of q1 (positive w 1+2 of 10 = 0.3), q2 (3/7), q3 (w 2+3 of 6 = 5/6)
        assertThat(r.node("E1").orElseThrow().estimate().value()).isCloseTo((0.3 + 3.0 / 7 + 5.0 / 6) / 3, within(1e-12));
        assertThat(r.node("E1").orElseThrow().estimate().excluded().dontKnow()).isEqualTo(2);
        assertThatThrownBy(() -> SurveyVariables.surveyData(columns, SurveyDesign.unweighted(3), null))
            .hasMessageContaining("the design has 3 units; the answer columns have 4 rows");
    }
}
