package org.civicsurvey.scoring;

import java.util.List;
import java.util.Optional;

/**
 * The output of a {@link RollUp}: every node from the index down to the items.
 *
 * @param nodes the index first, then dimensions depth-first, then items
 */
public record RollUpResult(List<IndexNode> nodes) {
    /** Validates and copies. */
    public RollUpResult {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty() || !nodes.get(0).level().equals("index")) {
            throw new IllegalArgumentException("a roll-up result starts with its index node");
        }
    }

    /** @return the top node */
    public IndexNode index() {
        return nodes.get(0);
    }

    /**
     * @param id a dimension or question id, or {@code "index"}
     * @return the node
     */
    public Optional<IndexNode> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /**
     * @param level {@code "index"}, {@code "aspect"}, {@code "element"}, {@code "criterion"} or {@code "item"}
     * @return the nodes of that level, in order
     */
    public List<IndexNode> level(String level) {
        return nodes.stream().filter(n -> n.level().equals(level)).toList();
    }
}
