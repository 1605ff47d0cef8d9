package org.civicsurvey.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.civicsurvey.testing.CsvTable;

/**
 * The one {@code local[2]} SparkSession of the test JVM (every test class shares it; Spark stops
 * it at exit), and DataFrames made from the reference CSV files.
 */
public final class SparkTests {
    private static SparkSession session;

    private SparkTests() {
    }

    /** @return the session of the test JVM */
    public static synchronized SparkSession spark() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("civicsurvey-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .getOrCreate();
            session.sparkContext().setLogLevel("ERROR");
        }
        return session;
    }

    /** A column of a test DataFrame: its name in the CSV and its Spark type ({@code NA} becomes null). */
    record Col(String name, DataType type) {
        static Col i(String name) {
            return new Col(name, DataTypes.IntegerType);
        }

        static Col l(String name) {
            return new Col(name, DataTypes.LongType);
        }

        static Col d(String name) {
            return new Col(name, DataTypes.DoubleType);
        }

        static Col s(String name) {
            return new Col(name, DataTypes.StringType);
        }
    }

    static StructType schema(List<Col> cols) {
        List<StructField> fields = new ArrayList<>();
        for (Col c : cols) {
            fields.add(DataTypes.createStructField(c.name(), c.type(), true));
        }
        return DataTypes.createStructType(fields);
    }

    /** The rows of a CSV table with the given columns (and types), in file order. */
    static List<Row> rows(CsvTable t, List<Col> cols) {
        List<Row> out = new ArrayList<>(t.size());
        for (int r = 0; r < t.size(); r++) {
            Object[] v = new Object[cols.size()];
            for (int k = 0; k < v.length; k++) {
                String s = t.get(r, cols.get(k).name());
                DataType type = cols.get(k).type();
                if (s.equals("NA")) {
                    v[k] = null;
                } else if (type.equals(DataTypes.IntegerType)) {
                    v[k] = (int) Double.parseDouble(s);
                } else if (type.equals(DataTypes.LongType)) {
                    v[k] = (long) Double.parseDouble(s);
                } else if (type.equals(DataTypes.DoubleType)) {
                    v[k] = Double.parseDouble(s);
                } else {
                    v[k] = s;
                }
            }
            out.add(RowFactory.create(v));
        }
        return out;
    }

    static Dataset<Row> frame(CsvTable t, List<Col> cols, int partitions) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark().sparkContext());
        return spark().createDataFrame(jsc.parallelize(rows(t, cols), partitions), schema(cols));
    }

    /**
     * The rows of a DataFrame from a source that Spark scans as column batches: {@code cached} (all
     * columns primitive, so Spark reads the cache as batches itself), {@code cachedWithString} (a
     * string column added, so Spark itself reads the cache as rows), {@code parquet} or {@code orc}
     * (written to {@code dir} and read back); {@code rows} leaves the DataFrame as it is.
     */
    static Dataset<Row> from(String source, Dataset<Row> df, java.nio.file.Path dir) {
        switch (source) {
            case "rows":
                return df;
            case "cached":
                return df.cache();
            case "cachedWithString":
                return df.withColumn("label", org.apache.spark.sql.functions.lit("x")).cache();
            case "parquet":
            case "orc": {
                String path = dir.resolve("rows." + source).toString();
                df.write().mode("overwrite").format(source).save(path);
                return spark().read().format(source).load(path);
            }
            default:
                throw new IllegalArgumentException(source);
        }
    }

    /** A DataFrame whose partitions hold exactly the given lists of rows (some may be empty). */
    static Dataset<Row> partitioned(List<List<Row>> parts, StructType schema) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark().sparkContext());
        JavaRDD<Row> rdd = jsc.parallelize(parts, parts.size()).flatMap(List::iterator);
        return spark().createDataFrame(rdd, schema);
    }

    /** The number of rows in each partition. */
    static List<Integer> partitionSizes(Dataset<Row> df) {
        return df.javaRDD().mapPartitions(it -> {
            int n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return List.of(n).iterator();
        }).collect();
    }
}
