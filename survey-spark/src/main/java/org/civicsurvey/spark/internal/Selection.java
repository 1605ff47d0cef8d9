package org.civicsurvey.spark.internal;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.columnar.CachedRDDBuilder;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.civicsurvey.stats.Variable;

/**
 * The columns that a frame's statistics read, as a DataFrame that Spark plans once (analysis,
 * optimization, the physical plan: some 20 ms a call), and what to do with each row ({@link Plan}).
 * A frame keeps its last selection and uses it again for the same variables while the selection
 * scans a cache that is still loaded: the plan is then the one Spark would make again. Once the
 * cache is dropped ({@code unpersist}) or replaced (a refresh of what it caches), the frame selects
 * and plans anew, as Spark plans a new query; a selection that does not scan a cache is never used
 * again (a file listing, a table's version, a cache made later are seen by planning anew).
 */
public final class Selection {
    private final List<Variable> variables;
    private final Dataset<Row> columns;
    private final Plan plan;
    /** The cache the selection scans, or null. */
    private final CachedRDDBuilder cache;

    private Selection(List<Variable> variables, Dataset<Row> columns, Plan plan, CachedRDDBuilder cache) {
        this.variables = variables;
        this.columns = columns;
        this.plan = plan;
        this.cache = cache;
    }

    /**
     * @param variables the variables, in the plan's order
     * @param columns the selected columns, in the order of {@code plan}'s positions
     * @param plan what to read from each row and where to add it
     * @return the selection (planned by Spark here, as the sums would plan it)
     */
    public static Selection of(List<Variable> variables, Dataset<Row> columns, Plan plan) {
        SparkPlan scan = PartitionSums.batchScan(columns, plan);
        CachedRDDBuilder cache = scan instanceof InMemoryTableScanExec ? ((InMemoryTableScanExec) scan).relation().cacheBuilder()
            : null;
        return new Selection(List.copyOf(variables), columns, plan, cache);
    }

    /**
     * @param variables the variables of a new call
     * @return whether that call may use this selection: the same variables, and a cache scanned
     *     that is still loaded
     */
    public boolean reusableFor(List<Variable> variables) {
        return cache != null && cache.isCachedColumnBuffersLoaded() && this.variables.equals(variables);
    }

    /** @return the sums of the selected rows */
    public CellSums sum() {
        return PartitionSums.sum(columns, plan);
    }
}
