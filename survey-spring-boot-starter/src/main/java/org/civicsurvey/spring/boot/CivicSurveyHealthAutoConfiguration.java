package org.civicsurvey.spring.boot;

import org.civicsurvey.jdbc.SurveyStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The store's health indicator ({@code civicSurvey}), when Boot's health support is on the class
 * path and a {@link SurveyStore} exists; {@code management.health.civicsurvey.enabled=false} turns
 * it off.
 */
@AutoConfiguration(after = CivicSurveyAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(SurveyStore.class)
@ConditionalOnEnabledHealthIndicator("civicsurvey")
public class CivicSurveyHealthAutoConfiguration {
    /** Created by Spring. */
    public CivicSurveyHealthAutoConfiguration() {
    }

    /**
     * The indicator, as {@code civicSurvey}.
     *
     * @param store the store
     * @param maintenance the rollup maintenance, if any
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "civicSurveyHealthIndicator")
    public SurveyStoreHealthIndicator civicSurveyHealthIndicator(SurveyStore store,
                                                                 ObjectProvider<RollupMaintenance> maintenance) {
        return new SurveyStoreHealthIndicator(store, maintenance.getIfAvailable());
    }
}
