package org.civicsurvey.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.civicsurvey.spark.internal.Failures;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.weighting.Margin;
import org.civicsurvey.weighting.Weighting;
import org.civicsurvey.weighting.WeightingResult;

/**
 * Raking and post-stratification of a {@link SurveyFrame}. Rows in the same category of every
 * margin (a crossed cell) get the same factors, so the rows are summed by crossed cell in one
 * aggregation ({@code GROUP BY} the margin columns), the core's {@link Weighting} rakes those sums
 * (each cell one unit weighing its rows' sum), and a broadcast join multiplies every row's weight
 * by its cell's raked sum over its input sum. The crossed cells must fit the driver
 * ({@link #MAX_CELLS} occupied cells).
 */
final class FrameWeighting {
    /** The most occupied crossed cells brought to the driver. */
    static final int MAX_CELLS = 2_000_000;

    private FrameWeighting() {
    }

    static WeightedFrame weigh(SurveyFrame frame, Weighting weighting, List<ColumnMargin> margins, String newWeight,
                               boolean rake) {
        Dataset<Row> data = frame.data();
        String weight = frame.weightColumn();
        Column w;
        if (weight == null) {
            w = lit(1.0);
        } else {
            StructField f = SurveyFrame.field(data, weight, "weight");
            if (!(f.dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("weight column '" + weight + "' is of type " + f.dataType().simpleString()
                    + "; it must be numeric");
            }
            w = SurveyFrame.column(weight).cast(DataTypes.DoubleType);
        }
        int m = margins.size();
        Column[] keys = new Column[m];
        for (int k = 0; k < m; k++) {
            String c = margins.get(k).column();
            SurveyFrame.field(data, c, "margin");
            for (int j = 0; j < k; j++) {
                if (margins.get(j).column().equals(c)) {
                    throw new IllegalArgumentException("margin column '" + c + "' is given twice");
                }
            }
            keys[k] = SurveyFrame.column(c);
        }
        List<Row> cells = Failures.run(() -> data.groupBy(keys)
            .agg(sum(w).as("sw"), count(lit(1)).as("n"), min(w).as("lo"), max(w).as("hi"),
                sum(when(w.isNull(), 1).otherwise(0)).as("nulls"))
            .limit(MAX_CELLS + 1).collectAsList());
        if (cells.size() > MAX_CELLS) {
            throw new IllegalArgumentException("the margins " + columns(margins) + " cross into more than " + MAX_CELLS
                + " occupied cells; weighting on Spark sums the rows by crossed cell on the driver");
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("the DataFrame has no rows to weight");
        }
        String wName = weight == null ? "weight" : "weight column '" + weight + "'";
        int n = cells.size();
        double[] cellWeight = new double[n];
        int[][] codes = new int[m][n];
        List<Map<String, Integer>> index = new ArrayList<>();
        for (ColumnMargin margin : margins) {
            Map<String, Integer> ix = new HashMap<>();
            for (String label : margin.population().keySet()) {
                ix.put(label, ix.size());
            }
            index.add(ix);
        }
        for (int c = 0; c < n; c++) {
            Row r = cells.get(c);
            if (r.getLong(m + 4) > 0) {
                throw new IllegalArgumentException(wName + " has a null value; every row needs a weight");
            }
            double lo = r.getDouble(m + 2);
            double hi = r.getDouble(m + 3);
            if (Double.isNaN(hi) || Double.isInfinite(hi) || Double.isInfinite(lo) || lo < 0 || (rake && !(lo > 0))) {
                throw new IllegalArgumentException(wName + " has the value " + (Double.isNaN(hi) || Double.isInfinite(hi) ? hi : lo)
                    + "; " + (rake ? "raking needs finite weights > 0" : "weights must be finite and >= 0"));
            }
            cellWeight[c] = r.getDouble(m);
            for (int k = 0; k < m; k++) {
                ColumnMargin margin = margins.get(k);
                if (r.isNullAt(k)) {
                    throw new IllegalArgumentException("margin column '" + margin.column() + "' has a null value; every row"
                        + " needs a category");
                }
                String label = String.valueOf(r.get(k));
                Integer code = index.get(k).get(label);
                if (code == null) {
                    throw new IllegalArgumentException("margin column '" + margin.column() + "': value '" + label
                        + "' is not in the population table " + margin.population().keySet());
                }
                codes[k][c] = code;
            }
        }
        List<Margin> core = new ArrayList<>(m);
        for (int k = 0; k < m; k++) {
            ColumnMargin margin = margins.get(k);
            double[] counts = new double[margin.population().size()];
            int i = 0;
            for (double v : margin.population().values()) {
                counts[i++] = v;
            }
            core.add(Margin.of(margin.column(), codes[k], new ArrayList<>(margin.population().keySet()), counts));
        }
        SurveyDesign cellDesign = SurveyDesign.builder(cellWeight).build();
        WeightingResult result = rake ? weighting.rake(cellDesign, core) : weighting.postStratify(cellDesign, core.get(0));
        double[] weighted = result.design().weights();
        // the factor table: the margin columns as they are in the data, and each cell's factor
        List<StructField> fields = new ArrayList<>();
        StructType groups = data.groupBy(keys).count().schema();
        List<Row> factorRows = new ArrayList<>(n);
        for (int k = 0; k < m; k++) {
            StructField g = groups.fields()[k];
            fields.add(DataTypes.createStructField("__civicsurvey_key" + k, g.dataType(), false));
        }
        fields.add(DataTypes.createStructField("__civicsurvey_factor", DataTypes.DoubleType, false));
        for (int c = 0; c < n; c++) {
            Object[] values = new Object[m + 1];
            Row r = cells.get(c);
            for (int k = 0; k < m; k++) {
                values[k] = r.get(k);
            }
            values[m] = cellWeight[c] > 0 ? weighted[c] / cellWeight[c] : 1.0;
            factorRows.add(RowFactory.create(values));
        }
        Dataset<Row> factors = data.sparkSession().createDataFrame(factorRows, DataTypes.createStructType(fields));
        Column on = null;
        for (int k = 0; k < m; k++) {
            Column eq = data.col(quoted(margins.get(k).column())).equalTo(factors.col("__civicsurvey_key" + k));
            on = on == null ? eq : on.and(eq);
        }
        Column raked = w.multiply(factors.col("__civicsurvey_factor")).as(newWeight);
        List<Column> out = new ArrayList<>();
        boolean replaced = false;
        for (String c : data.columns()) {
            if (c.equals(newWeight)) {
                out.add(raked);
                replaced = true;
            } else {
                out.add(data.col(quoted(c)));
            }
        }
        if (!replaced) {
            out.add(raked);
        }
        Dataset<Row> joined = data.join(broadcast(factors), on, "inner").select(out.toArray(new Column[0]));
        return new WeightedFrame(frame.withData(joined).weight(newWeight), result.report());
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static List<String> columns(List<ColumnMargin> margins) {
        List<String> out = new ArrayList<>();
        margins.forEach(x -> out.add(x.column()));
        return out;
    }
}
