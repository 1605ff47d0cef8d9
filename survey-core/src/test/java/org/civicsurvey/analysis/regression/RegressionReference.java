package org.civicsurvey.analysis.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;

import org.civicsurvey.testing.CsvTable;

/**
 * The long-form reference file {@code reference/regression/regression.csv} ({@code case, stat,
 * value}), written by {@code regression.R} (R 4.2.2, survey 4.1.1).
 */
final class RegressionReference {
    static final RegressionReference REF = new RegressionReference();

    private final Map<String, Double> values = new HashMap<>();
    private final Set<String> cases = new TreeSet<>();

    private RegressionReference() {
        CsvTable t = CsvTable.resource("/reference/regression/regression.csv");
        for (int i = 0; i < t.size(); i++) {
            String v = t.get(i, "value");
            values.put(t.get(i, "case") + "|" + t.get(i, "stat"), v.equals("NA") ? Double.NaN : Double.parseDouble(v));
            cases.add(t.get(i, "case"));
        }
    }

    Set<String> cases() {
        return cases;
    }

    boolean has(String c, String stat) {
        return values.containsKey(c + "|" + stat);
    }

    double get(String c, String stat) {
        Double v = values.get(c + "|" + stat);
        if (v == null) {
            throw new AssertionError("no reference " + c + " / " + stat);
        }
        return v;
    }

    /** {@code |actual - expected| <= tol * max(|expected|, floor)}. */
    void check(double actual, String c, String stat, double tol, double floor) {
        double e = get(c, stat);
        assertThat(actual).as(c + " " + stat).isCloseTo(e, within(tol * Math.max(Math.abs(e), floor)));
    }

    /** Relative tolerance. */
    void check(double actual, String c, String stat, double tol) {
        check(actual, c, stat, tol, 1e-300);
    }
}
