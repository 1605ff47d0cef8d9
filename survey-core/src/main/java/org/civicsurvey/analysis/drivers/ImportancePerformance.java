package org.civicsurvey.analysis.drivers;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.civicsurvey.analysis.pls.PlsResult;

/**
 * Importance–performance analysis (Martilla and James 1977): each attribute is placed by its
 * performance (e.g. its 0–100 index or mean rating) and its importance (stated importance items, or
 * importance derived from a {@link DriverResult}) in one of four {@link Quadrant}s, divided by a
 * cross-hair on each axis (the attributes' mean, a scale midpoint or any given value).
 *
 * <p>Ties: a value exactly on a cross-hair counts as high on that axis, so an attribute on both
 * lines is in {@link Quadrant#KEEP_UP_THE_GOOD_WORK}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ImportancePerformance {
    /** A derived importance measure taken from a driver analysis. */
    public enum Measure {
        /** Pearson correlation with the outcome. */
        PEARSON(d -> d.pearson().estimate()),
        /** Spearman correlation with the outcome. */
        SPEARMAN(d -> d.spearman().estimate()),
        /** Standardised regression coefficient. */
        BETA(d -> d.beta().estimate()),
        /** Shapley / LMG share of R². */
        LMG(DriverStatistics::lmg),
        /** Johnson's relative weight. */
        RELATIVE_WEIGHT(DriverStatistics::relativeWeight);

        private final ToDoubleFunction<DriverStatistics> value;

        Measure(ToDoubleFunction<DriverStatistics> value) {
            this.value = value;
        }

        /**
         * @param driver a driver's statistics
         * @return this measure's value
         */
        public double of(DriverStatistics driver) {
            return value.applyAsDouble(driver);
        }
    }

    /**
     * An attribute to place.
     *
     * @param name its name
     * @param performance its performance, finite
     * @param importance its importance, finite
     */
    public record Attribute(String name, double performance, double importance) {
        /** Validates. */
        public Attribute {
            Objects.requireNonNull(name, "name");
            if (!Double.isFinite(performance) || !Double.isFinite(importance)) {
                throw new IllegalArgumentException("attribute '" + name + "': performance " + performance
                        + " and importance " + importance + " must be finite");
            }
        }
    }

    /**
     * An attribute with its quadrant.
     *
     * @param attribute the attribute
     * @param quadrant its quadrant
     */
    public record Placement(Attribute attribute, Quadrant quadrant) {
        /** Validates. */
        public Placement {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(quadrant, "quadrant");
        }
    }

    /**
     * The grid.
     *
     * @param performanceLine where the performance axis is divided
     * @param importanceLine where the importance axis is divided
     * @param placements one per attribute, in the order given
     */
    public record Grid(double performanceLine, double importanceLine, List<Placement> placements) {
        /** Validates and copies. */
        public Grid {
            placements = List.copyOf(placements);
        }

        /**
         * @param quadrant a quadrant
         * @return the attributes in it, in the order given
         */
        public List<Attribute> in(Quadrant quadrant) {
            return placements.stream().filter(p -> p.quadrant() == quadrant).map(Placement::attribute).toList();
        }

        /** @return the number of attributes per quadrant (every quadrant present, possibly 0) */
        public Map<Quadrant, Integer> counts() {
            Map<Quadrant, Integer> m = new EnumMap<>(Quadrant.class);
            for (Quadrant q : Quadrant.values()) {
                m.put(q, in(q).size());
            }
            return m;
        }
    }

    private final CrossHair performance;
    private final CrossHair importance;

    private ImportancePerformance(CrossHair performance, CrossHair importance) {
        this.performance = Objects.requireNonNull(performance, "performance cross-hair");
        this.importance = Objects.requireNonNull(importance, "importance cross-hair");
    }

    /** @return an analysis with both cross-hairs at the attributes' means */
    public static ImportancePerformance atMeans() {
        return new ImportancePerformance(CrossHair.mean(), CrossHair.mean());
    }

    /**
     * @param performance the performance cross-hair
     * @param importance the importance cross-hair
     * @return an analysis with these cross-hairs
     */
    public static ImportancePerformance of(CrossHair performance, CrossHair importance) {
        return new ImportancePerformance(performance, importance);
    }

    /**
     * Places the attributes.
     *
     * @param attributes at least one, with distinct names
     * @return the grid
     */
    public Grid analyze(List<Attribute> attributes) {
        List<Attribute> list = List.copyOf(attributes);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("importance-performance analysis needs at least one attribute, got 0");
        }
        Set<String> names = new HashSet<>();
        for (Attribute a : list) {
            if (!names.add(a.name())) {
                throw new IllegalArgumentException("attribute '" + a.name() + "' appears twice");
            }
        }
        double[] perf = list.stream().mapToDouble(Attribute::performance).toArray();
        double[] imp = list.stream().mapToDouble(Attribute::importance).toArray();
        double pLine = performance.position(perf);
        double iLine = importance.position(imp);
        List<Placement> placements = new ArrayList<>(list.size());
        for (Attribute a : list) {
            placements.add(new Placement(a, Quadrant.of(a.importance() >= iLine, a.performance() >= pLine)));
        }
        return new Grid(pLine, iLine, placements);
    }

    /**
     * The ACSI priority matrix of a PLS model: one attribute per construct with a directed route to
     * {@code target}, with performance its 0–100 index and importance its impact on the target (the
     * change in the target's score for a 5-point gain, {@link PlsResult#impact(String, String)}).
     *
     * @param result a fitted PLS model
     * @param target the target construct, e.g. satisfaction
     * @return the attributes, in the model's construct order
     */
    public static List<Attribute> impacts(PlsResult result, String target) {
        List<Attribute> list = new ArrayList<>();
        for (String c : result.model().constructs()) {
            if (!c.equals(target) && result.totalEffect(c, target) != 0) {
                list.add(new Attribute(c, result.index(c), result.impact(c, target)));
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no construct has a route to '" + target + "'");
        }
        return list;
    }

    /**
     * Attributes with importance derived from a driver analysis.
     *
     * @param drivers the driver analysis
     * @param measure which importance to use
     * @param performance performance per driver name; every driver of the analysis must have one
     * @return the attributes, in the analysis's driver order
     */
    public static List<Attribute> derived(DriverResult drivers, Measure measure, Map<String, Double> performance) {
        Objects.requireNonNull(measure, "measure");
        List<Attribute> list = new ArrayList<>();
        for (DriverStatistics d : drivers.drivers()) {
            Double p = performance.get(d.name());
            if (p == null) {
                throw new IllegalArgumentException("no performance value for driver '" + d.name() + "'; given for "
                        + performance.keySet());
            }
            list.add(new Attribute(d.name(), p, measure.of(d)));
        }
        return list;
    }
}
