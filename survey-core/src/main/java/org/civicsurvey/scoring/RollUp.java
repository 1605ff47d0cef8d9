package org.civicsurvey.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.EstimateSet;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.Variable;

/**
 * A satisfaction index as a roll-up of item scores along the instrument's dimension hierarchy
 * (criterion &rarr; element &rarr; aspect &rarr; index). SIPAS, A-11, SDG 16.6.2 and ACSI-style
 * composites are configurations of this one computation:
 *
 * <ul>
 *   <li>each rating item gets its {@link ItemScore} among its valid answers (don't know, not
 *       applicable, refused, missing, hidden left out of its denominator and counted);</li>
 *   <li>each dimension is the weighted mean of its children (sub-dimensions and the items
 *       attached to it directly): equal weights, or the dimensions' own weights when
 *       {@link #withDimensionWeights(boolean)} (normalised over the children present);</li>
 *   <li>the index is the weighted mean of the root dimensions and of the items that have no
 *       dimension (so an instrument without dimensions averages its items);</li>
 *   <li>a child with no valid answer (in the domain) is left out and the other weights are
 *       renormalised; a node with no child left is undefined ({@link Estimate#isDefined()}).</li>
 * </ul>
 *
 * <p>A node's valid and excluded counts are the sums over all items below it (including items
 * left out for having no valid answer). Every node is a linear combination of the item scores, estimated with the items' joint
 * covariance (R's {@code svycontrast}); intervals of nodes follow the estimator's rule for means.
 * Unclustered statistics need cross-products for the nodes above items.
 */
public final class RollUp {
    private final ItemScore itemScore;
    private final boolean dimensionWeights;
    private final Map<String, Double> itemWeights;

    private RollUp(ItemScore itemScore, boolean dimensionWeights, Map<String, Double> itemWeights) {
        this.itemScore = Objects.requireNonNull(itemScore, "itemScore");
        this.dimensionWeights = dimensionWeights;
        this.itemWeights = itemWeights;
    }

    /**
     * @param itemScore how items are scored
     * @return a roll-up with equal weights at every level
     */
    public static RollUp of(ItemScore itemScore) {
        return new RollUp(itemScore, false, null);
    }

    /**
     * SIPAS (Vietnam, Decisions 2640/QĐ-BNV 2017 and 1001/QĐ-BNV 2023): item = percent of answers
     * 4-5 (at or above the scale's positive threshold) among valid answers; element = unweighted
     * mean of its items; aspect = mean of elements; index = mean of aspects (or elements).
     *
     * @return the configuration
     */
    public static RollUp sipas() {
        return of(ItemScore.POSITIVE);
    }

    /**
     * UN SDG 16.6.2: percent positive per attribute (don't know / not applicable / refused out of
     * the denominator, counted), and their simple average.
     *
     * @return the configuration
     */
    public static RollUp sdg1662() {
        return of(ItemScore.POSITIVE);
    }

    /**
     * US OMB Circular A-11 §280: percent agree (4-5 of 5) per item, averaged over the instrument's
     * items or dimensions; the per-point counts come from {@link SufficientStatistics}.
     *
     * @return the configuration
     */
    public static RollUp a11() {
        return of(ItemScore.POSITIVE);
    }

    /**
     * ACSI-style weighted composite {@code 100 · Σ w_i (x̄_i − min)/(max − min)} over the given
     * items, weights normalised to sum 1 (e.g. .3885 / .3190 / .2925).
     *
     * @param weights positive finite weight per item id
     * @return the configuration
     */
    public static RollUp composite(Map<String, Double> weights) {
        Objects.requireNonNull(weights, "weights");
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("a composite needs at least one item weight");
        }
        weights.forEach((k, v) -> {
            if (v == null || !(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("weight of item " + k + " is " + v + "; must be positive and finite");
            }
        });
        return new RollUp(ItemScore.MEAN_0_100, false, new LinkedHashMap<>(weights));
    }

    /**
     * @param score the item score
     * @return a copy scoring items that way
     */
    public RollUp withItemScore(ItemScore score) {
        return new RollUp(score, dimensionWeights, itemWeights);
    }

    /**
     * @param use whether dimensions are combined with their weights from the instrument (all
     *     siblings weighted, or none) rather than equally
     * @return a copy
     */
    public RollUp withDimensionWeights(boolean use) {
        return new RollUp(itemScore, use, itemWeights);
    }

    /** @return the item score */
    public ItemScore itemScore() {
        return itemScore;
    }

    /** The tree: nodes in output order, each with children indexes and weights; items first in the item list. */
    private static final class Tree {
        final List<RatingQuestion> items = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        final List<String> levels = new ArrayList<>();
        final List<int[]> children = new ArrayList<>();
        final List<double[]> weights = new ArrayList<>();
        final List<Integer> itemOf = new ArrayList<>(); // node -> item index or -1
    }

    private Tree tree(Instrument instrument) {
        Objects.requireNonNull(instrument, "instrument");
        Tree t = new Tree();
        List<RatingQuestion> all = instrument.ratingItems();
        if (itemWeights != null) {
            for (String id : itemWeights.keySet()) {
                RatingQuestion q = all.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("composite item " + id + " is not a rating item of " + instrument.id()));
                t.items.add(q);
            }
            int index = addNode(t, "index", "index", -1);
            int[] kids = new int[t.items.size()];
            double[] w = new double[kids.length];
            for (int i = 0; i < kids.length; i++) {
                kids[i] = addNode(t, t.items.get(i).id(), "item", i);
                w[i] = itemWeights.get(t.items.get(i).id());
            }
            t.children.set(index, kids);
            t.weights.set(index, w);
            return t;
        }
        t.items.addAll(all);
        int index = addNode(t, "index", "index", -1);
        List<Integer> kids = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        List<Dimension> roots = instrument.rootDimensions();
        checkWeights(roots, "the index");
        for (Dimension d : roots) {
            kids.add(addDimension(t, instrument, d));
            w.add(weight(d));
        }
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).dimension().isEmpty()) {
                kids.add(addNode(t, all.get(i).id(), "item", i));
                w.add(1.0);
            }
        }
        t.children.set(index, kids.stream().mapToInt(Integer::intValue).toArray());
        t.weights.set(index, w.stream().mapToDouble(Double::doubleValue).toArray());
        return t;
    }

    private double weight(Dimension d) {
        return dimensionWeights && d.weight().isPresent() ? d.weight().getAsDouble() : 1.0;
    }

    private void checkWeights(List<Dimension> siblings, String parent) {
        if (!dimensionWeights) {
            return;
        }
        long weighted = siblings.stream().filter(d -> d.weight().isPresent()).count();
        if (weighted != 0 && weighted != siblings.size()) {
            throw new IllegalArgumentException("the dimensions under " + parent + " are partly weighted (" + weighted
                + " of " + siblings.size() + "); give every sibling a weight or none");
        }
    }

    private int addNode(Tree t, String id, String level, int item) {
        t.ids.add(id);
        t.levels.add(level);
        t.children.add(new int[0]);
        t.weights.add(new double[0]);
        t.itemOf.add(item);
        return t.ids.size() - 1;
    }

    private int addDimension(Tree t, Instrument instrument, Dimension d) {
        int node = addNode(t, d.id(), d.level().name().toLowerCase(Locale.ROOT), -1);
        List<Integer> kids = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        List<Dimension> subs = instrument.childrenOf(d.id());
        checkWeights(subs, "dimension " + d.id());
        for (Dimension s : subs) {
            kids.add(addDimension(t, instrument, s));
            w.add(weight(s));
        }
        for (int i = 0; i < t.items.size(); i++) {
            RatingQuestion q = t.items.get(i);
            if (q.dimension().isPresent() && q.dimension().get().equals(d.id())) {
                kids.add(addNode(t, q.id(), "item", i));
                w.add(1.0);
            }
        }
        t.children.set(node, kids.stream().mapToInt(Integer::intValue).toArray());
        t.weights.set(node, w.stream().mapToDouble(Double::doubleValue).toArray());
        return node;
    }

    private List<Statistic> statistics(Tree t) {
        List<Statistic> list = new ArrayList<>();
        for (RatingQuestion q : t.items) {
            list.add(itemScore.statistic(q.id(), q.scale()));
        }
        return list;
    }

    private static void checkVariables(Tree t, List<Variable> variables) {
        for (RatingQuestion q : t.items) {
            Variable v = variables.stream().filter(x -> x.name().equals(q.id())).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no variable for item " + q.id() + " in the data; build it with"
                    + " InstrumentData.variables(instrument)"));
            double[] expected = Variable.scale(q.id(), q.scale().min(), q.scale().max()).categories();
            if (!Arrays.equals(v.categories(), expected)) {
                throw new IllegalArgumentException("variable " + q.id() + " has categories " + Arrays.toString(v.categories())
                    + "; item " + q.id() + " has the scale " + q.scale().min() + ".." + q.scale().max());
            }
        }
    }

    /**
     * The roll-up over the whole sample.
     *
     * @param instrument the instrument (items, scales, dimensions)
     * @param stats statistics with one categorical variable per rating item, named by question id
     * @param estimator the estimator (confidence level, intervals)
     * @return every node's score
     */
    public RollUpResult evaluate(Instrument instrument, SufficientStatistics stats, Estimator estimator) {
        Tree t = tree(instrument);
        checkVariables(t, stats.variables());
        return result(t, estimator.estimate(stats, statistics(t)));
    }

    /**
     * The roll-up in every domain of the statistics (e.g. each province), on the full design.
     *
     * @param instrument the instrument
     * @param stats statistics with domains
     * @param estimator the estimator
     * @return per domain code, ascending, every node's score
     */
    public Map<Integer, RollUpResult> evaluateByDomain(Instrument instrument, SufficientStatistics stats, Estimator estimator) {
        Tree t = tree(instrument);
        checkVariables(t, stats.variables());
        Map<Integer, RollUpResult> out = new LinkedHashMap<>();
        estimator.byDomain(stats, statistics(t)).forEach((d, set) -> out.put(d, result(t, set)));
        return out;
    }

    /**
     * The roll-up from rows (any design, e.g. two-stage or calibrated).
     *
     * @param instrument the instrument
     * @param data rows with one categorical column per rating item
     * @param domain a domain code, or {@code null} for all rows
     * @param estimator the estimator
     * @return every node's score
     */
    public RollUpResult evaluate(Instrument instrument, SurveyData data, Integer domain, Estimator estimator) {
        Tree t = tree(instrument);
        checkVariables(t, data.variables());
        List<Statistic> list = statistics(t);
        if (domain != null) {
            list.replaceAll(s -> s.in(domain));
        }
        return result(t, estimator.estimate(data, list));
    }

    private static RollUpResult result(Tree t, EstimateSet set) {
        int k = t.items.size();
        int nodes = t.ids.size();
        double[][] coef = new double[nodes][];
        // children come after their parent: fill from the end
        for (int node = nodes - 1; node >= 0; node--) {
            int item = t.itemOf.get(node);
            if (item >= 0) {
                coef[node] = null;
                if (set.get(item).isDefined()) {
                    coef[node] = new double[k];
                    coef[node][item] = 1;
                }
                continue;
            }
            int[] kids = t.children.get(node);
            double[] w = t.weights.get(node);
            double total = 0;
            for (int c = 0; c < kids.length; c++) {
                if (coef[kids[c]] != null) {
                    total += w[c];
                }
            }
            if (total == 0) {
                coef[node] = null;
                continue;
            }
            double[] sum = new double[k];
            for (int c = 0; c < kids.length; c++) {
                if (coef[kids[c]] != null) {
                    for (int i = 0; i < k; i++) {
                        sum[i] += w[c] / total * coef[kids[c]][i];
                    }
                }
            }
            coef[node] = sum;
        }
        List<IndexNode> out = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            List<String> kids = new ArrayList<>();
            for (int c : t.children.get(node)) {
                kids.add(t.ids.get(c));
            }
            int item = t.itemOf.get(node);
            Estimate e;
            if (item >= 0) {
                e = set.get(item);
            } else {
                // the counts of a node are those of every item below it, used or left out
                double[] all = new double[k];
                markItems(t, node, all);
                Estimate counts = set.linear(all);
                e = coef[node] == null ? counts : set.linear(coef[node]);
                e = new Estimate(e.value(), e.standardError(), e.lower(), e.upper(), e.confidenceLevel(),
                    e.degreesOfFreedom(), counts.validN(), counts.excluded(), e.designEffect(), e.effectiveSampleSize());
            }
            out.add(new IndexNode(t.ids.get(node), t.levels.get(node), e, kids));
        }
        return new RollUpResult(out);
    }

    private static void markItems(Tree t, int node, double[] all) {
        int item = t.itemOf.get(node);
        if (item >= 0) {
            all[item] = 1;
            return;
        }
        for (int c : t.children.get(node)) {
            markItems(t, c, all);
        }
    }
}
