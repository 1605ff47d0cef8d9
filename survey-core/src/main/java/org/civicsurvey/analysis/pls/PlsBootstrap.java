package org.civicsurvey.analysis.pls;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Bootstrap results of a PLS path model (see
 * {@link PlsPathModeling#bootstrap(PlsModel, double[][], int, long)}).
 *
 * @param requested resamples drawn
 * @param used resamples whose estimates enter the standard errors and intervals
 * @param notConverged resamples left out because the algorithm did not converge
 * @param degenerate resamples left out because an item was constant or a block or predecessor
 *     set collinear in them
 * @param seed the seed
 * @param confidenceLevel the level of the percentile intervals
 * @param originalConverged whether the fit to the full data converged
 * @param estimates one entry per path coefficient, total effect, outer weight and loading
 */
public record PlsBootstrap(
        int requested,
        int used,
        int notConverged,
        int degenerate,
        long seed,
        double confidenceLevel,
        boolean originalConverged,
        List<Estimate> estimates) {

    /** What a bootstrap estimate is of. */
    public enum Kind {
        /** A path coefficient, from construct to construct. */
        PATH,
        /** A total effect, from construct to construct. */
        TOTAL_EFFECT,
        /** An outer weight: from construct, to item. */
        OUTER_WEIGHT,
        /** A loading: from construct, to item. */
        LOADING
    }

    /**
     * One parameter's bootstrap summary.
     *
     * @param kind what it is
     * @param from the construct (predecessor, or the item's construct)
     * @param to the successor construct, or the item
     * @param estimate the estimate on the full data
     * @param standardError the bootstrap standard error
     * @param lower the lower percentile limit
     * @param upper the upper percentile limit
     */
    public record Estimate(Kind kind, String from, String to, double estimate, double standardError, double lower,
            double upper) {
        /** Validates. */
        public Estimate {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!(standardError >= 0) || !(lower <= upper)) {
                throw new IllegalArgumentException("bootstrap summary of " + kind + " " + from + " -> " + to
                        + " is inconsistent: se " + standardError + ", interval [" + lower + ", " + upper + "]");
            }
        }
    }

    /** Validates and copies. */
    public PlsBootstrap {
        if (used < 2 || used + notConverged + degenerate != requested) {
            throw new IllegalArgumentException("resample counts do not add up: requested " + requested + ", used " + used
                    + ", not converged " + notConverged + ", degenerate " + degenerate);
        }
        estimates = List.copyOf(estimates);
    }

    /**
     * @param kind what to look up
     * @param from the construct
     * @param to the successor construct or the item
     * @return the summary
     * @throws NoSuchElementException if there is none
     */
    public Estimate find(Kind kind, String from, String to) {
        for (Estimate e : estimates) {
            if (e.kind() == kind && e.from().equals(from) && e.to().equals(to)) {
                return e;
            }
        }
        throw new NoSuchElementException("no bootstrap estimate of " + kind + " " + from + " -> " + to);
    }

    record Parameter(Kind kind, String from, String to) {
    }

    static List<Parameter> parameters(PlsModel model) {
        List<Parameter> list = new ArrayList<>();
        for (PlsModel.Path p : model.paths()) {
            list.add(new Parameter(Kind.PATH, p.from(), p.to()));
        }
        boolean[][] reach = reachability(model);
        List<String> c = model.constructs();
        for (int a = 0; a < c.size(); a++) {
            for (int b = 0; b < c.size(); b++) {
                if (reach[a][b]) {
                    list.add(new Parameter(Kind.TOTAL_EFFECT, c.get(a), c.get(b)));
                }
            }
        }
        for (String construct : c) {
            for (String item : model.items(construct)) {
                list.add(new Parameter(Kind.OUTER_WEIGHT, construct, item));
            }
        }
        for (String construct : c) {
            for (String item : model.items(construct)) {
                list.add(new Parameter(Kind.LOADING, construct, item));
            }
        }
        return list;
    }

    private static boolean[][] reachability(PlsModel model) {
        boolean[][] r = model.adjacency();
        int m = r.length;
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < m; i++) {
                if (r[i][k]) {
                    for (int j = 0; j < m; j++) {
                        r[i][j] |= r[k][j];
                    }
                }
            }
        }
        return r;
    }

    static double[] values(PlsModel model, List<Parameter> parameters, Wold.Estimate est) {
        double[] v = new double[parameters.size()];
        int[] blockOf = model.blockOf();
        for (int k = 0; k < v.length; k++) {
            Parameter p = parameters.get(k);
            switch (p.kind()) {
                case PATH:
                    v[k] = est.paths[model.constructIndex(p.from())][model.constructIndex(p.to())];
                    break;
                case TOTAL_EFFECT:
                    v[k] = est.totals[model.constructIndex(p.from())][model.constructIndex(p.to())];
                    break;
                case OUTER_WEIGHT:
                    v[k] = est.weights[model.itemIndex(p.to())];
                    break;
                case LOADING:
                    int item = model.itemIndex(p.to());
                    v[k] = est.crossLoadings[item][blockOf[item]];
                    break;
                default:
                    throw new IllegalStateException("unknown kind " + p.kind());
            }
        }
        return v;
    }
}
