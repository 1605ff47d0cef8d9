package org.civicsurvey.examples.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.civicsurvey.examples.data.ReportGroupings;
import org.civicsurvey.jdbc.ResponseFilter;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.report.Grouping;
import org.civicsurvey.report.ReportData;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.SurveyDesign;

/**
 * The indices the portal shows, computed by the library: complete responses to the portal's
 * instrument streamed from the store (re-read when the store's count changes), their sufficient
 * statistics collected in memory ({@link ReportData#fromResponses}), then the SIPAS index
 * (the library's index engine, {@link RollUp#overElements()}) estimated per group. Every
 * rating counts once (unweighted design: real-time ratings are the raters, not a sample).
 *
 * <p>Why not the store's SQL aggregation ({@code SurveyStore.statistics}): it returns statistics
 * without cross-products between items, so item shares can be estimated in the database but not
 * the covariance that the element and index intervals need.
 */
final class IndexService {
    /** The groupings offered. */
    static final List<String> GROUPINGS = List.of("agency", "service", "channel", "province", "period");
    /** Where the numbers come from, as reported by the API. */
    static final String SOURCE = "engine-in-memory";
    /** A longer description of the source. */
    static final String SOURCE_DETAIL = "responses streamed from the store; sufficient statistics collected in memory "
        + "(ReportData.fromResponses) and estimated by the index engine (RollUp)";

    private final SurveyStore store;
    private final Instrument instrument;
    private final RollUp index;
    private final Estimator estimator = Estimator.withDefaults();
    private final ResponseFilter filter;
    private List<Response> cached = List.of();
    private long cachedCount = -1;
    private final Map<Optional<String>, Indices> results = new java.util.HashMap<>();
    private final Map<String, org.civicsurvey.report.Report> reports = new java.util.HashMap<>();

    IndexService(SurveyStore store, Instrument instrument) {
        this.store = Objects.requireNonNull(store, "store");
        this.instrument = instrument;
        this.index = RollUp.sipas().overElements().withId("sipas");
        this.filter = ResponseFilter.all().instrument(instrument.id(), instrument.version()).status(ResponseStatus.COMPLETE);
    }

    private synchronized List<Response> responses() {
        long count = store.count(filter);
        if (count != cachedCount) {
            try (Stream<Response> s = store.stream(filter)) {
                cached = s.toList();
            }
            cachedCount = count;
            results.clear();
            reports.clear();
        }
        return cached;
    }

    /**
     * The indices overall and by a grouping.
     *
     * @param by a grouping from {@link #GROUPINGS}, or empty for the overall index only
     * @return the indices
     * @throws IllegalArgumentException if the grouping is unknown
     */
    synchronized Indices compute(Optional<String> by) {
        if (by.isPresent() && !GROUPINGS.contains(by.get())) {
            throw new IllegalArgumentException("by is '" + by.get() + "'; must be one of " + GROUPINGS);
        }
        List<Response> rs = responses();
        Indices known = results.get(by);
        if (known != null) {
            return known;
        }
        Indices computed = compute(by, rs);
        results.put(by, computed);
        return computed;
    }

    private Indices compute(Optional<String> by, List<Response> rs) {
        if (rs.isEmpty()) {
            return new Indices(by, 0, new GroupIndex("all", 0, null, Map.of(), Map.of()), List.of());
        }
        SurveyDesign design = SurveyDesign.unweighted(rs.size());
        ReportData data = ReportData.fromResponses(instrument, rs, by.map(b -> List.of(groupBy(b))).orElse(List.of()), design);
        // the overall index from the same statistics, all domains merged
        GroupIndex overall = group("all", rs.size(),
            index.evaluate(instrument, data.statistics().collapseDomains(d -> 0), 0, estimator));
        List<GroupIndex> groups = new ArrayList<>();
        if (by.isPresent()) {
            GroupBy g = groupBy(by.get());
            Grouping grouping = data.grouping(g.name());
            long[] counts = new long[grouping.levels().size()];
            for (Response r : rs) {
                counts[grouping.codeOf(g.level(r))]++;
            }
            for (int code = 0; code < counts.length; code++) {
                groups.add(group(grouping.levels().get(code), counts[code],
                    index.evaluate(instrument, data.statistics(), code, estimator)));
            }
        }
        return new Indices(by, rs.size(), overall, groups);
    }

    /**
     * The library's full SIPAS report ({@link org.civicsurvey.report.SipasReport}: scores, rankings,
     * change, trend, distributions) by a grouping and by quarter.
     *
     * @param by agency, service, channel or province
     * @param lang vi or en
     * @return the report, or empty when there are no responses
     */
    synchronized Optional<org.civicsurvey.report.Report> report(String by, String lang) {
        if (!GROUPINGS.contains(by) || "period".equals(by)) {
            throw new IllegalArgumentException("by is '" + by + "'; must be agency, service, channel or province");
        }
        List<Response> rs = responses();
        if (rs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(reports.computeIfAbsent(by + "/" + lang, k -> org.civicsurvey.report.SipasReport
            .create(org.civicsurvey.report.ReportOptions.withDefaults().withLanguage(lang))
            .build(ReportData.fromResponses(instrument, rs, List.of(groupBy(by), groupBy("period")),
                SurveyDesign.unweighted(rs.size())))));
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
