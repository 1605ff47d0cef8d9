package org.civicsurvey.spring.boot;

import java.util.Objects;

import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.jdbc.SurveyStoreException;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The store's health ({@code /actuator/health/civicSurvey}): {@code UP} when the database answers
 * and the rollup is current, {@code OUT_OF_SERVICE} when the rollup is stale (dashboards reading it
 * are refused until it is rebuilt), {@code DOWN} when the database fails. Details: the database
 * kind, the table namespace, whether the rollup is current and, with {@link RollupMaintenance}, the
 * seconds since its last compaction. No response data is read.
 */
public class SurveyStoreHealthIndicator extends AbstractHealthIndicator {
    private final SurveyStore store;
    private final RollupMaintenance maintenance;

    /**
     * Creates the indicator.
     *
     * @param store the store
     * @param maintenance the rollup maintenance, or null
     */
    public SurveyStoreHealthIndicator(SurveyStore store, RollupMaintenance maintenance) {
        super("CivicSurvey store health check failed");
        this.store = Objects.requireNonNull(store, "store");
        this.maintenance = maintenance;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("database", store.dialect().name().toLowerCase(java.util.Locale.ROOT))
            .withDetail("tables", store.options().namespace().qualifier() + "*");
        boolean current;
        try {
            current = store.rollupIsCurrent();
        } catch (SurveyStoreException e) {
            builder.down().withDetail("error", e.getMessage());
            return;
        }
        builder.withDetail("rollupCurrent", current);
        if (maintenance != null) {
            builder.withDetail("rollupLagSeconds", maintenance.lag().toSeconds());
        }
        if (current) {
            builder.up();
        } else {
            builder.outOfService();
        }
    }
}
