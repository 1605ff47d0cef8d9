package org.civicsurvey.stats;

import java.util.List;
import org.civicsurvey.testing.CsvTable;

/**
 * The replicate designs of reference/replicate/replicate.R built on the Java side (test fixture):
 * converted from the same Taylor designs, or from the replicate weights R wrote.
 */
final class ReplicateFixtures {
    static final CsvTable DESIGNS = CsvTable.resource("/reference/replicate/designs.csv");
    static final CsvTable ESTIMATES = CsvTable.resource("/reference/replicate/estimates.csv");
    static final CsvTable SCD = CsvTable.resource("/reference/replicate/scd.csv");
    static final CsvTable BOOT = CsvTable.resource("/reference/replicate/boot-clus1.csv");
    static final List<String> NAMES = List.of("clus1_jk1", "clus1_jk1_nofpc", "clus1_jk1_mse", "strat_jkn", "strat_brr",
        "strat_fay", "scd_user_brr", "scd_brr", "scd_fay", "scd_jkn", "scd_brr_h", "syn_jkn", "clus1_boot", "clus1_user_other",
        "clus1_user_jk1", "scd_user_jkn");

    private ReplicateFixtures() {
    }

    /** apistrat with strata coded 1, 2, 3 for E, H, M (R orders the character strata so for BRR). */
    static SurveyDesign strat() {
        String[] stype = ApiData.STRAT.strings("stype");
        int[] codes = new int[stype.length];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = "EHM".indexOf(stype[i]) + 1;
        }
        return SurveyDesign.builder(ApiData.STRAT.doubles("pw")).strata(codes).fpc(ApiData.STRAT.doubles("fpc")).build();
    }

    /** R's {@code svydesign(data = scd, prob = ~1, id = ~ambulance, strata = ~ESA, nest = TRUE)}. */
    static SurveyDesign scd() {
        return SurveyDesign.builder(new double[] {1, 1, 1, 1, 1, 1}).strata(ApiData.ints(SCD, "ESA"))
            .clusters(ApiData.ints(SCD, "ambulance")).nest(true).build();
    }

    /** Each row's replicate multipliers (analysis weight over full-sample weight) of a design. */
    static double[][] multipliers(ReplicateDesign d) {
        double[][] m = new double[d.size()][d.replicates()];
        for (int i = 0; i < m.length; i++) {
            for (int r = 0; r < m[i].length; r++) {
                m[i][r] = d.replicateWeight(i, r) / d.weight(i);
            }
        }
        return m;
    }

    static double[][] analysisWeights(ReplicateDesign d) {
        double[][] m = new double[d.size()][d.replicates()];
        for (int i = 0; i < m.length; i++) {
            for (int r = 0; r < m[i].length; r++) {
                m[i][r] = d.replicateWeight(i, r);
            }
        }
        return m;
    }

    static ReplicateDesign design(String name) {
        switch (name) {
            case "clus1_jk1":
                return ReplicateDesign.jackknife(ApiData.design("clus1_fpc"));
            case "clus1_jk1_nofpc":
                return ReplicateDesign.jk1(ApiData.design("clus1_nofpc"));
            case "clus1_jk1_mse":
                return ReplicateDesign.jk1(ApiData.design("clus1_fpc")).withMse(true);
            case "strat_jkn":
                return ReplicateDesign.jkn(strat());
            case "strat_brr":
                return ReplicateDesign.brr(strat());
            case "strat_fay":
                return ReplicateDesign.fay(strat(), 0.5);
            case "scd_user_brr": {
                // R's ?svrepdesign: 2 * cbind(c(1,0,1,0,1,0), c(1,0,0,1,0,1), c(0,1,1,0,0,1), c(0,1,0,1,1,0))
                double[][] rep = {{2, 2, 0, 0}, {0, 0, 2, 2}, {2, 0, 2, 0}, {0, 2, 0, 2}, {2, 0, 0, 2}, {0, 2, 2, 0}};
                return ReplicateDesign.builder(ReplicateType.BRR, new double[] {1, 1, 1, 1, 1, 1}, rep)
                    .combinedWeights(false).build();
            }
            case "scd_brr":
                return ReplicateDesign.brr(scd());
            case "scd_fay":
                return ReplicateDesign.fay(scd(), 0.3);
            case "scd_jkn":
                return ReplicateDesign.jkn(scd());
            case "scd_brr_h": {
                // as.svrepdesign(scdnofpc, type = "BRR", hadamard.matrix = survey:::hadamard(3))
                byte[][] h = Hadamard.of(3);
                double[][] matrix = new double[h.length][h.length];
                for (int i = 0; i < h.length; i++) {
                    for (int j = 0; j < h.length; j++) {
                        matrix[i][j] = h[i][j];
                    }
                }
                return ReplicateDesign.fay(scd(), 0, matrix);
            }
            case "syn_jkn":
                return ReplicateDesign.jkn(Synthetic.design("syn_clus"));
            case "clus1_boot": {
                double[][] rep = new double[BOOT.size()][BOOT.columns().size()];
                for (int r = 0; r < rep[0].length; r++) {
                    double[] col = BOOT.doubles("r" + (r + 1));
                    for (int i = 0; i < rep.length; i++) {
                        rep[i][r] = col[i];
                    }
                }
                return ReplicateDesign.builder(ReplicateType.BOOTSTRAP, ApiData.CLUS1.doubles("pw"), rep)
                    .combinedWeights(false).scale(refDouble(name, "scale")).build();
            }
            case "clus1_user_other": {
                double[] rscales = new double[15];
                for (int r = 0; r < rscales.length; r++) {
                    rscales[r] = 0.5 + 0.1 * r;
                }
                return ReplicateDesign.builder(ReplicateType.OTHER, ApiData.CLUS1.doubles("pw"),
                        analysisWeights(design("clus1_jk1"))).scale(0.8).rscales(rscales).mse(true).build();
            }
            case "clus1_user_jk1":
                return ReplicateDesign.builder(ReplicateType.JK1, ApiData.CLUS1.doubles("pw"),
                    multipliers(design("clus1_jk1_nofpc"))).combinedWeights(false).build();
            case "scd_user_jkn":
                return ReplicateDesign.builder(ReplicateType.JKN, new double[] {1, 1, 1, 1, 1, 1},
                    multipliers(design("scd_jkn"))).combinedWeights(false).build();
            default:
                throw new IllegalArgumentException(name);
        }
    }

    static double refDouble(String design, String column) {
        for (int r = 0; r < DESIGNS.size(); r++) {
            if (DESIGNS.get(r, "design").equals(design)) {
                return Double.parseDouble(DESIGNS.get(r, column));
            }
        }
        throw new IllegalArgumentException("no design " + design);
    }

    /** The rows R estimated on, with the variables the estimates name. */
    static SurveyData data(String name) {
        ReplicateDesign d = design(name);
        if (name.startsWith("scd")) {
            return SurveyData.of(d).withNumeric(Variable.numeric("arrests"), SCD.doubles("arrests"))
                .withNumeric(Variable.numeric("alive"), SCD.doubles("alive"));
        }
        if (name.startsWith("syn")) {
            SurveyData s = SurveyData.of(d, ApiData.ints(Synthetic.TABLE, "province"));
            for (int k = 1; k <= Synthetic.ITEMS; k++) {
                s = s.withCategorical(Variable.scale("q" + k, 1, 5), Synthetic.codes("q" + k));
            }
            return s;
        }
        CsvTable t = name.startsWith("strat") ? ApiData.STRAT : ApiData.CLUS1;
        String[] stype = t.strings("stype");
        String[] sw = t.strings("sch.wide");
        int[] dom = new int[stype.length];
        byte[] type = new byte[stype.length];
        byte[] yes = new byte[stype.length];
        for (int i = 0; i < dom.length; i++) {
            dom[i] = "EHM".indexOf(stype[i]) + 1;
            type[i] = (byte) (dom[i] - 1);
            yes[i] = (byte) (sw[i].equals("Yes") ? 1 : 0);
        }
        return SurveyData.of(d, dom)
            .withNumeric(Variable.numeric("api00"), t.doubles("api00"))
            .withNumeric(Variable.numeric("enroll"), t.doubles("enroll"))
            .withNumeric(Variable.numeric("acs.k3"), t.doubles("acs.k3"))
            .withNumeric(Variable.numeric("api.stu"), t.doubles("api.stu"))
            .withCategorical(Variable.categorical("stype", 1, 2, 3), type)
            .withCategorical(Variable.categorical("sch.wide", 0, 1), yes);
    }

    /** Domain label of estimates.csv to domain code. */
    static Integer domain(String label) {
        if (label.equals("all")) {
            return null;
        }
        int k = "EHM".indexOf(label);
        return k >= 0 && label.length() == 1 ? k + 1 : Integer.valueOf(label);
    }
}
