package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replicate sums are mergeable: the sums of two (or three) parts of the rows merged in any order
 * equal the sums of all rows (1e-12 relative: only the order of additions differs), and so do the
 * estimates; sums rebuilt through the builder (the SQL path) give the same estimates. The
 * estimates themselves are checked against R in {@link ReplicateDesignTest}.
 */
class ReplicateSumsTest {
    private static void sameSums(ReplicateSums a, ReplicateSums b) {
        assertThat(a.domains()).containsExactly(b.domains());
        assertThat(a.rows()).isEqualTo(b.rows());
        for (Variable v : a.variables()) {
            for (int d : a.domains()) {
                double[] x = a.sums(v.name(), d);
                double[] y = b.sums(v.name(), d);
                assertThat(x).hasSameSizeAs(y);
                for (int i = 0; i < x.length; i++) {
                    assertThat(x[i]).as("%s domain %d sum %d", v.name(), d, i).isCloseTo(y[i], within(1e-12 * Math.abs(y[i])));
                }
            }
        }
    }

    private static void sameEstimate(Estimate a, Estimate b) {
        assertThat(b.isDefined()).isTrue();
        assertThat(a.value()).isCloseTo(b.value(), within(1e-12 * Math.abs(b.value())));
        assertThat(a.standardError()).isCloseTo(b.standardError(), within(1e-10 * b.standardError()));
        assertThat(a.validN()).isEqualTo(b.validN());
        assertThat(a.excluded()).isEqualTo(b.excluded());
    }

    @Test
    void mergingTwoHalvesEqualsTheWhole() {
        SurveyData data = ReplicateFixtures.data("syn_jkn");
        int n = data.size();
        ReplicateSums whole = ReplicateSums.of(data);
        ReplicateSums first = ReplicateSums.of(data, 0, n / 2);
        ReplicateSums second = ReplicateSums.of(data, n / 2, n);
        ReplicateSums merged = first.merge(second);
        sameSums(merged, whole);
        sameSums(second.merge(first), whole);
        ReplicateSums third = ReplicateSums.of(data, 0, n / 3).merge(ReplicateSums.of(data, n / 3, 2 * n / 3))
            .merge(ReplicateSums.of(data, 2 * n / 3, n));
        sameSums(third, whole);
        Estimator est = Estimator.withDefaults();
        List<Statistic> stats = List.of(Statistic.proportion("q1", 4, 5), Statistic.mean("q2"), Statistic.total("q3"),
            Statistic.proportion("q4", 1).in(3), Statistic.scoredMean("q5", 0, 25, 50, 75, 100).in(6));
        EstimateSet a = est.estimate(merged, stats);
        EstimateSet b = est.estimate(whole, stats);
        for (int i = 0; i < stats.size(); i++) {
            sameEstimate(a.get(i), b.get(i));
        }
        // a domain merged from two parts no longer knows its own df: its proportion interval uses the design's
        assertThat(a.get(3).degreesOfFreedom()).isEqualTo(whole.degreesOfFreedom());
        assertThat(b.get(3).degreesOfFreedom()).isEqualTo(data.design().degreesOfFreedom(
            i -> data.domains()[i] == 3));
        // from rows, the same estimates
        EstimateSet rows = est.estimate(data, stats);
        for (int i = 0; i < stats.size(); i++) {
            sameEstimate(rows.get(i), b.get(i));
        }
    }

    /** The same sums fed through the builder, as SQL would (one GROUP BY per kind of sum). */
    @Test
    void builderSumsGiveTheSameEstimates() {
        SurveyData data = ReplicateFixtures.data("clus1_jk1");
        ReplicateDesign design = (ReplicateDesign) data.design();
        ReplicateSums whole = ReplicateSums.of(data);
        int reps = design.replicates();
        ReplicateSums.Builder b = ReplicateSums.builder(whole.variables(), design.type(), design.scale(), design.rscales(),
            design.mse(), design.degreesOfFreedom());
        int[] dom = data.domains();
        for (int d : whole.domains()) {
            long rows = 0;
            double sw = 0;
            for (int i = 0; i < dom.length; i++) {
                if (dom[i] == d) {
                    rows++;
                    sw += design.weight(i);
                }
            }
            b.addRows(d, rows, sw);
            for (Variable v : whole.variables()) {
                double[] s = whole.sums(v.name(), d);
                if (v.isCategorical()) {
                    for (int c = 0; c < v.categoryCount(); c++) {
                        int base = c * (3 + reps);
                        double[] rep = java.util.Arrays.copyOfRange(s, base + 3, base + 3 + reps);
                        b.addCategory(d, v.name(), v.categories()[c], (long) s[base], s[base + 1], s[base + 2], rep);
                    }
                } else {
                    b.addNumeric(d, v.name(), (long) s[0], s[1], s[2], s[3], s[4],
                        java.util.Arrays.copyOfRange(s, 5, 5 + reps), java.util.Arrays.copyOfRange(s, 5 + reps, 5 + 2 * reps));
                    b.addExcluded(d, v.name(), Exclusion.MISSING, (long) s[5 + 2 * reps + Exclusion.MISSING.ordinal()]);
                }
            }
        }
        ReplicateSums built = b.build();
        sameSums(built, whole);
        Estimator est = Estimator.withDefaults();
        for (Statistic s : List.of(Statistic.mean("api00"), Statistic.mean("acs.k3").in(1), Statistic.total("enroll"),
            Statistic.proportion("sch.wide", 1).in(1))) {
            sameEstimate(est.estimate(built, s), est.estimate(whole, s));
        }
        assertThat(est.byDomain(built, Statistic.mean("api00"))).containsOnlyKeys(1, 2, 3);
    }

    @Test
    void badSumsAreRefused() {
        SurveyData taylor = SurveyData.of(ApiData.design("clus1_fpc")).withNumeric(Variable.numeric("api00"),
            ApiData.CLUS1.doubles("api00"));
        assertThatThrownBy(() -> ReplicateSums.of(taylor)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("need a ReplicateDesign");
        ReplicateSums jk1 = ReplicateSums.of(ReplicateFixtures.data("clus1_jk1"));
        ReplicateSums other = ReplicateSums.of(ReplicateFixtures.data("clus1_jk1_nofpc"));
        assertThatThrownBy(() -> jk1.merge(other)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("different replicate designs");
        List<Variable> vars = List.of(Variable.scale("q1", 1, 5), Variable.numeric("y"));
        ReplicateSums.Builder b = ReplicateSums.builder(vars, ReplicateType.JK1, 0.9, new double[] {1, 1, 1}, false, 2);
        assertThatThrownBy(() -> b.addCategory(1, "q1", 3, 1, 2, 4, new double[] {1, 2}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicateSumW has length 2; the design has 3");
        assertThatThrownBy(() -> b.addCategory(1, "q1", 3, 1, 2, 4, new double[] {1, -2, 1}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicateSumW[1] is -2.0");
        assertThatThrownBy(() -> b.addCategory(1, "q1", 7, 1, 2, 4, new double[] {1, 2, 1}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7.0 is not a category");
        assertThatThrownBy(() -> b.addNumeric(1, "z", 1, 1, 1, 1, 1, new double[3], new double[3]))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no variable z");
        assertThatThrownBy(() -> b.addNumeric(1, "y", 1, Double.NaN, 1, 1, 1, new double[3], new double[3]))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sumW is NaN");
        b.addCategory(1, "q1", 3, 2, 2, 4, new double[] {1, 2, 1});
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("domain 1 has 2 answers to q1 but 0 rows");
        assertThatThrownBy(() -> ReplicateSums.builder(vars, ReplicateType.JK1, 0.9, new double[] {1, Double.NaN}, false, 2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rscales[1] is NaN");
        assertThatThrownBy(() -> ReplicateSums.builder(vars, ReplicateType.JK1, -1, new double[] {1}, false, 2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale is -1.0");
    }
}
