package org.civicsurvey.stats;

import org.civicsurvey.testing.CsvTable;

/** The api samples of R's survey package, as columns (test fixture). */
final class ApiData {
    static final CsvTable SRS = CsvTable.resource("/reference/api/apisrs.csv");
    static final CsvTable STRAT = CsvTable.resource("/reference/api/apistrat.csv");
    static final CsvTable CLUS1 = CsvTable.resource("/reference/api/apiclus1.csv");
    static final CsvTable CLUS2 = CsvTable.resource("/reference/api/apiclus2.csv");

    private ApiData() {
    }

    static int[] ints(CsvTable t, String column) {
        double[] d = t.doubles(column);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    /** Builds the design named in kernel.R / estimates.R. */
    static SurveyDesign design(String name) {
        switch (name) {
            case "srs_fpc":
                return SurveyDesign.builder(SRS.doubles("pw")).fpc(SRS.doubles("fpc")).build();
            case "srs_frac": {
                double[] fpc = SRS.doubles("fpc");
                double[] frac = new double[fpc.length];
                for (int i = 0; i < fpc.length; i++) {
                    frac[i] = 200 / fpc[i];
                }
                return SurveyDesign.builder(SRS.doubles("pw")).fpc(frac).build();
            }
            case "srs_nofpc":
                return SurveyDesign.builder(SRS.doubles("pw")).build();
            case "strat_fpc":
                return SurveyDesign.builder(STRAT.doubles("pw")).strata(STRAT.codes("stype")).fpc(STRAT.doubles("fpc")).build();
            case "strat_nofpc":
                return SurveyDesign.builder(STRAT.doubles("pw")).strata(STRAT.codes("stype")).build();
            case "strat_nest":
                return SurveyDesign.builder(STRAT.doubles("pw")).strata(STRAT.codes("stype"))
                    .clusters(ints(STRAT, "dnum")).nest(true).build();
            case "clus1_fpc":
                return SurveyDesign.builder(CLUS1.doubles("pw")).clusters(ints(CLUS1, "dnum")).fpc(CLUS1.doubles("fpc")).build();
            case "clus1_nofpc":
                return SurveyDesign.builder(CLUS1.doubles("pw")).clusters(ints(CLUS1, "dnum")).build();
            case "clus2_fpc":
                return SurveyDesign.builder(CLUS2.doubles("pw")).clusters(ints(CLUS2, "dnum"), ints(CLUS2, "snum"))
                    .fpc(CLUS2.doubles("fpc1"), CLUS2.doubles("fpc2")).build();
            case "clus2_fpc1":
                return SurveyDesign.builder(CLUS2.doubles("pw")).clusters(ints(CLUS2, "dnum"), ints(CLUS2, "snum"))
                    .fpc(CLUS2.doubles("fpc1")).build();
            case "clus2_nofpc":
                return SurveyDesign.builder(CLUS2.doubles("pw")).clusters(ints(CLUS2, "dnum"), ints(CLUS2, "snum")).build();
            default:
                if (name.startsWith("lone2_")) {
                    return lonelySecondStage(LonelyPsu.valueOf(name.substring(6).toUpperCase(java.util.Locale.ROOT)));
                }
                if (name.startsWith("lone_")) {
                    return lonelyStratum(LonelyPsu.valueOf(name.substring(5).toUpperCase(java.util.Locale.ROOT)));
                }
                throw new IllegalArgumentException(name);
        }
    }

    /** apistrat with school 1 moved to its own stratum "X" (kernel.R: apistrat$lone). */
    static SurveyDesign lonelyStratum(LonelyPsu policy) {
        int[] strata = STRAT.codes("stype");
        strata[0] = 99;
        return SurveyDesign.builder(STRAT.doubles("pw")).strata(strata).lonelyPsu(policy).build();
    }

    /** apiclus2 with district 15 re-declared as having 2 schools (kernel.R: fpc2b, wb). */
    static SurveyDesign lonelySecondStage(LonelyPsu policy) {
        int[] dnum = ints(CLUS2, "dnum");
        double[] fpc1 = CLUS2.doubles("fpc1");
        double[] fpc2 = CLUS2.doubles("fpc2");
        int[] inDistrict = new int[1000];
        for (int d : dnum) {
            inDistrict[d]++;
        }
        double[] w = new double[dnum.length];
        for (int i = 0; i < dnum.length; i++) {
            if (dnum[i] == 15) {
                fpc2[i] = 2;
            }
        }
        for (int i = 0; i < dnum.length; i++) {
            w[i] = fpc1[i] / 40 * fpc2[i] / inDistrict[dnum[i]];
        }
        return SurveyDesign.builder(w).clusters(dnum, ints(CLUS2, "snum")).fpc(fpc1, fpc2).lonelyPsu(policy).build();
    }

    static CsvTable table(String design) {
        if (design.startsWith("srs")) {
            return SRS;
        }
        if (design.startsWith("strat") || design.startsWith("lone_")) {
            return STRAT;
        }
        if (design.startsWith("clus1")) {
            return CLUS1;
        }
        return CLUS2;
    }
}
