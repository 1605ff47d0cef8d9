package org.civicsurvey.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Progress;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;

/**
 * What every report builder reads: an instrument, the engine's {@link SufficientStatistics} of its
 * answers, and the {@link Grouping}s that the statistics' domain codes encode. The same report
 * follows from statistics collected in memory ({@link #fromResponses}), pushed down to a database
 * (fill {@link SufficientStatistics#builder} with the variables of {@link SurveyVariables#of(Instrument)} and
 * the domain codes of {@link #domainCode(List, int...)}), or merged from partitions.
 *
 * <p><b>Domain codes</b> are mixed-radix over the groupings: with groupings g₀ … g_{m-1} of sizes
 * s₀ … s_{m-1}, the code of levels (l₀, …, l_{m-1}) is {@code ((l₀·s₁ + l₁)·s₂ + l₂)…}. Without
 * groupings every row is in domain 0.
 *
 * <p><b>Variables</b> and exclusions are those of {@link SurveyVariables}, the one map from
 * questions to the engine's variables.
 *
 * @param instrument the instrument
 * @param statistics the statistics over {@link SurveyVariables#of(Instrument)} (possibly more), domains as above
 * @param groupings the groupings encoded in the domain codes
 * @param domainLevels explicit levels per domain code (one per grouping), or an empty map for the
 *     mixed-radix coding above
 */
public record ReportData(Instrument instrument, SufficientStatistics statistics, List<Grouping> groupings,
                         Map<Integer, List<String>> domainLevels) {
    /**
     * Validates: distinct grouping names, a code space that fits an int, statistics holding every
     * variable of the instrument.
     *
     * @param instrument instrument
     * @param statistics statistics
     * @param groupings groupings
     * @param domainLevels explicit levels per domain, or empty
     */
    public ReportData {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(statistics, "statistics");
        groupings = List.copyOf(groupings);
        Map<Integer, List<String>> dl = new java.util.TreeMap<>();
        domainLevels.forEach((k, v) -> dl.put(k, List.copyOf(v)));
        domainLevels = java.util.Collections.unmodifiableMap(dl);
        long size = 1;
        TreeSet<String> names = new TreeSet<>();
        for (Grouping g : groupings) {
            if (!names.add(g.name())) {
                throw new IllegalArgumentException("grouping " + g.name() + " is given twice");
            }
            size *= g.levels().size();
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("groupings " + names + " have more than " + Integer.MAX_VALUE
                    + " combinations");
            }
        }
        for (Variable v : SurveyVariables.of(instrument)) {
            Variable have;
            try {
                have = statistics.variable(v.name());
            } catch (IllegalArgumentException e) {
                continue; // a report that needs it names it when it asks
            }
            if (!have.equals(v)) {
                throw new IllegalArgumentException("variable " + v.name() + " is " + have + " in the statistics; the instrument needs "
                    + v);
            }
        }
        for (Map.Entry<Integer, List<String>> e : domainLevels.entrySet()) {
            if (e.getValue().size() != groupings.size()) {
                throw new IllegalArgumentException("domain " + e.getKey() + " has levels " + e.getValue() + " for groupings "
                    + names);
            }
            for (int g = 0; g < groupings.size(); g++) {
                groupings.get(g).codeOf(e.getValue().get(g));
            }
        }
        for (int d : statistics.domains()) {
            if (!domainLevels.isEmpty() && !domainLevels.containsKey(d)) {
                throw new IllegalArgumentException("domain code " + d + " of the statistics has no levels");
            }
            if (domainLevels.isEmpty() && (d < 0 || d >= size)) {
                throw new IllegalArgumentException("domain code " + d + " is outside 0.." + (size - 1) + " of the groupings "
                    + names);
            }
        }
    }

    /**
     * @param instrument instrument
     * @param statistics statistics
     * @param groupings groupings
     * @return the data
     */
    public static ReportData of(Instrument instrument, SufficientStatistics statistics, List<Grouping> groupings) {
        return new ReportData(instrument, statistics, groupings, Map.of());
    }

    /**
     * Data whose domain codes are arbitrary, each with its levels, e.g. the statistics
     * {@code SurveyStore.statistics(filter, groupings)} computes inside the database
     * ({@code GroupedStatistics.domains()}, with an empty label mapped to {@link GroupBy#UNKNOWN}).
     * Each grouping's levels are the distinct labels, sorted.
     *
     * @param instrument the instrument
     * @param statistics the statistics
     * @param groupingNames one name per grouping, e.g. {@code province}, {@code period}
     * @param domains domain code → one level per grouping
     * @return the data
     */
    public static ReportData ofDomains(Instrument instrument, SufficientStatistics statistics, List<String> groupingNames,
                                       Map<Integer, List<String>> domains) {
        List<Grouping> groupings = new ArrayList<>();
        for (int g = 0; g < groupingNames.size(); g++) {
            TreeSet<String> levels = new TreeSet<>();
            for (List<String> l : domains.values()) {
                if (l.size() != groupingNames.size()) {
                    throw new IllegalArgumentException("domain levels " + l + " do not match the groupings " + groupingNames);
                }
                levels.add(l.get(g));
            }
            if (levels.isEmpty()) {
                levels.add(GroupBy.UNKNOWN);
            }
            groupings.add(Grouping.of(groupingNames.get(g), new ArrayList<>(levels)));
        }
        return new ReportData(instrument, statistics, groupings, domains);
    }

    /**
     * Collects the statistics of responses in one pass (each response's weight, 1 if none; no strata
     * or clusters). With no response it throws an {@link IllegalArgumentException} that says so.
     *
     * @param instrument the instrument
     * @param responses valid responses to it
     * @param groupBy the groupings
     * @return the data
     */
    public static ReportData fromResponses(Instrument instrument, List<Response> responses, List<GroupBy> groupBy) {
        requireResponses(responses);
        AnswerColumns cols = AnswerColumns.of(instrument, responses);
        return fromResponses(instrument, responses, groupBy, SurveyDesign.builder(cols.weights()).build());
    }

    /**
     * Collects the statistics of responses over a design (strata, clusters, fpc) in one pass; build
     * the design from the responses' attributes with {@link ResponseDesign}, which names a lonely
     * PSU's stratum before any estimate meets it.
     *
     * @param instrument the instrument
     * @param responses valid responses to it, row {@code i} of the design being response {@code i}
     * @param groupBy the groupings (levels sorted as strings)
     * @param design the design
     * @return the data
     */
    public static ReportData fromResponses(Instrument instrument, List<Response> responses, List<GroupBy> groupBy,
                                           SurveyDesign design) {
        return fromResponses(instrument, responses, groupBy, design, Progress.none());
    }

    /**
     * As {@link #fromResponses(Instrument, List, List, SurveyDesign)}, reporting
     * {@link Progress.Phase#STATISTICS} progress (responses coded into columns; the one pass of
     * sums that follows is quick).
     *
     * @param instrument the instrument
     * @param responses valid responses to it, row {@code i} of the design being response {@code i}
     * @param groupBy the groupings (levels sorted as strings)
     * @param design the design
     * @param progress the listener
     * @return the data
     */
    public static ReportData fromResponses(Instrument instrument, List<Response> responses, List<GroupBy> groupBy,
                                           SurveyDesign design, Progress progress) {
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(progress, "progress");
        requireResponses(responses);
        if (design.size() != responses.size()) {
            throw new IllegalArgumentException("the design has " + design.size() + " units; there are " + responses.size()
                + " responses (row i of the design is response i)");
        }
        List<Grouping> groupings = new ArrayList<>();
        List<String[]> levelsOf = new ArrayList<>();
        for (GroupBy g : groupBy) {
            String[] lv = new String[responses.size()];
            TreeSet<String> distinct = new TreeSet<>();
            for (int i = 0; i < lv.length; i++) {
                lv[i] = g.level(responses.get(i));
                distinct.add(lv[i]);
            }
            if (distinct.isEmpty()) {
                distinct.add(GroupBy.UNKNOWN);
            }
            groupings.add(Grouping.of(g.name(), new ArrayList<>(distinct)));
            levelsOf.add(lv);
        }
        int[] domains = new int[responses.size()];
        for (int gi = 0; gi < groupings.size(); gi++) {
            Grouping g = groupings.get(gi);
            Map<String, Integer> codes = new HashMap<>();
            for (int c = 0; c < g.levels().size(); c++) {
                codes.put(g.levels().get(c), c);
            }
            String[] lv = levelsOf.get(gi);
            for (int i = 0; i < domains.length; i++) {
                domains[i] = domains[i] * g.levels().size() + codes.get(lv[i]);
            }
        }
        return new ReportData(instrument, SurveyVariables.surveyData(instrument, responses, design, domains, progress)
            .statistics(true), groupings, Map.of());
    }

    private static void requireResponses(List<Response> responses) {
        if (Objects.requireNonNull(responses, "responses").isEmpty()) {
            throw new IllegalArgumentException("no responses to report on. If they came from a CSV import, its"
                + " ImportResult.summary() says why each row was rejected; from a store, check the filter");
        }
    }

    /**
     * @param name a grouping name
     * @return the grouping
     */
    public Grouping grouping(String name) {
        for (Grouping g : groupings) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("no grouping " + name + "; have "
            + groupings.stream().map(Grouping::name).toList());
    }

    /**
     * The domain code of a combination of levels (codes), one per grouping in order.
     *
     * @param groupings the groupings
     * @param levels one level code per grouping
     * @return the mixed-radix code
     */
    public static int domainCode(List<Grouping> groupings, int... levels) {
        if (levels.length != groupings.size()) {
            throw new IllegalArgumentException(levels.length + " level codes for " + groupings.size() + " groupings");
        }
        int code = 0;
        for (int g = 0; g < levels.length; g++) {
            int size = groupings.get(g).levels().size();
            if (levels[g] < 0 || levels[g] >= size) {
                throw new IllegalArgumentException("level code " + levels[g] + " of grouping " + groupings.get(g).name()
                    + " is outside 0.." + (size - 1));
            }
            code = code * size + levels[g];
        }
        return code;
    }

    /**
     * The level code of one grouping within a domain code.
     *
     * @param domain a domain code
     * @param name the grouping
     * @return its level code
     */
    int levelCode(int domain, String name) {
        if (!domainLevels.isEmpty()) {
            List<String> l = domainLevels.get(domain);
            for (int g = 0; g < groupings.size(); g++) {
                if (groupings.get(g).name().equals(name)) {
                    return l == null ? 0 : groupings.get(g).codeOf(l.get(g));
                }
            }
            throw new IllegalArgumentException("no grouping " + name);
        }
        int code = domain;
        for (int g = groupings.size() - 1; g >= 0; g--) {
            int size = groupings.get(g).levels().size();
            if (groupings.get(g).name().equals(name)) {
                return code % size;
            }
            code /= size;
        }
        throw new IllegalArgumentException("no grouping " + name);
    }

    /**
     * The levels of a domain code, one per grouping in order.
     *
     * @param domain a domain code
     * @return the levels
     */
    public List<String> levels(int domain) {
        if (!domainLevels.isEmpty()) {
            List<String> l = domainLevels.get(domain);
            if (l == null) {
                throw new IllegalArgumentException("domain code " + domain + " has no levels");
            }
            return l;
        }
        String[] out = new String[groupings.size()];
        int code = domain;
        for (int g = groupings.size() - 1; g >= 0; g--) {
            int size = groupings.get(g).levels().size();
            out[g] = groupings.get(g).levels().get(code % size);
            code /= size;
        }
        return List.of(out);
    }

    /**
     * Checks that the statistics give covariances between items (clustered, or with cross-products),
     * which the standard errors of elements, indices and changes need.
     *
     * @throws IllegalArgumentException otherwise, saying how to collect them
     */
    public void requireCovariances() {
        if (!statistics.isClustered() && !statistics.hasCrossProducts()) {
            throw new IllegalArgumentException("the statistics have no cross-products: the standard errors of elements and "
                + "indices need them (collect with crossProducts(true), or query Q5 of docs/estimation.md), or a clustered layout");
        }
    }

    /**
     * The statistics collapsed to one grouping (domain = its level code), or to one domain 0.
     *
     * @param name a grouping name, or {@code null} for the whole sample
     * @return collapsed statistics
     */
    public SufficientStatistics by(String name) {
        if (name == null) {
            return statistics.collapseDomains(d -> 0);
        }
        grouping(name);
        return statistics.collapseDomains(d -> levelCode(d, name));
    }
}
