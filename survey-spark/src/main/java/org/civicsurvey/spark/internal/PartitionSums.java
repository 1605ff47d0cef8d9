package org.civicsurvey.spark.internal;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The sufficient statistics as one Spark job over the selected columns: each task adds its
 * partition's rows, as Spark holds them ({@code InternalRow}, read with primitive getters, so no
 * row is converted to a {@code Row} and no value is boxed), into one {@link CellSums}; the
 * partitions' buffers are then added cell by cell in a tree ({@code treeReduce}), so the driver
 * receives a few buffers however many partitions there are. Buffers travel between JVMs by Java
 * serialization of their filled arrays only.
 */
public final class PartitionSums {
    private static final int TREE_DEPTH = 2;

    private PartitionSums() {
    }

    /**
     * @param columns the selected columns, in the order of {@code plan}'s positions
     * @param plan what to read from each row and where to add it
     * @return the sums of all rows (no cells when there are none)
     */
    public static CellSums sum(Dataset<Row> columns, Plan plan) {
        JavaRDD<InternalRow> rows = columns.queryExecution().toRdd().toJavaRDD();
        if (rows.getNumPartitions() == 0) {
            return new CellSums(plan);
        }
        return rows.mapPartitions(new AddRows(plan)).treeReduce(new AddBuffers(), TREE_DEPTH);
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
            CellSums sums = new CellSums(plan);
            while (rows.hasNext()) {
                sums.add(rows.next());
            }
            sums.flush();
            return List.of(sums).iterator();
        }
    }

    /** Two buffers into one: the smaller one's cells are added into the larger. */
    private static final class AddBuffers implements Function2<CellSums, CellSums, CellSums> {
        private static final long serialVersionUID = 1L;

        @Override
        public CellSums call(CellSums a, CellSums b) {
            return a.cells >= b.cells ? a.addAll(b) : b.addAll(a);
        }
    }
}
