package org.civicsurvey.examples.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the report program does.
 *
 * @param csv a wide CSV file of responses to read, if any
 * @param jdbcUrl a JDBC URL of a store to read complete responses from, if any
 * @param dataDirectory an embedded store's directory to read from, if any
 * @param demo when positive, first write that many seeded demo respondents to {@code demo.csv} in the output directory and read them
 * @param margins a CSV of population margins to rake to ({@code variable,category,population}), if any
 * @param strata a respondent attribute whose values are the strata, if any
 * @param by the groupings of the report (agency, service, channel, period or a respondent attribute)
 * @param language the report's language, vi or en
 * @param output the output directory
 */
public record RunOptions(Optional<Path> csv, Optional<String> jdbcUrl, Optional<Path> dataDirectory, int demo,
                            Optional<Path> margins, Optional<String> strata, List<String> by, String language, Path output) {
    /**
     * Validates: exactly one source.
     *
     * @param csv the CSV
     * @param jdbcUrl the JDBC URL
     * @param dataDirectory the embedded store
     * @param demo the demo size
     * @param margins the margins
     * @param strata the strata attribute
     * @param by the groupings
     * @param language the language
     * @param output the output directory
     */
    public RunOptions {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(margins, "margins");
        Objects.requireNonNull(strata, "strata");
        by = List.copyOf(by);
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(output, "output");
        int sources = (csv.isPresent() ? 1 : 0) + (jdbcUrl.isPresent() ? 1 : 0) + (dataDirectory.isPresent() ? 1 : 0)
            + (demo > 0 ? 1 : 0);
        if (sources != 1) {
            throw new IllegalArgumentException("give exactly one source of responses: --csv FILE, --jdbc-url URL, "
                + "--data-dir DIR or --demo N (got " + sources + ")");
        }
        if (demo < 0 || demo > 5_000_000) {
            throw new IllegalArgumentException("demo is " + demo + "; must be 1..5000000");
        }
        if (!List.of("vi", "en").contains(language)) {
            throw new IllegalArgumentException("lang is '" + language + "'; must be vi or en");
        }
        for (String b : by) {
            if (!b.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("by has '" + b + "'; groupings are names like agency, province, period");
            }
        }
        if (jdbcUrl.isPresent() && !jdbcUrl.get().startsWith("jdbc:")) {
            throw new IllegalArgumentException("jdbc-url must start with 'jdbc:'");
        }
    }

    /**
     * Reads the flags: {@code --csv FILE | --jdbc-url URL | --data-dir DIR | --demo N},
     * {@code --margins FILE}, {@code --strata ATTRIBUTE}, {@code --by a,b,c} (default
     * {@code province,period}), {@code --lang vi|en} (default vi), {@code --out DIR} (default
     * {@code target/sipas-report}).
     *
     * @param args the flags
     * @return the options
     * @throws IllegalArgumentException naming the flag when one is unknown, lacks its value or is invalid
     */
    public static RunOptions parse(String... args) {
        Optional<Path> csv = Optional.empty();
        Optional<String> url = Optional.empty();
        Optional<Path> dir = Optional.empty();
        int demo = 0;
        Optional<Path> margins = Optional.empty();
        Optional<String> strata = Optional.empty();
        List<String> by = List.of("province", "period");
        String lang = "vi";
        Path out = Path.of("target", "sipas-report");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + flag + " needs a value");
            }
            String v = args[++i];
            switch (flag) {
                case "--csv" -> csv = Optional.of(Path.of(v));
                case "--jdbc-url" -> url = Optional.of(v);
                case "--data-dir" -> dir = Optional.of(Path.of(v));
                case "--demo" -> {
                    try {
                        demo = Integer.parseInt(v.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("flag --demo is '" + v + "'; must be a whole number", e);
                    }
                    if (demo < 1) {
                        throw new IllegalArgumentException("flag --demo is " + demo + "; must be 1..5000000");
                    }
                }
                case "--margins" -> margins = Optional.of(Path.of(v));
                case "--strata" -> strata = Optional.of(v);
                case "--by" -> by = v.isBlank() ? List.of() : List.of(v.split(","));
                case "--lang" -> lang = v;
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown flag " + flag + "; flags: --csv, --jdbc-url, --data-dir, "
                    + "--demo, --margins, --strata, --by, --lang, --out");
            }
        }
        return new RunOptions(csv, url, dir, demo, margins, strata, by, lang, out);
    }
}
