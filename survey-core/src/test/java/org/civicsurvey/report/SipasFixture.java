package org.civicsurvey.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.csv.ColumnMapping;
import org.civicsurvey.io.csv.ImportResult;
import org.civicsurvey.io.csv.WideCsvImporter;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;
import org.civicsurvey.stats.SurveyDesign;

/** The synthetic SIPAS data of reference/reports/sipas-reference.R, imported through the CSV importer. */
final class SipasFixture {
    static final String RESOURCE = "/reference/reports/sipas-responses.csv";
    static final Instrument SIPAS = StandardInstruments.sipas2017();

    final List<Response> responses = new ArrayList<>();
    final ImportResult imported;
    final SurveyDesign design;
    final int[] strata;

    SipasFixture() {
        ColumnMapping mapping = ColumnMapping.builder().id("id").weight("weight").time("date")
            .respondent("province", "province").respondent("stratum", "stratum").questionsByHeader().build();
        try (InputStream in = SipasFixture.class.getResourceAsStream(RESOURCE)) {
            imported = WideCsvImporter.create(SIPAS, mapping).withZone(ZoneOffset.UTC).read(in, responses::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        strata = new int[responses.size()];
        double[] w = new double[responses.size()];
        for (int i = 0; i < strata.length; i++) {
            strata[i] = Integer.parseInt(responses.get(i).respondent().get("stratum"));
            w[i] = responses.get(i).weight().orElseThrow();
        }
        design = SurveyDesign.builder(w).strata(strata).build();
    }

    static List<GroupBy> groupBy() {
        return List.of(GroupBy.respondent("province"), GroupBy.period(Period.YEAR, ZoneOffset.UTC));
    }

    ReportData data() {
        return ReportData.fromResponses(SIPAS, responses, groupBy(), design);
    }
}
