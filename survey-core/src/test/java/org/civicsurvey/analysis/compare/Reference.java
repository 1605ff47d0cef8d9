package org.civicsurvey.analysis.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.civicsurvey.testing.CsvTable;

/** Reads a long-form reference file {@code case, stat, value} written by the analysis1 R scripts. */
final class Reference {
    private final Map<String, Double> values = new HashMap<>();
    private final String file;

    Reference(String file) {
        this.file = file;
        CsvTable t = CsvTable.resource("/reference/analysis1/" + file);
        for (int i = 0; i < t.size(); i++) {
            String v = t.get(i, "value");
            values.put(t.get(i, "case") + "|" + t.get(i, "stat"), v.equals("NA") ? Double.NaN : Double.parseDouble(v));
        }
    }

    double get(String c, String stat) {
        Double v = values.get(c + "|" + stat);
        if (v == null) {
            throw new AssertionError("no reference " + c + " / " + stat + " in " + file);
        }
        return v;
    }

    /** Relative tolerance {@code tol} (absolute below 1). */
    void check(double actual, String c, String stat, double tol) {
        double e = get(c, stat);
        assertThat(actual).as(c + " " + stat).isCloseTo(e, within(tol * Math.max(1, Math.abs(e))));
    }

    /** Relative tolerance for p-values, which can be tiny. */
    void checkP(double actual, String c, String stat, double tol) {
        double e = get(c, stat);
        assertThat(actual).as(c + " " + stat).isCloseTo(e, within(tol * Math.abs(e) + 1e-300));
    }
}
