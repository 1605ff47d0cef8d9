package org.civicsurvey.stats;

import org.civicsurvey.testing.CsvTable;

/** The seeded synthetic satisfaction survey written by reference/engine/estimates.R (test fixture). */
final class Synthetic {
    static final CsvTable TABLE = CsvTable.resource("/reference/engine/synthetic.csv");
    static final int ITEMS = 5;

    private Synthetic() {
    }

    /** R codes: 1..5 answers, 8 don't know, 9 not applicable, NA missing. */
    static byte[] codes(String column) {
        double[] q = TABLE.doubles(column);
        byte[] out = new byte[q.length];
        for (int i = 0; i < q.length; i++) {
            if (Double.isNaN(q[i])) {
                out[i] = Exclusion.MISSING.code();
            } else if (q[i] == 8) {
                out[i] = Exclusion.DONT_KNOW.code();
            } else if (q[i] == 9) {
                out[i] = Exclusion.NOT_APPLICABLE.code();
            } else {
                out[i] = (byte) (q[i] - 1);
            }
        }
        return out;
    }

    static SurveyDesign design(String name) {
        SurveyDesign.Builder b = SurveyDesign.builder(TABLE.doubles("w")).strata(ApiData.ints(TABLE, "stratum"));
        if (name.equals("syn_clus")) {
            b.clusters(ApiData.ints(TABLE, "psu")).fpc(TABLE.doubles("fpc"));
        }
        return b.build();
    }

    static SurveyData data(String name) {
        SurveyData d = SurveyData.of(design(name), ApiData.ints(TABLE, "province"));
        for (int k = 1; k <= ITEMS; k++) {
            d = d.withCategorical(Variable.scale("q" + k, 1, 5), codes("q" + k));
        }
        return d;
    }
}
