package org.civicsurvey.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.weighting.Margin;

/**
 * Population margins to rake to, from a CSV of population figures: the header
 * {@code variable,category,population}, one row per category, e.g. {@code sex,female,510000}.
 * Variables are named as groupings are ({@link Groupings}): agency, service, channel, a question id
 * or a respondent attribute. Every category of the sample must be listed.
 */
final class Margins {
    static final String HEADER = "variable,category,population";

    private Margins() {
    }

    /**
     * @param file the file
     * @param responses the responses, in design order
     * @param grouping the grouping of a variable name
     * @return one margin per variable, in file order
     * @throws IOException if the file cannot be read
     * @throws CliException ({@link ExitCode#INVALID_DATA}) naming the line of a malformed row
     */
    static List<Margin> read(Path file, List<Response> responses, Function<String, GroupBy> grouping) throws IOException {
        ResponseSource.requireFile(file);
        Map<String, Map<String, Double>> tables = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().replace("\uFEFF", "").equals(HEADER)) {
            throw CliException.invalid(file + ": the first line must be '" + HEADER + "'");
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + " line " + (i + 1) + ": ";
            String[] f = line.split(",", -1);
            if (f.length != 3) {
                throw CliException.invalid(where + "needs 3 fields (" + HEADER + "), has " + f.length);
            }
            double pop;
            try {
                pop = Double.parseDouble(f[2].strip());
            } catch (NumberFormatException e) {
                throw CliException.invalid(where + "population '" + Messages.clean(f[2]) + "' is not a number");
            }
            if (!(pop > 0) || Double.isInfinite(pop)) {
                throw CliException.invalid(where + "population " + f[2].strip() + " must be positive and finite");
            }
            String variable = f[0].strip();
            String category = f[1].strip();
            if (variable.isEmpty() || category.isEmpty()) {
                throw CliException.invalid(where + "the variable and the category must not be empty");
            }
            if (tables.computeIfAbsent(variable, k -> new LinkedHashMap<>()).put(category, pop) != null) {
                throw CliException.invalid(where + "category '" + Messages.clean(category) + "' of '" + Messages.clean(variable)
                    + "' is listed twice");
            }
        }
        if (tables.isEmpty()) {
            throw CliException.invalid(file + ": no margin; give one row per category after the header");
        }
        List<Margin> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> t : tables.entrySet()) {
            GroupBy g = grouping.apply(t.getKey());
            String[] values = new String[responses.size()];
            for (int i = 0; i < values.length; i++) {
                String v = g.level(responses.get(i));
                values[i] = v == null ? GroupBy.UNKNOWN : v;
            }
            try {
                out.add(Margin.ofLabels(t.getKey(), values, t.getValue()));
            } catch (IllegalArgumentException e) {
                throw CliException.invalid(file + ": margin '" + Messages.clean(t.getKey()) + "': " + e.getMessage());
            }
        }
        return out;
    }
}
