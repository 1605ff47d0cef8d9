package org.civicsurvey.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.civicsurvey.examples.data.DemoData;
import org.civicsurvey.examples.portal.IndexService.GroupIndex;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.jdbc.SaveOutcome;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.jdbc.UrlDataSource;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.testing.CsvTable;
import org.junit.jupiter.api.Test;

/**
 * The portal's numbers: the seeded demo sample (1,000 respondents, seed 7) stored in H2, read back
 * and estimated by {@link IndexService}, equal R 4.2.2 / survey 4.1.1
 * ({@code reference/sipas/sipas-index.R}, design {@code unweighted}: svydesign(ids = ~1), svytotal
 * of item numerators and denominators, svycontrast for items, elements and index, confint).
 */
class IndexServiceTest {
    private static final String DIR = "reference/sipas/";

    @Test
    void theDemoDataIsTheFileRReads() throws IOException {
        StringBuilder csv = new StringBuilder();
        DemoData.generate(1000, 7).writeCsv(csv);
        try (InputStream in = IndexServiceTest.class.getClassLoader().getResourceAsStream(DIR + "demo-1000-seed7.csv")) {
            assertThat(csv.toString()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void portalIndicesFromTheStoreEqualR() {
        SurveyStore store = SurveyStore.create(new UrlDataSource("jdbc:h2:mem:index-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            null, null), IndexService.STORE_OPTIONS);
        store.putInstrument(StandardInstruments.sipas2017());
        assertThat(store.saveAll(DemoData.generate(1000, 7).responses()).count(SaveOutcome.STORED)).isEqualTo(1000);
        IndexService service = new IndexService(store, StandardInstruments.sipas2017());
        IndexService.Indices byAgency = service.compute(Optional.of("agency"));
        assertThat(byAgency.responses()).isEqualTo(1000);
        Map<String, GroupIndex> groups = new HashMap<>();
        groups.put("all", byAgency.overall());
        byAgency.groups().forEach(g -> groups.put(g.key(), g));
        assertThat(groups).hasSize(1 + DemoData.AGENCIES.size());
        CsvTable r = CsvTable.resource("/" + DIR + "sipas-index.csv");
        int checked = 0;
        for (int row = 0; row < r.size(); row++) {
            if (!r.get(row, "design").equals("unweighted")) {
                continue;
            }
            GroupIndex g = groups.get(r.get(row, "domain"));
            String what = r.get(row, "estimate");
            Estimate e = "index".equals(what) ? g.index() : g.elements().containsKey(what) ? g.elements().get(what)
                : g.items().get(what);
            String label = r.get(row, "domain") + " " + what;
            double se = Double.parseDouble(r.get(row, "se"));
            // R 4.2.2, survey 4.1.1: coef / SE / confint of svycontrast(svytotal(...)) in sipas-index.R; 1e-9 relative
            assertThat(e.value()).as(label).isCloseTo(Double.parseDouble(r.get(row, "value")), within(1e-9 * 100));
            assertThat(e.standardError()).as(label + " SE").isCloseTo(se, within(1e-9 * se));
            if (!g.items().containsKey(what)) {
                // items get the engine's logit interval, elements and the index R's normal interval
                assertThat(e.lower()).as(label + " lower").isCloseTo(Double.parseDouble(r.get(row, "lower")), within(1e-8));
                assertThat(e.upper()).as(label + " upper").isCloseTo(Double.parseDouble(r.get(row, "upper")), within(1e-8));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(9 * (1 + 5 + 22));
        GroupIndex all = byAgency.overall();
        assertThat(all.items().get("pa3").excluded().hidden()).isEqualTo(
            java.util.stream.IntStream.range(0, 1000).filter(i -> !DemoData.generate(1000, 7).madeComplaint[i]).count());
    }

    @Test
    void quartersAreCutInVietnamTimeAsInTheReportProgram() {
        // 03:00 on 1 April in Viet Nam is 20:00 on 31 March in UTC: the dashboard counts it in Q2,
        // as SipasReportRun does (SipasReportRunTest checks the same response there)
        org.civicsurvey.response.Response late = org.civicsurvey.response.Response.builder("q", "i", "1")
                .submittedAt(java.time.Instant.parse("2024-03-31T20:00:00Z")).build();
        assertThat(IndexService.groupBy("period").level(late)).isEqualTo("2024-Q2");
        org.civicsurvey.response.Response early = org.civicsurvey.response.Response.builder("q", "i", "1")
                .submittedAt(java.time.Instant.parse("2024-03-31T16:59:59Z")).build();
        assertThat(IndexService.groupBy("period").level(early)).isEqualTo("2024-Q1");
    }
}
