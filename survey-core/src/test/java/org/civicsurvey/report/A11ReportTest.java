package org.civicsurvey.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;
import org.civicsurvey.stats.SurveyDesign;
import org.junit.jupiter.api.Test;

/** A-11 §280: quarterly counts per scale point, item, service and channel; the FY2024 form's shares. */
class A11ReportTest {
    private static final Instrument V1 = StandardInstruments.a11v1();
    private static final String[] SERVICES = {"passport", "benefits"};
    private static final String[] CHANNELS = {"online", "in_person"};
    private static final String[] DAYS = {"2023-09-20T10:00:00Z", "2023-10-02T10:00:00Z", "2023-12-30T10:00:00Z",
        "2024-01-15T10:00:00Z"};

    static List<Response> v1(int n, boolean weighted) {
        SplittableRandom rnd = new SplittableRandom(280);
        List<Response> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Response.Builder b = Response.builder("v1-" + i, V1.id(), V1.version()).transaction(Transaction.of("c" + i, "agency",
                SERVICES[rnd.nextInt(2)], CHANNELS[rnd.nextInt(2)], Instant.parse(DAYS[rnd.nextInt(4)])));
            for (RatingQuestion q : V1.ratingItems()) {
                if (rnd.nextInt(10) > 0) {
                    b.answer(q.id(), 1 + rnd.nextInt(5));
                }
            }
            if (weighted) {
                b.weight(0.5 + rnd.nextDouble());
            }
            out.add(b.build());
        }
        return out;
    }

    static List<GroupBy> groupBy() {
        return List.of(GroupBy.period(Period.US_FISCAL_QUARTER, ZoneOffset.UTC), GroupBy.service(), GroupBy.channel());
    }

    @Test
    void countsPerScalePointEqualAFlatCountOfTheResponses() {
        List<Response> responses = v1(600, false);
        Report report = A11Report.create(ReportOptions.withDefaults().withSuppression(Suppression.withDefaults()
            .withMinimumRespondents(5))).build(ReportData.fromResponses(V1, responses, groupBy()));
        // independent count: quarter|service|channel|item|value -> responses
        Map<String, Integer> flat = new HashMap<>();
        for (Response r : responses) {
            String q = Period.US_FISCAL_QUARTER.label(r.transaction().time().orElseThrow().atZone(ZoneOffset.UTC).toLocalDate());
            for (RatingQuestion item : V1.ratingItems()) {
                r.answer(item.id()).ifPresent(a -> flat.merge(q + "|" + r.transaction().service().orElseThrow() + "|"
                    + r.transaction().channel().orElseThrow() + "|" + item.id() + "|" + (int) a.number().orElseThrow(), 1,
                    Integer::sum));
            }
        }
        ReportTable counts = report.requireTable("a11.counts");
        assertThat(counts.groupings()).containsExactly("period", "service", "channel");
        // 3 fiscal quarters (FY2023-Q4, FY2024-Q1, FY2024-Q2) x 2 services x 2 channels x 7 items x 5 points
        assertThat(counts.cells()).hasSize(3 * 2 * 2 * 7 * 5);
        long total = 0;
        for (ReportCell c : counts.cells()) {
            String key = c.level("period") + "|" + c.level("service") + "|" + c.level("channel") + "|" + c.item() + "|"
                + c.category();
            assertThat(c.value()).as(key).isEqualTo(flat.getOrDefault(key, 0).doubleValue());
            total += (long) c.value();
        }
        assertThat(total).isEqualTo(flat.values().stream().mapToLong(Integer::longValue).sum());
        assertThat(counts.cells(c -> c.level("period").equals("FY2024-Q1"))).isNotEmpty();

        StringBuilder csv = new StringBuilder();
        A11Report.writeSubmission(report, csv);
        String[] lines = csv.toString().split("\r\n");
        assertThat(lines[0]).isEqualTo("period,service,channel,item,item_label,1,2,3,4,5,total,not_applicable,dont_know,suppressed");
        assertThat(lines).hasSize(1 + 3 * 2 * 2 * 7);
    }

    @Test
    void countsIgnoreWeightsBecauseA11CountsResponses() {
        List<Response> responses = v1(200, true);
        ReportOptions none = ReportOptions.withDefaults().withSuppression(Suppression.none());
        Report weighted = A11Report.create(none).build(ReportData.fromResponses(V1, responses, groupBy()));
        Report unweighted = A11Report.create(none).build(ReportData.fromResponses(V1, responses,
            groupBy(), SurveyDesign.unweighted(responses.size())));
        assertThat(weighted.requireTable("a11.counts").cells()).isEqualTo(unweighted.requireTable("a11.counts").cells());
        assertThat(weighted.requireTable("a11.counts").cells().stream().mapToDouble(ReportCell::value).sum())
            .isEqualTo(responses.stream().mapToLong(r -> r.answers().size()).sum());
    }

    @Test
    void theFy2024FormGivesTrustAndTheShareChoosingEachDriver() {
        Instrument v2 = StandardInstruments.a11v2();
        SplittableRandom rnd = new SplittableRandom(2024);
        List<Response> responses = new ArrayList<>();
        int answeredWell = 0;
        int ease = 0;
        int trustPositive = 0;
        for (int i = 0; i < 400; i++) {
            int trust = 1 + rnd.nextInt(5);
            Response.Builder b = Response.builder("v2-" + i, v2.id(), v2.version()).answer("trust", trust)
                .transaction(Transaction.of("c" + i, "agency", "passport", CHANNELS[rnd.nextInt(2)], Instant.parse(DAYS[3])));
            trustPositive += trust >= 4 ? 1 : 0;
            if (trust >= 3) {
                boolean e = rnd.nextBoolean();
                b.choice("went_well", e ? new String[] {"ease", "efficiency"} : new String[] {"effectiveness"});
                answeredWell++;
                ease += e ? 1 : 0;
            }
            if (trust <= 3) {
                b.choice("went_badly", "efficiency");
            }
            responses.add(b.build());
        }
        Report report = A11Report.create(ReportOptions.withDefaults()).build(ReportData.fromResponses(v2, responses,
            List.of(GroupBy.channel())));
        ReportTable form = report.requireTable("a11.form2024");
        ReportCell easeCell = form.cells(c -> c.isOverall() && c.item().equals("went_well") && c.category().equals("ease")).get(0);
        assertThat(easeCell.value()).isCloseTo(100.0 * ease / answeredWell, within(1e-9));
        assertThat(easeCell.n()).isEqualTo(answeredWell);
        assertThat(easeCell.excluded().hidden()).isEqualTo(400 - answeredWell);
        ReportCell trust = form.cells(c -> c.isOverall() && c.item().equals("trust")).get(0);
        assertThat(trust.value()).isCloseTo(100.0 * trustPositive / 400, within(1e-9));
    }
}
