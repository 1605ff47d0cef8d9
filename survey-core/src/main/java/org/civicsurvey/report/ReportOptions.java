package org.civicsurvey.report;

import java.util.Objects;

import org.civicsurvey.model.Progress;
import org.civicsurvey.stats.Estimator;
import org.civicsurvey.analysis.compare.Rankings;

/**
 * What every report builder shares: the language of labels, the engine's {@link Estimator}
 * (confidence level, proportion interval), the {@link Suppression} and the {@link Rankings}.
 * Defaults: the instrument's default language, {@code Estimator.withDefaults()} (95%, logit
 * intervals for proportions), {@code Suppression.withDefaults()} (10 respondents),
 * {@code Rankings.withDefaults()} (10,000 seeded draws), no progress.
 *
 * @param language BCP-47 tag, or {@code ""} for the instrument's default language
 * @param estimator the estimator
 * @param suppression the suppression
 * @param rankings the rankings
 * @param progress receives {@link Progress.Phase#REPORT} updates, one per table built
 */
public record ReportOptions(String language, Estimator estimator, Suppression suppression, Rankings rankings,
                            Progress progress) {
    /**
     * Validates.
     *
     * @param language tag or ""
     * @param estimator estimator
     * @param suppression suppression
     * @param rankings rankings
     * @param progress progress listener
     */
    public ReportOptions {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(suppression, "suppression");
        Objects.requireNonNull(rankings, "rankings");
        Objects.requireNonNull(progress, "progress");
    }

    /** @return the defaults */
    public static ReportOptions withDefaults() {
        return new ReportOptions("", Estimator.withDefaults(), Suppression.withDefaults(), Rankings.withDefaults(), Progress.none());
    }

    /**
     * @param tag a BCP-47 tag, e.g. {@code vi} or {@code en}
     * @return a copy in that language
     */
    public ReportOptions withLanguage(String tag) {
        return new ReportOptions(tag, estimator, suppression, rankings, progress);
    }

    /**
     * @param value the estimator
     * @return a copy
     */
    public ReportOptions withEstimator(Estimator value) {
        return new ReportOptions(language, value, suppression, rankings, progress);
    }

    /**
     * @param value the suppression
     * @return a copy
     */
    public ReportOptions withSuppression(Suppression value) {
        return new ReportOptions(language, estimator, value, rankings, progress);
    }

    /**
     * @param value the rankings
     * @return a copy
     */
    public ReportOptions withRankings(Rankings value) {
        return new ReportOptions(language, estimator, suppression, value, progress);
    }

    /**
     * @param listener receives {@link Progress.Phase#REPORT} updates: tables built of the tables the
     *     report will have (rankings, with their draws, are the slow ones)
     * @return a copy
     */
    public ReportOptions withProgress(Progress listener) {
        return new ReportOptions(language, estimator, suppression, rankings, listener);
    }

    /** Reports that {@code done} of {@code total} tables are built. */
    void tablesBuilt(int done, int total) {
        progress.update(Progress.Phase.REPORT, done, total);
    }

    String languageFor(org.civicsurvey.model.Instrument instrument) {
        return language.isEmpty() ? instrument.defaultLanguage() : language;
    }
}
