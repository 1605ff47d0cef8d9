package org.civicsurvey.examples.indices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.DimensionLevel;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.response.AnswerStatus;
import org.civicsurvey.response.Response;
import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.EstimateSet;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;

/**
 * The SIPAS index of a SIPAS-style instrument, overall or per group, with confidence intervals,
 * computed by the library's {@link Estimator}.
 *
 * <p>As the method defines it: an item's score is the share of its valid answers that are positive
 * (at or above the scale's positive threshold, 4 or 5 on SIPAS's 1..5 scale), don't know and not
 * applicable left out of the denominator and counted; an element averages its items, unweighted;
 * the index averages the elements. All in percent. Items are estimated jointly in each group, so
 * the element and index intervals use the items' covariance (R's {@code svycontrast} on
 * {@code svyby(~I(q %in% 4:5), ...)}). Groups are domains of the whole design, as {@code svyby}.
 *
 * <p>On a one-stage {@link SurveyDesign} the estimates come from mergeable
 * {@linkplain SufficientStatistics sufficient statistics} (one pass over the rows, memory by
 * groups); on any other {@link Design} (e.g. a raked one) from the rows.
 *
 * <p>Edge cases: a group where an item has no valid answer gives that item, its element and the
 * index an undefined estimate ({@link Estimate#isDefined()} false), with the counts still
 * reported.
 */
public final class SipasIndices {
    private final Instrument instrument;
    private final Estimator estimator;
    private final List<RatingQuestion> items;
    private final List<Dimension> elements;
    private final int[][] elementItems;

    private SipasIndices(Instrument instrument, Estimator estimator) {
        this.instrument = instrument;
        this.estimator = estimator;
        this.items = instrument.ratingItems();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("instrument " + instrument.id() + " " + instrument.version()
                + " has no rating items");
        }
        List<Dimension> els = new ArrayList<>();
        List<int[]> elIdx = new ArrayList<>();
        for (Dimension d : instrument.dimensions(DimensionLevel.ELEMENT)) {
            List<RatingQuestion> of = instrument.itemsOf(d.id());
            if (of.isEmpty()) {
                continue;
            }
            int[] idx = new int[of.size()];
            for (int j = 0; j < idx.length; j++) {
                idx[j] = items.indexOf(of.get(j));
            }
            els.add(d);
            elIdx.add(idx);
        }
        if (els.isEmpty()) {
            throw new IllegalArgumentException("instrument " + instrument.id() + " " + instrument.version()
                + " has no element with rating items");
        }
        this.elements = List.copyOf(els);
        this.elementItems = elIdx.toArray(new int[0][]);
    }

    /**
     * Indices of an instrument with the default estimator (95% intervals).
     *
     * @param instrument a SIPAS-style instrument: rating items tied to element dimensions
     * @return the calculator
     * @throws IllegalArgumentException if the instrument has no rating items in elements
     */
    public static SipasIndices create(Instrument instrument) {
        return create(instrument, Estimator.withDefaults());
    }

    /**
     * Indices of an instrument with a configured estimator.
     *
     * @param instrument a SIPAS-style instrument: rating items tied to element dimensions
     * @param estimator the estimator (confidence level, proportion interval)
     * @return the calculator
     * @throws IllegalArgumentException if the instrument has no rating items in elements
     */
    public static SipasIndices create(Instrument instrument, Estimator estimator) {
        return new SipasIndices(Objects.requireNonNull(instrument, "instrument"), Objects.requireNonNull(estimator, "estimator"));
    }

    /**
     * The instrument.
     *
     * @return the instrument
     */
    public Instrument instrument() {
        return instrument;
    }

    /**
     * The elements averaged by the index, in instrument order.
     *
     * @return the elements
     */
    public List<Dimension> elements() {
        return elements;
    }

    /**
     * The index over all responses, unweighted (every response counts once).
     *
     * @param responses valid responses to the instrument
     * @return one group with key {@code "all"}
     */
    public GroupIndex overall(List<Response> responses) {
        List<GroupIndex> g = byGroup(responses, SurveyDesign.unweighted(Math.max(1, responses.size())), r -> "all");
        return g.isEmpty() ? emptyGroup("all") : g.get(0);
    }

    /**
     * The index per group, as domains of one design.
     *
     * @param responses valid responses to the instrument, in the design's row order
     * @param design the design, one unit per response
     * @param groupKey the group of a response (e.g. its agency); {@code null} keys are grouped as "(none)"
     * @return one entry per group present, ordered by key
     * @throws IllegalArgumentException if the design's size differs from the number of responses, or a
     *     response belongs to another instrument or holds an answer that breaks the instrument's rules
     */
    public List<GroupIndex> byGroup(List<Response> responses, Design design, Function<Response, String> groupKey) {
        Objects.requireNonNull(responses, "responses");
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(groupKey, "groupKey");
        if (responses.isEmpty()) {
            return List.of();
        }
        if (design.size() != responses.size()) {
            throw new IllegalArgumentException("the design has " + design.size() + " units; there are "
                + responses.size() + " responses");
        }
        for (Response r : responses) {
            if (!r.instrumentId().equals(instrument.id()) || !r.instrumentVersion().equals(instrument.version())) {
                throw new IllegalArgumentException("response " + r.id() + " answers " + r.instrumentId() + " "
                    + r.instrumentVersion() + ", not " + instrument.id() + " " + instrument.version());
            }
        }
        TreeMap<String, Integer> codes = new TreeMap<>();
        String[] keys = new String[responses.size()];
        for (int i = 0; i < keys.length; i++) {
            String k = groupKey.apply(responses.get(i));
            keys[i] = k == null ? "(none)" : k;
            codes.put(keys[i], 0);
        }
        int c = 0;
        for (Map.Entry<String, Integer> e : codes.entrySet()) {
            e.setValue(c++);
        }
        int[] domains = new int[keys.length];
        long[] counts = new long[codes.size()];
        for (int i = 0; i < keys.length; i++) {
            domains[i] = codes.get(keys[i]);
            counts[domains[i]]++;
        }

        AnswerColumns columns = AnswerColumns.of(instrument, responses);
        SurveyData data = SurveyData.of(design, domains);
        for (RatingQuestion q : items) {
            Scale s = q.scale();
            double[] values = new double[s.max() - s.min() + 1];
            for (int v = 0; v < values.length; v++) {
                values[v] = s.min() + v;
            }
            data = data.withCategorical(Variable.categorical(q.id(), values), codes(q, columns));
        }
        SufficientStatistics stats = design instanceof SurveyDesign ? data.statistics(true) : null;

        List<GroupIndex> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : codes.entrySet()) {
            int d = e.getValue();
            List<Statistic> list = new ArrayList<>(items.size());
            for (RatingQuestion q : items) {
                list.add(Statistic.proportion(q.id(), positives(q.scale())).in(d));
            }
            EstimateSet set = stats != null ? estimator.estimate(stats, list) : estimator.estimate(data, list);
            out.add(group(e.getKey(), counts[d], set));
        }
        return List.copyOf(out);
    }

    private GroupIndex group(String key, long responses, EstimateSet set) {
        Map<String, Estimate> itemEstimates = new LinkedHashMap<>();
        for (int k = 0; k < items.size(); k++) {
            itemEstimates.put(items.get(k).id(), percent(set.get(k)));
        }
        Map<String, Estimate> elementEstimates = new LinkedHashMap<>();
        double[] index = new double[items.size()];
        for (int j = 0; j < elements.size(); j++) {
            double[] coef = new double[items.size()];
            for (int k : elementItems[j]) {
                coef[k] = 100.0 / elementItems[j].length;
                index[k] += 100.0 / elementItems[j].length / elements.size();
            }
            elementEstimates.put(elements.get(j).id(), set.linear(coef));
        }
        return new GroupIndex(key, responses, set.linear(index), elementEstimates, itemEstimates);
    }

    private GroupIndex emptyGroup(String key) {
        return new GroupIndex(key, 0, null, Map.of(), Map.of());
    }

    private static double[] positives(Scale s) {
        double[] p = new double[s.max() - s.positiveThreshold() + 1];
        for (int v = 0; v < p.length; v++) {
            p[v] = s.positiveThreshold() + v;
        }
        return p;
    }

    private static byte[] codes(RatingQuestion q, AnswerColumns columns) {
        double[] values = columns.values(q.id());
        byte[] statuses = columns.statuses(q.id());
        byte[] out = new byte[values.length];
        int min = q.scale().min();
        for (int i = 0; i < out.length; i++) {
            AnswerStatus s = AnswerStatus.ofCode(statuses[i]);
            switch (s) {
                case VALID:
                    out[i] = (byte) ((int) values[i] - min);
                    break;
                case DONT_KNOW:
                    out[i] = Exclusion.DONT_KNOW.code();
                    break;
                case NOT_APPLICABLE:
                    out[i] = Exclusion.NOT_APPLICABLE.code();
                    break;
                case REFUSED:
                    out[i] = Exclusion.REFUSED.code();
                    break;
                case MISSING:
                    out[i] = Exclusion.MISSING.code();
                    break;
                case HIDDEN:
                    out[i] = Exclusion.HIDDEN.code();
                    break;
                default:
                    throw new IllegalArgumentException("response row " + i + " has an invalid answer to " + q.id()
                        + "; validate responses before computing indices");
            }
        }
        return out;
    }

    private static Estimate percent(Estimate e) {
        return new Estimate(e.value() * 100, e.standardError() * 100, e.lower() * 100, e.upper() * 100,
            e.confidenceLevel(), e.degreesOfFreedom(), e.validN(), e.excluded(), e.designEffect(),
            e.effectiveSampleSize());
    }

    /**
     * The index of one group, in percent.
     *
     * @param key the group key
     * @param responses the responses in the group
     * @param index the index (mean of the elements); {@code null} only for an empty response list
     * @param elements the element scores by element id, in instrument order
     * @param items the item scores (share of positive answers) by question id, in instrument order
     */
    public record GroupIndex(String key, long responses, Estimate index, Map<String, Estimate> elements,
                             Map<String, Estimate> items) {
        /**
         * Copies the maps.
         *
         * @param key the group key
         * @param responses the responses
         * @param index the index
         * @param elements the elements
         * @param items the items
         */
        public GroupIndex {
            Objects.requireNonNull(key, "key");
            if (responses < 0) {
                throw new IllegalArgumentException("responses is " + responses + "; must be >= 0");
            }
            elements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(elements));
            items = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(items));
        }
    }
}
