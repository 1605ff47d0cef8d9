package org.civicsurvey.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.civicsurvey.spark.SparkTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which selections the sums read as Spark's column batches ({@link PartitionSums#batchScan}): a
 * cache, with or without a string column among the cached ones (batches made for the task, which it
 * releases), and Parquet or ORC files read in their columns' order (a batch the reader reuses); not
 * a DataFrame computed row by row, a filter over a cache, or a cache when Spark's setting for
 * reading caches as batches is off.
 */
class BatchScanTest {
    private static final String CACHE_BATCHES = "spark.sql.inMemoryColumnarStorage.enableVectorizedReader";

    private static Dataset<Row> numbers(SparkSession spark, int copy) {
        return spark.range(0, 100, 1, 2).selectExpr("cast(id as int) as a", "id * 0.5 + " + copy + " as w",
            "cast(id as string) as s");
    }

    @Test
    void cachesAndParquetAreReadAsBatches(@TempDir Path dir) {
        SparkSession spark = SparkTests.spark();
        Dataset<Row> computed = numbers(spark, 0);
        assertThat(PartitionSums.batchScan(computed.select("a", "w"))).isNull();
        Dataset<Row> cached = numbers(spark, 1).cache();
        assertThat(PartitionSums.batchScan(cached.select("a", "w"))).isNotNull();
        assertThat(PartitionSums.freshBatches(PartitionSums.batchScan(cached.select("a", "w")))).isTrue();
        assertThat(PartitionSums.batchScan(cached.select("a", "w").filter("a > 3"))).isNull();
        Dataset<Row> primitive = numbers(spark, 2).select("a", "w").cache();
        assertThat(PartitionSums.batchScan(primitive.select("a", "w"))).isNotNull();
        assertThat(PartitionSums.freshBatches(PartitionSums.batchScan(primitive.select("a", "w")))).isTrue();
        for (String format : new String[] {"parquet", "orc"}) {
            String path = dir.resolve("numbers." + format).toString();
            numbers(spark, 3).write().format(format).save(path);
            SparkPlan files = PartitionSums.batchScan(spark.read().format(format).load(path).select("a", "w"));
            assertThat(files).as(format).isNotNull();
            assertThat(PartitionSums.freshBatches(files)).as(format + ": the reader reuses its batch").isFalse();
        }
        spark.conf().set(CACHE_BATCHES, "false");
        try {
            assertThat(PartitionSums.batchScan(cached.select("a", "w"))).isNull();
        } finally {
            spark.conf().unset(CACHE_BATCHES);
        }
        cached.unpersist();
        primitive.unpersist();
    }
}
