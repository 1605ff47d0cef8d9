package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.civicsurvey.io.csv.CsvExporter;
import org.civicsurvey.jdbc.testing.Fixtures;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Statistic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirrors the README section of the JDBC store line by line, so the README never lies. */
class ReadmeSnippetTest {

    @Test
    void theReadmeSnippetRuns(@TempDir Path data) {
        Instrument instrument = Fixtures.instrument();
        Response response = Fixtures.response("readme", 1);
        List<Response> imported = Fixtures.responses("imp", 0, 50);
        StringBuilder writer = new StringBuilder();

        // --- README begins
        SurveyStore store = SurveyStore.embedded(data);            // or SurveyStore.create(dataSource)
        store.putInstrument(instrument);
        store.save(response);                                      // validated first; a retry is DUPLICATE
        BatchResult result = store.saveAll(imported);              // STORED, DUPLICATE, INVALID or CONFLICT each
        ExportSummary out = store.exportWide(ResponseFilter.all().instrument("portal-rating", "1.0"),
                CsvExporter.create(instrument), writer);           // streamed; erased respondents are gone
        try (Stream<Response> s = store.stream(ResponseFilter.all().instrument("portal-rating", "1.0")
                .agency("so-tu-phap"))) {
            s.forEach(r -> { });                                   // constant memory; always close the stream
        }
        GroupedStatistics g = store.statistics(ResponseFilter.all().instrument("portal-rating", "1.0"),
                List.of(GroupBy.respondent("province"))).orElseThrow();   // sums computed inside the database
        Map<Integer, Estimate> top2 = Estimator.withDefaults().byDomain(g.statistics(), Statistic.proportion("q1", 4, 5));
        // --- README ends

        assertThat(store.save(response)).isEqualTo(SaveOutcome.DUPLICATE);
        assertThat(result.count(SaveOutcome.STORED)).isEqualTo(50);
        assertThat(out.responses()).isEqualTo(51);
        assertThat(writer.toString()).startsWith("id,status,case_file,agency,service");
        assertThat(top2).hasSize(g.domains().size()).hasSizeGreaterThan(1);
        assertThat(g.statistics().rows()).isEqualTo(51);
    }
}
