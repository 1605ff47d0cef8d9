package org.civicsurvey.scoring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.DimensionLevel;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.EstimateSet;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.ReplicateSums;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.Variable;

/**
 * The index engine: a satisfaction index as a roll-up of item scores (criterion &rarr; element
 * &rarr; aspect &rarr; index). SIPAS, A-11, SDG 16.6.2 and ACSI-style composites are
 * configurations of this one computation; reports and the examples use it.
 *
 * <ul>
 *   <li>each item gets its {@link ItemScore} among its valid answers (don't know, not applicable,
 *       refused, missing, hidden left out of its denominator and counted); shares are proportions
 *       in 0..1 (percent only at presentation);</li>
 *   <li>each node is the weighted mean of its children: equal weights, or the dimensions' own
 *       weights when {@link #withDimensionWeights(boolean)} (normalised over the children present),
 *       or the composite's item weights ({@link #composite(Map)});</li>
 *   <li>a child with no valid answer (in the domain) is left out and the other weights are
 *       renormalised; a node with no child left is undefined ({@link Estimate#isDefined()}).</li>
 * </ul>
 *
 * <p><b>Structure</b>, by configuration: the instrument's whole dimension hierarchy (the default:
 * the index averages the root dimensions and the items that have no dimension);
 * {@link #overElements()}, the index over the instrument's elements, each the mean of the rating
 * items at or below it (as SIPAS and SDG 16.6.2 publish); {@link #overComponents(List)}, any
 * components of item variables, including the 0/1 option variables of a multiple choice
 * ({@link SurveyVariables#optionVariable}); or a {@link #composite(Map)} of items. A component may
 * hold one item of its own id (SDG 16.6.2's attributes): {@link RollUpResult#node(String)} then
 * finds the component, and {@link RollUpResult#level(String) level("item")} the item.
 *
 * <p>A node's valid and excluded counts are the sums over all items below it (including items
 * left out for having no valid answer). Every node is a linear combination of the item scores,
 * estimated with the items' joint covariance (R's {@code svycontrast}); intervals of nodes above
 * items follow the estimator's rule for means, those of share items the estimator's proportion
 * interval. Unclustered statistics need cross-products for the nodes above items.
 */
public final class RollUp {
    /** The name of the top node unless {@link #withId(String)} says otherwise. */
    public static final String INDEX = "index";

    /**
     * A component of an index built from item variables ({@link #overComponents(List)}).
     *
     * @param id the component's id (e.g. a dimension id)
     * @param items item variable names (question ids, or option variables {@code q=option}), at least one
     */
    public record Component(String id, List<String> items) {
        /**
         * Validates and copies.
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

    private enum Shape { TREE, ELEMENTS, COMPONENTS, COMPOSITE }

    private final ItemScore itemScore;
    private final boolean dimensionWeights;
    private final Shape shape;
    private final Map<String, Double> itemWeights;
    private final List<Component> components;
    private final String id;

    private RollUp(ItemScore itemScore, boolean dimensionWeights, Shape shape, Map<String, Double> itemWeights,
                   List<Component> components, String id) {
        this.itemScore = Objects.requireNonNull(itemScore, "itemScore");
        this.dimensionWeights = dimensionWeights;
        this.shape = shape;
        this.itemWeights = itemWeights;
        this.components = components;
        this.id = id;
    }

    /**
     * @param itemScore how items are scored
     * @return a roll-up over the instrument's hierarchy with equal weights at every level
     */
    public static RollUp of(ItemScore itemScore) {
        return new RollUp(itemScore, false, Shape.TREE, null, null, INDEX);
    }

    /**
     * SIPAS (Vietnam, Decisions 2640/QĐ-BNV 2017 and 1001/QĐ-BNV 2023): item = share of answers
     * 4-5 (at or above the scale's positive threshold) among valid answers; element = unweighted
     * mean of its items; aspect = mean of elements; index = mean of aspects (or elements).
     *
     * @return the configuration
     */
    public static RollUp sipas() {
        return of(ItemScore.POSITIVE);
    }

    /**
     * UN SDG 16.6.2: share positive per attribute (don't know / not applicable / refused out of
     * the denominator, counted), and their simple average.
     *
     * @return the configuration
     */
    public static RollUp sdg1662() {
        return of(ItemScore.POSITIVE);
    }

    /**
     * US OMB Circular A-11 §280: share agreeing (4-5 of 5) per item, averaged over the instrument's
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
        return new RollUp(ItemScore.MEAN_0_100, false, Shape.COMPOSITE, new LinkedHashMap<>(weights), null, INDEX);
    }

    /**
     * @param score the item score
     * @return a copy scoring items that way
     */
    public RollUp withItemScore(ItemScore score) {
        return new RollUp(score, dimensionWeights, shape, itemWeights, components, id);
    }

    /**
     * @param use whether dimensions are combined with their weights from the instrument (all
     *     siblings weighted, or none) rather than equally
     * @return a copy
     */
    public RollUp withDimensionWeights(boolean use) {
        return new RollUp(itemScore, use, shape, itemWeights, components, id);
    }

    /**
     * @param value the id of the top node (e.g. {@code sipas}); {@link #INDEX} by default
     * @return a copy
     */
    public RollUp withId(String value) {
        Objects.requireNonNull(value, "id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("the index id is blank");
        }
        return new RollUp(itemScore, dimensionWeights, shape, itemWeights, components, value);
    }

    /**
     * The index over the instrument's elements (dimensions of level element that hold rating items),
     * each the unweighted mean of the rating items at or below it, as SIPAS and SDG 16.6.2 publish.
     * Items outside every element are not part of it.
     *
     * @return a copy with that structure
     */
    public RollUp overElements() {
        return new RollUp(itemScore, false, Shape.ELEMENTS, null, null, id);
    }

    /**
     * The index over the instrument's dimensions given, each the unweighted mean of the rating items
     * at or below it.
     *
     * @param instrument the instrument
     * @param dimensionIds the components' dimensions
     * @return a copy with that structure
     * @throws IllegalArgumentException naming a dimension the instrument does not have
     */
    public RollUp overDimensions(Instrument instrument, List<String> dimensionIds) {
        Objects.requireNonNull(instrument, "instrument");
        List<Component> cs = new ArrayList<>();
        for (String d : dimensionIds) {
            if (instrument.dimension(d).isEmpty()) {
                throw new IllegalArgumentException("instrument " + instrument.id() + " has no dimension " + d);
            }
            cs.add(new Component(d, instrument.itemsOf(d).stream().map(RatingQuestion::id).toList()));
        }
        return overComponents(cs);
    }

    /**
     * The index over explicit components, each the unweighted mean of its items.
     *
     * @param value at least one component, no item twice
     * @return a copy with that structure
     */
    public RollUp overComponents(List<Component> value) {
        List<Component> cs = List.copyOf(value);
        if (cs.isEmpty()) {
            throw new IllegalArgumentException("index " + id + " has no components");
        }
        Set<String> seen = new HashSet<>();
        for (Component c : cs) {
            for (String i : c.items()) {
                if (!seen.add(i)) {
                    throw new IllegalArgumentException("index " + id + " uses item " + i + " twice");
                }
            }
        }
        return new RollUp(itemScore, false, Shape.COMPONENTS, null, cs, id);
    }

    /** @return the item score */
    public ItemScore itemScore() {
        return itemScore;
    }

    /** @return the id of the top node */
    public String id() {
        return id;
    }

    /**
     * @param instrument the instrument
     * @return the item variables of the index on that instrument, in estimation order
     */
    public List<String> items(Instrument instrument) {
        return List.copyOf(tree(instrument).items);
    }

    /**
     * The hierarchy above the items, for suppression: each node above items &rarr; its children's ids.
     *
     * @param instrument the instrument
     * @return node id &rarr; child ids, the top node last
     */
    public Map<String, List<String>> hierarchy(Instrument instrument) {
        Tree t = tree(instrument);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int n = 1; n <= t.ids.size(); n++) {
            int node = n % t.ids.size(); // the top node (0) last
            if (t.itemOf.get(node) < 0) {
                List<String> kids = new ArrayList<>();
                for (int c : t.children.get(node)) {
                    kids.add(t.ids.get(c));
                }
                if (!kids.equals(List.of(t.ids.get(node)))) { // a component that is its own only item is no line
                    out.put(t.ids.get(node), kids);
                }
            }
        }
        return out;
    }

    /** The tree: nodes in output order (parents before children), with children and weights. */
    private static final class Tree {
        final List<String> items = new ArrayList<>();
        final List<Statistic> statistics = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        final List<String> levels = new ArrayList<>();
        final List<int[]> children = new ArrayList<>();
        final List<double[]> weights = new ArrayList<>();
        final List<Integer> itemOf = new ArrayList<>(); // node -> item index or -1

        int addNode(String nodeId, String level, int item) {
            ids.add(nodeId);
            levels.add(level);
            children.add(new int[0]);
            weights.add(new double[0]);
            itemOf.add(item);
            return ids.size() - 1;
        }

        int addItem(String variable, Statistic statistic) {
            items.add(variable);
            statistics.add(statistic);
            return addNode(variable, "item", items.size() - 1);
        }

        void setChildren(int node, List<Integer> kids, List<Double> w) {
            children.set(node, kids.stream().mapToInt(Integer::intValue).toArray());
            weights.set(node, w.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    private Tree tree(Instrument instrument) {
        Objects.requireNonNull(instrument, "instrument");
        Tree t = new Tree();
        int top = t.addNode(id, "index", -1);
        List<Integer> kids = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        switch (shape) {
            case COMPOSITE:
                for (Map.Entry<String, Double> e : itemWeights.entrySet()) {
                    RatingQuestion q = instrument.ratingItems().stream().filter(r -> r.id().equals(e.getKey())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("composite item " + e.getKey()
                            + " is not a rating item of " + instrument.id()));
                    kids.add(t.addItem(q.id(), itemScore.statistic(q.id(), q.scale())));
                    w.add(e.getValue());
                }
                break;
            case TREE:
                List<Dimension> roots = instrument.rootDimensions();
                checkWeights(roots, "the index");
                for (Dimension d : roots) {
                    kids.add(addDimension(t, instrument, d));
                    w.add(weight(d));
                }
                for (RatingQuestion q : instrument.ratingItems()) {
                    if (q.dimension().isEmpty()) {
                        kids.add(t.addItem(q.id(), itemScore.statistic(q.id(), q.scale())));
                        w.add(1.0);
                    }
                }
                break;
            default:
                for (Component c : shape == Shape.ELEMENTS ? elements(instrument) : components) {
                    String level = instrument.dimension(c.id()).map(d -> d.level().name().toLowerCase(Locale.ROOT))
                        .orElse("component");
                    int node = t.addNode(c.id(), level, -1);
                    List<Integer> items = new ArrayList<>();
                    List<Double> ones = new ArrayList<>();
                    for (String i : c.items()) {
                        items.add(t.addItem(i, itemStatistic(instrument, i)));
                        ones.add(1.0);
                    }
                    t.setChildren(node, items, ones);
                    kids.add(node);
                    w.add(1.0);
                }
        }
        t.setChildren(top, kids, w);
        return t;
    }

    private static List<Component> elements(Instrument instrument) {
        List<Component> cs = new ArrayList<>();
        for (Dimension d : instrument.dimensions(DimensionLevel.ELEMENT)) {
            List<String> items = instrument.itemsOf(d.id()).stream().map(RatingQuestion::id).toList();
            if (!items.isEmpty()) {
                cs.add(new Component(d.id(), items));
            }
        }
        if (cs.isEmpty()) {
            throw new IllegalArgumentException("instrument " + instrument.id() + " has no element with rating items");
        }
        return cs;
    }

    /** The statistic of an item variable: a question with a scale, or a multiple choice's 0/1 option variable. */
    private Statistic itemStatistic(Instrument instrument, String variable) {
        int eq = variable.indexOf('=');
        if (eq >= 0) {
            if (!itemScore.isShare()) {
                throw new IllegalArgumentException("option variable " + variable + " can only be scored as a share, not "
                    + itemScore);
            }
            return Statistic.proportion(variable, 1);
        }
        return itemScore.statistic(variable, instrument.scaleOf(variable));
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

    private int addDimension(Tree t, Instrument instrument, Dimension d) {
        int node = t.addNode(d.id(), d.level().name().toLowerCase(Locale.ROOT), -1);
        List<Integer> kids = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        List<Dimension> subs = instrument.childrenOf(d.id());
        checkWeights(subs, "dimension " + d.id());
        for (Dimension s : subs) {
            kids.add(addDimension(t, instrument, s));
            w.add(weight(s));
        }
        for (RatingQuestion q : instrument.ratingItems()) {
            if (q.dimension().isPresent() && q.dimension().get().equals(d.id())) {
                kids.add(t.addItem(q.id(), itemScore.statistic(q.id(), q.scale())));
                w.add(1.0);
            }
        }
        t.setChildren(node, kids, w);
        return node;
    }

    /** Checks the data's variables against the instrument's ({@link SurveyVariables}), by name. */
    private static void checkVariables(Instrument instrument, Tree t, List<Variable> variables) {
        Map<String, Variable> expected = new LinkedHashMap<>();
        SurveyVariables.of(instrument).forEach(v -> expected.put(v.name(), v));
        for (String item : t.items) {
            Optional<Variable> have = variables.stream().filter(x -> x.name().equals(item)).findFirst();
            if (have.isEmpty()) {
                throw new IllegalArgumentException("no variable for item " + item + " in the data; build it with"
                    + " SurveyVariables.surveyData (or SurveyVariables.of(instrument) for statistics from SQL)");
            }
            Variable want = expected.get(item);
            if (want != null && !want.equals(have.get())) {
                throw new IllegalArgumentException("variable " + item + " is " + have.get() + " in the data; the instrument"
                    + " defines it as " + want);
            }
        }
    }

    /**
     * The roll-up over the whole sample.
     *
     * @param instrument the instrument (items, scales, dimensions)
     * @param stats statistics with the variables of {@link SurveyVariables#of(Instrument)}
     * @param estimator the estimator (confidence level, intervals)
     * @return every node's score
     */
    public RollUpResult evaluate(Instrument instrument, SufficientStatistics stats, Estimator estimator) {
        Tree t = tree(instrument);
        checkVariables(instrument, t, stats.variables());
        return result(t, estimator.estimate(stats, t.statistics));
    }

    /**
     * The roll-up in one domain of the statistics, on the full design (R's {@code svyby}).
     *
     * @param instrument the instrument
     * @param stats statistics with domains
     * @param domain the domain code
     * @param estimator the estimator
     * @return every node's score
     */
    public RollUpResult evaluate(Instrument instrument, SufficientStatistics stats, int domain, Estimator estimator) {
        Tree t = tree(instrument);
        checkVariables(instrument, t, stats.variables());
        return result(t, estimator.estimate(stats, inDomain(t.statistics, domain)));
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
        checkVariables(instrument, t, stats.variables());
        Map<Integer, RollUpResult> out = new LinkedHashMap<>();
        estimator.byDomain(stats, t.statistics).forEach((d, set) -> out.put(d, result(t, set)));
        return out;
    }

    /**
     * The roll-up over the whole sample from the mergeable sums of a replicate-weight design, every
     * node's standard error from the replicate covariance of the item scores.
     *
     * @param instrument the instrument
     * @param sums replicate sums with the variables of {@link SurveyVariables#of(Instrument)}
     * @param estimator the estimator
     * @return every node's score
     */
    public RollUpResult evaluate(Instrument instrument, ReplicateSums sums, Estimator estimator) {
        Tree t = tree(instrument);
        checkVariables(instrument, t, sums.variables());
        return result(t, estimator.estimate(sums, t.statistics));
    }

    /**
     * The roll-up in every domain of replicate sums (R's {@code svyby} on a replicate design).
     *
     * @param instrument the instrument
     * @param sums replicate sums with domains
     * @param estimator the estimator
     * @return per domain code, ascending, every node's score
     */
    public Map<Integer, RollUpResult> evaluateByDomain(Instrument instrument, ReplicateSums sums, Estimator estimator) {
        Tree t = tree(instrument);
        checkVariables(instrument, t, sums.variables());
        Map<Integer, RollUpResult> out = new LinkedHashMap<>();
        estimator.byDomain(sums, t.statistics).forEach((d, set) -> out.put(d, result(t, set)));
        return out;
    }

    /**
     * The roll-up from rows (any design, e.g. two-stage, calibrated or with replicate weights).
     *
     * @param instrument the instrument
     * @param data rows with the variables of {@link SurveyVariables#of(Instrument)}
     * @param domain a domain code, or {@code null} for all rows
     * @param estimator the estimator
     * @return every node's score
     */
    public RollUpResult evaluate(Instrument instrument, SurveyData data, Integer domain, Estimator estimator) {
        Tree t = tree(instrument);
        checkVariables(instrument, t, data.variables());
        return result(t, estimator.estimate(data, domain == null ? t.statistics : inDomain(t.statistics, domain)));
    }

    /**
     * The change of every node above the items between two domains (e.g. two periods),
     * {@code later − earlier}, estimated jointly so that its standard error has the covariance of
     * the two (R's {@code svycontrast} over {@code svyby}). Items without valid answers are left
     * out of each domain's node by the rule of the class comment, separately in each domain.
     *
     * @param instrument the instrument
     * @param stats statistics with both domains, cross-products or clusters
     * @param later domain code of the later period
     * @param earlier domain code of the earlier period
     * @param estimator the estimator
     * @return node id &rarr; change, the nodes below the top first, the top node last
     */
    public Map<String, Estimate> change(Instrument instrument, SufficientStatistics stats, int later, int earlier,
                                        Estimator estimator) {
        Tree t = tree(instrument);
        checkVariables(instrument, t, stats.variables());
        List<Statistic> both = new ArrayList<>(inDomain(t.statistics, later));
        both.addAll(inDomain(t.statistics, earlier));
        EstimateSet set = estimator.estimate(stats, both);
        int k = t.items.size();
        double[][] a = coefficients(t, defined(set, 0, k));
        double[][] b = coefficients(t, defined(set, k, k));
        Map<String, Estimate> out = new LinkedHashMap<>();
        for (int node = 1; node <= t.ids.size(); node++) {
            int n = node % t.ids.size(); // the top node (0) last
            if (t.itemOf.get(n) >= 0) {
                continue;
            }
            Estimate counts = set.linear(below(t, n, 2));
            if (a[n] == null || b[n] == null) {
                // nothing left in one of the periods: the change is undefined, its counts those of every item below
                out.put(t.ids.get(n), new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    counts.confidenceLevel(), counts.degreesOfFreedom(), counts.validN(), counts.excluded(), Double.NaN,
                    Double.NaN));
                continue;
            }
            double[] c = new double[2 * k];
            for (int i = 0; i < k; i++) {
                c[i] = a[n][i];
                c[k + i] = -b[n][i];
            }
            out.put(t.ids.get(n), set.linear(c));
        }
        return out;
    }

    private static List<Statistic> inDomain(List<Statistic> list, int domain) {
        List<Statistic> out = new ArrayList<>(list.size());
        for (Statistic s : list) {
            out.add(s.in(domain));
        }
        return out;
    }

    /**
     * Each node's coefficients over the items, with undefined items (and nodes left without
     * children) out and the weights of the others renormalised; {@code null} for a node with
     * nothing left.
     */
    private static double[][] coefficients(Tree t, boolean[] defined) {
        int k = t.items.size();
        int nodes = t.ids.size();
        double[][] coef = new double[nodes][];
        // children come after their parent: fill from the end
        for (int node = nodes - 1; node >= 0; node--) {
            int item = t.itemOf.get(node);
            if (item >= 0) {
                if (defined[item]) {
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
        return coef;
    }

    private static RollUpResult result(Tree t, EstimateSet set) {
        double[][] coef = coefficients(t, defined(set, 0, t.items.size()));
        List<IndexNode> out = new ArrayList<>();
        for (int node = 0; node < t.ids.size(); node++) {
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
                Estimate counts = set.linear(below(t, node, 1));
                e = coef[node] == null ? counts : set.linear(coef[node]);
                e = new Estimate(e.value(), e.standardError(), e.lower(), e.upper(), e.confidenceLevel(),
                    e.degreesOfFreedom(), counts.validN(), counts.excluded(), e.designEffect(), e.effectiveSampleSize());
            }
            out.add(new IndexNode(t.ids.get(node), t.levels.get(node), e, kids));
        }
        return new RollUpResult(out);
    }

    /** Which of the k estimates from {@code from} on are defined. */
    private static boolean[] defined(EstimateSet set, int from, int k) {
        boolean[] out = new boolean[k];
        for (int i = 0; i < k; i++) {
            out[i] = set.get(from + i).isDefined();
        }
        return out;
    }

    /** Coefficient 1 on every item below a node, in each of {@code blocks} blocks of the item list (one per domain). */
    private static double[] below(Tree t, int node, int blocks) {
        int k = t.items.size();
        double[] one = new double[k];
        markItems(t, node, one);
        double[] out = new double[blocks * k];
        for (int b = 0; b < blocks; b++) {
            System.arraycopy(one, 0, out, b * k, k);
        }
        return out;
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
