package org.civicsurvey.analysis.pls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.testing.CsvTable;

/** The ECSI mobi data and its reference results, read from {@code /reference/drivers/}. */
final class MobiData {
    private MobiData() {
    }

    /** The ECSI model of Tenenhaus et al. (2005), from ECSI_measurement/structural_model.csv. */
    static PlsModel ecsi() {
        return ecsiBuilder().build();
    }

    static PlsModel.Builder ecsiBuilder() {
        PlsModel.Builder b = PlsModel.builder();
        CsvTable mm = CsvTable.resource("/reference/drivers/ECSI_measurement_model.csv");
        String[] source = mm.strings("source");
        String[] target = mm.strings("target");
        Map<String, java.util.List<String>> blocks = new java.util.LinkedHashMap<>();
        for (int i = 0; i < source.length; i++) {
            blocks.computeIfAbsent(source[i], k -> new java.util.ArrayList<>()).add(target[i]);
        }
        blocks.forEach((c, items) -> b.block(c, Mode.A, items));
        CsvTable sm = CsvTable.resource("/reference/drivers/ECSI_structural_model.csv");
        String[] from = sm.strings("source");
        String[] to = sm.strings("target");
        for (int i = 0; i < from.length; i++) {
            b.path(from[i], to[i]);
        }
        return b;
    }

    static double[][] columns(List<String> items) {
        CsvTable t = CsvTable.resource("/reference/drivers/mobi.csv");
        double[][] x = new double[items.size()][];
        for (int k = 0; k < items.size(); k++) {
            x[k] = t.doubles(items.get(k));
        }
        return x;
    }

    /**
     * A SmartPLS result table: tab-separated, decimal comma, rows "from", columns "to".
     *
     * @return map from "row/column" to value
     */
    static Map<String, Double> smartPls(String file) {
        try (InputStream in = MobiData.class.getResourceAsStream("/reference/drivers/smartpls-centroid/" + file)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n");
            String[] header = lines[0].split("\t");
            Map<String, Double> map = new HashMap<>();
            for (int r = 1; r < lines.length; r++) {
                if (lines[r].isBlank()) {
                    continue;
                }
                String[] cells = lines[r].split("\t");
                for (int c = 1; c < cells.length; c++) {
                    map.put(cells[0].trim() + "/" + header[c].trim(), Double.parseDouble(cells[c].trim().replace(',', '.')));
                }
            }
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** pls-expected.csv: key "scheme/statistic/from/to". */
    static Map<String, Double> expected() {
        CsvTable t = CsvTable.resource("/reference/drivers/pls-expected.csv");
        String[] scheme = t.strings("scheme");
        String[] stat = t.strings("statistic");
        String[] from = t.strings("from");
        String[] to = t.strings("to");
        double[] value = t.doubles("value");
        Map<String, Double> map = new HashMap<>();
        for (int i = 0; i < value.length; i++) {
            map.put(scheme[i] + "/" + stat[i] + "/" + from[i] + "/" + to[i], value[i]);
        }
        return map;
    }
}
