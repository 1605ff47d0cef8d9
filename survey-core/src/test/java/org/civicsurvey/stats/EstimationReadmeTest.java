package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.IndexNode;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/** The README's estimation snippets, line for line, so the README never lies. */
class EstimationReadmeTest {

    @Test
    void stratifiedMeanAsPublished() {
        CsvTable apistrat = CsvTable.resource("/reference/api/apistrat.csv");
        double[] pw = apistrat.doubles("pw");
        int[] stype = apistrat.codes("stype");
        double[] fpc = apistrat.doubles("fpc");
        double[] api00 = apistrat.doubles("api00");

        // --- README: estimation
        SurveyDesign design = SurveyDesign.builder(pw).strata(stype).fpc(fpc).build();
        SurveyData data = SurveyData.of(design).withNumeric(Variable.numeric("api00"), api00);
        Estimate mean = Estimator.withDefaults().estimate(data, Statistic.mean("api00"));
        // --- end

        // published in R's survey package (?svymean, apistrat): mean 662.29, SE 9.4089
        // R 4.2.2, survey 4.1.1: svymean(~api00, svydesign(id=~1, strata=~stype, fpc=~fpc, weights=~pw, data=apistrat))
        assertThat(mean.value()).isCloseTo(662.29, within(0.005));
        assertThat(mean.standardError()).isCloseTo(9.4089, within(0.00005));
        assertThat(mean.validN()).isEqualTo(200);
    }

    @Test
    void sipasRollUpByProvince() {
        // Two respondents in two provinces: one answers 5 (satisfied) to every rating item, the other 3
        // (neutral). By the SIPAS rule (share of 4-5 among valid answers) every item, element and the index
        // are 0.5 nationally, 1 in province 0 and 0 in province 1 - worked by hand (shares are 0..1).
        Instrument instrument = StandardInstruments.sipas2017();
        List<Response> responses = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Response.Builder b = Response.builder("r" + r, instrument.id(), instrument.version()).choice("pa_used", "yes");
            for (Question q : instrument.questions()) {
                if (q instanceof RatingQuestion) {
                    b.answer(q.id(), r == 0 ? 5 : 3);
                }
            }
            responses.add(b.build());
        }
        int[] provinceCodes = {0, 1};

        // --- README: SIPAS
        AnswerColumns columns = AnswerColumns.of(instrument, responses);   // primitive columns, exclusions coded
        SurveyData data = SurveyVariables.surveyData(columns, SurveyDesign.builder(columns.weights()).build(), provinceCodes);
        SufficientStatistics stats = data.statistics(true);                // one pass; mergeable; or from SQL
        RollUpResult sipas = RollUp.sipas().evaluate(instrument, stats, Estimator.withDefaults());
        IndexNode index = sipas.index();                                    // items -> elements -> SIPAS index
        Map<Integer, RollUpResult> byProvince = RollUp.sipas().evaluateByDomain(instrument, stats, Estimator.withDefaults());
        // --- end

        assertThat(index.estimate().value()).isCloseTo(0.5, within(1e-12));
        assertThat(sipas.node("access").orElseThrow().estimate().value()).isCloseTo(0.5, within(1e-12));
        assertThat(byProvince.get(0).index().estimate().value()).isCloseTo(1.0, within(1e-12));
        assertThat(byProvince.get(1).index().estimate().value()).isCloseTo(0.0, within(1e-12));
    }
}
