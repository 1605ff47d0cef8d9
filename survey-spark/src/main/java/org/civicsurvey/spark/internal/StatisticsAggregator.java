package org.civicsurvey.spark.internal;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The sufficient statistics as a typed Spark {@link Aggregator}: each task adds its rows into one
 * {@link CellSums} buffer (its partition's mergeable sums), buffers are added cell by cell, and the
 * result is the buffer of all rows, which {@link StatisticsAssembly} hands to the core's
 * {@code SufficientStatistics.Builder}. Buffers travel between JVMs by Java serialization of their
 * filled arrays only.
 */
public final class StatisticsAggregator extends Aggregator<Row, CellSums, CellSums> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;

    /** @param plan what to read from each row and where to add it */
    public StatisticsAggregator(Plan plan) {
        this.plan = plan;
    }

    @Override
    public CellSums zero() {
        return new CellSums(plan);
    }

    @Override
    public CellSums reduce(CellSums buffer, Row row) {
        buffer.add(row);
        return buffer;
    }

    @Override
    public CellSums merge(CellSums a, CellSums b) {
        return a.cells >= b.cells ? a.addAll(b) : b.addAll(a);
    }

    @Override
    public CellSums finish(CellSums reduction) {
        return reduction;
    }

    @Override
    public Encoder<CellSums> bufferEncoder() {
        return Encoders.javaSerialization(CellSums.class);
    }

    @Override
    public Encoder<CellSums> outputEncoder() {
        return Encoders.javaSerialization(CellSums.class);
    }
}
