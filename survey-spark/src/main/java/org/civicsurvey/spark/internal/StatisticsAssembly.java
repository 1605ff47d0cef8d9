package org.civicsurvey.spark.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.LonelyPsu;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.Variable;

/**
 * Turns the aggregated cell sums into the core's {@link SufficientStatistics} through its public
 * builder, after the checks that need every cell: clusters nested in strata, one fpc per stratum
 * (and one second-stage fpc per PSU), population sizes from sampling fractions (as
 * {@code SurveyDesign}), a positive total weight.
 */
public final class StatisticsAssembly {
    private StatisticsAssembly() {
    }

    /**
     * @param sums the aggregated sums of all rows
     * @param variables the variables, in the plan's order
     * @param nest whether PSU ids are only unique within strata
     * @param lonelyPsu the lonely-PSU policy
     * @return the core's statistics
     */
    public static SufficientStatistics build(CellSums sums, List<Variable> variables, boolean nest, LonelyPsu lonelyPsu) {
        Plan plan = sums.plan();
        int cells = sums.cells;
        if (cells == 0) {
            throw new IllegalArgumentException("the DataFrame has no rows; statistics need at least one");
        }
        double total = 0;
        for (int c = 0; c < cells; c++) {
            total += sums.head[c * Plan.HEAD + 2];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("column '" + plan.columnNames[plan.weightAt] + "': the weights sum to "
                + total + "; they need a positive sum");
        }
        boolean clustered = plan.clustered();
        if (clustered && !nest) {
            Map<Long, Integer> stratumOfPsu = new HashMap<>();
            for (int c = 0; c < cells; c++) {
                Integer prev = stratumOfPsu.putIfAbsent(sums.psu[c], sums.stratum[c]);
                if (prev != null && prev != sums.stratum[c]) {
                    throw new IllegalArgumentException("clusters not nested in strata: PSU " + sums.psu[c] + " of column '"
                        + plan.columnNames[plan.psuAt] + "' appears in strata " + prev + " and " + sums.stratum[c]
                        + "; use nest(true) if PSU ids are only unique within strata");
                }
            }
        }
        SufficientStatistics.Builder b = (plan.twoStage() ? SufficientStatistics.twoStageBuilder(variables)
            : SufficientStatistics.builder(variables, clustered)).lonelyPsu(lonelyPsu).crossProducts(plan.crossProducts());
        if (plan.fpcAt >= 0) {
            populations(sums, plan, b);
        }
        for (int c = 0; c < cells; c++) {
            addCell(b, sums, c, variables.size());
        }
        return b.build();
    }

    /** One cell's sums into the builder (a method of its own, compiled on its own). */
    private static void addCell(SufficientStatistics.Builder b, CellSums sums, int c, int variableCount) {
        Plan plan = sums.plan();
        int d = sums.domain[c];
        int h = sums.stratum[c];
        long p = sums.psu[c];
        long q = sums.ssu[c];
        int base = c * Plan.HEAD;
        double[] hs = sums.head;
        b.addCell(d, h, p, q, (long) hs[base], (long) hs[base + 1], hs[base + 2]);
        for (int j = 0; j < variableCount; j++) {
            String name = plan.variableNames[j];
            double[] s = sums.items[j];
            int at = c * plan.stride[j];
            if (plan.categorical[j]) {
                double[] cats = plan.categories[j];
                for (int k = 0; k < cats.length; k++) {
                    if (s[at + 3 * k] > 0) {
                        b.addCategory(d, h, p, q, name, cats[k], (long) s[at + 3 * k], s[at + 3 * k + 1], s[at + 3 * k + 2]);
                    }
                }
            } else if (s[at] > 0) {
                b.addNumeric(d, h, p, q, name, (long) s[at], s[at + 1], s[at + 2], s[at + 3], s[at + 4], s[at + 5], s[at + 6]);
            }
            int ex = at + plan.exclusionOffset[j];
            for (int r = 0; r < Plan.REASONS; r++) {
                if (s[ex + r] > 0) {
                    b.addExcluded(d, h, p, q, name, Exclusion.values()[r], (long) s[ex + r]);
                }
            }
        }
        if (plan.crossProducts()) {
            int xb = c * plan.crossWidth;
            for (int[] pair : plan.pairs) {
                double[] ca = plan.categories[pair[0]];
                double[] cb = plan.categories[pair[1]];
                for (int ka = 0; ka < ca.length; ka++) {
                    for (int kb = 0; kb < cb.length; kb++) {
                        double v = sums.cross[xb + pair[2] + ka * cb.length + kb];
                        if (v > 0) {
                            b.addCrossProduct(d, h, plan.variableNames[pair[0]], ca[ka], plan.variableNames[pair[1]],
                                cb[kb], v);
                        }
                    }
                }
            }
        }
    }

    /**
     * Stratum population sizes as {@code SurveyDesign} reads an fpc: all values &gt; 1 somewhere means
     * population sizes; otherwise sampling fractions, the population being the PSUs sampled in the
     * stratum (its rows when unclustered) divided by the fraction; a fraction of 0 or a size of
     * +Infinity means no correction.
     */
    private static void populations(CellSums sums, Plan plan, SufficientStatistics.Builder b) {
        String column = plan.columnNames[plan.fpcAt];
        TreeMap<Integer, Double> fpc = new TreeMap<>();
        Map<Integer, java.util.Set<Long>> psus = new HashMap<>();
        Map<Integer, Double> rows = new HashMap<>();
        for (int c = 0; c < sums.cells; c++) {
            int h = sums.stratum[c];
            Double prev = fpc.putIfAbsent(h, sums.fpc[c]);
            if (prev != null && prev.doubleValue() != sums.fpc[c]) {
                throw new IllegalArgumentException(sums.fpcVaries(h, prev, sums.fpc[c]));
            }
            psus.computeIfAbsent(h, x -> new java.util.HashSet<>()).add(sums.psu[c]);
            rows.merge(h, sums.head[c * Plan.HEAD], Double::sum);
        }
        // the second stage: one fpc per PSU, the SSUs sampled in it
        Map<List<Long>, Double> fpc2 = new java.util.LinkedHashMap<>();
        Map<List<Long>, java.util.Set<Long>> ssus = new HashMap<>();
        for (int c = 0; c < sums.cells && plan.twoStage(); c++) {
            List<Long> key = List.of((long) sums.stratum[c], sums.psu[c]);
            Double prev = fpc2.putIfAbsent(key, sums.fpc2[c]);
            if (prev != null && prev.doubleValue() != sums.fpc2[c]) {
                throw new IllegalArgumentException(sums.fpc2Varies(sums.stratum[c], sums.psu[c], prev, sums.fpc2[c]));
            }
            ssus.computeIfAbsent(key, x -> new java.util.HashSet<>()).add(sums.ssu[c]);
        }
        boolean above = false;
        boolean below = false;
        for (double v : fpc.values()) {
            above |= v > 1;
            below |= v < 1;
        }
        for (double v : fpc2.values()) {
            above |= v > 1;
            below |= v < 1;
        }
        if (above && below) {
            throw new IllegalArgumentException("column '" + column + "'" + (plan.twoStage() ? " with column '"
                + plan.columnNames[plan.fpc2At] + "'" : "") + " mixes population sizes (> 1) and sampling"
                + " fractions (< 1); must be all >= 1 or all <= 1");
        }
        for (Map.Entry<List<Long>, Double> e : fpc2.entrySet()) {
            int m = ssus.get(e.getKey()).size();
            double population = above ? e.getValue() : m / e.getValue();
            if (population < m) {
                throw new IllegalArgumentException("column '" + plan.columnNames[plan.fpc2At] + "': PSU " + e.getKey().get(1)
                    + " of stratum " + e.getKey().get(0) + " has second-stage fpc " + e.getValue() + ", a population of "
                    + population + " SSUs, smaller than the " + m + " sampled there (sampling fraction > 100%)");
            }
            b.psuPopulation(e.getKey().get(0).intValue(), e.getKey().get(1), population);
        }
        for (Map.Entry<Integer, Double> e : fpc.entrySet()) {
            int h = e.getKey();
            double sampled = plan.clustered() ? psus.get(h).size() : rows.get(h);
            double population = above ? e.getValue() : sampled / e.getValue();
            if (population < sampled) {
                throw new IllegalArgumentException("column '" + column + "': stratum " + h + " has fpc " + e.getValue()
                    + ", a population of " + population + ", smaller than the " + (long) sampled
                    + " units sampled there (sampling fraction > 100%)");
            }
            if (population != Double.POSITIVE_INFINITY) {
                b.stratumPopulation(h, population);
            }
        }
    }
}
