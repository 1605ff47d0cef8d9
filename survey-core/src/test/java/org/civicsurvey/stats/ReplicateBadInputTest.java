package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Malformed replicate designs and requests are refused with a message naming the field and the problem. */
class ReplicateBadInputTest {
    private static final double[] W = {1, 2, 3};
    private static final double[][] REP = {{1, 0, 2}, {2, 1, 0}, {0, 2, 1}};

    @Test
    void replicateWeightsOfTheWrongShapeOrValue() {
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.JK1, W, new double[][] {{1, 2}, {1, 2}}))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("replicateWeights has 2 rows; weights has 3");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.JK1, W, new double[][] {{1, 2}, {1, 2, 3}, {1, 2}}))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("replicateWeights row 1 has 3 replicates; row 0 has 2");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.JK1, W, new double[][] {{1, 2}, {1, -2}, {1, 2}}))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("replicateWeights[1][1] is -2.0; must be finite and >= 0");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.JK1, W, new double[][] {{1, 2}, {1, 2}, {Double.NaN, 2}}))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("replicateWeights[2][0] is NaN; must be finite and >= 0");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.JK1, new double[] {1, -1, 1}, REP))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights[1] is -1.0");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.JK1, new double[] {1, Double.NaN, 1}, REP))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights[1] is NaN");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.JK1, W, new double[][] {{}, {}, {}}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no replicates");
    }

    @Test
    void unknownTypeAndOptionsThatDoNotFit() {
        assertThatThrownBy(() -> ReplicateType.of("JK3")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("replicate type \"JK3\" is unknown; must be one of BRR, Fay, JK1, JKn, bootstrap, other");
        assertThat(ReplicateType.of("jkn")).isEqualTo(ReplicateType.JKN);
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.OTHER, W, REP).rscales(1, 2))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("rscales has length 2; must be 1 or the number of replicates (3)");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.OTHER, W, REP).rscales(1, -2, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("rscales[1] is -2.0; must be finite and >= 0");
        assertThat(ReplicateDesign.builder(ReplicateType.OTHER, W, REP).rscales(0.5).build().rscales())
            .containsExactly(0.5, 0.5, 0.5);
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.BRR, W, REP).scale(2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type BRR sets its own scale");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.OTHER, W, REP).scale(0))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("scale is 0.0; must be positive and finite");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.JK1, W, REP).rho(0.3))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("rho is only for type Fay; this design is JK1");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.FAY, W, REP).rho(1))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("rho is 1.0; must be in [0, 1)");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.FAY, W, REP).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type Fay needs rho");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.JKN, W, REP).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type JKn with combined weights needs rscales");
        assertThatThrownBy(() -> ReplicateDesign.builder(ReplicateType.BOOTSTRAP, W, new double[][] {{1}, {1}, {1}}).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 replicates");
        // R's defaults (svrepdesign): BRR 1/R, Fay 1/(R (1 - rho)^2), JK1 (R - 1)/R, bootstrap 1/(R - 1)
        assertThat(ReplicateDesign.builder(ReplicateType.BRR, W, REP).build().scale()).isEqualTo(1.0 / 3);
        assertThat(ReplicateDesign.builder(ReplicateType.FAY, W, REP).rho(0.5).build().scale()).isEqualTo(4.0 / 3);
        assertThat(ReplicateDesign.builder(ReplicateType.JK1, W, REP).build().scale()).isEqualTo(2.0 / 3);
        assertThat(ReplicateDesign.builder(ReplicateType.BOOTSTRAP, W, REP).build().scale()).isEqualTo(0.5);
    }

    @Test
    void conversionsRefuseDesignsTheyCannotReplicate() {
        assertThatThrownBy(() -> ReplicateDesign.jk1(ReplicateFixtures.strat()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JK1 needs an unstratified design");
        SurveyDesign oddStratum = SurveyDesign.builder(new double[] {1, 1, 1, 1, 1}).strata(new int[] {1, 1, 1, 2, 2}).build();
        assertThatThrownBy(() -> ReplicateDesign.brr(oddStratum)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("stratum 1 has 3 PSUs");
        SurveyDesign lonely = SurveyDesign.builder(new double[] {1, 1, 1}).strata(new int[] {1, 1, 2}).build();
        assertThatThrownBy(() -> ReplicateDesign.brr(lonely)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("stratum 2 has 1 PSU");
        assertThatThrownBy(() -> ReplicateDesign.jkn(lonely)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("stratum 2 has only one PSU");
        assertThatThrownBy(() -> ReplicateDesign.bootstrap(ReplicateFixtures.strat(), 1, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("replicates is 1; a bootstrap needs at least 2");
        assertThatThrownBy(() -> ReplicateDesign.fay(ReplicateFixtures.scd(), 1.2))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("rho is 1.2; must be in [0, 1)");
        // 25 pairs: R's brrweights takes its stored 28 x 28 matrix
        int[] strata = new int[50];
        for (int i = 0; i < strata.length; i++) {
            strata[i] = i / 2;
        }
        double[] w = new double[50];
        java.util.Arrays.fill(w, 1);
        SurveyDesign pairs = SurveyDesign.builder(w).strata(strata).build();
        assertThatThrownBy(() -> ReplicateDesign.brr(pairs)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("stored 28 x 28 Hadamard matrix");
        // R's lonely-PSU rules in jknweights: REMOVE drops the stratum's replicate, ADJUST adds one against the others
        SurveyDesign remove = SurveyDesign.builder(new double[] {1, 1, 1}).strata(new int[] {1, 1, 2})
            .lonelyPsu(LonelyPsu.REMOVE).build();
        assertThat(ReplicateDesign.jkn(remove).replicates()).isEqualTo(2);
        SurveyDesign adjust = SurveyDesign.builder(new double[] {1, 1, 1}).strata(new int[] {1, 1, 2})
            .lonelyPsu(LonelyPsu.ADJUST).build();
        assertThat(ReplicateDesign.jkn(adjust).replicates()).isEqualTo(3);
    }

    @Test
    void likelihoodIntervalIsNotAvailableOnReplicateDesigns() {
        SurveyData data = ReplicateFixtures.data("clus1_jk1");
        Estimator est = Estimator.withDefaults().withProportionInterval(ProportionInterval.LIKELIHOOD);
        assertThatThrownBy(() -> est.estimate(data, Statistic.proportion("sch.wide", 1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not available on replicate designs");
    }

    @Test
    void replicateCovarianceOfOtherStatistics() {
        ReplicateDesign d = ReplicateDesign.builder(ReplicateType.OTHER, W, REP).build();
        assertThatThrownBy(() -> d.replicateCovariance(new double[][] {{1, 2}}, new double[] {1}))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("replicateEstimates[0] has 2 replicates; the design has 3");
        assertThatThrownBy(() -> d.replicateCovariance(new double[][] {{1, 2, 3}}, new double[] {1, 2}))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("replicateEstimates has 1 statistics; fullEstimates has 2");
        // R: svrVar(cbind(c(1, 2, NA), c(1, 3, 5)), 1, c(1, 1, 1), mse = FALSE, coef = c(0, 0)) drops the third
        // replicate from both statistics (na.omit): variances 0.5 and 2, covariance 1
        double[][] v = d.replicateCovariance(new double[][] {{1, 2, Double.NaN}, {1, 3, 5}}, new double[] {0, 0});
        assertThat(v[0][0]).isEqualTo(0.5);
        assertThat(v[1][1]).isEqualTo(2.0);
        assertThat(v[0][1]).isEqualTo(1.0);
    }
}
