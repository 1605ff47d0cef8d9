package org.civicsurvey.spark.example;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.scoring.SurveyVariables;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;

/**
 * Seeded SIPAS-shaped ratings (the standard {@code sipas2017} questionnaire's variables), the same
 * rows in a Spark DataFrame and in the core's in-memory columns: each row is a pure function of its
 * index and the seed, so Spark generates its partitions in parallel and the driver fills arrays
 * with the same values. Columns: {@code w} (design weight), {@code province} (0..provinces-1, the
 * stratum and domain), {@code commune} (the PSU, 20 per province), {@code sex} ("F"/"M"), and one
 * int column per variable: a scale item 1..5 with about 3% {@value #DONT_KNOW} (don't know), a choice
 * its option code.
 */
public final class DemoRatings {
    /** The code of "don't know" in the item columns. */
    public static final int DONT_KNOW = 9;
    /** Communes (PSUs) per province. */
    public static final int COMMUNES = 20;
    /** The variables of the standard SIPAS 2017 questionnaire, named as the columns. */
    public static final List<Variable> VARIABLES = SurveyVariables.of(StandardInstruments.sipas2017());

    private DemoRatings() {
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** Row i's values: w, province, commune, sex, then one value per variable. */
    static Object[] row(long i, long seed, int provinces) {
        Object[] out = new Object[4 + VARIABLES.size()];
        long h = mix(seed * 0x9E3779B97F4A7C15L + i);
        int province = (int) Long.remainderUnsigned(h, provinces);
        h = mix(h);
        int commune = province * COMMUNES + (int) Long.remainderUnsigned(h, COMMUNES);
        h = mix(h);
        out[0] = Math.round((50 + 350 * unit(h)) * 100) / 100.0;
        out[1] = province;
        out[2] = commune;
        h = mix(h);
        out[3] = unit(h) < 0.51 ? "F" : "M";
        // a province and commune effect, so shares differ by province and are clustered
        double level = 0.3 * Math.sin(province) + 0.2 * Math.cos(commune);
        for (int k = 0; k < VARIABLES.size(); k++) {
            Variable v = VARIABLES.get(k);
            h = mix(h);
            double[] cats = v.categories();
            if (cats.length == 5 && cats[0] == 1 && unit(h) < 0.03) {
                out[4 + k] = DONT_KNOW;
                continue;
            }
            h = mix(h);
            double x = Math.min(0.999999, Math.max(0, unit(h) + level * 0.3));
            out[4 + k] = (int) cats[(int) (x * cats.length)];
        }
        return out;
    }

    /** @return the DataFrame's schema */
    public static StructType schema() {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("w", DataTypes.DoubleType, false));
        f.add(DataTypes.createStructField("province", DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField("commune", DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField("sex", DataTypes.StringType, false));
        for (Variable v : VARIABLES) {
            f.add(DataTypes.createStructField(v.name(), DataTypes.IntegerType, true));
        }
        return DataTypes.createStructType(f);
    }

    /**
     * @param spark the session
     * @param rows number of rows
     * @param provinces number of provinces
     * @param seed the seed
     * @param partitions number of partitions
     * @return the ratings as a DataFrame
     */
    public static Dataset<Row> frame(SparkSession spark, long rows, int provinces, long seed, int partitions) {
        MapPartitionsFunction<Long, Row> gen = (Iterator<Long> ids) -> new Iterator<Row>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                return RowFactory.create(row(ids.next(), seed, provinces));
            }
        };
        return spark.range(0, rows, 1, partitions).as(Encoders.LONG()).mapPartitions(gen, Encoders.row(schema()));
    }

    /**
     * The same rows in memory: design strata = province, PSU = commune, domains = province.
     *
     * @param rows number of rows
     * @param provinces number of provinces
     * @param seed the seed
     * @return the rows as the core's columns
     */
    public static SurveyData inMemory(int rows, int provinces, long seed) {
        double[] w = new double[rows];
        int[] province = new int[rows];
        int[] commune = new int[rows];
        byte[][] codes = new byte[VARIABLES.size()][rows];
        for (int i = 0; i < rows; i++) {
            Object[] r = row(i, seed, provinces);
            w[i] = (Double) r[0];
            province[i] = (Integer) r[1];
            commune[i] = (Integer) r[2];
            for (int k = 0; k < VARIABLES.size(); k++) {
                int value = (Integer) r[4 + k];
                codes[k][i] = value == DONT_KNOW && VARIABLES.get(k).codeOf(value) < 0 ? Exclusion.DONT_KNOW.code()
                    : (byte) VARIABLES.get(k).codeOf(value);
            }
        }
        SurveyData data = SurveyData.of(SurveyDesign.builder(w).strata(province).clusters(commune).build(), province);
        for (int k = 0; k < VARIABLES.size(); k++) {
            data = data.withCategorical(VARIABLES.get(k), codes[k]);
        }
        return data;
    }
}
