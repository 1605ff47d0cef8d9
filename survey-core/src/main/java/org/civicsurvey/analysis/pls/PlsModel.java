package org.civicsurvey.analysis.pls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A PLS path model: blocks of items measuring constructs (the outer model) and directed paths
 * between constructs (the inner model).
 *
 * <p>A valid model has at least two constructs; each construct has at least one item (a one-item
 * block is allowed: its weight and loading are 1); an item belongs to one block only; paths join
 * existing, distinct constructs, at most once; the paths form no cycle (a recursive model), and
 * every construct takes part in at least one path. {@link Builder#build()} reports any violation
 * with an {@link IllegalArgumentException} naming the constructs.
 */
public final class PlsModel {
    private final List<String> constructs;
    private final List<Mode> modes;
    private final List<List<String>> blocks;
    private final List<String> items;
    private final List<Path> paths;
    private final Map<String, Integer> constructIndex;
    private final Map<String, Integer> itemIndex;

    /**
     * A directed path of the inner model.
     *
     * @param from the predecessor construct
     * @param to the successor construct
     */
    public record Path(String from, String to) {
        /** Validates. */
        public Path {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    private PlsModel(List<String> constructs, List<Mode> modes, List<List<String>> blocks, List<Path> paths) {
        this.constructs = List.copyOf(constructs);
        this.modes = List.copyOf(modes);
        List<List<String>> copied = new ArrayList<>();
        for (List<String> b : blocks) {
            copied.add(List.copyOf(b));
        }
        this.blocks = List.copyOf(copied);
        this.paths = List.copyOf(paths);
        List<String> all = new ArrayList<>();
        this.blocks.forEach(all::addAll);
        this.items = List.copyOf(all);
        Map<String, Integer> ci = new HashMap<>();
        for (int j = 0; j < constructs.size(); j++) {
            ci.put(constructs.get(j), j);
        }
        this.constructIndex = Map.copyOf(ci);
        Map<String, Integer> ii = new HashMap<>();
        for (int k = 0; k < items.size(); k++) {
            ii.put(items.get(k), k);
        }
        this.itemIndex = Map.copyOf(ii);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the constructs, in the order they were declared */
    public List<String> constructs() {
        return constructs;
    }

    /** @return every item, block after block: the column order that fitting expects */
    public List<String> items() {
        return items;
    }

    /** @return the paths, in the order they were declared */
    public List<Path> paths() {
        return paths;
    }

    /**
     * @param construct a construct
     * @return its block's items
     */
    public List<String> items(String construct) {
        return blocks.get(constructIndex(construct));
    }

    /**
     * @param construct a construct
     * @return its block's mode
     */
    public Mode mode(String construct) {
        return modes.get(constructIndex(construct));
    }

    int constructIndex(String construct) {
        Integer j = constructIndex.get(construct);
        if (j == null) {
            throw new NoSuchElementException("no construct '" + construct + "' in the model; constructs are " + constructs);
        }
        return j;
    }

    int itemIndex(String item) {
        Integer k = itemIndex.get(item);
        if (k == null) {
            throw new NoSuchElementException("no item '" + item + "' in the model; items are " + items);
        }
        return k;
    }

    /** @return {@code d[i][j]} true when there is a path i → j */
    boolean[][] adjacency() {
        int m = constructs.size();
        boolean[][] d = new boolean[m][m];
        for (Path p : paths) {
            d[constructIndex.get(p.from())][constructIndex.get(p.to())] = true;
        }
        return d;
    }

    /** @return for each item, the index of its construct */
    int[] blockOf() {
        int[] b = new int[items.size()];
        int k = 0;
        for (int j = 0; j < blocks.size(); j++) {
            for (int c = 0; c < blocks.get(j).size(); c++) {
                b[k++] = j;
            }
        }
        return b;
    }

    List<Mode> modes() {
        return modes;
    }

    @Override
    public String toString() {
        return "PlsModel" + constructs + " paths " + paths;
    }

    /** Collects blocks and paths; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Mode> modes = new LinkedHashMap<>();
        private final Map<String, List<String>> blocks = new LinkedHashMap<>();
        private final List<Path> paths = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a reflective (mode A) block.
         *
         * @param construct the construct's name
         * @param items its items
         * @return this builder
         */
        public Builder reflective(String construct, String... items) {
            return block(construct, Mode.A, List.of(items));
        }

        /**
         * Adds a formative (mode B) block.
         *
         * @param construct the construct's name
         * @param items its items
         * @return this builder
         */
        public Builder formative(String construct, String... items) {
            return block(construct, Mode.B, List.of(items));
        }

        /**
         * Adds a block.
         *
         * @param construct the construct's name
         * @param mode how its weights are estimated
         * @param items its items
         * @return this builder
         */
        public Builder block(String construct, Mode mode, List<String> items) {
            Objects.requireNonNull(construct, "construct");
            Objects.requireNonNull(mode, "mode");
            if (construct.isBlank()) {
                throw new IllegalArgumentException("construct name must not be blank");
            }
            if (blocks.containsKey(construct)) {
                throw new IllegalArgumentException("construct '" + construct + "' is declared twice");
            }
            List<String> copy = List.copyOf(items);
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("construct '" + construct + "' has no items; a block needs at least one");
            }
            modes.put(construct, mode);
            blocks.put(construct, copy);
            return this;
        }

        /**
         * Adds a path.
         *
         * @param from the predecessor construct
         * @param to the successor construct
         * @return this builder
         */
        public Builder path(String from, String to) {
            paths.add(new Path(from, to));
            return this;
        }

        /**
         * Validates and builds the model.
         *
         * @return the model
         * @throws IllegalArgumentException naming what is wrong
         */
        public PlsModel build() {
            if (blocks.size() < 2) {
                throw new IllegalArgumentException("a path model needs at least 2 constructs, got " + blocks.keySet());
            }
            Set<String> seenItems = new HashSet<>();
            for (Map.Entry<String, List<String>> e : blocks.entrySet()) {
                for (String item : e.getValue()) {
                    if (item.isBlank()) {
                        throw new IllegalArgumentException("construct '" + e.getKey() + "' has a blank item name");
                    }
                    if (!seenItems.add(item)) {
                        throw new IllegalArgumentException("item '" + item + "' appears in more than one block (again in '"
                                + e.getKey() + "'); an item measures one construct");
                    }
                }
            }
            Set<Path> seenPaths = new HashSet<>();
            for (Path p : paths) {
                for (String end : List.of(p.from(), p.to())) {
                    if (!blocks.containsKey(end)) {
                        throw new IllegalArgumentException("path " + p.from() + " -> " + p.to() + " names unknown construct '"
                                + end + "'; constructs are " + blocks.keySet());
                    }
                }
                if (p.from().equals(p.to())) {
                    throw new IllegalArgumentException("path " + p.from() + " -> " + p.to() + " is a loop");
                }
                if (!seenPaths.add(p)) {
                    throw new IllegalArgumentException("path " + p.from() + " -> " + p.to() + " is declared twice");
                }
            }
            List<String> names = new ArrayList<>(blocks.keySet());
            for (String c : names) {
                boolean connected = paths.stream().anyMatch(p -> p.from().equals(c) || p.to().equals(c));
                if (!connected) {
                    throw new IllegalArgumentException("construct '" + c + "' is not connected: it is in no path");
                }
            }
            PlsModel model = new PlsModel(names, new ArrayList<>(modes.values()), new ArrayList<>(blocks.values()), paths);
            List<String> cycle = findCycle(model.adjacency(), names);
            if (!cycle.isEmpty()) {
                throw new IllegalArgumentException("the inner model has a cycle " + String.join(" -> ", cycle)
                        + "; PLS path models must be recursive (acyclic)");
            }
            return model;
        }

        private static List<String> findCycle(boolean[][] d, List<String> names) {
            int m = d.length;
            int[] state = new int[m];
            int[] parent = new int[m];
            for (int s = 0; s < m; s++) {
                if (state[s] == 0) {
                    List<String> c = dfs(s, d, state, parent, names);
                    if (!c.isEmpty()) {
                        return c;
                    }
                }
            }
            return List.of();
        }

        private static List<String> dfs(int u, boolean[][] d, int[] state, int[] parent, List<String> names) {
            state[u] = 1;
            for (int v = 0; v < d.length; v++) {
                if (!d[u][v]) {
                    continue;
                }
                if (state[v] == 1) {
                    List<String> cycle = new ArrayList<>();
                    cycle.add(names.get(v));
                    List<String> back = new ArrayList<>();
                    for (int x = u; x != v; x = parent[x]) {
                        back.add(0, names.get(x));
                    }
                    cycle.addAll(back);
                    cycle.add(names.get(v));
                    return cycle;
                }
                if (state[v] == 0) {
                    parent[v] = u;
                    List<String> c = dfs(v, d, state, parent, names);
                    if (!c.isEmpty()) {
                        return c;
                    }
                }
            }
            state[u] = 2;
            return List.of();
        }
    }
}
