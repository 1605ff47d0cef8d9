package org.civicsurvey.report;

import java.util.Objects;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.analysis.compare.Rankings;

/**
 * What every report builder shares: the language of labels, the engine's {@link Estimator}
 * (confidence level, proportion interval), the {@link Suppression} and the {@link Rankings}.
 * Defaults: the instrument's default language, {@code Estimator.withDefaults()} (95%, logit
 * intervals for proportions), {@code Suppression.withDefaults()} (10 respondents),
 * {@code Rankings.withDefaults()} (10,000 seeded draws).
 *
 * @param language BCP-47 tag, or {@code ""} for the instrument's default language
 * @param estimator the estimator
 * @param suppression the suppression
 * @param rankings the rankings
 */
public record ReportOptions(String language, Estimator estimator, Suppression suppression, Rankings rankings) {
    /**
     * Validates.
     *
     * @param language tag or ""
     * @param estimator estimator
     * @param suppression suppression
     * @param rankings rankings
     */
    public ReportOptions {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(suppression, "suppression");
        Objects.requireNonNull(rankings, "rankings");
    }

    /** @return the defaults */
    public static ReportOptions withDefaults() {
        return new ReportOptions("", Estimator.withDefaults(), Suppression.withDefaults(), Rankings.withDefaults());
    }

    /**
     * @param tag a BCP-47 tag, e.g. {@code vi} or {@code en}
     * @return a copy in that language
     */
    public ReportOptions withLanguage(String tag) {
        return new ReportOptions(tag, estimator, suppression, rankings);
    }

    /**
     * @param value the estimator
     * @return a copy
     */
    public ReportOptions withEstimator(Estimator value) {
        return new ReportOptions(language, value, suppression, rankings);
    }

    /**
     * @param value the suppression
     * @return a copy
     */
    public ReportOptions withSuppression(Suppression value) {
        return new ReportOptions(language, estimator, value, rankings);
    }

    /**
     * @param value the rankings
     * @return a copy
     */
    public ReportOptions withRankings(Rankings value) {
        return new ReportOptions(language, estimator, suppression, value);
    }

    String languageFor(org.civicsurvey.model.Instrument instrument) {
        return language.isEmpty() ? instrument.defaultLanguage() : language;
    }
}
