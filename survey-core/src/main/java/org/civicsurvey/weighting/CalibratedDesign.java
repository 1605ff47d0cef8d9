package org.civicsurvey.weighting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.civicsurvey.stats.Design;

/**
 * A sampling design whose weights were post-stratified, raked, calibrated or trimmed, with R's
 * variance for such designs.
 *
 * <p>Each weighting step is remembered as R's {@code survey} package remembers it in
 * {@code design$postStrata}: a post-stratification as its cells with the weights before and after;
 * a raking as the chain of its margins' post-stratifications in the last sweep; a calibration as the
 * QR decomposition of {@code X * sqrt(d)} and {@code w = g * sqrt(d)}. {@link #totalCovariance}
 * residualises the influence values through every step in order, exactly as
 * {@code survey:::svyrecvar}, and then delegates to the underlying sampling design's kernel, so
 * standard errors equal R's for {@code postStratify}, {@code rake}, {@code calibrate} and
 * {@code trimWeights} designs and chains of them. Trimming changes the weights but not the steps,
 * as R's {@code trimWeights}.
 *
 * <p>Instances are immutable. Created by {@link Weighting}.
 */
public final class CalibratedDesign implements Design {
    private final Design base;
    private final double[] weights;
    private final List<Adjustment> steps;

    private CalibratedDesign(Design base, double[] weights, List<Adjustment> steps) {
        this.base = base;
        this.weights = weights;
        this.steps = List.copyOf(steps);
    }

    /** Appends a step to {@code design}'s chain (or starts one) with new weights (not copied). */
    static CalibratedDesign extend(Design design, double[] newWeights, Adjustment step) {
        Objects.requireNonNull(design, "design");
        Design root = design;
        List<Adjustment> chain = new ArrayList<>();
        if (design instanceof CalibratedDesign) {
            CalibratedDesign c = (CalibratedDesign) design;
            root = c.base;
            chain.addAll(c.steps);
        }
        if (step != null) {
            chain.add(step);
        }
        return new CalibratedDesign(root, newWeights, chain);
    }

    /** @return the sampling design the weighting started from (its strata, clusters and fpc give the variance) */
    public Design base() {
        return base;
    }

    /** @return the weighting steps in order, e.g. {@code [postStratify(stype), calibrate(linear: ...)]} */
    public List<String> steps() {
        List<String> s = new ArrayList<>(steps.size());
        for (Adjustment a : steps) {
            s.add(a.describe());
        }
        return List.copyOf(s);
    }

    /** @return the summary of the weights (CV, Kish effective n, design effect due to weighting) */
    public WeightSummary weightSummary() {
        return WeightSummary.of(weights);
    }

    @Override
    public int size() {
        return weights.length;
    }

    @Override
    public double weight(int unit) {
        return weights[unit];
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    double[] weightsUnsafe() {
        return weights;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The base design's degrees of freedom (weighting changes no PSU or stratum; R's
     * {@code degf} of a calibrated {@code survey.design2} is the same).
     */
    @Override
    public int degreesOfFreedom() {
        return base.degreesOfFreedom();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The base design's answer: weighting changes no PSU or stratum.
     */
    @Override
    public int degreesOfFreedom(boolean[] member) {
        return base.degreesOfFreedom(member);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The rows of {@code z} are copied, residualised through every weighting step in order (as
     * {@code survey:::svyrecvar} does with {@code design$postStrata}), and passed to the base
     * design's {@code totalCovariance}.
     */
    @Override
    public double[][] totalCovariance(double[][] z) {
        Objects.requireNonNull(z, "z");
        double[][] x = new double[z.length][];
        for (int k = 0; k < z.length; k++) {
            Objects.requireNonNull(z[k], () -> "z[" + z.length + "]");
            if (z[k].length != weights.length) {
                throw new IllegalArgumentException("z[" + k + "] has length " + z[k].length + "; the design has "
                        + weights.length + " units");
            }
            for (int i = 0; i < weights.length; i++) {
                if (!Double.isFinite(z[k][i])) {
                    throw new IllegalArgumentException("z[" + k + "][" + i + "] is " + z[k][i] + "; must be finite");
                }
            }
            x[k] = z[k].clone();
        }
        for (Adjustment a : steps) {
            a.residualise(x);
        }
        return base.totalCovariance(x);
    }

    @Override
    public String toString() {
        return "CalibratedDesign[" + weights.length + " units, steps " + steps() + ", base " + base + "]";
    }
}
