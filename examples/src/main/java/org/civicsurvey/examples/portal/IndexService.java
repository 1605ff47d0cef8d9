package org.civicsurvey.examples.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.LongStream;

import org.civicsurvey.examples.data.ReportGroupings;
import org.civicsurvey.jdbc.GroupedStatistics;
import org.civicsurvey.jdbc.ResponseFilter;
import org.civicsurvey.jdbc.RollupFallback;
import org.civicsurvey.jdbc.RollupWeights;
import org.civicsurvey.jdbc.StoreOptions;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.Variable;

/**
 * The indices the portal shows, computed by the library from the store's rollup: the sufficient
 * statistics of the complete responses to the portal's instrument, read from the mergeable sums the
 * store keeps on every save ({@link SurveyStore#rollupStatistics(ResponseFilter, List, boolean,
 * RollupWeights, RollupFallback)}, with the cross-products the element and index intervals need), then
 * the SIPAS index (the library's index engine, {@link RollUp#overElements()}) estimated per group.
 * No response is loaded: a dashboard view reads a few thousand rollup rows however many ratings are
 * stored. Every rating counts once (unweighted: real-time ratings are the raters, not a sample).
 *
 * <p>The store must keep its rollup as {@link #STORE_OPTIONS} say (quarters cut in Viet Nam's time,
 * cross-products kept): the portal's {@code application.properties} set the starter so
 * ({@code civicsurvey.rollup.zone}, {@code civicsurvey.rollup.cross-products}), and the starter rebuilds a
 * rollup kept otherwise.
 */
public final class IndexService {
    /** The groupings offered. */
    static final List<String> GROUPINGS = List.of("agency", "service", "channel", "province", "period");
    /** Where the numbers come from, as reported by the API. */
    static final String SOURCE = "store-rollup";
    /** A longer description of the source. */
    static final String SOURCE_DETAIL = "sufficient statistics read from the store's rollup of mergeable sums, kept on"
        + " every save (SurveyStore.rollupStatistics), and estimated by the index engine (RollUp)";
    /** The options of the portal's store: the rollup keeps months in Viet Nam's time and the cross-products. */
    static final StoreOptions STORE_OPTIONS = StoreOptions.defaults().withRollupZone(ReportGroupings.VIETNAM)
        .withRollupCrossProducts(true);

    private final SurveyStore store;
    private final Instrument instrument;
    private final RollUp index;
    private final Estimator estimator = Estimator.withDefaults();
    private final ResponseFilter filter;

    IndexService(SurveyStore store, Instrument instrument) {
        this.store = Objects.requireNonNull(store, "store");
        this.instrument = instrument;
        this.index = RollUp.sipas().overElements().withId("sipas");
        this.filter = ResponseFilter.all().instrument(instrument.id(), instrument.version()).status(ResponseStatus.COMPLETE);
    }

    /** The rollup's statistics of the complete responses by some groupings, every rating once. */
    private Optional<GroupedStatistics> statistics(List<GroupBy> groupings) {
        return store.rollupStatistics(filter, groupings, true, RollupWeights.EACH_RESPONSE_ONCE, RollupFallback.FAIL);
    }

    /**
     * The indices overall and by a grouping.
     *
     * @param by a grouping from {@link #GROUPINGS}, or empty for the overall index only
     * @return the indices
     * @throws IllegalArgumentException if the grouping is unknown
     */
    Indices compute(Optional<String> by) {
        if (by.isPresent() && !GROUPINGS.contains(by.get())) {
            throw new IllegalArgumentException("by is '" + by.get() + "'; must be one of " + GROUPINGS);
        }
        Optional<GroupedStatistics> found = statistics(by.map(b -> List.of(groupBy(b))).orElse(List.of()));
        if (found.isEmpty()) {
            return new Indices(by, 0, new GroupIndex("all", 0, null, Map.of(), Map.of()), List.of());
        }
        SufficientStatistics stats = found.get().statistics();
        // the overall index from the same statistics, all domains merged
        GroupIndex overall = group("all", stats.rows(),
            index.evaluate(instrument, stats.collapseDomains(d -> 0), 0, estimator));
        List<GroupIndex> groups = new ArrayList<>();
        if (by.isPresent()) {
            for (Map.Entry<Integer, List<Optional<String>>> e : found.get().domains().entrySet()) {
                int code = e.getKey();
                groups.add(group(e.getValue().get(0).orElse(GroupBy.UNKNOWN), rows(stats, code),
                    index.evaluate(instrument, stats, code, estimator)));
            }
        }
        return new Indices(by, stats.rows(), overall, groups);
    }

    /** The responses of a domain: the answers of its first rating item, valid or left out. */
    private long rows(SufficientStatistics stats, int domain) {
        Variable first = stats.variables().stream().filter(Variable::isCategorical).findFirst().orElseThrow();
        return LongStream.of(stats.categoryCounts(first.name(), domain)).sum() + stats.excluded(first.name(), domain).total();
    }

    /**
     * The library's full SIPAS report ({@link org.civicsurvey.report.SipasReport}: scores, rankings,
     * change, trend, distributions) by a grouping and by quarter, from the rollup.
     *
     * @param by agency, service, channel or province
     * @param options the report's options (language, suppression)
     * @return the report, or empty when there are no responses
     */
    Optional<org.civicsurvey.report.Report> report(String by, org.civicsurvey.report.ReportOptions options) {
        if (!GROUPINGS.contains(by) || "period".equals(by)) {
            throw new IllegalArgumentException("by is '" + by + "'; must be agency, service, channel or province");
        }
        return statistics(List.of(groupBy(by), groupBy("period"))).map(g -> org.civicsurvey.report.SipasReport
            .create(options).build(g.reportData(instrument)));
    }

    static GroupBy groupBy(String by) {
        if (!GROUPINGS.contains(by)) {
            throw new IllegalArgumentException("by is '" + by + "'; must be one of " + GROUPINGS);
        }
        return ReportGroupings.named(by);
    }

    private static GroupIndex group(String key, long responses, RollUpResult s) {
        Map<String, Estimate> items = new LinkedHashMap<>();
        s.level("item").forEach(n -> items.put(n.id(), n.estimate().scaled(100)));
        Map<String, Estimate> elements = new LinkedHashMap<>();
        s.index().children().forEach(c -> elements.put(c, s.node(c).orElseThrow().estimate().scaled(100)));
        return new GroupIndex(key, responses, s.index().estimate().scaled(100), elements, items);
    }

    /**
     * Indices overall and per group.
     *
     * @param by the grouping, if any
     * @param responses the complete responses used
     * @param overall the overall index
     * @param groups the groups, ordered by key
     */
    record Indices(Optional<String> by, long responses, GroupIndex overall, List<GroupIndex> groups) {
        Indices {
            groups = List.copyOf(groups);
        }
    }

    /**
     * The index of one group, in percent.
     *
     * @param key the group key
     * @param responses the responses in the group
     * @param index the index (mean of the elements); null when there are no responses
     * @param elements the element scores by element id, in instrument order
     * @param items the item scores (share of positive answers) by question id, in instrument order
     */
    record GroupIndex(String key, long responses, Estimate index, Map<String, Estimate> elements, Map<String, Estimate> items) {
        GroupIndex {
            elements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(elements));
            items = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(items));
        }
    }
}
