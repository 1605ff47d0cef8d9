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
     * @param id a node id
     * @return the items at or below that node (the node itself when it is an item), in order
     * @throws IllegalArgumentException if there is no such node
     */
    public List<IndexNode> itemsBelow(String id) {
        IndexNode node = node(id).orElseThrow(() -> new IllegalArgumentException("no node " + id + " in the roll-up"));
        List<IndexNode> out = new java.util.ArrayList<>();
        collect(node, out);
        return out;
    }

    private void collect(IndexNode node, List<IndexNode> out) {
        if (node.level().equals("item")) {
            out.add(node);
            return;
        }
        for (String c : node.children()) {
            // a child id can equal its parent's only for items that are components of the top node
            nodes.stream().filter(n -> n.id().equals(c) && n != node).findFirst().ifPresent(n -> collect(n, out));
        }
    }

    /**
     * @param level {@code "index"}, {@code "aspect"}, {@code "element"}, {@code "criterion"} or {@code "item"}
     * @return the nodes of that level, in order
     */
    public List<IndexNode> level(String level) {
        return nodes.stream().filter(n -> n.level().equals(level)).toList();
    }
}
