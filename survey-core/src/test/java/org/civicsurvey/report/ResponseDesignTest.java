package org.civicsurvey.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.LonelyPsu;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SurveyDesign;
import org.junit.jupiter.api.Test;

/**
 * Designs named by the responses' attributes: the degenerate cases of issue 22 (no rows; a stratum
 * with one PSU) say so in the user's terms, and each lonely-PSU option gives R's numbers.
 */
class ResponseDesignTest {
    private static final Instrument SIPAS = StandardInstruments.sipas2017();

    /** The seven responses of reference/design/lonely-psu-data.csv. */
    private static List<Response> responses() throws IOException {
        List<Response> out = new ArrayList<>();
        try (InputStream in = ResponseDesignTest.class.getResourceAsStream("/reference/design/lonely-psu-data.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].trim().split(",");
                out.add(Response.builder(f[0], SIPAS.id(), SIPAS.version()).respondent("area", f[1]).respondent("commune", f[2])
                    .weight(Double.parseDouble(f[3])).answer("tc1", Integer.parseInt(f[4])).build());
            }
        }
        return out;
    }

    private static double[] reference(String policy, String clusters) throws IOException {
        try (InputStream in = ResponseDesignTest.class.getResourceAsStream("/reference/design/lonely-psu.csv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.replace("\"", "").split(",");
                if (f[0].equals(policy) && f[1].equals(clusters)) {
                    return new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])};
                }
            }
        }
        throw new AssertionError("no reference row " + policy + "/" + clusters);
    }

    private static Estimate mean(List<Response> responses, SurveyDesign design) {
        return Estimator.withDefaults().estimate(SurveyVariables.surveyData(SIPAS, responses, design, null), Statistic.mean("tc1"));
    }

    @Test
    void noResponsesSaySoInsteadOfAnEmptyWeightsArray() {
        // before: "weights is empty; a design needs at least one unit", from inside SurveyDesign
        assertThatThrownBy(() -> ReportData.fromResponses(SIPAS, List.of(), List.of(GroupBy.respondent("province"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("no responses to report on. If they came from a CSV import, its ImportResult.summary() says why"
                + " each row was rejected; from a store, check the filter");
        assertThatThrownBy(() -> ResponseDesign.withDefaults().build(List.of()))
            .hasMessageStartingWith("no responses: a design needs at least one.");
    }

    @Test
    void aLonelyPsuNamesItsStratumAndTheOptions() throws IOException {
        // before: "stratum 0 has only one PSU at stage 1", from inside an estimate
        List<Response> rs = responses();
        assertThatThrownBy(() -> ResponseDesign.withDefaults().withStrata(GroupBy.respondent("area")).build(rs))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("stratum area=rural has only one primary sampling unit (response r5), so the variance"
                + " within it cannot be estimated: choose a lonely-PSU option with withLonelyPsu(...): LonelyPsu.ADJUST")
            .hasMessageContaining("AVERAGE").hasMessageContaining("REMOVE").hasMessageContaining("CERTAINTY")
            .hasMessageContaining("merge it with a neighbouring stratum");
        assertThatThrownBy(() -> ResponseDesign.withDefaults().withStrata(GroupBy.respondent("area"))
            .withClusters(GroupBy.respondent("commune")).build(rs))
            .hasMessageStartingWith("stratum area=rural has only one primary sampling unit (commune=c4)");
        // one response alone: the sample is one stratum with one PSU
        assertThatThrownBy(() -> ResponseDesign.withDefaults().build(rs.subList(0, 1)))
            .hasMessageStartingWith("the sample (one stratum) has only one primary sampling unit (response r1)");
        // a certainty stratum (its fpc says every unit was sampled) is not lonely
        List<Response> certain = new ArrayList<>();
        for (Response r : rs) {
            certain.add(Response.builder(r.id(), r.instrumentId(), r.instrumentVersion()).respondent("area", r.respondent().get("area"))
                .respondent("n", r.respondent().get("area").equals("rural") ? "1" : "100").weight(r.weight().getAsDouble())
                .answer("tc1", r.answers().get("tc1").number().getAsDouble()).build());
        }
        assertThat(ResponseDesign.withDefaults().withStrata(GroupBy.respondent("area")).withFpc("n").build(certain).size())
            .isEqualTo(7);
    }

    @Test
    void missingDesignValuesNameTheResponse() throws IOException {
        List<Response> rs = new ArrayList<>(responses());
        rs.add(Response.builder("r8", SIPAS.id(), SIPAS.version()).answer("tc1", 3).build());
        assertThatThrownBy(() -> ResponseDesign.withDefaults().withStrata(GroupBy.respondent("area")).build(rs))
            .hasMessage("response r8 has no value for the strata variable area");
        assertThatThrownBy(() -> ResponseDesign.withDefaults().withFpc("n").build(rs))
            .hasMessage("response r1 has no value for the fpc attribute n");
    }

    @Test
    void everyLonelyPsuOptionGivesRsStandardError() throws IOException {
        List<Response> rs = responses();
        for (LonelyPsu policy : List.of(LonelyPsu.ADJUST, LonelyPsu.AVERAGE, LonelyPsu.REMOVE, LonelyPsu.CERTAINTY)) {
            String name = policy.name().toLowerCase(Locale.ROOT);
            ResponseDesign design = ResponseDesign.withDefaults().withStrata(GroupBy.respondent("area")).withLonelyPsu(policy);
            // R: options(survey.lonely.psu = name); svymean(~tc1, svydesign(ids = ~1, strata = ~area, weights = ~w, data = d))
            double[] r = reference(name, "none");
            Estimate e = mean(rs, design.build(rs));
            assertThat(e.value()).as(name).isCloseTo(r[0], within(1e-12));
            assertThat(e.standardError()).as(name + " SE").isCloseTo(r[1], within(1e-9 * r[1]));
            // R: svydesign(ids = ~commune, strata = ~area, weights = ~w, data = d, nest = TRUE)
            double[] rc = reference(name, "commune");
            Estimate ec = mean(rs, design.withClusters(GroupBy.respondent("commune")).build(rs));
            assertThat(ec.standardError()).as(name + " clustered SE").isCloseTo(rc[1], within(1e-9 * rc[1]));
        }
    }

    @Test
    void averageWithEveryStratumLonelyIsRefused() throws IOException {
        List<Response> rs = responses();
        assertThatThrownBy(() -> ResponseDesign.withDefaults().withStrata(GroupBy.respondent("commune"))
            .withClusters(GroupBy.respondent("commune")).withLonelyPsu(LonelyPsu.AVERAGE).build(rs))
            .hasMessageStartingWith("every stratum of commune has only one primary sampling unit");
    }
}
