package org.civicsurvey.benchmarks;

import java.util.List;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;

/**
 * Prints the estimates that {@code benchmarks/r/timing.R} prints, on the same seeded data, so the
 * two can be compared: {@code java -cp benchmarks/target/benchmarks.jar
 * org.civicsurvey.benchmarks.CompareWithR}.
 */
public final class CompareWithR {
    private CompareWithR() {
    }

    /**
     * @param args {@code [respondents [seed]]}, default 1000000 2026
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 2026;
        SipasData data = SipasData.generate(n, seed);
        SurveyDesign design = SurveyDesign.builder(data.weight).strata(data.stratum).build();
        int[] province = new int[n];
        for (int i = 0; i < n; i++) {
            province[i] = data.province[i] + 1;
        }
        SufficientStatistics stats = SufficientStatistics.collector(design, province)
            .categorical(Variable.scale("q1", 1, 5), data.answers[0]).collect();
        Estimator est = Estimator.withDefaults();
        Estimate mean = est.estimate(stats, Statistic.mean("q1"));
        Estimate top2 = est.estimate(stats, Statistic.proportion("q1", 4, 5));
        Estimate p1 = est.byDomain(stats, List.of(Statistic.mean("q1"))).get(1).get(0);
        System.out.printf("q1 mean, SE: %.12g %.12g%n", mean.value(), mean.standardError());
        System.out.printf("q1 top-2-box, SE: %.12g %.12g%n", top2.value(), top2.standardError());
        System.out.printf("province 1 q1 mean, SE: %.12g %.12g (svyby on q1 alone; R's line uses complete cases of"
            + " q1..q3)%n", p1.value(), p1.standardError());
    }
}
