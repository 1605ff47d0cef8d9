package org.civicsurvey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

import org.civicsurvey.jdbc.testing.WideTable;
import org.civicsurvey.stats.SufficientStatistics;
import org.civicsurvey.stats.SurveyDesign;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SqlSurvey}'s contract on DuckDB in process (a database file in a temporary directory), plus
 * what DuckDB adds: Parquet and CSV files read where they are, written here by DuckDB's own
 * {@code COPY ... TO}.
 */
class DuckDbSqlSurveyTest extends SqlSurveyContract {

    @TempDir
    Path dir;

    @Override
    protected DataSource open() {
        return new UrlDataSource("jdbc:duckdb:" + dir.resolve("test.duckdb"), null, null);
    }

    @Override
    protected void closeDatabase() {
        // the database file goes with the temporary directory
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The synthetic survey's statistics in memory: R's syn_clus design (estimates.R). */
    private SufficientStatistics synClusteredInMemory() {
        SurveyDesign design = SurveyDesign.builder(SYN.doubles("w")).strata(ints(SYN.doubles("stratum")))
                .clusters(ints(SYN.doubles("psu"))).fpc(SYN.doubles("fpc")).build();
        return synRows(design).statistics(false);
    }

    private SqlSurvey.Builder synDesign(SqlSurvey.Builder b) {
        return synItems(b.weight("w").strata("stratum").clusters("psu").fpc("fpc"));
    }

    @Test
    void parquetFilesAreAnalysedWhereTheyAre() throws SQLException {
        WideTable t = synthetic();
        // two files, a glob over both; rows of a PSU in both files (split by province)
        String province = t.quote("province");
        execute("COPY (SELECT * FROM " + t.quoted() + " WHERE " + province + " <= 3) TO '" + dir.resolve("part-1.parquet")
                + "' (FORMAT parquet)");
        execute("COPY (SELECT * FROM " + t.quoted() + " WHERE " + province + " > 3) TO '" + dir.resolve("part-2.parquet")
                + "' (FORMAT parquet)");
        SufficientStatistics memory = synClusteredInMemory();
        GroupedStatistics files = synDesign(SqlSurvey.parquet(dir.resolve("part-*.parquet").toString())).build().statistics()
                .orElseThrow();
        assertSameEstimates(files.statistics(), memory, "Parquet glob");
        assertThat(files.domains()).hasSize(6);
        // the same as a query of one's own on DuckDB
        GroupedStatistics query = synDesign(SqlSurvey.query(SqlSurvey.duckDb(), "SELECT * FROM read_parquet('"
                + dir.resolve("part-*.parquet") + "')")).build().statistics().orElseThrow();
        assertSameEstimates(query.statistics(), memory, "read_parquet query");
        // a file that is not there names the source
        assertThatThrownBy(() -> synDesign(SqlSurvey.parquet(dir.resolve("none.parquet").toString())).build().statistics())
                .isInstanceOf(SurveyStoreException.class).hasMessageContaining("SqlSurvey over query \"SELECT * FROM"
                        + " read_parquet(").hasMessageContaining("cannot read the source's columns");
    }

    @Test
    void aCsvFileIsAnalysedWhereItIs() throws SQLException {
        WideTable t = synthetic();
        Path csv = dir.resolve("synthetic.csv");
        execute("COPY " + t.quoted() + " TO '" + csv + "' (HEADER)");
        GroupedStatistics g = synDesign(SqlSurvey.csv(csv.toString())).build().statistics().orElseThrow();
        assertSameEstimates(g.statistics(), synClusteredInMemory(), "CSV file");
        // a path with a quote is a literal, never SQL
        assertThatThrownBy(() -> synDesign(SqlSurvey.csv(dir.resolve("x'); DROP TABLE t; --.csv").toString())).build()
                .statistics()).isInstanceOf(SurveyStoreException.class).hasMessageContaining("cannot read the source's columns");
        assertThat(synDesign(SqlSurvey.table(dataSource, t.name())).build().statistics()).isPresent();
    }

    @Test
    void withoutTheDriverDuckDbIsAClearError() throws Exception {
        try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> SqlSurvey.duckDb(bare)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DuckDB is not on the class path")
                    .hasMessageContaining("org.duckdb:duckdb_jdbc");
        }
        assertThat(SqlSurvey.duckDb()).isNotNull();
    }
}
