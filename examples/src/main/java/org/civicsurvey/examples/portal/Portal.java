package org.civicsurvey.examples.portal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The demo portal, a Spring Boot application on the CivicSurvey starter:
 * {@code mvn -B -q -DskipTests -pl examples -am package exec:java}, then open the printed URL. It
 * runs on an embedded H2 database in {@code ./data} by default; any Spring Boot setting can be
 * given as an argument, e.g. a PostgreSQL database:
 * {@code -Dexec.args="--spring.datasource.url=jdbc:postgresql://localhost:5432/portal --spring.datasource.username=portal"}
 * (the password from the environment variable {@code SPRING_DATASOURCE_PASSWORD}). The portal's
 * own settings are {@link PortalProperties} ({@code portal.*}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class Portal {
    /** Created by Spring. */
    public Portal() {
    }

    /**
     * Starts the portal and serves until the process is stopped.
     *
     * @param args Spring Boot arguments, e.g. {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(Portal.class, args);
    }
}
