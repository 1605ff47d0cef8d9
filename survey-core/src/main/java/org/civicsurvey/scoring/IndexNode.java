package org.civicsurvey.scoring;

import java.util.List;
import java.util.Objects;
import org.civicsurvey.stats.Estimate;

/**
 * One node of a satisfaction roll-up: the index, an aspect, element or criterion of the
 * instrument's dimension hierarchy, or an item.
 *
 * @param id the dimension or question id ({@code "index"} for the top)
 * @param level {@code "index"}, {@code "aspect"}, {@code "element"}, {@code "criterion"} or {@code "item"}
 * @param estimate the node's score with its standard error; for a node its valid and excluded
 *     counts are the sums over the items it combines
 * @param children ids of the child nodes whose scores it averages (items have none)
 */
public record IndexNode(String id, String level, Estimate estimate, List<String> children) {
    /** Validates and copies. */
    public IndexNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(estimate, "estimate");
        children = List.copyOf(children);
    }
}
