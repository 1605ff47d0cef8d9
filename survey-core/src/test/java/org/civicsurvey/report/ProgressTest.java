package org.civicsurvey.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Progress;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.response.Answer;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;
import org.junit.jupiter.api.Test;

/** The Java API's progress callback in statistics collection and report building; a listener that throws cancels. */
class ProgressTest {
    private static final Instrument SIPAS = StandardInstruments.sipas2017();

    private static List<Response> responses(int n) {
        List<Response> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Response.Builder b = Response.builder("p" + i, SIPAS.id(), SIPAS.version()).answer("pa_used", Answer.choice("no"))
                .respondent("province", i % 3 == 0 ? "HN" : "HCM")
                .submittedAt(Instant.parse(i % 2 == 0 ? "2023-06-01T00:00:00Z" : "2024-06-01T00:00:00Z"));
            for (RatingQuestion q : SIPAS.ratingItems()) {
                if (!q.id().equals("pa3") && !q.id().equals("pa4")) {
                    b.answer(q.id(), 1 + (i + q.id().hashCode() & 3));
                }
            }
            out.add(b.build());
        }
        return out;
    }

    /** Records every update. */
    private static final class Recorder implements Progress {
        final List<String> seen = new ArrayList<>();

        @Override
        public void update(Phase phase, long done, long total) {
            seen.add(phase + " " + done + "/" + total);
        }
    }

    @Test
    void statisticsCollectionReportsEveryTenThousandResponses() {
        List<Response> rs = responses(25_000);
        Recorder r = new Recorder();
        ReportData.fromResponses(SIPAS, rs, List.of(GroupBy.respondent("province")), ResponseDesign.withDefaults().build(rs), r);
        assertThat(r.seen).containsExactly("STATISTICS 0/25000", "STATISTICS 10000/25000", "STATISTICS 20000/25000",
            "STATISTICS 25000/25000");
    }

    @Test
    void aReportCountsItsTables() {
        List<Response> rs = responses(600);
        ReportData data = ReportData.fromResponses(SIPAS, rs, List.of(GroupBy.respondent("province"),
            GroupBy.period(Period.YEAR, ZoneOffset.UTC)));
        Recorder r = new Recorder();
        Report report = SipasReport.create(ReportOptions.withDefaults().withProgress(r)).build(data);
        // scores, the ranking by province, the trend, the change between the two years, the distribution
        assertThat(report.tables()).hasSize(5);
        assertThat(r.seen).containsExactly("REPORT 0/5", "REPORT 1/5", "REPORT 2/5", "REPORT 3/5", "REPORT 4/5", "REPORT 5/5");

        Recorder a11 = new Recorder();
        Instrument v2 = StandardInstruments.a11v2();
        List<Response> trust = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            trust.add(Response.builder("t" + i, v2.id(), v2.version()).answer("trust", 1 + i % 5).build());
        }
        A11Report.create(ReportOptions.withDefaults().withProgress(a11)).build(ReportData.fromResponses(v2, trust, List.of()));
        assertThat(a11.seen).containsExactly("REPORT 0/2", "REPORT 1/2", "REPORT 2/2");
    }

    @Test
    void aListenerThatThrowsStopsTheWork() {
        List<Response> rs = responses(20_000);
        Progress cancel = (phase, done, total) -> {
            if (done > 0) {
                throw new IllegalStateException("cancelled by the user");
            }
        };
        assertThatThrownBy(() -> ReportData.fromResponses(SIPAS, rs, List.of(), ResponseDesign.withDefaults().build(rs), cancel))
            .hasMessage("cancelled by the user");
    }
}
