package org.civicsurvey.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.json.CivicSurveyModule;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.jdbc.StoreOptions;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.validation.ResponseValidator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Spring Boot auto-configuration of CivicSurvey. Given the application's {@link DataSource} it
 * creates the {@link SurveyStore} (migrated on start unless {@code civicsurvey.store.migrate=false}),
 * stores the instruments named in {@code civicsurvey.instruments.*}, rebuilds a rollup that is not
 * current, and adds: the library's {@link ResponseValidator}; {@link ViolationMessages} (the
 * library's validation messages through the application's {@code MessageSource}); the JSON types
 * for the application's Jackson 3 and Jackson 2 mappers; a {@link ResponseRecorder} and
 * {@link RollupMaintenance} reporting to Micrometer; and (in {@link CivicSurveyHealthAutoConfiguration}) the {@code civicSurvey} health indicator.
 * Every bean is {@code @ConditionalOnMissingBean}: declare your own to replace it.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
    afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({SurveyStore.class, DataSource.class})
@EnableConfigurationProperties(CivicSurveyProperties.class)
public class CivicSurveyAutoConfiguration {

    /** Created by Spring. */
    public CivicSurveyAutoConfiguration() {
    }

    /**
     * The store options from {@code civicsurvey.*}.
     *
     * @param properties the settings
     * @return the options
     */
    @Bean
    @ConditionalOnMissingBean
    public StoreOptions civicSurveyStoreOptions(CivicSurveyProperties properties) {
        return properties.toStoreOptions();
    }

    /**
     * The store on the application's data source; the configured instruments stored, and a rollup
     * that is not current rebuilt when {@code civicsurvey.rollup.rebuild-on-start} (the default).
     *
     * @param dataSource the application's data source
     * @param options the options
     * @param properties the settings
     * @param resources where instrument files are read from
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(DataSource.class)
    public SurveyStore surveyStore(DataSource dataSource, StoreOptions options, CivicSurveyProperties properties,
                                   ResourceLoader resources) {
        SurveyStore store = SurveyStore.create(dataSource, options);
        for (String id : properties.getInstruments().getStandard()) {
            store.putInstrument(StandardInstruments.byId(id.strip()).orElseThrow(() -> new IllegalArgumentException(
                "civicsurvey.instruments.standard names '" + id + "'; standard instruments: " + StandardInstruments.ids())));
        }
        for (String location : properties.getInstruments().getLocations()) {
            store.putInstrument(read(resources.getResource(location.strip()), location));
        }
        if (properties.getRollup().isRebuildOnStart() && options.maintainRollup() && !store.rollupIsCurrent()) {
            store.rebuildRollup();
        }
        return store;
    }

    private static Instrument read(Resource resource, String location) {
        if (!resource.exists()) {
            throw new IllegalArgumentException("civicsurvey.instruments.locations names " + location + ", which does not exist");
        }
        try (InputStream in = resource.getInputStream()) {
            return InstrumentJson.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the instrument " + location, e);
        }
    }

    /**
     * The library's validator.
     *
     * @return the validator
     */
    @Bean
    @ConditionalOnMissingBean
    public ResponseValidator responseValidator() {
        return ResponseValidator.create();
    }

    /**
     * Validation messages in the request's language.
     *
     * @param messageSource the application's messages, if any
     * @return the lookup
     */
    @Bean
    @ConditionalOnMissingBean
    public ViolationMessages violationMessages(ObjectProvider<MessageSource> messageSource) {
        return new ViolationMessages(messageSource.getIfAvailable());
    }

    /**
     * Saves with metrics.
     *
     * @param store the store
     * @param registry the application's meter registry (Micrometer's global one when there is none)
     * @return the recorder
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(SurveyStore.class)
    public ResponseRecorder responseRecorder(SurveyStore store, ObjectProvider<MeterRegistry> registry) {
        return new ResponseRecorder(store, registry.getIfUnique(() -> Metrics.globalRegistry));
    }

    /**
     * Background compaction of the rollup and its lag.
     *
     * @param store the store
     * @param properties the settings
     * @param registry the application's meter registry (Micrometer's global one when there is none)
     * @return the maintenance
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(SurveyStore.class)
    public RollupMaintenance rollupMaintenance(SurveyStore store, CivicSurveyProperties properties,
                                               ObjectProvider<MeterRegistry> registry) {
        return new RollupMaintenance(store, properties.getRollup().getCompactInterval(),
            registry.getIfUnique(() -> Metrics.globalRegistry), Clock.systemUTC());
    }

    /** The JSON types for Boot's Jackson 3 {@code JsonMapper}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "tools.jackson.databind.JacksonModule")
    public static class Jackson3 {
        /** Created by Spring. */
        public Jackson3() {
        }

        /**
         * The module; Boot adds every {@code JacksonModule} bean to its mapper.
         *
         * @return the module
         */
        @Bean
        @ConditionalOnMissingBean
        public CivicSurveyJackson3Module civicSurveyJackson3Module() {
            return new CivicSurveyJackson3Module();
        }
    }

    /** The JSON types for a Jackson 2 {@code ObjectMapper} (spring-boot-jackson2). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.fasterxml.jackson.databind.Module")
    public static class Jackson2 {
        /** Created by Spring. */
        public Jackson2() {
        }

        /**
         * The library's Jackson 2 module; Boot's Jackson 2 support adds every {@code Module} bean.
         *
         * @return the module
         */
        @Bean
        @ConditionalOnMissingBean
        public CivicSurveyModule civicSurveyModule() {
            return new CivicSurveyModule();
        }
    }
}
