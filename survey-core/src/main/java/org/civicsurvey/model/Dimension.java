package org.civicsurvey.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A node of the dimension hierarchy (aspect &rarr; element &rarr; criterion).
 *
 * <p>A dimension's parent, when present, is of a broader level: an element's parent is an aspect,
 * a criterion's parent an element or an aspect. Levels may be skipped at the top (SIPAS 2017 has
 * elements without an aspect). The optional weight is relative to the siblings; methods that
 * combine dimensions normalise the weights of the siblings present to sum to 1, and use equal
 * weights when none is given.
 *
 * @param id the id, unique among the instrument's dimensions
 * @param level the level
 * @param parent the parent's id, or empty for a root
 * @param name the name, never empty
 * @param weight the weight, positive and finite, or empty
 */
public record Dimension(String id, DimensionLevel level, Optional<String> parent, LocalizedText name, OptionalDouble weight) {
    /**
     * Validates the dimension, reporting every problem.
     *
     * @param id the id
     * @param level the level
     * @param parent the parent's id
     * @param name the name
     * @param weight the weight
     */
    public Dimension {
        Violations v = new Violations();
        v.id("id", id);
        if (level == null) {
            v.add("level", "is missing");
        }
        if (parent == null) {
            v.add("parent", "is missing (use Optional.empty())");
        } else if (parent.isPresent()) {
            v.id("parent", parent.get());
            if (parent.get().equals(id)) {
                v.add("parent", "dimension " + Ids.quote(id) + " is its own parent");
            }
            if (level == DimensionLevel.ASPECT) {
                v.add("parent", "an aspect has no parent, but " + Ids.quote(id) + " names " + Ids.quote(parent.get()));
            }
        }
        if (name == null) {
            v.add("name", "is missing");
        } else if (name.isEmpty()) {
            v.add("name", "dimension name is empty");
        }
        if (weight == null) {
            v.add("weight", "is missing (use OptionalDouble.empty())");
        } else if (weight.isPresent() && !(weight.getAsDouble() > 0 && Double.isFinite(weight.getAsDouble()))) {
            v.add("weight", "weight " + weight.getAsDouble() + " is not a positive finite number");
        }
        v.throwIfAny();
    }

    /**
     * A root dimension without weight.
     *
     * @param id the id
     * @param level the level
     * @param name the name
     * @return the dimension
     */
    public static Dimension of(String id, DimensionLevel level, LocalizedText name) {
        return new Dimension(id, level, Optional.empty(), name, OptionalDouble.empty());
    }

    /**
     * A dimension under a parent, without weight.
     *
     * @param id the id
     * @param level the level
     * @param parent the parent's id
     * @param name the name
     * @return the dimension
     */
    public static Dimension of(String id, DimensionLevel level, String parent, LocalizedText name) {
        return new Dimension(id, level, Optional.of(parent), name, OptionalDouble.empty());
    }

    /**
     * This dimension with a weight.
     *
     * @param w the weight, positive and finite
     * @return the changed dimension
     */
    public Dimension withWeight(double w) {
        return new Dimension(id, level, parent, name, OptionalDouble.of(w));
    }
}
