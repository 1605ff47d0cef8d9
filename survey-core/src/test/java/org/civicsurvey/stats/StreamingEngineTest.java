package org.civicsurvey.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine's streaming paths on data large enough to be cut into parallel ranges: the design's
 * block-wise covariance against the textbook formula written out plainly here, the rows path
 * against the sufficient-statistics path, the collector's domain lookup with dense and sparse
 * codes, and the errors a block of influence values can raise. The numbers of both paths against
 * R are in {@link EstimatorTest} and {@link ExcludedAnswersReferenceTest}.
 */
class StreamingEngineTest {
    private static final int N = 120_000; // several blocks and, on two or more cores, two ranges
    private static final int STRATA = 9;
    private static final int PSUS_PER_STRATUM = 14;

    private final double[] w = new double[N];
    private final int[] stratum = new int[N];
    private final int[] psu = new int[N];
    private final int[] domain = new int[N];
    private final byte[][] codes = new byte[3][N];
    private final double[] y = new double[N];

    StreamingEngineTest() {
        Random r = new Random(11);
        for (int i = 0; i < N; i++) {
            stratum[i] = r.nextInt(STRATA);
            psu[i] = stratum[i] * PSUS_PER_STRATUM + r.nextInt(PSUS_PER_STRATUM);
            domain[i] = r.nextInt(7);
            w[i] = 0.5 + 20 * r.nextDouble();
            for (byte[] c : codes) {
                c[i] = (byte) (r.nextDouble() < 0.04 ? Exclusion.DONT_KNOW.code() : r.nextInt(5));
            }
            y[i] = r.nextDouble() < 0.03 ? Double.NaN : 3 + 2 * r.nextGaussian();
        }
    }

    /** Influence values of three made-up totals, a pure function of the row. */
    private double[][] influence() {
        double[][] z = new double[3][N];
        for (int i = 0; i < N; i++) {
            z[0][i] = w[i] * (codes[0][i] >= 3 ? 1 : 0);
            z[1][i] = w[i] * Math.sin(i);
            z[2][i] = domain[i] == 3 ? w[i] * (codes[1][i] + 1) : 0;
        }
        return z;
    }

    /** Σ_h f_h n_h/(n_h - 1) Σ_p (t_p - mean_h)(t_p - mean_h)', PSU totals summed plainly. */
    private static double[][] textbook(double[][] z, int[] stratumOf, int[] psuOf, int strata, int psus, double[] fpc) {
        int k = z.length;
        double[][] t = new double[psus][k];
        int[] psuStratum = new int[psus];
        for (int i = 0; i < z[0].length; i++) {
            for (int j = 0; j < k; j++) {
                t[psuOf[i]][j] += z[j][i];
            }
            psuStratum[psuOf[i]] = stratumOf[i];
        }
        double[][] v = new double[k][k];
        for (int h = 0; h < strata; h++) {
            int nh = 0;
            double[] mean = new double[k];
            for (int p = 0; p < psus; p++) {
                if (psuStratum[p] == h) {
                    nh++;
                    for (int j = 0; j < k; j++) {
                        mean[j] += t[p][j];
                    }
                }
            }
            double f = fpc == null ? 1 : 1 - nh / fpc[h];
            for (int p = 0; p < psus; p++) {
                if (psuStratum[p] != h) {
                    continue;
                }
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        v[a][b] += f * nh / (nh - 1.0) * (t[p][a] - mean[a] / nh) * (t[p][b] - mean[b] / nh);
                    }
                }
            }
        }
        return v;
    }

    private static void assertClose(double[][] actual, double[][] expected) {
        for (int a = 0; a < expected.length; a++) {
            for (int b = 0; b < expected.length; b++) {
                double scale = Math.sqrt(Math.abs(expected[a][a] * expected[b][b]));
                assertThat(actual[a][b]).as("[%d][%d]", a, b).isCloseTo(expected[a][b], within(1e-12 * scale));
            }
        }
    }

    private static InfluenceValues blocks(double[][] z) {
        return (from, to, out) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < z.length; j++) {
                    out[(i - from) * z.length + j] = z[j][i];
                }
            }
        };
    }

    @Test
    void clusteredCovarianceFromBlocksIsTheTextbookFormula() {
        double[][] z = influence();
        SurveyDesign design = SurveyDesign.builder(w).strata(stratum).clusters(psu).build();
        double[][] expected = textbook(z, stratum, psu, STRATA, STRATA * PSUS_PER_STRATUM, null);
        assertClose(design.totalCovariance(3, blocks(z)), expected);
        assertClose(design.totalCovariance(z), expected);
    }

    @Test
    void clusteredCovarianceWithFpcIsTheTextbookFormula() {
        double[][] z = influence();
        double[] pop = new double[STRATA];
        double[] fpc = new double[N];
        for (int h = 0; h < STRATA; h++) {
            pop[h] = 40 + 7 * h;
        }
        for (int i = 0; i < N; i++) {
            fpc[i] = pop[stratum[i]];
        }
        SurveyDesign design = SurveyDesign.builder(w).strata(stratum).clusters(psu).fpc(fpc).build();
        assertClose(design.totalCovariance(3, blocks(z)), textbook(z, stratum, psu, STRATA, STRATA * PSUS_PER_STRATUM, pop));
    }

    @Test
    void unclusteredCovarianceFromBlocksIsTheTextbookFormula() {
        double[][] z = influence();
        int[] self = new int[N];
        for (int i = 0; i < N; i++) {
            self[i] = i;
        }
        SurveyDesign design = SurveyDesign.builder(w).strata(stratum).build();
        assertClose(design.totalCovariance(3, blocks(z)), textbook(z, stratum, self, STRATA, N, null));
    }

    @Test
    void aNonFiniteInfluenceValueIsNamedByRowAndTotal() {
        SurveyDesign design = SurveyDesign.builder(w).strata(stratum).clusters(psu).build();
        assertThatThrownBy(() -> design.totalCovariance(2, (from, to, out) -> {
            for (int i = from; i < to; i++) {
                out[(i - from) * 2] = 1;
                out[(i - from) * 2 + 1] = i == 77_777 ? Double.POSITIVE_INFINITY : 0;
            }
        })).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("the influence value of total 1 at row 77777 is Infinity; must be finite");
        assertThatThrownBy(() -> design.totalCovariance(0, (from, to, out) -> { }))
            .hasMessageContaining("k is 0");
    }

    @Test
    void subsetDegreesOfFreedomFromAPredicateEqualTheFlags() {
        boolean[] member = new boolean[N];
        for (int i = 0; i < N; i++) {
            member[i] = domain[i] == 2 && psu[i] % 3 != 0;
        }
        for (SurveyDesign design : List.of(SurveyDesign.builder(w).strata(stratum).clusters(psu).build(),
                SurveyDesign.builder(w).strata(stratum).build())) {
            int expected = design.degreesOfFreedom(member);
            assertThat(design.degreesOfFreedom(i -> member[i])).isEqualTo(expected);
            // the interface's default (used by designs that know no PSUs) gives the same
            Design plain = new Design() {
                @Override
                public int size() {
                    return design.size();
                }

                @Override
                public double weight(int unit) {
                    return design.weight(unit);
                }

                @Override
                public double[] weights() {
                    return design.weights();
                }

                @Override
                public int degreesOfFreedom() {
                    return design.degreesOfFreedom();
                }

                @Override
                public int degreesOfFreedom(boolean[] m) {
                    return design.degreesOfFreedom(m);
                }

                @Override
                public double[][] totalCovariance(double[][] z) {
                    return design.totalCovariance(z);
                }
            };
            assertThat(plain.degreesOfFreedom(i -> member[i])).isEqualTo(expected);
            double[][] z = influence();
            assertClose(plain.totalCovariance(3, blocks(z)), design.totalCovariance(z));
        }
    }

    private SurveyData data(SurveyDesign design, int[] domains) {
        SurveyData data = SurveyData.of(design, domains);
        for (int k = 0; k < codes.length; k++) {
            data = data.withCategorical(Variable.scale("q" + k, 1, 5), codes[k]);
        }
        return data.withNumeric(Variable.numeric("y"), y);
    }

    private static List<Statistic> statistics() {
        List<Statistic> list = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            list.add(Statistic.proportion("q" + k, 4, 5));
            list.add(Statistic.mean("q" + k).in(4));
        }
        list.add(Statistic.mean("y"));
        list.add(Statistic.total("y").in(1));
        return list;
    }

    @Test
    void rowsAndSufficientStatisticsGiveTheSameEstimatesOnLargeClusteredData() {
        SurveyDesign design = SurveyDesign.builder(w).strata(stratum).clusters(psu).build();
        SurveyData data = data(design, domain);
        for (Estimator est : List.of(Estimator.withDefaults(),
                Estimator.withDefaults().withExcludedAnswers(ExcludedAnswers.SUBSET))) {
            EstimateSet fromRows = est.estimate(data, statistics());
            EstimateSet fromSums = est.estimate(data.statistics(false), statistics());
            for (int s = 0; s < statistics().size(); s++) {
                Estimate a = fromRows.get(s);
                Estimate b = fromSums.get(s);
                assertThat(a.value()).isCloseTo(b.value(), within(1e-12 * Math.abs(b.value())));
                assertThat(a.standardError()).isCloseTo(b.standardError(), within(1e-11 * b.standardError()));
                assertThat(a.degreesOfFreedom()).isEqualTo(b.degreesOfFreedom());
                assertThat(a.validN()).isEqualTo(b.validN());
                assertThat(a.excluded()).isEqualTo(b.excluded());
                for (int t = 0; t < statistics().size(); t++) {
                    assertThat(fromRows.covariance(s, t)).isCloseTo(fromSums.covariance(s, t),
                        within(1e-11 * Math.sqrt(fromSums.covariance(s, s) * fromSums.covariance(t, t))));
                }
            }
        }
    }

    @Test
    void sparseDomainCodesCollectAsDenseOnes() {
        SurveyDesign design = SurveyDesign.builder(w).strata(stratum).clusters(psu).build();
        int[] sparse = new int[N];
        int[] wide = {Integer.MIN_VALUE, -5, 0, 17, 1 << 30, Integer.MAX_VALUE, 3};
        for (int i = 0; i < N; i++) {
            sparse[i] = wide[domain[i]];
        }
        SufficientStatistics dense = data(design, domain).statistics(false);
        SufficientStatistics far = data(design, sparse).statistics(false);
        assertThat(far.domains()).containsExactly(Integer.MIN_VALUE, -5, 0, 3, 17, 1 << 30, Integer.MAX_VALUE);
        for (int d = 0; d < wide.length; d++) {
            assertThat(far.categoryCounts("q1", wide[d])).containsExactly(dense.categoryCounts("q1", d));
            assertThat(far.excluded("y", wide[d])).isEqualTo(dense.excluded("y", d));
            Estimate a = Estimator.withDefaults().estimate(far, Statistic.mean("y").in(wide[d]));
            Estimate b = Estimator.withDefaults().estimate(dense, Statistic.mean("y").in(d));
            assertThat(a.value()).isEqualTo(b.value());
            assertThat(a.standardError()).isEqualTo(b.standardError());
        }
        assertThat(Estimator.withDefaults().byDomain(data(design, sparse), Statistic.mean("y")).keySet())
            .containsExactly(Integer.MIN_VALUE, -5, 0, 3, 17, 1 << 30, Integer.MAX_VALUE);
    }

    @Test
    void parallelCollectionEqualsOneThreadWithCrossProducts() {
        SurveyDesign design = SurveyDesign.builder(w).strata(stratum).build();
        List<Statistic> list = statistics().subList(0, 6);
        EstimateSet[] sets = new EstimateSet[2];
        for (int run = 0; run < 2; run++) {
            StatisticsCollector c = SufficientStatistics.collector(design, domain).crossProducts(true).parallel(run == 0);
            for (int k = 0; k < codes.length; k++) {
                c.categorical(Variable.scale("q" + k, 1, 5), codes[k]);
            }
            sets[run] = Estimator.withDefaults().estimate(c.collect(), list);
        }
        for (int s = 0; s < list.size(); s++) {
            for (int t = 0; t < list.size(); t++) {
                assertThat(sets[0].covariance(s, t)).isCloseTo(sets[1].covariance(s, t),
                    within(1e-12 * Math.sqrt(sets[1].covariance(s, s) * sets[1].covariance(t, t))));
            }
        }
    }
}
