package org.civicsurvey.analysis.regression;

import java.util.List;

import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.testing.CsvTable;

/** The api samples and satisfaction.csv as columns, and the designs of regression.R (test fixture). */
final class RegressionData {
    static final CsvTable STRAT = CsvTable.resource("/reference/api/apistrat.csv");
    static final CsvTable CLUS1 = CsvTable.resource("/reference/api/apiclus1.csv");
    static final CsvTable CLUS2 = CsvTable.resource("/reference/api/apiclus2.csv");
    static final CsvTable SAT = CsvTable.resource("/reference/regression/satisfaction.csv");

    static final List<String> STYPE = List.of("E", "H", "M");
    static final List<String> NO_YES = List.of("No", "Yes");
    static final List<String> CHANNEL = List.of("in person", "online", "phone");
    static final List<String> AGEGROUP = List.of("18-34", "35-54", "55+");

    private RegressionData() {
    }

    static CsvTable table(String design) {
        if (design.startsWith("dstrat")) {
            return STRAT;
        }
        if (design.startsWith("dclus1")) {
            return CLUS1;
        }
        if (design.startsWith("dclus2")) {
            return CLUS2;
        }
        return SAT;
    }

    /** The designs of regression.R. */
    static SurveyDesign design(String name) {
        switch (name) {
            case "dstrat":
                return SurveyDesign.builder(STRAT.doubles("pw")).strata(STRAT.codes("stype")).fpc(STRAT.doubles("fpc")).build();
            case "dclus1":
                return SurveyDesign.builder(CLUS1.doubles("pw")).clusters(ints(CLUS1, "dnum")).fpc(CLUS1.doubles("fpc")).build();
            case "dclus2":
                // svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2): weights from the fpc
                return SurveyDesign.fromPopulationSizes(CLUS2.size()).clusters(ints(CLUS2, "dnum"), ints(CLUS2, "snum"))
                    .fpc(CLUS2.doubles("fpc1"), CLUS2.doubles("fpc2")).build();
            case "dclus2nofpc":
                return SurveyDesign.builder(CLUS2.doubles("pw")).clusters(ints(CLUS2, "dnum"), ints(CLUS2, "snum")).build();
            case "dsat":
                return SurveyDesign.builder(SAT.doubles("pw")).strata(ints(SAT, "region")).clusters(ints(SAT, "office"))
                    .fpc(SAT.doubles("fpc1")).build();
            case "dsat2": {
                int[] row = new int[SAT.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = i + 1;
                }
                return SurveyDesign.builder(SAT.doubles("pw")).strata(ints(SAT, "region")).clusters(ints(SAT, "office"), row)
                    .fpc(SAT.doubles("fpc1"), SAT.doubles("fpc2")).build();
            }
            default:
                throw new IllegalArgumentException(name);
        }
    }

    static int[] ints(CsvTable t, String column) {
        double[] d = t.doubles(column);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    /** Codes of a factor column in the given level order; NA is -1. */
    static int[] factor(CsvTable t, String column, List<String> levels) {
        String[] s = t.strings(column);
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].equals("NA") ? -1 : levels.indexOf(s[i]);
            if (out[i] < -1 || (out[i] < 0 && !s[i].equals("NA"))) {
                throw new AssertionError("unexpected level " + s[i] + " of " + column);
            }
        }
        return out;
    }

    /** A No/Yes column as 0/1. */
    static double[] yes(CsvTable t, String column) {
        int[] c = factor(t, column, NO_YES);
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = c[i] < 0 ? Double.NaN : c[i];
        }
        return out;
    }

    static boolean[] where(String[] column, String value, boolean equal) {
        boolean[] out = new boolean[column.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = column[i].equals(value) == equal;
        }
        return out;
    }
}
