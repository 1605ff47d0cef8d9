package org.civicsurvey.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.jdbc.SqlSurvey;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.QuestionKind;

/**
 * Writes the seeded SIPAS-shaped ratings ({@link SipasData}: 63 provinces as strata, 20 communes
 * each as PSUs, design weights, 22 criteria on 1..5 with about 3% don't know) as a wide CSV file
 * and, through DuckDB, as a Parquet file, for {@link SqlSurveyBenchmark} and
 * {@code benchmarks/r/sipas-by-province.R}. Columns: {@code province} (1..63), {@code psu}
 * (1..1260), {@code w}, then one column per rating question of {@code sipas2017} named by its id
 * ({@code tc1} .. {@code pa4}), 1..5, and 98 (the scale's code) for don't know.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.civicsurvey.benchmarks.RatingsFiles
 * /tmp/ratings 1000000 3000000 10000000} (10 million needs about 3 GB of heap).
 */
public final class RatingsFiles {

    private RatingsFiles() {
    }

    /** @return the ids of the 22 rating questions of SIPAS 2017, the item columns */
    public static List<String> itemColumns() {
        return StandardInstruments.sipas2017().questions().stream().filter(q -> q.kind() == QuestionKind.RATING)
            .map(Question::id).toList();
    }

    /**
     * @param dir a directory
     * @param respondents the number of respondents
     * @return the CSV file of that many respondents in it
     */
    public static Path csv(Path dir, int respondents) {
        return dir.resolve("ratings-" + respondents + ".csv");
    }

    /**
     * @param dir a directory
     * @param respondents the number of respondents
     * @return the Parquet file of that many respondents in it
     */
    public static Path parquet(Path dir, int respondents) {
        return dir.resolve("ratings-" + respondents + ".parquet");
    }

    /**
     * Writes both files unless they are there.
     *
     * @param data the respondents
     * @param dir the directory (created if needed)
     */
    public static void write(SipasData data, Path dir) {
        Path csv = csv(dir, data.size());
        Path parquet = parquet(dir, data.size());
        try {
            Files.createDirectories(dir);
            if (!Files.exists(csv)) {
                Path partial = dir.resolve(csv.getFileName() + ".partial");
                writeCsv(data, partial);
                Files.move(partial, csv);
            }
            if (!Files.exists(parquet)) {
                Path partial = dir.resolve(parquet.getFileName() + ".partial");
                toParquet(csv, partial);
                Files.move(partial, parquet);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeCsv(SipasData data, Path path) throws IOException {
        List<String> items = itemColumns();
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder("province,psu,w");
            for (String item : items) {
                line.append(',').append(item);
            }
            out.write(line.append('\n').toString());
            for (int i = 0; i < data.size(); i++) {
                line.setLength(0);
                line.append(data.province[i] + 1).append(',').append(data.psu[i] + 1).append(',').append(data.weight[i]);
                for (int k = 0; k < items.size(); k++) {
                    int c = data.answers[k][i];
                    line.append(',').append(c < 0 ? 98 : c + 1);
                }
                out.write(line.append('\n').toString());
            }
        }
    }

    /** DuckDB reads the CSV with declared types and writes it as one Parquet file (zstd). */
    private static void toParquet(Path csv, Path parquet) throws IOException {
        StringBuilder types = new StringBuilder("{'province': 'SMALLINT', 'psu': 'SMALLINT', 'w': 'DOUBLE'");
        for (String item : itemColumns()) {
            types.append(", '").append(item).append("': 'TINYINT'");
        }
        types.append('}');
        try (Connection c = SqlSurvey.duckDb().getConnection(); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM read_csv(" + literal(csv) + ", header = true, columns = " + types + ")) TO "
                + literal(parquet) + " (FORMAT parquet, COMPRESSION zstd)");
        } catch (SQLException e) {
            throw new IOException("DuckDB could not write " + parquet + ": " + e.getMessage(), e);
        }
    }

    private static String literal(Path path) {
        return "'" + path.toString().replace("'", "''") + "'";
    }

    /**
     * @param args {@code dir [respondents ...]}, default {@code /tmp/ratings 1000000}
     */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/ratings");
        int[] sizes = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {1_000_000};
        for (int n : sizes) {
            long t0 = System.nanoTime();
            write(SipasData.generate(n, 2026), dir);
            System.out.printf("%,d respondents: %s, %s (%.1f s)%n", n, csv(dir, n), parquet(dir, n),
                (System.nanoTime() - t0) / 1e9);
        }
    }
}
