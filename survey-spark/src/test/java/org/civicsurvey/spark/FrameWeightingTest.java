package org.civicsurvey.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.civicsurvey.spark.SparkTests.Col.d;
import static org.civicsurvey.spark.SparkTests.Col.i;
import static org.civicsurvey.spark.SparkTests.Col.s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.civicsurvey.spark.SparkTests.Col;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Statistic;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.civicsurvey.testing.CsvTable;
import org.civicsurvey.weighting.Margin;
import org.civicsurvey.weighting.Weighting;
import org.civicsurvey.weighting.WeightingException;
import org.civicsurvey.weighting.WeightingResult;
import org.junit.jupiter.api.Test;

/**
 * Raking and post-stratification on Spark against the core's {@link Weighting} on the same rows in
 * memory (weights to 1e-12 relative, the same convergence report) and against R: the core's
 * reference/weighting/weights.csv, case {@code rake_province_sex_age} (R 4.2.2, survey 4.1.1,
 * weighting-reference.R: {@code rake(svydesign(id = ~commune, strata = ~region, weights = ~w, fpc =
 * ~fpc, nest = TRUE, data = sat), list(~province, ~sex, ~age), list(pop.prov, pop.sex, pop.age),
 * control = list(maxit = 1000, epsilon = 1e-13))}), every weight to 1e-8 relative (the core's
 * WeightingReferenceTest tolerance).
 */
class FrameWeightingTest {
    private static final CsvTable SAT = CsvTable.resource("/reference/weighting/satisfaction-data.csv");
    private static final CsvTable POP = CsvTable.resource("/reference/weighting/satisfaction-population.csv");
    private static final CsvTable WEIGHTS = CsvTable.resource("/reference/weighting/weights.csv");
    private static final List<Col> COLS = List.of(i("row"), i("region"), i("commune"), s("province"), d("fpc"), s("sex"),
        s("age"), d("w"), d("score"), d("top2"));
    private static final Weighting TIGHT = Weighting.withDefaults().withMaxIterations(1000).withTolerance(1e-13);

    private static Dataset<Row> data() {
        StringBuilder csv = new StringBuilder("\"row\"," + String.join(",", SAT.columns().stream().map(c -> "\"" + c + "\"").toList()) + "\n");
        for (int r = 0; r < SAT.size(); r++) {
            csv.append(r);
            for (String c : SAT.columns()) {
                csv.append(",\"").append(SAT.get(r, c)).append('"');
            }
            csv.append('\n');
        }
        return SparkTests.frame(CsvTable.parse(csv.toString()), COLS, 3);
    }

    private static Map<String, Double> population(String margin) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int r = 0; r < POP.size(); r++) {
            if (POP.get(r, "margin").equals(margin)) {
                m.put(POP.get(r, "category"), Double.parseDouble(POP.get(r, "count")));
            }
        }
        return m;
    }

    private static SurveyDesign coreDesign() {
        return SurveyDesign.builder(SAT.doubles("w")).strata(SAT.codes("region")).clusters(SAT.codes("commune"))
            .fpc(SAT.doubles("fpc")).nest(true).build();
    }

    private static Margin coreMargin(String name) {
        return Margin.ofLabels(name, SAT.strings(name), population(name));
    }

    private static SurveyFrame frame() {
        return SurveyFrame.of(data()).weight("w").strata("region").clusters("commune").fpc("fpc").nest(true);
    }

    private static double[] column(Dataset<Row> df, String name) {
        List<Row> rows = df.orderBy("row").select(name).collectAsList();
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = rows.get(r).getDouble(0);
        }
        return out;
    }

    private static double[] referenceWeights(String caseName) {
        List<Double> out = new ArrayList<>();
        for (int r = 0; r < WEIGHTS.size(); r++) {
            if (WEIGHTS.get(r, "dataset").equals("satisfaction") && WEIGHTS.get(r, "case").equals(caseName)) {
                out.add(Double.parseDouble(WEIGHTS.get(r, "weight")));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void rakingEqualsTheCoreAndR() {
        List<ColumnMargin> margins = List.of(ColumnMargin.of("province", population("province")),
            ColumnMargin.of("sex", population("sex")), ColumnMargin.of("age", population("age")));
        WeightedFrame raked = frame().rake(TIGHT, margins, "raked");
        WeightingResult core = TIGHT.rake(coreDesign(), List.of(coreMargin("province"), coreMargin("sex"), coreMargin("age")));
        double[] spark = column(raked.frame().data(), "raked");
        double[] memory = core.design().weights();
        double[] r = referenceWeights("rake_province_sex_age");
        assertThat(spark).hasSize(600);
        for (int i = 0; i < spark.length; i++) {
            assertThat(spark[i]).as("unit %d", i).isCloseTo(memory[i], within(1e-12 * memory[i]));
            assertThat(spark[i]).as("unit %d vs R", i).isCloseTo(r[i], within(1e-8 * r[i]));
        }
        assertThat(raked.report().converged()).isTrue();
        assertThat(raked.report().iterations()).isEqualTo(core.report().iterations());
        assertThat(raked.report().method()).isEqualTo("rake");
        for (int m = 0; m < 3; m++) {
            assertThat(raked.report().discrepancies().get(m).margin()).isEqualTo(core.report().discrepancies().get(m).margin());
            // both within the tolerance; which category is the worst is a matter of the last bits
            assertThat(raked.report().discrepancies().get(m).absolute()).isLessThanOrEqualTo(1e-13 * 100_000);
            assertThat(core.report().discrepancies().get(m).absolute()).isLessThanOrEqualTo(1e-13 * 100_000);
        }
        assertThat(raked.frame().weightColumn()).isEqualTo("raked");
        assertThat(raked.frame().data().columns()).containsExactly("row", "region", "commune", "province", "fpc", "sex", "age",
            "w", "score", "top2", "raked");
        // the statistics of the raked frame: the raked weights as sampling weights, as the core's statistics
        SufficientStatistics onSpark = raked.frame().statistics(Variable.numeric("score"), Variable.categorical("top2", 0, 1));
        SurveyData rows = SurveyData.of(coreDesign().withWeights(memory)).withNumeric(Variable.numeric("score"), SAT.doubles("score"))
            .withCategoricalValues(Variable.categorical("top2", 0, 1), SAT.doubles("top2"));
        for (Statistic s : List.of(Statistic.mean("score"), Statistic.proportion("top2", 1), Statistic.total("score"))) {
            Estimate a = Estimator.withDefaults().estimate(onSpark, s);
            Estimate b = Estimator.withDefaults().estimate(rows.statistics(false), s);
            assertThat(a.value()).isCloseTo(b.value(), within(1e-12 * Math.abs(b.value())));
            assertThat(a.standardError()).isCloseTo(b.standardError(), within(1e-12 * b.standardError()));
        }
    }

    @Test
    void postStratificationEqualsTheCore() {
        WeightedFrame ps = frame().postStratify(TIGHT, ColumnMargin.of("province", population("province")), "w");
        WeightingResult core = TIGHT.postStratify(coreDesign(), coreMargin("province"));
        double[] spark = column(ps.frame().data(), "w");
        double[] memory = core.design().weights();
        for (int i = 0; i < spark.length; i++) {
            assertThat(spark[i]).as("unit %d", i).isCloseTo(memory[i], within(1e-12 * memory[i]));
        }
        assertThat(ps.report().method()).isEqualTo("postStratify");
        assertThat(ps.frame().data().columns()).containsExactly("row", "region", "commune", "province", "fpc", "sex", "age",
            "w", "score", "top2");
    }

    @Test
    void marginsThatDoNotFitTheDataAreNamed() {
        Map<String, Double> sexes = new LinkedHashMap<>(population("sex"));
        sexes.remove("M");
        assertThatThrownBy(() -> frame().rake(TIGHT, List.of(ColumnMargin.of("sex", sexes)), "raked"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("margin column 'sex': value 'M' is not in the population table [F]");
        Map<String, Double> more = new LinkedHashMap<>(population("sex"));
        more.put("X", 1000.0);
        assertThatThrownBy(() -> frame().rake(TIGHT, List.of(ColumnMargin.of("sex", more)), "raked"))
            .isInstanceOf(WeightingException.class)
            .hasMessageContaining("margin 'sex', category 'X': population count 1000.0 but no sample respondents");
        Dataset<Row> zero = data().withColumn("w", functions.when(functions.col("row").equalTo(5), 0.0).otherwise(functions.col("w")));
        assertThatThrownBy(() -> frame().withData(zero).rake(TIGHT, List.of(ColumnMargin.of("sex", population("sex"))), "raked"))
            .hasMessage("weight column 'w' has the value 0.0; raking needs finite weights > 0");
        assertThatThrownBy(() -> ColumnMargin.of("sex", Map.of("F", -1))).hasMessageContaining("population count is -1.0");
    }
}
