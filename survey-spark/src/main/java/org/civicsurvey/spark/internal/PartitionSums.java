package org.civicsurvey.spark.internal;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * The sufficient statistics as one Spark job over the selected columns: each task adds its
 * partition's rows, as Spark holds them ({@code InternalRow}, read with primitive getters, so no
 * row is converted to a {@code Row} and no value is boxed), into one {@link CellSums}. With few
 * partitions ({@value #DIRECT} or fewer) the tasks' buffers come to the driver and are added there,
 * as {@code treeReduce} would do with so few (its tree has no middle level below six); the job is
 * then submitted with a plain function object, which Spark's closure cleaner leaves alone, rather
 * than the Java API's wrapped closures, whose byte code it reads on every call. With more, the
 * buffers are added cell by cell in a tree ({@code treeReduce}), so the driver receives a few
 * buffers however many partitions there are. Buffers travel between JVMs by Java serialization of
 * their filled arrays only.
 */
public final class PartitionSums {
    /** The most partitions whose buffers are added on the driver without a middle level. */
    static final int DIRECT = 5;
    private static final int TREE_DEPTH = 2;

    private PartitionSums() {
    }

    /**
     * @param columns the selected columns, in the order of {@code plan}'s positions
     * @param plan what to read from each row and where to add it
     * @return the sums of all rows (no cells when there are none)
     */
    public static CellSums sum(Dataset<Row> columns, Plan plan) {
        RDD<InternalRow> rows = columns.queryExecution().toRdd();
        int partitions = rows.getNumPartitions();
        if (partitions == 0) {
            return new CellSums(plan);
        }
        if (partitions > DIRECT) {
            return rows.toJavaRDD().mapPartitions(new AddRows(plan)).treeReduce(new AddBuffers(), TREE_DEPTH);
        }
        SparkContext spark = rows.sparkContext();
        ClassTag<CellSums> tag = ClassTag$.MODULE$.apply(CellSums.class);
        CellSums[] parts = (CellSums[]) spark.runJob(rows, new SumPartition(plan), tag);
        CellSums total = parts[0];
        for (int i = 1; i < parts.length; i++) {
            total = add(total, parts[i]);
        }
        return total;
    }

    /** Adds the smaller buffer's cells into the larger. */
    static CellSums add(CellSums a, CellSums b) {
        return a.cells >= b.cells ? a.addAll(b) : b.addAll(a);
    }

    static CellSums sumRows(Plan plan, Iterator<InternalRow> rows) {
        CellSums sums = new CellSums(plan);
        while (rows.hasNext()) {
            sums.add(rows.next());
        }
        sums.flush();
        return sums;
    }

    /** A partition's rows into one buffer, as the task's result. */
    private static final class SumPartition extends AbstractFunction2<TaskContext, scala.collection.Iterator<InternalRow>, CellSums>
        implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Plan plan;

        SumPartition(Plan plan) {
            this.plan = plan;
        }

        @Override
        public CellSums apply(TaskContext task, scala.collection.Iterator<InternalRow> rows) {
            return sumRows(plan, new Iterator<InternalRow>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public InternalRow next() {
                    return rows.next();
                }
            });
        }
    }

    /** A partition's rows into one buffer. */
    private static final class AddRows implements FlatMapFunction<Iterator<InternalRow>, CellSums> {
        private static final long serialVersionUID = 1L;
        private final Plan plan;

        AddRows(Plan plan) {
            this.plan = plan;
        }

        @Override
        public Iterator<CellSums> call(Iterator<InternalRow> rows) {
            return List.of(sumRows(plan, rows)).iterator();
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
