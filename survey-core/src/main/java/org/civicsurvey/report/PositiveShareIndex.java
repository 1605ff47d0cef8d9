package org.civicsurvey.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.EstimateSet;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;

/**
 * An index built from shares of positive answers, as SIPAS and SDG 16.6.2 publish it: each item's
 * share of positive answers among its valid answers (rating items: at or above the scale's positive
 * threshold; a 0/1 option variable: 1); each component the unweighted mean of its items' shares;
 * the index the unweighted mean of its components. An item without valid answers (in the domain) is
 * left out of its component and the other items' weights renormalised; a component without any
 * item left is left out of the index the same way; the index is undefined only when nothing is left
 * (the rule of the engine's {@code org.civicsurvey.scoring.RollUp}). Standard errors of components, the index and
 * changes come from the engine's joint covariance of the item shares ({@code svycontrast}).
 *
 * @param id the index id (used as the item id of its cells), e.g. {@code sipas}
 * @param components the components (elements), each with its item variables, in order
 */
public record PositiveShareIndex(String id, List<Component> components) {
    /**
     * A component: an id and its item variables.
     *
     * @param id component id (e.g. a dimension id)
     * @param items item variable names (question ids), at least one
     */
    public record Component(String id, List<String> items) {
        /**
         * Validates.
         *
         * @param id id
         * @param items items
         */
        public Component {
            Objects.requireNonNull(id, "id");
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("component " + id + " has no items");
            }
        }
    }

    /**
     * Estimates of one domain.
     *
     * @param items item id → share of positive answers (0..1)
     * @param components component id → mean of its items
     * @param index the index
     */
    public record Scores(Map<String, Estimate> items, Map<String, Estimate> components, Estimate index) {
        /**
         * Copies (keeps order).
         *
         * @param items items
         * @param components components
         * @param index index
         */
        public Scores {
            items = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(items));
            components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
            Objects.requireNonNull(index, "index");
        }
    }

    /**
     * Validates: at least one component, no item twice.
     *
     * @param id id
     * @param components components
     */
    public PositiveShareIndex {
        Objects.requireNonNull(id, "id");
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("index " + id + " has no components");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Component c : components) {
            for (String i : c.items()) {
                if (!seen.add(i)) {
                    throw new IllegalArgumentException("index " + id + " uses item " + i + " twice");
                }
            }
        }
    }

    /**
     * The index over dimensions of an instrument: one component per dimension with the rating items
     * at or below it ({@link Instrument#itemsOf(String)}).
     *
     * @param instrument the instrument
     * @param id the index id
     * @param dimensionIds the components' dimensions, e.g. SIPAS's five elements
     * @return the index
     */
    public static PositiveShareIndex ofDimensions(Instrument instrument, String id, List<String> dimensionIds) {
        List<Component> cs = new ArrayList<>();
        for (String d : dimensionIds) {
            if (instrument.dimension(d).isEmpty()) {
                throw new IllegalArgumentException("instrument " + instrument.id() + " has no dimension " + d);
            }
            List<String> items = instrument.itemsOf(d).stream().map(RatingQuestion::id).toList();
            cs.add(new Component(d, items));
        }
        return new PositiveShareIndex(id, cs);
    }

    /**
     * The index over the root-level structure of an instrument: its elements (dimensions of level
     * element that hold rating items), as SIPAS computes it.
     *
     * @param instrument the instrument
     * @param id the index id
     * @return the index
     */
    public static PositiveShareIndex ofElements(Instrument instrument, String id) {
        List<String> ids = new ArrayList<>();
        for (Dimension d : instrument.dimensions(org.civicsurvey.model.DimensionLevel.ELEMENT)) {
            if (!instrument.itemsOf(d.id()).isEmpty()) {
                ids.add(d.id());
            }
        }
        return ofDimensions(instrument, id, ids);
    }

    /** @return every item variable, component by component */
    public List<String> items() {
        List<String> out = new ArrayList<>();
        components.forEach(c -> out.addAll(c.items()));
        return out;
    }

    /**
     * The statistic of one item: share of positive answers.
     *
     * @param instrument the instrument (for the scale's positive threshold)
     * @param item an item variable
     * @return the proportion statistic
     */
    static Statistic positive(Instrument instrument, String item) {
        int eq = item.indexOf('=');
        if (eq >= 0) {
            return Statistic.proportion(item, 1);
        }
        Question q = instrument.question(item).orElseThrow(() -> new IllegalArgumentException("instrument "
            + instrument.id() + " has no question " + item));
        Scale s = q.answerScale().orElseThrow(() -> new IllegalArgumentException("question " + item + " has no scale"));
        double[] cats = new double[s.max() - s.positiveThreshold() + 1];
        for (int i = 0; i < cats.length; i++) {
            cats[i] = s.positiveThreshold() + i;
        }
        return Statistic.proportion(item, cats);
    }

    /**
     * Estimates the items, components and index in one domain, jointly.
     *
     * @param estimator the estimator (level, interval method)
     * @param instrument the instrument
     * @param stats statistics with cross-products or clusters
     * @param domain the domain code
     * @return the scores (shares 0..1)
     */
    public Scores estimate(Estimator estimator, Instrument instrument, SufficientStatistics stats, int domain) {
        List<String> items = items();
        List<Statistic> list = new ArrayList<>();
        for (String i : items) {
            list.add(positive(instrument, i).in(domain));
        }
        EstimateSet set = estimator.estimate(stats, list);
        Map<String, Estimate> itemEst = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            itemEst.put(items.get(i), set.get(i));
        }
        boolean[] defined = new boolean[items.size()];
        for (int i = 0; i < defined.length; i++) {
            defined[i] = set.get(i).isDefined();
        }
        Map<String, Estimate> comp = new LinkedHashMap<>();
        for (Component c : components) {
            comp.put(c.id(), set.linear(coefficients(c.id(), defined)));
        }
        return new Scores(itemEst, comp, set.linear(coefficients(id, defined)));
    }

    /**
     * The change of each component and of the index between two domains (e.g. two periods), with
     * its standard error from the joint covariance: {@code later - earlier}.
     *
     * @param estimator the estimator
     * @param instrument the instrument
     * @param stats statistics with cross-products or clusters, both domains in it
     * @param later domain code of the later period
     * @param earlier domain code of the earlier period
     * @return component id (and the index id) → the change (shares 0..1)
     */
    public Map<String, Estimate> change(Estimator estimator, Instrument instrument, SufficientStatistics stats, int later,
                                        int earlier) {
        List<String> items = items();
        List<Statistic> list = new ArrayList<>();
        for (String i : items) {
            list.add(positive(instrument, i).in(later));
        }
        for (String i : items) {
            list.add(positive(instrument, i).in(earlier));
        }
        EstimateSet set = estimator.estimate(stats, list);
        int k = items.size();
        boolean[] later1 = new boolean[k];
        boolean[] earlier1 = new boolean[k];
        for (int i = 0; i < k; i++) {
            later1[i] = set.get(i).isDefined();
            earlier1[i] = set.get(k + i).isDefined();
        }
        Map<String, Estimate> out = new LinkedHashMap<>();
        List<String> targets = new ArrayList<>();
        components.forEach(c -> targets.add(c.id()));
        targets.add(id);
        for (String t : targets) {
            double[] a = coefficients(t, later1);
            double[] b = coefficients(t, earlier1);
            double[] c = new double[2 * k];
            for (int i = 0; i < k; i++) {
                c[i] = a[i];
                c[k + i] = -b[i];
            }
            out.put(t, set.linear(c));
        }
        return out;
    }

    /**
     * Coefficients over the item list for a component or the index, with undefined items (and
     * components left without items) out and the remaining weights renormalised; all zero when
     * nothing is left (the linear combination is then undefined).
     */
    private double[] coefficients(String target, boolean[] defined) {
        int k = defined.length;
        double[] out = new double[k];
        int pos = 0;
        int live = 0;
        double[][] per = new double[components.size()][];
        for (int ci = 0; ci < components.size(); ci++) {
            Component c = components.get(ci);
            int m = 0;
            for (int j = 0; j < c.items().size(); j++) {
                m += defined[pos + j] ? 1 : 0;
            }
            per[ci] = new double[c.items().size()];
            for (int j = 0; j < c.items().size(); j++) {
                per[ci][j] = defined[pos + j] ? 1.0 / m : 0;
            }
            live += m > 0 ? 1 : 0;
            pos += c.items().size();
        }
        pos = 0;
        for (int ci = 0; ci < components.size(); ci++) {
            Component c = components.get(ci);
            double w = target.equals(id) ? (live == 0 ? 0 : 1.0 / live) : c.id().equals(target) ? 1 : 0;
            for (int j = 0; j < c.items().size(); j++) {
                out[pos + j] = w * per[ci][j];
            }
            pos += c.items().size();
        }
        return out;
    }

    /** @return aggregate id → component ids (for {@link Suppression} lines) */
    public Map<String, List<String>> hierarchy() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        List<String> cs = new ArrayList<>();
        for (Component c : components) {
            cs.add(c.id());
            if (!(c.items().size() == 1 && c.items().get(0).equals(c.id()))) {
                h.put(c.id(), c.items());
            }
        }
        h.put(id, cs);
        return h;
    }
}
