package org.civicsurvey.examples.portal;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The portal's beans: the instrument it rates, the clock, the index service on the starter's
 * store, the language (Vietnamese unless {@code ?lang=en} chose English, remembered in a cookie), and
 * the request limits.
 */
@Configuration(proxyBeanMethods = false)
public class PortalConfiguration implements WebMvcConfigurer {
    /** The portal's two languages. */
    static final Locale VIETNAMESE = Locale.forLanguageTag("vi");

    /** Created by Spring. */
    public PortalConfiguration() {
    }

    /**
     * The instrument rated.
     *
     * @param properties the portal's settings
     * @param store the store (the instrument is put into it)
     * @return the instrument
     */
    @Bean
    Instrument portalInstrument(PortalProperties properties, SurveyStore store) {
        Instrument instrument = StandardInstruments.byId(properties.instrument()).orElseThrow(() -> new IllegalArgumentException(
            "portal.instrument is '" + properties.instrument() + "'; must be one of " + StandardInstruments.ids()));
        store.putInstrument(instrument);
        return instrument;
    }

    /**
     * The title of the API description ({@code /v3/api-docs}).
     *
     * @return the description's head
     */
    @Bean
    io.swagger.v3.oas.models.OpenAPI portalApi() {
        return new io.swagger.v3.oas.models.OpenAPI().info(new io.swagger.v3.oas.models.info.Info()
            .title("CivicSurvey demo portal API").version("1")
            .description("Ratings of completed case files through their signed links, the SIPAS index from the store's "
                + "rollup, and the administrators' case-file completion."));
    }

    /**
     * The clock that stamps ratings and checks links.
     *
     * @return the system clock
     */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The indices from the store's rollup.
     *
     * @param store the store
     * @param portalInstrument the instrument
     * @return the service
     */
    @Bean
    IndexService indexService(SurveyStore store, Instrument portalInstrument) {
        return new IndexService(store, portalInstrument);
    }

    /**
     * Vietnamese by default; {@code ?lang=en} or {@code ?lang=vi} switches, remembered in a cookie.
     *
     * @return the resolver
     */
    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver r = new CookieLocaleResolver("lang");
        r.setDefaultLocale(VIETNAMESE);
        r.setCookieMaxAge(Duration.ofDays(365));
        r.setCookieSameSite("Lax");
        return r;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor() {
            @Override
            public boolean preHandle(jakarta.servlet.http.HttpServletRequest request,
                                     jakarta.servlet.http.HttpServletResponse response, Object handler)
                throws jakarta.servlet.ServletException {
                if (request.getDispatcherType() == jakarta.servlet.DispatcherType.ERROR) {
                    return true; // an error page keeps the language; the refused request's body is not parsed
                }
                String value = request.getParameter("lang");
                // only the portal's two languages; anything else keeps the current one
                return value == null || value.equals("vi") || value.equals("en") ? super.preHandle(request, response, handler) : true;
            }
        };
        lang.setParamName("lang");
        registry.addInterceptor(lang);
    }

    /**
     * The request size limits and the rate limit of rating submissions, before anything else.
     *
     * @param properties the portal's settings
     * @param clock the clock
     * @return the filter's registration
     */
    @Bean
    FilterRegistrationBean<RequestLimits> requestLimits(PortalProperties properties, Clock clock) {
        FilterRegistrationBean<RequestLimits> r = new FilterRegistrationBean<>(new RequestLimits(properties.limits(), clock));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return r;
    }
}
