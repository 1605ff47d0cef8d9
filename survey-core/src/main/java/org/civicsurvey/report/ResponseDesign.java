package org.civicsurvey.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.civicsurvey.response.Response;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.stats.LonelyPsu;
import org.civicsurvey.stats.SurveyDesign;

/**
 * The sample design of a list of responses, named in the responses' own terms: strata and primary
 * sampling units (PSUs) by a variable (a respondent attribute, the agency, service or channel, any
 * {@link GroupBy}), the finite population correction from a respondent attribute, each response's
 * weight (1 without one). {@link #build(List)} gives the {@link SurveyDesign} that
 * {@link ReportData#fromResponses(org.civicsurvey.model.Instrument, List, List, SurveyDesign)} and the
 * estimators take, strata and PSUs coded in sorted order of their labels.
 *
 * <pre>{@code
 * SurveyDesign design = ResponseDesign.withDefaults().withStrata(GroupBy.respondent("area"))
 *     .withLonelyPsu(LonelyPsu.ADJUST).build(responses);
 * }</pre>
 *
 * <p><b>Degenerate designs</b> are refused when the design is built, in the responses' terms,
 * rather than deep inside an estimate: no response at all; a response without a value for the strata,
 * cluster or fpc variable (naming the response); and, under {@link LonelyPsu#FAIL} (R's default), a
 * stratum with a single PSU, naming the stratum, its PSU and the lonely-PSU options (as R's
 * {@code options(survey.lonely.psu = ...)}). A stratum whose fpc says every PSU was sampled is
 * certain and is not lonely.
 *
 * @param strata the strata variable, if any
 * @param clusters the PSU variable, if any (otherwise every response is its own PSU)
 * @param fpcAttribute the respondent attribute holding the stage-1 fpc (population size of the
 *     stratum, or sampling fraction), if any
 * @param lonelyPsu what the variance does with a stratum of one PSU
 */
public record ResponseDesign(Optional<GroupBy> strata, Optional<GroupBy> clusters, Optional<String> fpcAttribute,
                             LonelyPsu lonelyPsu) {
    /**
     * Validates.
     *
     * @param strata strata
     * @param clusters clusters
     * @param fpcAttribute fpc attribute
     * @param lonelyPsu lonely-PSU policy
     */
    public ResponseDesign {
        Objects.requireNonNull(strata, "strata");
        Objects.requireNonNull(clusters, "clusters");
        Objects.requireNonNull(fpcAttribute, "fpcAttribute");
        Objects.requireNonNull(lonelyPsu, "lonelyPsu");
    }

    /** @return weights only: no strata, no clusters, no fpc, {@link LonelyPsu#FAIL} */
    public static ResponseDesign withDefaults() {
        return new ResponseDesign(Optional.empty(), Optional.empty(), Optional.empty(), LonelyPsu.FAIL);
    }

    /**
     * @param variable the strata, e.g. {@code GroupBy.respondent("area")}
     * @return a copy
     */
    public ResponseDesign withStrata(GroupBy variable) {
        return new ResponseDesign(Optional.of(variable), clusters, fpcAttribute, lonelyPsu);
    }

    /**
     * @param variable the primary sampling units, e.g. {@code GroupBy.respondent("commune")}
     * @return a copy
     */
    public ResponseDesign withClusters(GroupBy variable) {
        return new ResponseDesign(strata, Optional.of(variable), fpcAttribute, lonelyPsu);
    }

    /**
     * @param attribute the respondent attribute with the fpc: the population size of the stratum
     *     (or of the whole population without strata), or the sampling fraction, as R's {@code fpc = ~x}
     * @return a copy
     */
    public ResponseDesign withFpc(String attribute) {
        return new ResponseDesign(strata, clusters, Optional.of(Objects.requireNonNull(attribute, "attribute")), lonelyPsu);
    }

    /**
     * @param policy what the variance does with a stratum of one PSU
     * @return a copy
     */
    public ResponseDesign withLonelyPsu(LonelyPsu policy) {
        return new ResponseDesign(strata, clusters, fpcAttribute, policy);
    }

    /**
     * Builds the design of the responses, row {@code i} being {@code responses.get(i)}.
     *
     * @param responses the responses
     * @return the design
     * @throws IllegalArgumentException for no response, a response without a design value, or a lonely
     *     PSU under {@link LonelyPsu#FAIL}, each naming what to do
     */
    public SurveyDesign build(List<Response> responses) {
        Objects.requireNonNull(responses, "responses");
        int n = responses.size();
        if (n == 0) {
            throw new IllegalArgumentException("no responses: a design needs at least one. If they came from a CSV import,"
                + " its ImportResult.summary() says why each row was rejected; from a store, check the filter");
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = responses.get(i).weight().orElse(1);
        }
        SurveyDesign.Builder b = SurveyDesign.builder(w).lonelyPsu(lonelyPsu);
        String[] strataLabels = strata.isPresent() ? labels(strata.get(), "strata", responses) : null;
        String[] psuLabels = clusters.isPresent() ? labels(clusters.get(), "cluster", responses) : null;
        double[] fpc = fpcAttribute.isPresent() ? fpc(fpcAttribute.get(), responses) : null;
        int[] strataCodes = strataLabels == null ? null : codes(strataLabels);
        if (strataCodes != null) {
            b.strata(strataCodes);
        }
        if (psuLabels != null) {
            String[] nested = new String[n];
            for (int i = 0; i < n; i++) {
                nested[i] = (strataLabels == null ? "" : strataLabels[i]) + '\u0000' + psuLabels[i];
            }
            b.clusters(codes(nested));
        }
        if (fpc != null) {
            b.fpc(fpc);
        }
        checkLonelyPsus(responses, strataLabels, psuLabels, fpc);
        return b.build();
    }

    private void checkLonelyPsus(List<Response> responses, String[] strataLabels, String[] psuLabels, double[] fpc) {
        Map<String, Map<String, Integer>> psusByStratum = new TreeMap<>();
        Map<String, Double> fpcByStratum = new HashMap<>();
        for (int i = 0; i < responses.size(); i++) {
            String s = strataLabels == null ? "" : strataLabels[i];
            String p = psuLabels == null ? "response " + responses.get(i).id() : psuLabels[i];
            psusByStratum.computeIfAbsent(s, k -> new LinkedHashMap<>()).putIfAbsent(p, i);
            if (fpc != null) {
                fpcByStratum.put(s, fpc[i]);
            }
        }
        List<String> lonely = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> e : psusByStratum.entrySet()) {
            int psus = e.getValue().size();
            if (psus == 1 && !certain(fpcByStratum.get(e.getKey()), psus)) {
                lonely.add(e.getKey());
            }
        }
        String options = "choose a lonely-PSU option with withLonelyPsu(...): LonelyPsu.ADJUST (centre it at the"
            + " population mean, R's \"adjust\"), AVERAGE (the average variance of the other strata, R's \"average\"),"
            + " REMOVE (it adds no variance, R's \"remove\"), CERTAINTY (it was sampled with certainty, R's \"certainty\");"
            + " or merge it with a neighbouring stratum";
        if (lonely.isEmpty()) {
            return;
        }
        String variable = strata.map(GroupBy::name).orElse("");
        if (lonelyPsu == LonelyPsu.FAIL) {
            String first = lonely.get(0);
            String psu = psusByStratum.get(first).keySet().iterator().next();
            String where = strata.isPresent() ? "stratum " + variable + "=" + first : "the sample (one stratum)";
            throw new IllegalArgumentException(where + " has only one primary sampling unit (" + (psuLabels == null ? psu
                : clusters.get().name() + "=" + psu) + "), so the variance within it cannot be estimated"
                + (lonely.size() > 1 ? " (as in " + (lonely.size() - 1) + " more stratum(s): " + String.join(", ",
                lonely.subList(1, Math.min(lonely.size(), 11))) + (lonely.size() > 11 ? ", …" : "") + ")" : "")
                + ": " + options);
        }
        if (lonelyPsu == LonelyPsu.AVERAGE && lonely.size() == psusByStratum.size()) {
            throw new IllegalArgumentException("every stratum" + (variable.isEmpty() ? "" : " of " + variable)
                + " has only one primary sampling unit, so LonelyPsu.AVERAGE has no stratum to average over: choose ADJUST,"
                + " REMOVE or CERTAINTY, or strata with two or more units");
        }
    }

    private static boolean certain(Double fpc, int psus) {
        if (fpc == null) {
            return false;
        }
        return fpc >= 1 ? fpc <= psus : fpc >= 1 - 1e-7;
    }

    private static String[] labels(GroupBy variable, String role, List<Response> responses) {
        String[] out = new String[responses.size()];
        for (int i = 0; i < out.length; i++) {
            String level = variable.level(responses.get(i));
            if (level == null || level.isBlank() || GroupBy.UNKNOWN.equals(level)) {
                throw new IllegalArgumentException("response " + responses.get(i).id() + " has no value for the " + role
                    + " variable " + variable.name());
            }
            out[i] = level;
        }
        return out;
    }

    private static double[] fpc(String attribute, List<Response> responses) {
        double[] out = new double[responses.size()];
        for (int i = 0; i < out.length; i++) {
            Response r = responses.get(i);
            String v = r.respondent().get(attribute);
            if (v == null) {
                throw new IllegalArgumentException("response " + r.id() + " has no value for the fpc attribute " + attribute);
            }
            try {
                out[i] = Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("response " + r.id() + ": fpc attribute " + attribute + " is '" + v
                    + "', not a number", e);
            }
            if (!(out[i] > 0) || Double.isInfinite(out[i])) {
                throw new IllegalArgumentException("response " + r.id() + ": fpc attribute " + attribute + " is " + v
                    + "; must be a population size >= 1 or a sampling fraction in (0, 1]");
            }
        }
        return out;
    }

    private static int[] codes(String[] labels) {
        TreeMap<String, Integer> sorted = new TreeMap<>();
        for (String l : labels) {
            sorted.put(l, 0);
        }
        int c = 0;
        for (Map.Entry<String, Integer> e : sorted.entrySet()) {
            e.setValue(c++);
        }
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = sorted.get(labels[i]);
        }
        return out;
    }
}
