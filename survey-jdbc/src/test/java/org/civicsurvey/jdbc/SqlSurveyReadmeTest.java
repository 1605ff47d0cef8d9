package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.jdbc.testing.WideTable;
import org.civicsurvey.jdbc.testing.WideTable.Kind;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;
import org.civicsurvey.scoring.IndexNode;
import org.civicsurvey.scoring.RollUp;
import org.civicsurvey.scoring.RollUpResult;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.stats.Exclusion;
import org.civicsurvey.stats.SurveyData;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.stats.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirrors the README's "Your data elsewhere" section line by line over Parquet files that DuckDB
 * writes here, and checks that the SIPAS of every province equals the in-memory engine's on the same
 * rows (to 1e-12), so the README never lies.
 */
class SqlSurveyReadmeTest {

    @Test
    void theReadmeSnippetRunsOverParquetFiles(@TempDir Path dir) throws SQLException {
        Instrument sipas2017 = StandardInstruments.sipas2017();
        List<String> items = sipas2017.questions().stream().filter(q -> q.kind() == QuestionKind.RATING).map(Question::id)
                .toList();
        // 3,000 respondents in 6 provinces (strata), 5 communes each (PSUs), 22 items with 3% don't know (98)
        int n = 3000;
        Random random = new Random(2026);
        double[] province = new double[n];
        double[] psu = new double[n];
        double[] w = new double[n];
        double[][] answers = new double[items.size()][n];
        for (int i = 0; i < n; i++) {
            province[i] = 1 + random.nextInt(6);
            psu[i] = province[i] * 10 + random.nextInt(5);
            w[i] = 50 + random.nextInt(200);
            double person = random.nextGaussian() + province[i] / 6;
            for (int k = 0; k < items.size(); k++) {
                answers[k][i] = random.nextDouble() < 0.03 ? 98
                        : Math.max(1, Math.min(5, Math.round(3 + person + random.nextGaussian())));
            }
        }
        UrlDataSource duckDb = new UrlDataSource("jdbc:duckdb:" + dir.resolve("write.duckdb"), null, null);
        WideTable t = WideTable.named(duckDb, "ratings_").numbers("province", Kind.INTEGER, province)
                .numbers("psu", Kind.INTEGER, psu).numbers("w", Kind.DOUBLE, w);
        for (int k = 0; k < items.size(); k++) {
            t.numbers(items.get(k), Kind.INTEGER, answers[k]);
        }
        t.create();
        try (Connection c = duckDb.getConnection(); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM " + t.quoted() + " WHERE province <= 3) TO '" + dir.resolve("ratings-1.parquet")
                    + "' (FORMAT parquet)");
            s.execute("COPY (SELECT * FROM " + t.quoted() + " WHERE province > 3) TO '" + dir.resolve("ratings-2.parquet")
                    + "' (FORMAT parquet)");
        }
        String files = dir.resolve("ratings-*.parquet").toString();

        // --- README begins
        SqlSurvey ratings = SqlSurvey.parquet(files)                  // e.g. "ratings/*.parquet"; or SqlSurvey.table(dataSource, "ratings")
                .weight("w").strata("province").clusters("psu")       // R: svydesign(id = ~psu, strata = ~province, weights = ~w)
                .domains("province")                                   // svyby's ~province
                .items(StandardInstruments.sipas2017())                // a column per rating item (tc1 .. pa4), 98 = don't know
                .build();
        GroupedStatistics stats = ratings.statistics().orElseThrow();  // one GROUP BY inside DuckDB; only the sums come back
        Map<Integer, RollUpResult> sipas = RollUp.sipas().evaluateByDomain(sipas2017, stats.statistics(), Estimator.withDefaults());
        IndexNode hanoi = sipas.get(stats.domainOf("1").orElseThrow()).index();   // SIPAS of province 1, with its SE
        // --- README ends

        // the same rows in memory
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            codes[i] = (int) province[i] - 1;   // provinces 1..6 as domains 0..5, the order of their labels
        }
        SurveyData rows = SurveyData.of(SurveyDesign.builder(w).strata(SqlSurveyContract.ints(province))
                .clusters(SqlSurveyContract.ints(psu)).build(), codes);
        for (int k = 0; k < items.size(); k++) {
            Variable v = Variable.scale(items.get(k), 1, 5);
            rows = rows.withCategorical(v, SqlSurveyContract.codes(v, answers[k], Map.of(98.0, Exclusion.DONT_KNOW)));
        }
        Map<Integer, RollUpResult> memory = RollUp.sipas().evaluateByDomain(sipas2017, rows.statistics(false),
                Estimator.withDefaults());
        assertThat(sipas.keySet()).isEqualTo(memory.keySet()).hasSize(6);
        for (int d : memory.keySet()) {
            List<IndexNode> expected = memory.get(d).nodes();
            List<IndexNode> actual = sipas.get(d).nodes();
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                Estimate x = actual.get(i).estimate();
                Estimate y = expected.get(i).estimate();
                assertThat(actual.get(i).id()).isEqualTo(expected.get(i).id());
                assertThat(x.value()).as(expected.get(i).id()).isCloseTo(y.value(), within(1e-12));
                assertThat(x.standardError()).as(expected.get(i).id()).isCloseTo(y.standardError(), within(1e-12));
                assertThat(x.excluded()).isEqualTo(y.excluded());
            }
        }
        assertThat(hanoi.estimate().standardError()).isPositive();
        assertThat(hanoi.id()).isEqualTo(memory.get(0).index().id());
        assertThat(stats.statistics().rows()).isEqualTo(n);
    }
}
