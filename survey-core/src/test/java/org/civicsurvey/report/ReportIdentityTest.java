package org.civicsurvey.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.EstimateSet;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.junit.jupiter.api.Test;

/**
 * The same report from statistics collected in one pass, from statistics of three partitions
 * merged (as a database or several machines would produce them), and the numbers against the
 * engine's estimates from rows ({@code Estimator} on {@code SurveyData}, the Taylor kernel of the design).
 */
class ReportIdentityTest {
    private final SipasFixture f = new SipasFixture();

    private ReportData merged(ReportData onePass) {
        List<Grouping> groupings = onePass.groupings();
        List<GroupBy> by = SipasFixture.groupBy();
        SufficientStatistics merged = null;
        int n = f.responses.size();
        int[] cuts = {0, 77, 160, n};
        for (int p = 0; p < 3; p++) {
            List<Response> part = f.responses.subList(cuts[p], cuts[p + 1]);
            double[] w = new double[part.size()];
            int[] domains = new int[part.size()];
            for (int i = 0; i < part.size(); i++) {
                w[i] = part.get(i).weight().orElseThrow();
                int[] levels = new int[groupings.size()];
                for (int g = 0; g < levels.length; g++) {
                    levels[g] = groupings.get(g).codeOf(by.get(g).level(part.get(i)));
                }
                domains[i] = ReportData.domainCode(groupings, levels);
            }
            SurveyDesign d = SurveyDesign.builder(w).strata(Arrays.copyOfRange(f.strata, cuts[p], cuts[p + 1])).build();
            SufficientStatistics s = org.civicsurvey.scoring.SurveyVariables.surveyData(SipasFixture.SIPAS, part, d, domains).statistics(true);
            merged = merged == null ? s : merged.merge(s);
        }
        return ReportData.of(SipasFixture.SIPAS, merged, groupings);
    }

    @Test
    void mergedPartitionsGiveTheSameReportAsOnePass() {
        ReportData one = f.data();
        ReportData parts = merged(one);
        ReportOptions opts = ReportOptions.withDefaults().withLanguage("vi").withSuppression(
            Suppression.withDefaults().withMinimumRespondents(60));
        Report a = SipasReport.create(opts).build(one);
        Report b = SipasReport.create(opts).build(parts);
        assertThat(b.tables()).hasSameSizeAs(a.tables());
        int suppressed = 0;
        for (int t = 0; t < a.tables().size(); t++) {
            List<ReportCell> ca = a.tables().get(t).cells();
            List<ReportCell> cb = b.tables().get(t).cells();
            assertThat(cb).hasSameSizeAs(ca);
            for (int i = 0; i < ca.size(); i++) {
                ReportCell x = ca.get(i);
                ReportCell y = cb.get(i);
                assertThat(y.groups()).isEqualTo(x.groups());
                assertThat(y.item()).isEqualTo(x.item());
                assertThat(y.measure()).isEqualTo(x.measure());
                assertThat(y.suppressed()).isEqualTo(x.suppressed());
                assertThat(y.n()).isEqualTo(x.n());
                assertThat(y.excluded()).isEqualTo(x.excluded());
                suppressed += x.suppressed() ? 1 : 0;
                // floating-point summation order only
                for (double[] v : new double[][] {{x.value(), y.value()}, {x.standardError(), y.standardError()},
                    {x.lower(), y.lower()}, {x.upper(), y.upper()}}) {
                    if (Double.isNaN(v[0])) {
                        assertThat(v[1]).isNaN();
                    } else {
                        assertThat(v[1]).isCloseTo(v[0], within(1e-10 * Math.max(1, Math.abs(v[0]))));
                    }
                }
            }
        }
        assertThat(suppressed).as("the 60-respondent threshold withholds something (DN per year)").isPositive();
        // the writers give the same text once the last bits are rounded away
        assertThat(TidyCsv.write(b).length()).isCloseTo(TidyCsv.write(a).length(), within(400));
    }

    @Test
    void domainCodesNumberedAsTheDatabaseDoesGiveTheSameReport() {
        // SurveyStore.statistics numbers the domains present 0..n-1 in label order, not mixed-radix
        ReportData one = f.data();
        List<GroupBy> by = SipasFixture.groupBy();
        java.util.TreeMap<String, Integer> codes = new java.util.TreeMap<>();
        for (Response r : f.responses) {
            codes.put(by.get(0).level(r) + "\u0000" + by.get(1).level(r), 0);
        }
        int next = 0;
        java.util.Map<Integer, List<String>> levels = new java.util.HashMap<>();
        for (java.util.Map.Entry<String, Integer> e : codes.entrySet()) {
            e.setValue(next);
            levels.put(next++, List.of(e.getKey().split("\u0000")));
        }
        int[] domains = new int[f.responses.size()];
        for (int i = 0; i < domains.length; i++) {
            domains[i] = codes.get(by.get(0).level(f.responses.get(i)) + "\u0000" + by.get(1).level(f.responses.get(i)));
        }
        SufficientStatistics stats = org.civicsurvey.scoring.SurveyVariables.surveyData(SipasFixture.SIPAS, f.responses, f.design, domains).statistics(true);
        ReportData db = ReportData.ofDomains(SipasFixture.SIPAS, stats, List.of("province", "period"), levels);
        assertThat(db.groupings()).isEqualTo(one.groupings());
        Report a = SipasReport.create(ReportOptions.withDefaults()).build(one);
        Report b = SipasReport.create(ReportOptions.withDefaults()).build(db);
        assertThat(ReportJson.write(b).length()).isEqualTo(ReportJson.write(a).length());
        assertThat(b.requireTable("sipas.scores").cells()).hasSameSizeAs(a.requireTable("sipas.scores").cells());
        for (int i = 0; i < a.requireTable("sipas.scores").cells().size(); i++) {
            ReportCell x = a.requireTable("sipas.scores").cells().get(i);
            ReportCell y = b.requireTable("sipas.scores").cells().get(i);
            assertThat(y.groups()).isEqualTo(x.groups());
            assertThat(y.value()).isCloseTo(x.value(), within(1e-10));
        }
    }

    @Test
    void statisticsWithoutCrossProductsAreRefusedWithTheWayOut() {
        SufficientStatistics noCross = org.civicsurvey.scoring.SurveyVariables.surveyData(SipasFixture.SIPAS, f.responses, f.design, null).statistics(false);
        ReportData data = ReportData.of(SipasFixture.SIPAS, noCross, List.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SipasReport.create(ReportOptions.withDefaults()).build(data))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cross-products")
            .hasMessageContaining("Q5");
    }

    @Test
    void elementsAndIndexEqualTheEnginesSipasRollUp() {
        ReportData data = f.data();
        Report report = SipasReport.create(ReportOptions.withDefaults().withSuppression(Suppression.none())).build(data);
        ReportTable scores = report.requireTable("sipas.scores");
        java.util.Map<Integer, org.civicsurvey.scoring.RollUpResult> byProvince = org.civicsurvey.scoring.RollUp.sipas()
            .evaluateByDomain(SipasFixture.SIPAS, data.by("province"), Estimator.withDefaults());
        List<String> levels = data.grouping("province").levels();
        for (java.util.Map.Entry<Integer, org.civicsurvey.scoring.RollUpResult> e : byProvince.entrySet()) {
            String p = levels.get(e.getKey());
            for (String element : List.of("access", "procedures", "civil_servants", "results", "feedback")) {
                Estimate x = e.getValue().node(element).orElseThrow().estimate();
                ReportCell c = SipasReportReferenceTest.find(scores, element, "percent_positive", p, "*");
                assertThat(c.value()).as(element + " " + p).isCloseTo(100 * x.value(), within(1e-10));
                assertThat(c.standardError()).isCloseTo(100 * x.standardError(), within(1e-10));
            }
            Estimate index = e.getValue().index().estimate();
            ReportCell c = SipasReportReferenceTest.find(scores, "sipas", "percent_positive", p, "*");
            assertThat(c.value()).isCloseTo(100 * index.value(), within(1e-10));
            assertThat(c.standardError()).isCloseTo(100 * index.standardError(), within(1e-10));
        }
        // the engine's shares are 0..1; the report presents percent
        assertThat(byProvince).hasSize(3);
    }

    @Test
    void itemsElementsAndIndexEqualTheEngineOnRows() {
        Report report = SipasReport.create(ReportOptions.withDefaults().withSuppression(Suppression.none()))
            .build(f.data());
        ReportTable scores = report.requireTable("sipas.scores");
        List<String> items = org.civicsurvey.scoring.RollUp.sipas().overElements().items(SipasFixture.SIPAS);
        int[] province = new int[f.responses.size()];
        List<String> levels = List.of("DN", "HN", "HP");
        for (int i = 0; i < province.length; i++) {
            province[i] = levels.indexOf(f.responses.get(i).respondent().get("province"));
        }
        SurveyData rows = org.civicsurvey.scoring.SurveyVariables.surveyData(SipasFixture.SIPAS, f.responses, f.design, province);
        Estimator est = Estimator.withDefaults();
        for (int d = 0; d < 3; d++) {
            List<Statistic> list = new ArrayList<>();
            for (String item : items) {
                list.add(Statistic.proportion(item, 4, 5).in(d));
            }
            EstimateSet set = est.estimate(rows, list);
            for (int k = 0; k < items.size(); k++) {
                ReportCell c = SipasReportReferenceTest.find(scores, items.get(k), "percent_positive", levels.get(d), "*");
                assertThat(c.value()).isCloseTo(100 * set.get(k).value(), within(1e-10));
                assertThat(c.standardError()).isCloseTo(100 * set.get(k).standardError(), within(1e-10));
            }
            // index = mean over the 5 elements of the mean of their items (4, 5, 6, 3, 4 items)
            int[] sizes = {4, 5, 6, 3, 4};
            double[] coef = new double[items.size()];
            int pos = 0;
            for (int size : sizes) {
                for (int j = 0; j < size; j++) {
                    coef[pos++] = 1.0 / 5 / size;
                }
            }
            Estimate index = set.linear(coef);
            ReportCell c = SipasReportReferenceTest.find(scores, "sipas", "percent_positive", levels.get(d), "*");
            assertThat(c.value()).isCloseTo(100 * index.value(), within(1e-10));
            assertThat(c.standardError()).isCloseTo(100 * index.standardError(), within(1e-10));
        }
        assertThat(scores.cells()).hasSize((22 + 5 + 1) * (1 + 3 + 2));
    }
}
