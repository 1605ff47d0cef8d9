package org.civicsurvey.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.civicsurvey.spark.SparkTests;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.Variable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tests run Spark in local mode, where tasks leave their buffers in the driver's JVM; on a
 * cluster the buffers are serialized, and with more than {@value PartitionSums#DIRECT} partitions
 * added in a tree. Those paths, forced here, give the same sums cell by cell (to 1e-12 relative:
 * the additions come in another order), reading rows and reading column batches.
 */
class ClusterPathsTest {
    private static final List<Variable> VARIABLES = List.of(Variable.scale("q", 1, 5), Variable.numeric("x"));

    private static Dataset<Row> rows(int partitions) {
        return SparkTests.spark().range(0, 5000, 1, partitions).selectExpr("1 + (id % 7) * 0.37 as w", "cast(id % 3 as int) as h",
            "id % 11 + 100 * (id % 3) as p", "cast(id % 4 as int) as d",
            "case when id % 13 = 0 then null when id % 17 = 0 then 9 else cast(1 + id % 5 as int) end as q",
            "case when id % 19 = 0 then null else id * 0.1 end as x");
    }

    @ParameterizedTest
    @CsvSource({"2, false", "7, false", "2, true", "7, true"})
    void serializedAndTreeAddedBuffersHoldTheSameSums(int partitions, boolean cached) {
        Dataset<Row> df = cached ? rows(partitions).cache() : rows(partitions);
        String[] names = df.columns();
        DataType[] types = Arrays.stream(df.schema().fields()).map(f -> f.dataType()).toArray(DataType[]::new);
        Plan plan = new Plan(names, types, 0, 1, 2, -1, -1, -1, 3, new int[] {4, 5}, VARIABLES, Map.of(9.0, Exclusion.DONT_KNOW),
            false);
        assertThat(PartitionSums.batchScan(df) != null).isEqualTo(cached);
        Map<String, double[]> local = cells(PartitionSums.sum(df, plan, true));
        Map<String, double[]> cluster = cells(PartitionSums.sum(df, plan, false));
        assertThat(cluster.keySet()).containsExactlyElementsOf(local.keySet());
        assertThat(local).hasSize(4 * 33);
        for (Map.Entry<String, double[]> e : local.entrySet()) {
            double[] a = e.getValue();
            double[] b = cluster.get(e.getKey());
            for (int k = 0; k < a.length; k++) {
                assertThat(b[k]).as(e.getKey() + " sum " + k).isCloseTo(a[k], within(1e-12 * Math.abs(a[k])));
            }
        }
        if (cached) {
            df.unpersist();
        }
    }

    /** Each cell's sums (head, then every variable's block), by (domain, stratum, PSU). */
    private static Map<String, double[]> cells(CellSums s) {
        Map<String, double[]> out = new TreeMap<>();
        for (int c = 0; c < s.cells; c++) {
            double[] all = Arrays.copyOfRange(s.head, c * Plan.HEAD, (c + 1) * Plan.HEAD);
            for (int j = 0; j < s.items.length; j++) {
                int w = s.plan().stride[j];
                double[] block = Arrays.copyOfRange(s.items[j], c * w, (c + 1) * w);
                double[] joined = Arrays.copyOf(all, all.length + w);
                System.arraycopy(block, 0, joined, all.length, w);
                all = joined;
            }
            out.put(s.domain[c] + "/" + s.stratum[c] + "/" + s.psu[c], all);
        }
        return out;
    }
}
