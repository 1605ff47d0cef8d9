package org.civicsurvey.scoring.acsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.SpecialStatus;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.Response;
import org.civicsurvey.analysis.drivers.ImportancePerformance;
import org.civicsurvey.analysis.drivers.Quadrant;
import org.civicsurvey.analysis.pls.PlsModel;
import org.civicsurvey.analysis.pls.PlsPathModeling;
import org.civicsurvey.analysis.pls.WeightingScheme;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * The ACSI preset end to end: synthetic answers to the standard {@code acsi} instrument
 * (reference/drivers/acsi-synthetic.csv) → responses → answer columns → PLS (centroid). Expected
 * values: reference/drivers/acsi-expected.csv from acsi.R (R 4.2.2, the base-R Wold algorithm in
 * pls-wold.R, which pls.R checks against SmartPLS).
 */
class AcsiModelTest {
    private static final Instrument ACSI = StandardInstruments.acsi();
    private static final List<String> RATINGS = List.of("expectations", "pq_process_ease", "pq_process_time",
            "pq_info_clarity", "pq_info_access", "pq_cs_courtesy", "pq_cs_knowledge", "pq_web_navigation",
            "pq_web_usefulness", "acsi_overall", "acsi_expectations", "acsi_ideal", "complaint_handling", "recommend",
            "confidence");

    private static Map<String, Double> expected() {
        CsvTable t = CsvTable.resource("/reference/drivers/acsi-expected.csv");
        String[] stat = t.strings("statistic");
        String[] from = t.strings("from");
        String[] to = t.strings("to");
        double[] v = t.doubles("value");
        Map<String, Double> map = new HashMap<>();
        for (int i = 0; i < v.length; i++) {
            map.put(stat[i] + "/" + from[i] + "/" + to[i], v[i]);
        }
        return map;
    }

    private static AnswerColumns answers() {
        CsvTable t = CsvTable.resource("/reference/drivers/acsi-synthetic.csv");
        String[] complaint = t.strings("complaint");
        Map<String, double[]> cols = new HashMap<>();
        for (String q : RATINGS) {
            cols.put(q, t.doubles(q));
        }
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            Response.Builder b = Response.builder("r" + i, ACSI.id(), ACSI.version());
            for (String q : RATINGS) {
                double v = cols.get(q)[i];
                if (v == 98) {
                    b.answer(q, Answer.special(SpecialStatus.DONT_KNOW));
                } else if (!Double.isNaN(v)) {
                    b.answer(q, v);
                }
            }
            b.answer("complaint", Answer.choice(complaint[i]));
            responses.add(b.build());
        }
        return AnswerColumns.of(ACSI, responses);
    }

    @Test
    void presetStructureFollowsTheInstrument() {
        AcsiModel preset = AcsiModel.standard();
        assertThat(preset.instrument()).isEqualTo(ACSI);
        PlsModel m = preset.pathModel();
        assertThat(m.constructs()).containsExactly("expectations", "process", "information", "customer_service", "website",
                "satisfaction", "complaints", "trust");
        assertThat(preset.qualityDrivers()).containsExactly("process", "information", "customer_service", "website");
        assertThat(m.items("satisfaction")).containsExactly("acsi_overall", "acsi_expectations", "acsi_ideal");
        assertThat(m.items("complaints")).containsExactly("complaint");
        assertThat(m.paths()).hasSize(12);
    }

    @Test
    void fitMatchesR() {
        Map<String, Double> r = expected();
        AcsiResult fit = AcsiModel.of(ACSI).fit(answers());
        PlsModel m = fit.pls().model();
        assertThat(fit.pls().converged()).isTrue();
        // R: sum(keep) / sum(!keep) -- rows with a don't know among the model's items
        assertThat(fit.pls().used()).isEqualTo(r.get("used//").intValue());
        assertThat(fit.pls().excluded()).isEqualTo(r.get("excluded//").intValue());
        // R (acsi.R): mean of the satisfaction index scores, 100 * sum(w (x - 1) / 9)
        assertThat(fit.acsi()).isCloseTo(r.get("index/satisfaction/"), within(1e-6));
        for (String c : m.constructs()) {
            assertThat(fit.score(c)).as(c).isCloseTo(r.get("index/" + c + "/"), within(1e-6));
            for (String item : m.items(c)) {
                assertThat(fit.pls().outerWeight(item)).as(item).isCloseTo(r.get("outerWeight/" + c + "/" + item),
                        within(1e-6));
                assertThat(fit.pls().indexWeight(item)).as(item).isCloseTo(r.get("indexWeight/" + c + "/" + item),
                        within(1e-6));
            }
        }
        for (PlsModel.Path p : m.paths()) {
            assertThat(fit.pls().pathCoefficient(p.from(), p.to())).as(p.toString())
                    .isCloseTo(r.get("path/" + p.from() + "/" + p.to()), within(1e-6));
        }
        for (String driver : List.of("expectations", "process", "information", "customer_service", "website")) {
            assertThat(fit.impactOnSatisfaction(driver)).as(driver)
                    .isCloseTo(r.get("impact/" + driver + "/satisfaction"), within(1e-5));
        }
        assertThat(fit.pls().totalEffect("satisfaction", "complaints")).isNegative();
        ImportancePerformance.Grid grid = ImportancePerformance.atMeans().analyze(fit.priorityMatrix());
        assertThat(grid.placements()).hasSize(5);
        assertThat(grid.counts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
        assertThat(grid.placements()).extracting(p -> p.quadrant()).doesNotContainNull();
        assertThat(Quadrant.values()).hasSize(4);
    }

    @Test
    void otherSettingsAndBadInput() {
        AcsiResult path = AcsiModel.of(ACSI).fit(answers(), PlsPathModeling.withDefaults());
        assertThat(path.pls().scheme()).isEqualTo(WeightingScheme.PATH);
        Instrument other = StandardInstruments.cmt();
        assertThatThrownBy(() -> AcsiModel.of(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("instrument cmt has no dimension 'expectations'");
        AnswerColumns cmt = AnswerColumns.of(other, List.of());
        assertThatThrownBy(() -> AcsiModel.of(ACSI).columns(cmt)).hasMessageContaining("answers are for instrument cmt");
    }
}
