package org.civicsurvey.weighting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicsurvey.stats.Design;
import org.civicsurvey.stats.SurveyDesign;
import org.civicsurvey.testing.CsvTable;

/**
 * The data sets, designs and R reference values of {@code reference/weighting/weighting-reference.R}.
 */
final class ReferenceData {
    static final CsvTable APICLUS1 = CsvTable.resource("/reference/api/apiclus1.csv");
    static final CsvTable APISTRAT = CsvTable.resource("/reference/api/apistrat.csv");
    static final CsvTable SATISFACTION = CsvTable.resource("/reference/weighting/satisfaction-data.csv");
    static final CsvTable POPULATION = CsvTable.resource("/reference/weighting/satisfaction-population.csv");
    static final CsvTable WEIGHTS = CsvTable.resource("/reference/weighting/weights.csv");
    static final CsvTable ESTIMATES = CsvTable.resource("/reference/weighting/estimates.csv");
    static final CsvTable SUMMARY = CsvTable.resource("/reference/weighting/weight-summary.csv");

    static final List<String> STYPE = List.of("E", "H", "M");
    static final List<String> YES_NO = List.of("No", "Yes");
    static final List<String> PROVINCES = List.of("P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8");
    static final List<String> SEXES = List.of("F", "M");
    static final List<String> AGES = List.of("A18", "A25", "A35", "A50", "A60");

    private ReferenceData() {
    }

    /** Codes a string column by a fixed level order (R's alphabetical factor levels). */
    static int[] codes(CsvTable t, String column, List<String> levels) {
        String[] s = t.strings(column);
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = levels.indexOf(s[i]);
            if (out[i] < 0) {
                throw new IllegalStateException(column + " value " + s[i] + " not in " + levels);
            }
        }
        return out;
    }

    static int[] ints(CsvTable t, String column) {
        double[] d = t.doubles(column);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    /** svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc). */
    static SurveyDesign clus1() {
        return SurveyDesign.builder(APICLUS1.doubles("pw")).clusters(ints(APICLUS1, "dnum")).fpc(APICLUS1.doubles("fpc"))
                .build();
    }

    /** svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc). */
    static SurveyDesign strat() {
        return SurveyDesign.builder(APISTRAT.doubles("pw")).strata(APISTRAT.codes("stype")).fpc(APISTRAT.doubles("fpc"))
                .build();
    }

    /** svydesign(id = ~commune, strata = ~region, weights = ~w, fpc = ~fpc, data = sat, nest = TRUE). */
    static SurveyDesign satisfaction() {
        return SurveyDesign.builder(SATISFACTION.doubles("w")).strata(ints(SATISFACTION, "region"))
                .clusters(ints(SATISFACTION, "commune")).fpc(SATISFACTION.doubles("fpc")).nest(true).build();
    }

    /** A population margin of the synthetic survey from satisfaction-population.csv. */
    static double[] population(String margin) {
        String[] m = POPULATION.strings("margin");
        double[] c = POPULATION.doubles("count");
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            if (m[i].equals(margin)) {
                out.add(c[i]);
            }
        }
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    /** The R reference weights of one case, by unit. */
    static double[] referenceWeights(String dataset, String caseName) {
        String[] ds = WEIGHTS.strings("dataset");
        String[] cs = WEIGHTS.strings("case");
        double[] w = WEIGHTS.doubles("weight");
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < ds.length; i++) {
            if (ds[i].equals(dataset) && cs[i].equals(caseName)) {
                out.add(w[i]);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no reference weights for " + dataset + "/" + caseName);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** One reference estimate: {@code estimate}, {@code se}, {@code degf}. */
    record Estimate(String dataset, String caseName, String variable, String statistic, double estimate, double se,
            int degf) {
    }

    static List<Estimate> referenceEstimates() {
        List<Estimate> out = new ArrayList<>();
        double[] est = ESTIMATES.doubles("estimate");
        double[] se = ESTIMATES.doubles("se");
        double[] degf = ESTIMATES.doubles("degf");
        for (int r = 0; r < ESTIMATES.size(); r++) {
            out.add(new Estimate(ESTIMATES.get(r, "dataset"), ESTIMATES.get(r, "case"), ESTIMATES.get(r, "variable"),
                    ESTIMATES.get(r, "statistic"), est[r], se[r], (int) degf[r]));
        }
        return out;
    }

    static Map<String, double[]> variables(String dataset) {
        Map<String, double[]> m = new HashMap<>();
        if (dataset.equals("satisfaction")) {
            m.put("score", SATISFACTION.doubles("score"));
            m.put("top2", SATISFACTION.doubles("top2"));
        } else {
            CsvTable t = dataset.equals("apiclus1") ? APICLUS1 : APISTRAT;
            m.put("api00", t.doubles("api00"));
            m.put("enroll", t.doubles("enroll"));
        }
        return m;
    }

    /** Each case of the R script, computed with this package. */
    static Map<String, Design> cases(String dataset) {
        Weighting tight = Weighting.withDefaults().withTolerance(1e-13).withMaxIterations(1000).requiringConvergence(true);
        Map<String, Design> m = new LinkedHashMap<>();
        if (dataset.equals("apiclus1")) {
            SurveyDesign d = clus1();
            CsvTable t = APICLUS1;
            Margin stype = Margin.of("stype", codes(t, "stype", STYPE), STYPE, new double[] {4421, 755, 1018});
            Margin schwide = Margin.of("sch.wide", codes(t, "sch.wide", YES_NO), YES_NO, new double[] {1072, 5122});
            CalibrationModel api99 = CalibrationModel.builder(t.size()).intercept().factor("stype", codes(t, "stype", STYPE), STYPE)
                    .numeric("api99", t.doubles("api99")).build();
            double[] api99Totals = {6194, 755, 1018, 3914069};
            CalibrationModel enroll = CalibrationModel.builder(t.size()).intercept().factor("stype", codes(t, "stype", STYPE), STYPE)
                    .numeric("enroll", t.doubles("enroll")).build();
            // R: sum(apipop$enroll, na.rm = TRUE) = 3811472
            double[] enrollTotals = {6194, 755, 1018, 3811472};
            m.put("none", d);
            CalibratedDesign ps = tight.postStratify(d, stype).design();
            m.put("poststratify_stype", ps);
            m.put("rake_stype_schwide", tight.rake(d, List.of(stype, schwide)).design());
            CalibratedDesign cl = tight.calibrate(d, api99, api99Totals).design();
            m.put("calibrate_linear_api99", cl);
            m.put("calibrate_linear_enroll", tight.calibrate(d, enroll, enrollTotals).design());
            m.put("calibrate_raking_api99",
                    tight.calibrate(d, api99, api99Totals, CalibrationDistance.RAKING, Bounds.NONE).design());
            m.put("calibrate_linear_bounds_0.6_1.6",
                    tight.calibrate(d, api99, api99Totals, CalibrationDistance.LINEAR, Bounds.of(0.6, 1.6)).design());
            m.put("calibrate_logit_bounds_0.6_1.6",
                    tight.calibrate(d, api99, api99Totals, CalibrationDistance.LOGIT, Bounds.of(0.6, 1.6)).design());
            m.put("poststratify_then_calibrate_api99", tight.calibrate(ps, api99, api99Totals).design());
            m.put("calibrate_linear_api99_trim_20_55", tight.trim(cl, 20, 55, false));
            m.put("calibrate_linear_api99_trim_20_55_strict", tight.trim(cl, 20, 55, true));
        } else if (dataset.equals("apistrat")) {
            SurveyDesign d = strat();
            CsvTable t = APISTRAT;
            Margin schwide = Margin.of("sch.wide", codes(t, "sch.wide", YES_NO), YES_NO, new double[] {1072, 5122});
            // R: table(apipop$awards) = No 2027, Yes 4167
            Margin awards = Margin.of("awards", codes(t, "awards", YES_NO), YES_NO, new double[] {2027, 4167});
            CalibrationModel model = CalibrationModel.builder(t.size()).intercept()
                    .factor("sch.wide", codes(t, "sch.wide", YES_NO), YES_NO).numeric("api99", t.doubles("api99")).build();
            m.put("none", d);
            m.put("rake_schwide_awards", tight.rake(d, List.of(schwide, awards)).design());
            m.put("calibrate_linear_schwide_api99", tight.calibrate(d, model, new double[] {6194, 5122, 3914069}).design());
        } else {
            SurveyDesign d = satisfaction();
            CsvTable t = SATISFACTION;
            int[] prov = codes(t, "province", PROVINCES);
            int[] sex = codes(t, "sex", SEXES);
            int[] age = codes(t, "age", AGES);
            Margin pm = Margin.of("province", prov, PROVINCES, population("province"));
            Margin sm = Margin.of("sex", sex, SEXES, population("sex"));
            Margin am = Margin.of("age", age, AGES, population("age"));
            // satisfaction-population.csv lists sex:age cells with sex varying fastest (R's expand.grid);
            // Margin.crossed wants the last variable fastest, so cross (age, sex) and name it accordingly.
            Margin sexAge = Margin.crossed("age:sex", List.of(age, sex), List.of(AGES, SEXES), population("sex:age"));
            CalibrationModel model = CalibrationModel.ofMargins(List.of(pm, sm, am));
            double[] totals = CalibrationModel.marginTotals(List.of(pm, sm, am));
            m.put("none", d);
            m.put("poststratify_sex_age", tight.postStratify(d, sexAge).design());
            CalibratedDesign rk = tight.rake(d, List.of(pm, sm, am)).design();
            m.put("rake_province_sex_age", rk);
            m.put("rake_province_sex_age_2_sweeps",
                    Weighting.withDefaults().withMaxIterations(2).withTolerance(1e-13).rake(d, List.of(pm, sm, am)).design());
            m.put("calibrate_linear", tight.calibrate(d, model, totals).design());
            m.put("calibrate_raking", tight.calibrate(d, model, totals, CalibrationDistance.RAKING, Bounds.NONE).design());
            m.put("calibrate_linear_bounds_0.7_2.5",
                    tight.calibrate(d, model, totals, CalibrationDistance.LINEAR, Bounds.of(0.7, 2.5)).design());
            m.put("calibrate_logit_bounds_0.7_2.5",
                    tight.calibrate(d, model, totals, CalibrationDistance.LOGIT, Bounds.of(0.7, 2.5)).design());
            m.put("rake_trim_60_400", tight.trim(rk, 60, 400, false));
        }
        return m;
    }
}
