package org.civicsurvey.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Small-cell suppression: primary suppression of every cell with fewer than a minimum number of
 * respondents, then complementary suppression so no withheld cell can be recovered by subtraction.
 *
 * <p><b>Primary.</b> A cell with {@code 0 < n < minimumRespondents} is withheld ({@code n} = the
 * valid answers behind the value). A cell with {@code n = 0} has no value to protect and stays
 * (undefined). The default minimum is {@value #DEFAULT_MINIMUM} respondents; statistical agencies
 * use thresholds of this order, e.g. the U.S. Centers for Medicare &amp; Medicaid Services' cell
 * size suppression policy withholds every cell derived from 1 to 10 people (use
 * {@code withMinimumRespondents(11)} to follow it exactly).
 *
 * <p><b>Complementary.</b> Cells are tied by <em>lines</em>: sets of cells one of which follows
 * from the others (a margin and the levels it sums, e.g. the overall value and every province, for
 * the same item and measure; an element and its items; an index and its elements). Whenever a line
 * holds exactly one withheld cell, the published cell of that line with the fewest respondents
 * (ties: the first) is withheld too; this repeats until no line has exactly one withheld cell. Lines
 * within a table are found from the group keys: cells equal in item, category, measure and every
 * key but one, when that key's {@link GroupKey#ALL} margin is in the table; hierarchy lines are
 * given by the caller (aggregate id → component ids).
 *
 * <p>What this does not protect: combinations of several lines solved jointly (a full audit needs
 * linear programming, as tau-ARGUS does) and attribute disclosure inside a large cell (all of its
 * respondents giving the same answer).
 */
public final class Suppression {
    /** The default minimum number of respondents per published cell. */
    public static final int DEFAULT_MINIMUM = 10;

    private final int minimum;

    private Suppression(int minimum) {
        this.minimum = minimum;
    }

    /** @return suppression with the default minimum of {@value #DEFAULT_MINIMUM} respondents */
    public static Suppression withDefaults() {
        return new Suppression(DEFAULT_MINIMUM);
    }

    /** @return no suppression at all (minimum 0): for internal use of the numbers only */
    public static Suppression none() {
        return new Suppression(0);
    }

    /**
     * @param minimumRespondents the minimum respondents per published cell, 1..1,000,000 (0 = none)
     * @return a copy with that minimum
     */
    public Suppression withMinimumRespondents(int minimumRespondents) {
        if (minimumRespondents < 0 || minimumRespondents > 1_000_000) {
            throw new IllegalArgumentException("minimumRespondents is " + minimumRespondents + "; must be 0..1000000");
        }
        return new Suppression(minimumRespondents);
    }

    /** @return the minimum respondents per published cell */
    public int minimumRespondents() {
        return minimum;
    }

    /**
     * Applies primary and complementary suppression to a table.
     *
     * @param table the table
     * @param hierarchy aggregate item id → the item ids it combines (e.g. an element → its items); may be empty
     * @return the table with withheld cells replaced by {@link ReportCell#suppress()}
     */
    public ReportTable apply(ReportTable table, Map<String, List<String>> hierarchy) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(hierarchy, "hierarchy");
        List<ReportCell> cells = table.cells();
        int k = cells.size();
        boolean[] out = new boolean[k];
        for (int i = 0; i < k; i++) {
            long n = cells.get(i).n();
            out[i] = cells.get(i).suppressed() || n > 0 && n < minimum;
        }
        if (minimum > 0) {
            List<int[]> lines = lines(table, hierarchy);
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int[] line : lines) {
                    int withheld = 0;
                    for (int i : line) {
                        withheld += out[i] ? 1 : 0;
                    }
                    if (withheld != 1) {
                        continue;
                    }
                    int best = -1;
                    for (int i : line) {
                        if (!out[i] && (best < 0 || cells.get(i).n() < cells.get(best).n())) {
                            best = i;
                        }
                    }
                    if (best >= 0) {
                        out[best] = true;
                        changed = true;
                    }
                }
            }
        }
        List<ReportCell> result = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            result.add(out[i] && !cells.get(i).suppressed() ? cells.get(i).suppress() : cells.get(i));
        }
        return new ReportTable(table.id(), table.title(), table.chart(), table.groupings(), result);
    }

    /**
     * The lines of a table (see the class comment), as index sets into its cells.
     *
     * @param table the table
     * @param hierarchy aggregate → components
     * @return the lines, each with at least two cells
     */
    public static List<int[]> lines(ReportTable table, Map<String, List<String>> hierarchy) {
        List<ReportCell> cells = table.cells();
        List<int[]> lines = new ArrayList<>();
        int g = table.groupings().size();
        for (int free = 0; free < g; free++) {
            Map<String, List<Integer>> byRest = new LinkedHashMap<>();
            Map<String, Boolean> hasMargin = new HashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                ReportCell c = cells.get(i);
                StringBuilder key = new StringBuilder(c.item()).append('\u0000').append(c.category()).append('\u0000')
                    .append(c.measure());
                for (int h = 0; h < g; h++) {
                    if (h != free) {
                        key.append('\u0000').append(c.groups().get(h).level());
                    }
                }
                String s = key.toString();
                byRest.computeIfAbsent(s, x -> new ArrayList<>()).add(i);
                if (c.groups().get(free).isAll()) {
                    hasMargin.put(s, true);
                }
            }
            for (Map.Entry<String, List<Integer>> e : byRest.entrySet()) {
                if (hasMargin.getOrDefault(e.getKey(), false) && e.getValue().size() >= 2) {
                    lines.add(e.getValue().stream().mapToInt(Integer::intValue).toArray());
                }
            }
        }
        if (!hierarchy.isEmpty()) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                index.put(cellKey(cells.get(i), cells.get(i).item()), i);
            }
            for (int i = 0; i < cells.size(); i++) {
                ReportCell c = cells.get(i);
                List<String> parts = hierarchy.get(c.item());
                if (parts == null) {
                    continue;
                }
                List<Integer> line = new ArrayList<>();
                line.add(i);
                for (String p : parts) {
                    Integer j = index.get(cellKey(c, p));
                    if (j != null) {
                        line.add(j);
                    }
                }
                if (line.size() >= 2) {
                    lines.add(line.stream().mapToInt(Integer::intValue).toArray());
                }
            }
        }
        return lines;
    }

    private static String cellKey(ReportCell c, String item) {
        StringBuilder key = new StringBuilder(item).append('\u0000').append(c.category()).append('\u0000').append(c.measure());
        for (GroupKey k : c.groups()) {
            key.append('\u0000').append(k.level());
        }
        return key.toString();
    }

    @Override
    public String toString() {
        return "Suppression[minimumRespondents=" + minimum + "]";
    }
}
