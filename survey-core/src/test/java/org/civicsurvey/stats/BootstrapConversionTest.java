package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The bootstrap conversion by the properties that define R's {@code bootweights} (survey 4.1.1),
 * since R's random numbers cannot be reproduced (R's own bootstrap weights, fed as user-supplied
 * replicates, are checked in {@link ReplicateDesignTest}): in every replicate and stratum the
 * multipliers are whole numbers summing to the stratum's PSUs, equal within a PSU; with a fpc no
 * PSU is drawn more often than the population repeats it; the scale is
 * {@code n̄/((n̄ − 1)(R − 1))} with n̄ the harmonic mean of PSUs per stratum; the same seed gives
 * the same weights; and with many replicates and equal PSUs per stratum the variance of a total is
 * the Taylor variance (unbiased in expectation; here within 10% with 4,000 replicates, whose
 * Monte Carlo error is about 3%).
 */
class BootstrapConversionTest {
    private static void checkDraws(SurveyDesign taylor, ReplicateDesign boot, boolean fpc) {
        int[][] count = new int[taylor.strataCount()][boot.replicates()];
        double[][] multiplier = new double[taylor.psuCount()][boot.replicates()];
        for (double[] row : multiplier) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        int[] psus = new int[taylor.strataCount()];
        for (int p = 0; p < taylor.psuCount(); p++) {
            psus[taylor.psuStratumIndex(p)]++;
        }
        for (int i = 0; i < taylor.size(); i++) {
            int p = taylor.psuIndex(i);
            for (int r = 0; r < boot.replicates(); r++) {
                double ratio = boot.replicateWeight(i, r) / taylor.weight(i);
                double m = Math.rint(ratio);
                assertThat(ratio).as("a whole number of draws").isCloseTo(m, org.assertj.core.api.Assertions.within(1e-12))
                    .isGreaterThanOrEqualTo(0);
                if (Double.isNaN(multiplier[p][r])) {
                    multiplier[p][r] = m;
                    count[taylor.psuStratumIndex(p)][r] += (int) m;
                } else {
                    assertThat(m).as("constant within PSU").isEqualTo(multiplier[p][r]);
                }
                if (fpc) {
                    int h = taylor.psuStratumIndex(p);
                    assertThat(m).isLessThanOrEqualTo(Math.ceil(taylor.stratumPopulation(h) / psus[h]));
                }
            }
        }
        for (int h = 0; h < count.length; h++) {
            for (int r = 0; r < boot.replicates(); r++) {
                assertThat(count[h][r]).as("draws in stratum %d replicate %d", h, r).isEqualTo(psus[h]);
            }
        }
    }

    @Test
    void drawsScaleAndSeed() {
        SurveyDesign clus1 = ApiData.design("clus1_fpc");
        ReplicateDesign boot = ReplicateDesign.bootstrap(clus1, 50, 42);
        assertThat(boot.type()).isEqualTo(ReplicateType.BOOTSTRAP);
        assertThat(boot.replicates()).isEqualTo(50);
        assertThat(boot.rscales()).containsOnly(1.0);
        assertThat(boot.scale()).isEqualTo(15.0 / (14 * 49));
        checkDraws(clus1, boot, true);
        SurveyDesign strat = ApiData.design("strat_nofpc");
        ReplicateDesign sb = ReplicateDesign.bootstrap(strat, 30, 42);
        double harmonic = 3 / (1 / 100.0 + 1 / 50.0 + 1 / 50.0);
        assertThat(sb.scale()).isCloseTo(harmonic / ((harmonic - 1) * 29), org.assertj.core.api.Assertions.within(1e-15));
        checkDraws(strat, sb, false);
        ReplicateDesign again = ReplicateDesign.bootstrap(clus1, 50, 42);
        ReplicateDesign other = ReplicateDesign.bootstrap(clus1, 50, 43);
        assertThat(ReplicateFixtures.analysisWeights(again)).isDeepEqualTo(ReplicateFixtures.analysisWeights(boot));
        assertThat(ReplicateFixtures.analysisWeights(other)).isNotEqualTo(ReplicateFixtures.analysisWeights(boot));
    }

    @Test
    void manyReplicatesGiveTheTaylorVarianceOfATotal() {
        SurveyDesign clus1 = ApiData.design("clus1_nofpc");
        double[] enroll = ApiData.CLUS1.doubles("enroll");
        double[] z = new double[enroll.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = clus1.weight(i) * enroll[i];
        }
        double taylor = clus1.totalVariance(z);
        double boot = ReplicateDesign.bootstrap(clus1, 4000, 20240611).totalVariance(z);
        assertThat(boot / taylor).isBetween(0.9, 1.1);
    }
}
