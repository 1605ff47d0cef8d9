package org.civicsurvey.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.csv.ColumnMapping;
import org.civicsurvey.io.csv.WideCsvImporter;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.report.Report;
import org.civicsurvey.report.ReportData;
import org.civicsurvey.report.ReportOptions;
import org.civicsurvey.report.ResponseDesign;
import org.civicsurvey.report.SipasReport;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.weighting.Margin;
import org.civicsurvey.weighting.Weighting;
import org.civicsurvey.weighting.WeightingResult;

/**
 * The SIPAS demo report computed with the library's Java API, as a program embedding it would: what
 * the command line must equal.
 */
final class JavaApi {
    /** The raked design's index and the report built on the raked weights. */
    record Raked(Estimate index, Report report) {
    }

    private JavaApi() {
    }

    static Raked sipasRakedByAgency(Path demoCsv) {
        Instrument sipas = StandardInstruments.sipas2017();
        ColumnMapping layout = ColumnMapping.builder().id("respondent").caseFile("case_file").agency("agency")
            .service("service").channel("channel").time("date").weight("weight").respondent("province", "province")
            .respondent("sex", "sex").respondent("age_band", "age_band").respondent("area", "area")
            .respondent("stratum", "stratum").questionsByHeader().build();
        List<Response> responses = new ArrayList<>();
        WideCsvImporter.create(sipas, layout).read(demoCsv, responses::add);
        SurveyDesign base = ResponseDesign.withDefaults().withStrata(GroupBy.respondent("area")).build(responses);
        String[] sex = new String[responses.size()];
        String[] age = new String[responses.size()];
        for (int i = 0; i < sex.length; i++) {
            sex[i] = responses.get(i).respondent().get("sex");
            age[i] = responses.get(i).respondent().get("age_band");
        }
        List<Margin> margins = List.of(Margin.ofLabels("sex", sex, Map.of("female", 510_000, "male", 490_000)),
            Margin.ofLabels("age_band", age, Map.of("18-25", 150_000, "25-34", 220_000, "35-49", 300_000, "50-60", 180_000,
                "60+", 150_000)));
        WeightingResult raked = Weighting.withDefaults().withMaxIterations(100).withTolerance(1e-10).rake(base, margins);
        Estimate index = RollUp.sipas().overElements().withId("sipas")
            .evaluate(sipas, SurveyVariables.surveyData(sipas, responses, raked.design(), null), null, Estimator.withDefaults())
            .index().estimate().scaled(100);
        Report report = SipasReport.create(ReportOptions.withDefaults().withLanguage("en"))
            .build(ReportData.fromResponses(sipas, responses, List.of(GroupBy.agency()), base.withWeights(raked.design().weights())));
        return new Raked(index, report);
    }
}
