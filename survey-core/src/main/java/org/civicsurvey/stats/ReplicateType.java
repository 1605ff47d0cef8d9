package org.civicsurvey.stats;

import java.util.Locale;
import java.util.Objects;

/**
 * The kinds of replicate weights of R's {@code svrepdesign(type = ...)} (survey 4.1.1) that
 * {@link ReplicateDesign} supports, each with R's default variance multipliers: the variance of a
 * statistic θ is {@code scale · Σ_r rscales_r (θ_r − c)²}, c the full-sample estimate with
 * {@code mse = TRUE}, else the mean of the replicates with a positive {@code rscales}.
 */
public enum ReplicateType {
    /** Balanced repeated replication: {@code scale = 1/R}, {@code rscales = 1}. */
    BRR("BRR"),
    /** Fay's BRR with factor ρ: {@code scale = 1/(R (1 − ρ)²)}, {@code rscales = 1}. */
    FAY("Fay"),
    /**
     * Delete-one-PSU jackknife of an unstratified design: {@code scale = (R − 1)/R} for combined
     * weights, else {@code 1 / max} of the first replicate's multipliers (R's guess);
     * {@code rscales = 1}.
     */
    JK1("JK1"),
    /**
     * Stratified delete-one-PSU jackknife: {@code scale = 1}; {@code rscales} given, or for
     * multipliers (not combined weights) R's guess {@code 1 / max} of each replicate's multipliers.
     */
    JKN("JKn"),
    /** Bootstrap: {@code scale = 1/(R − 1)}, {@code rscales = 1}. */
    BOOTSTRAP("bootstrap"),
    /** Any other replicate weights: {@code scale = 1} and {@code rscales = 1} unless given. */
    OTHER("other");

    private final String rName;

    ReplicateType(String rName) {
        this.rName = rName;
    }

    /** @return R's name of the type, as {@code svrepdesign(type = ...)} spells it */
    public String rName() {
        return rName;
    }

    /**
     * The type R calls {@code name} (case-insensitive: "BRR", "Fay", "JK1", "JKn", "bootstrap",
     * "other").
     *
     * @param name R's name of the type
     * @return the type
     * @throws IllegalArgumentException naming the known types when there is no such type
     */
    public static ReplicateType of(String name) {
        Objects.requireNonNull(name, "type");
        for (ReplicateType t : values()) {
            if (t.rName.toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("replicate type \"" + name
            + "\" is unknown; must be one of BRR, Fay, JK1, JKn, bootstrap, other");
    }
}
