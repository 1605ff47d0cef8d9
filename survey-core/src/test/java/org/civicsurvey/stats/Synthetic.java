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
        } else if (name.equals("syn_clus2")) {
            int[] psu = ApiData.ints(TABLE, "psu");
            b.clusters(psu, ssu()).fpc(TABLE.doubles("fpc"), fpc2(psu));
        }
        return b.build();
    }

    /** twostage.R: {@code syn$ssu <- seq_len(nrow(syn)) %% 5 + 1}, five SSUs in every PSU. */
    static int[] ssu() {
        int[] out = new int[TABLE.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (i + 1) % 5 + 1;
        }
        return out;
    }

    /** twostage.R: {@code syn$fpc2 <- 5 + syn$psu %% 7}, each PSU's population of SSUs. */
    static double[] fpc2(int[] psu) {
        double[] out = new double[psu.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 5 + psu[i] % 7;
        }
        return out;
    }

    static SurveyData data(String name) {
        SurveyData d = SurveyData.of(design(name), ApiData.ints(TABLE, "province"));
        for (int k = 1; k <= ITEMS; k++) {
            d = d.withCategorical(Variable.scale("q" + k, 1, 5), codes("q" + k));
        }
        return d;
    }
}
