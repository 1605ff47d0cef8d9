package org.civicsurvey.examples.portal;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.civicsurvey.examples.indices.SipasIndices;
import org.civicsurvey.examples.indices.SipasIndices.GroupIndex;
import org.civicsurvey.jdbc.ResponseFilter;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.ResponseStatus;
import org.civicsurvey.stats.SurveyDesign;

/**
 * The indices the portal shows: complete responses to the portal's instrument read from the store
 * (re-read when the store's count changes), then {@link SipasIndices} in memory. Every rating
 * counts once (the design is unweighted: real-time ratings are the raters, not a sample).
 */
final class IndexService {
    /** The groupings offered. */
    static final List<String> GROUPINGS = List.of("agency", "service", "channel", "province", "period");
    /** Where the numbers come from, as reported by the API. */
    static final String SOURCE = "engine-in-memory";
    /** A longer description of the source. */
    static final String SOURCE_DETAIL = "responses streamed from the store, estimated by org.civicsurvey.stats.Estimator "
        + "on mergeable sufficient statistics (SipasIndices)";

    private final SurveyStore store;
    private final SipasIndices indices;
    private final ResponseFilter filter;
    private List<Response> cached = List.of();
    private long cachedCount = -1;

    IndexService(SurveyStore store, Instrument instrument) {
        this.store = Objects.requireNonNull(store, "store");
        this.indices = SipasIndices.create(instrument);
        this.filter = ResponseFilter.all().instrument(instrument.id(), instrument.version()).status(ResponseStatus.COMPLETE);
    }

    SipasIndices calculator() {
        return indices;
    }

    private synchronized List<Response> responses() {
        long count = store.count(filter);
        if (count != cachedCount) {
            try (Stream<Response> s = store.stream(filter)) {
                cached = s.toList();
            }
            cachedCount = count;
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
    Indices compute(Optional<String> by) {
        if (by.isPresent() && !GROUPINGS.contains(by.get())) {
            throw new IllegalArgumentException("by is '" + by.get() + "'; must be one of " + GROUPINGS);
        }
        List<Response> rs = responses();
        GroupIndex overall = indices.overall(rs);
        List<GroupIndex> groups = by.isEmpty() || rs.isEmpty() ? List.of()
            : indices.byGroup(rs, SurveyDesign.unweighted(rs.size()), key(by.get()));
        return new Indices(by, rs.size(), overall, groups);
    }

    static Function<Response, String> key(String by) {
        switch (by) {
            case "agency":
                return r -> r.transaction().agency().orElse(null);
            case "service":
                return r -> r.transaction().service().orElse(null);
            case "channel":
                return r -> r.transaction().channel().orElse(null);
            case "province":
                return r -> r.respondent().get("province");
            case "period":
                return IndexService::quarter;
            default:
                throw new IllegalArgumentException("by is '" + by + "'; must be one of " + GROUPINGS);
        }
    }

    /**
     * The quarter of a response's transaction time (its submission time when the transaction has
     * none), in UTC, as {@code 2025-Q3}.
     *
     * @param r the response
     * @return the quarter, or null when the response has neither time
     */
    static String quarter(Response r) {
        return r.transaction().time().or(r::submittedAt).map(t -> {
            ZonedDateTime z = t.atZone(ZoneOffset.UTC);
            return z.getYear() + "-Q" + ((z.getMonthValue() - 1) / 3 + 1);
        }).orElse(null);
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
}
