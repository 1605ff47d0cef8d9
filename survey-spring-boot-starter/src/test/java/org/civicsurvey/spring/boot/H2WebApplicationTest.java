package org.civicsurvey.spring.boot;

import org.springframework.test.context.TestPropertySource;

/** The web application on an in-memory H2 database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:webapp;DB_CLOSE_DELAY=-1")
class H2WebApplicationTest extends WebApplicationContract {
}
