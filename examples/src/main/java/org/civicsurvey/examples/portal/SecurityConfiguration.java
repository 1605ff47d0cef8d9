package org.civicsurvey.examples.portal;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may do what: everyone may rate (with a signed link) and read the dashboard; the administrator
 * pages (report, CSV import, erasure, rating links) need the administrator's login. Pages use a
 * session with CSRF protection on every form; the JSON API is stateless (a rating carries its
 * signed link, the administrators' API HTTP Basic), so no cookie can act for anyone there. Every
 * response carries the security headers (a content security policy without inline code,
 * {@code nosniff}, no framing, no referrer).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {
    /** The policy of every page but the self-contained report. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Created by Spring. */
    public SecurityConfiguration() {
    }

    private static void headers(HttpSecurity http) throws Exception {
        http.headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
            .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
            .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny));
    }

    /**
     * The JSON API: stateless, no session and so no CSRF exposure; {@code /api/admin/**} with HTTP Basic.
     *
     * @param http the builder
     * @return the chain
     * @throws Exception on a configuration error
     */
    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**")
            .authorizeHttpRequests(a -> a.requestMatchers("/api/admin/**").hasRole("ADMIN").anyRequest().permitAll())
            .httpBasic(Customizer.withDefaults())
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .csrf(c -> c.disable());
        headers(http);
        return http.build();
    }

    /**
     * The pages: form login for {@code /admin/**}, CSRF on every form.
     *
     * @param http the builder
     * @return the chain
     * @throws Exception on a configuration error
     */
    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers("/admin/**", "/actuator/**").hasRole("ADMIN").anyRequest().permitAll())
            .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/admin", false).permitAll())
            .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/dashboard"));
        headers(http);
        return http.build();
    }

    /**
     * The password encoder (bcrypt by default).
     *
     * @return the encoder
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The administrator, from {@code portal.admin.*}; without a password one is made and printed once.
     *
     * @param properties the settings
     * @param encoder the encoder
     * @return the users
     */
    @Bean
    UserDetailsService users(PortalProperties properties, PasswordEncoder encoder) {
        String password = properties.admin().password().orElseGet(() -> {
            byte[] b = new byte[12];
            new SecureRandom().nextBytes(b);
            String made = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            System.out.println("portal: administrator " + properties.admin().username() + ", password " + made
                + " (set portal.admin.password to choose one)");
            return made;
        });
        return new InMemoryUserDetailsManager(User.withUsername(properties.admin().username())
            .password(encoder.encode(password)).roles("ADMIN").build());
    }
}
