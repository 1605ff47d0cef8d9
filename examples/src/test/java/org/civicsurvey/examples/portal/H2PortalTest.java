package org.civicsurvey.examples.portal;

import org.springframework.test.context.TestPropertySource;

/** The portal's promises on an in-memory H2 database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:portal-h2;DB_CLOSE_DELAY=-1")
class H2PortalTest extends PortalContract {
}
