package org.civicsurvey.spark.internal;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.columnar.DefaultCachedBatchSerializer;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The sufficient statistics as one Spark job over the selected columns: each task adds its
 * partition's rows into one {@link CellSums}. When the scan under the selection produces Spark's
 * column batches (a cached DataFrame, Parquet or ORC files) and every selected column is of a
 * primitive type, the tasks read the batches column by column, so no row is assembled; otherwise
 * they read rows as Spark holds them ({@code InternalRow}, with primitive getters, so no row is
 * converted to a {@code Row} and no value is boxed). With few partitions ({@value #DIRECT} or
 * fewer), or in Spark's local mode, the tasks' buffers come to the driver and are added there as
 * each task finishes, as {@code treeReduce} would do with so few (its tree has no middle level
 * below six); the job is then submitted with plain function objects, which Spark's closure cleaner
 * leaves alone, rather than the Java API's wrapped closures, whose byte code it reads on every call.
 * With more partitions on a cluster, the buffers are added cell by cell in a tree
 * ({@code treeReduce}), so the driver receives a few buffers however many partitions there are.
 * Buffers travel between JVMs by Java serialization of their filled arrays only; a task that runs in
 * the driver's JVM (local mode) leaves its buffer there ({@link LocalHandoff}) rather than
 * serializing it, so its several megabytes neither go through Spark's block manager (where results
 * above {@code spark.task.maxDirectResultSize}, 1 MB by default, are sent) nor are copied.
 */
public final class PartitionSums {
    /** The most partitions whose buffers are added on the driver without a middle level. */
    static final int DIRECT = 5;
    private static final int TREE_DEPTH = 2;
    /** Spark's setting that lets a cached DataFrame be read as column batches (default true). */
    private static final String CACHE_BATCHES = "spark.sql.inMemoryColumnarStorage.enableVectorizedReader";

    private PartitionSums() {
    }

    /**
     * @param columns the selected columns, in the order of {@code plan}'s positions
     * @param plan what to read from each row and where to add it
     * @return the sums of all rows (no cells when there are none)
     */
    public static CellSums sum(Dataset<Row> columns, Plan plan) {
        return sum(columns, plan, true);
    }

    /**
     * @param handOff whether tasks that run in the driver's JVM (local mode) leave their buffers
     *     there; false sends them through Spark as on a cluster (tests of those paths)
     */
    static CellSums sum(Dataset<Row> columns, Plan plan, boolean handOff) {
        SparkPlan scan = batchScan(columns, plan);
        if (scan == null) {
            return sum(columns.queryExecution().toRdd(), plan, Input.ROWS, handOff);
        }
        return sum(scan.executeColumnar(), plan, freshBatches(scan) ? Input.FRESH_BATCHES : Input.BATCHES, handOff);
    }

    /** What a task reads: rows, or column batches that it may release once read, or not. */
    enum Input {
        ROWS, BATCHES,
        /**
         * Batches made for the task alone, which it releases once read: a cache's batches, each
         * decoded into new column vectors that Spark would otherwise keep until the task ends.
         */
        FRESH_BATCHES
    }

    private static <T> CellSums sum(RDD<T> input, Plan plan, Input reads, boolean handOff) {
        int partitions = input.getNumPartitions();
        if (partitions == 0) {
            return new CellSums(plan);
        }
        SparkContext spark = input.sparkContext();
        boolean local = handOff && spark.isLocal();
        if (partitions > DIRECT && !local) {
            return input.toJavaRDD().mapPartitions(new AddPartition<T>(plan, reads)).treeReduce(new AddBuffers(), TREE_DEPTH);
        }
        String token = local ? LocalHandoff.open() : null;
        try {
            AddResults results = new AddResults(token);
            spark.runJob(input, new SumPartition<T>(plan, reads, token), results, ClassTag$.MODULE$.apply(TaskSums.class));
            return results.total;
        } finally {
            if (token != null) {
                LocalHandoff.close(token);
            }
        }
    }

    /**
     * The scan that produces the selected columns as column batches, or null when they are read as
     * rows: every selected column is of a primitive type and {@link #batchScan(Dataset)} finds a
     * scan that produces batches of exactly these columns, in this order.
     */
    static SparkPlan batchScan(Dataset<Row> columns, Plan plan) {
        if (!plan.primitive()) {
            return null;
        }
        SparkPlan scan = batchScan(columns);
        if (scan == null || scan.output().size() != plan.columnNames.length) {
            return null;
        }
        for (int c = 0; c < plan.columnNames.length; c++) {
            if (!scan.output().apply(c).name().equals(plan.columnNames[c])) {
                return null;
            }
        }
        return scan;
    }

    /**
     * Whether the scan's batches are new for each batch of rows: a cache read by Spark's default
     * serializer of cached data, which decodes every cached batch into new column vectors (file
     * readers reuse one batch; another cache serializer may too).
     */
    static boolean freshBatches(SparkPlan scan) {
        return scan instanceof InMemoryTableScanExec
            && ((InMemoryTableScanExec) scan).relation().cacheBuilder().serializer() instanceof DefaultCachedBatchSerializer;
    }

    /**
     * The scan that produces a selection's rows as column batches, or null: the physical plan of the
     * selection is such a scan under Spark's conversion of batches to rows (a cached DataFrame of
     * primitive columns, Parquet, ORC), or a scan of a cached DataFrame without a filter. Spark
     * reads the latter as rows when any column of the cached DataFrame, selected or not, is of a
     * non-primitive type (a string, say), though it decodes only the selected columns into batches;
     * it is read as batches here unless {@value #CACHE_BATCHES} is false.
     */
    static SparkPlan batchScan(Dataset<Row> columns) {
        SparkPlan scan = columns.queryExecution().executedPlan();
        if (scan instanceof WholeStageCodegenExec) {
            scan = ((WholeStageCodegenExec) scan).child();
        }
        if (scan instanceof ColumnarToRowExec) {
            scan = ((ColumnarToRowExec) scan).child();
            return scan.supportsColumnar() ? scan : null;
        }
        boolean cached = scan instanceof InMemoryTableScanExec && ((InMemoryTableScanExec) scan).predicates().isEmpty();
        return cached && Boolean.parseBoolean(columns.sparkSession().conf().get(CACHE_BATCHES, "true")) ? scan : null;
    }

    /** Adds the smaller buffer's cells into the larger. */
    static CellSums add(CellSums a, CellSums b) {
        return a.cells >= b.cells ? a.addAll(b) : b.addAll(a);
    }

    /**
     * A partition's rows, or batches of rows, into one buffer; fresh batches are closed once read,
     * so their column vectors are garbage at once rather than live (and copied by each collection)
     * until the task ends, when Spark closes them again, which does nothing more.
     */
    static CellSums sumPartition(Plan plan, Iterator<?> input, Input reads) {
        CellSums sums = new CellSums(plan);
        while (input.hasNext()) {
            if (reads == Input.ROWS) {
                sums.add((InternalRow) input.next());
            } else {
                ColumnarBatch batch = (ColumnarBatch) input.next();
                sums.add(batch);
                if (reads == Input.FRESH_BATCHES) {
                    batch.close();
                }
            }
        }
        sums.flush();
        return sums;
    }

    /**
     * A task's result: its buffer, or none when the task left it in the driver's JVM
     * ({@link LocalHandoff}).
     */
    static final class TaskSums implements Serializable {
        private static final long serialVersionUID = 1L;
        final CellSums sums;

        TaskSums(CellSums sums) {
            this.sums = sums;
        }
    }

    /**
     * A partition into one buffer, as the task's result, left in the driver's JVM when the task runs
     * there and the job has a token (none: always returned through Spark).
     */
    private static final class SumPartition<T> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, TaskSums>
        implements Serializable {
        private static final long serialVersionUID = 3L;
        private final Plan plan;
        private final Input reads;
        private final String token;

        SumPartition(Plan plan, Input reads, String token) {
            this.plan = plan;
            this.reads = reads;
            this.token = token;
        }

        @Override
        public TaskSums apply(TaskContext task, scala.collection.Iterator<T> input) {
            CellSums sums = sumPartition(plan, new Iterator<T>() {
                @Override
                public boolean hasNext() {
                    return input.hasNext();
                }

                @Override
                public T next() {
                    return input.next();
                }
            }, reads);
            return new TaskSums(token != null && LocalHandoff.leave(token, task.partitionId(), sums) ? null : sums);
        }
    }

    /**
     * Adds each task's buffer into the total as the task finishes (on the driver, in Spark's
     * scheduler thread, one task at a time), so the driver holds the total and one buffer at most.
     */
    private static final class AddResults extends AbstractFunction2<Object, TaskSums, BoxedUnit> {
        private final String token;
        CellSums total;

        AddResults(String token) {
            this.token = token;
        }

        @Override
        public BoxedUnit apply(Object partition, TaskSums result) {
            CellSums part = result.sums != null ? result.sums : LocalHandoff.take(token, (Integer) partition);
            total = total == null ? part : add(total, part);
            return BoxedUnit.UNIT;
        }
    }

    /** A partition into one buffer. */
    private static final class AddPartition<T> implements FlatMapFunction<Iterator<T>, CellSums> {
        private static final long serialVersionUID = 2L;
        private final Plan plan;
        private final Input reads;

        AddPartition(Plan plan, Input reads) {
            this.plan = plan;
            this.reads = reads;
        }

        @Override
        public Iterator<CellSums> call(Iterator<T> input) {
            return List.of(sumPartition(plan, input, reads)).iterator();
        }
    }

    /** Two buffers into one: the smaller one's cells are added into the larger. */
    private static final class AddBuffers implements Function2<CellSums, CellSums, CellSums> {
        private static final long serialVersionUID = 1L;

        @Override
        public CellSums call(CellSums a, CellSums b) {
            return add(a, b);
        }
    }
}
