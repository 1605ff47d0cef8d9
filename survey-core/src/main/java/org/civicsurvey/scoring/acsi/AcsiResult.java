package org.civicsurvey.scoring.acsi;

import java.util.List;
import java.util.Objects;
import org.civicsurvey.analysis.drivers.ImportancePerformance;
import org.civicsurvey.analysis.pls.PlsResult;

/**
 * A fitted ACSI model: the ACSI (the satisfaction construct's 0–100 score), the other constructs'
 * scores, the impacts of the drivers on satisfaction, and the priority matrix.
 *
 * @param preset the preset that was fitted
 * @param pls the underlying PLS result (weights, loadings, paths, reliability, counts)
 */
public record AcsiResult(AcsiModel preset, PlsResult pls) {
    /** Validates. */
    public AcsiResult {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(pls, "pls");
    }

    /**
     * The ACSI: {@code 100 · Σ wᵢ (x̄ᵢ − 1) / 9} over the satisfaction items, with the unstandardised
     * PLS outer weights normalised to sum 1.
     *
     * @return the ACSI, 0–100
     */
    public double acsi() {
        return pls.index(AcsiModel.SATISFACTION);
    }

    /**
     * @param construct a construct of the preset
     * @return its 0–100 score (for complaints: the percentage who complained)
     */
    public double score(String construct) {
        return pls.index(construct);
    }

    /**
     * @param driver expectations or a quality driver
     * @return the change in the ACSI for a 5-point gain in the driver's score
     */
    public double impactOnSatisfaction(String driver) {
        return pls.impact(driver, AcsiModel.SATISFACTION);
    }

    /**
     * The priority matrix: each driver of satisfaction with its score (performance) and impact
     * (importance), to place with {@link ImportancePerformance}.
     *
     * @return the attributes
     */
    public List<ImportancePerformance.Attribute> priorityMatrix() {
        return ImportancePerformance.impacts(pls, AcsiModel.SATISFACTION);
    }
}
