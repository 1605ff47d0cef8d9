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
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * The sufficient statistics as one Spark job over the selected columns: each task adds its
 * partition's rows into one {@link CellSums}. When the scan under the selection produces Spark's
 * column batches (a cached DataFrame, Parquet or ORC files) and every selected column is of a
 * primitive type, the tasks read the batches column by column, so no row is assembled; otherwise
 * they read rows as Spark holds them ({@code InternalRow}, with primitive getters, so no row is
 * converted to a {@code Row} and no value is boxed). With few partitions ({@value #DIRECT} or
 * fewer) the tasks' buffers come to the driver and are added there, as {@code treeReduce} would do
 * with so few (its tree has no middle level below six); the job is then submitted with a plain
 * function object, which Spark's closure cleaner leaves alone, rather than the Java API's wrapped
 * closures, whose byte code it reads on every call. With more, the buffers are added cell by cell
 * in a tree ({@code treeReduce}), so the driver receives a few buffers however many partitions
 * there are. Buffers travel between JVMs by Java serialization of their filled arrays only.
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
        RDD<ColumnarBatch> batches = batches(columns, plan);
        return batches != null ? sum(batches, plan, true) : sum(columns.queryExecution().toRdd(), plan, false);
    }

    private static <T> CellSums sum(RDD<T> input, Plan plan, boolean columnar) {
        int partitions = input.getNumPartitions();
        if (partitions == 0) {
            return new CellSums(plan);
        }
        if (partitions > DIRECT) {
            return input.toJavaRDD().mapPartitions(new AddPartition<T>(plan, columnar)).treeReduce(new AddBuffers(), TREE_DEPTH);
        }
        SparkContext spark = input.sparkContext();
        ClassTag<CellSums> tag = ClassTag$.MODULE$.apply(CellSums.class);
        CellSums[] parts = (CellSums[]) spark.runJob(input, new SumPartition<T>(plan, columnar), tag);
        CellSums total = parts[0];
        for (int i = 1; i < parts.length; i++) {
            total = add(total, parts[i]);
        }
        return total;
    }

    /**
     * The selected columns as column batches, or null when they are read as rows: every selected
     * column is of a primitive type and {@link #batchScan} finds a scan that produces batches.
     */
    static RDD<ColumnarBatch> batches(Dataset<Row> columns, Plan plan) {
        if (!plan.primitive()) {
            return null;
        }
        SparkPlan scan = batchScan(columns);
        return scan != null && scan.output().size() == plan.columnNames.length ? scan.executeColumnar() : null;
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

    /** A partition's rows, or batches of rows when {@code columnar}, into one buffer. */
    static CellSums sumPartition(Plan plan, Iterator<?> input, boolean columnar) {
        CellSums sums = new CellSums(plan);
        while (input.hasNext()) {
            if (columnar) {
                sums.add((ColumnarBatch) input.next());
            } else {
                sums.add((InternalRow) input.next());
            }
        }
        sums.flush();
        return sums;
    }

    /** A partition into one buffer, as the task's result. */
    private static final class SumPartition<T> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, CellSums>
        implements Serializable {
        private static final long serialVersionUID = 2L;
        private final Plan plan;
        private final boolean columnar;

        SumPartition(Plan plan, boolean columnar) {
            this.plan = plan;
            this.columnar = columnar;
        }

        @Override
        public CellSums apply(TaskContext task, scala.collection.Iterator<T> input) {
            return sumPartition(plan, new Iterator<T>() {
                @Override
                public boolean hasNext() {
                    return input.hasNext();
                }

                @Override
                public T next() {
                    return input.next();
                }
            }, columnar);
        }
    }

    /** A partition into one buffer. */
    private static final class AddPartition<T> implements FlatMapFunction<Iterator<T>, CellSums> {
        private static final long serialVersionUID = 2L;
        private final Plan plan;
        private final boolean columnar;

        AddPartition(Plan plan, boolean columnar) {
            this.plan = plan;
            this.columnar = columnar;
        }

        @Override
        public Iterator<CellSums> call(Iterator<T> input) {
            return List.of(sumPartition(plan, input, columnar)).iterator();
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
