package org.civicsurvey.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.response.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Rating submissions from one client beyond {@code portal.limits.ratings-per-window} get 429 with Retry-After. */
@SpringBootTest(classes = Portal.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:portal-rate-limit;DB_CLOSE_DELAY=-1", "portal.demo-responses=0",
    "portal.demo-case-files=0", "portal.admin.password=correct-horse-battery", "portal.limits.ratings-per-window=10",
    "portal.limits.window=PT1M", "civicsurvey.rollup.compact-interval=0"})
class RateLimitTest {
    @LocalServerPort
    int port;
    @Autowired
    CaseFileRegistry caseFiles;
    @Autowired
    RatingLinks links;

    @Test
    void theEleventhSubmissionInAMinuteFromOneClientIsRefused() throws Exception {
        Http http = new Http(port);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = "HS-limit-" + i;
            caseFiles.complete(new CaseFileRegistry.CaseFile(id, "cong-an", "cu-tru", "online", "ha-noi", Instant.now()));
            String path = links.path(id, Instant.now().minusSeconds(1));
            String token = links.token(id, caseFiles.find(id).orElseThrow().completedAt());
            Response r = Response.builder("limit-" + i, "sipas2017", "1.0").answer("tc1", 4).build();
            HttpResponse<String> res = http.json("/api/case-files/" + id + "/rating?t=" + token, ResponseJson.write(r));
            statuses.add(res.statusCode());
            if (i == 11) {
                assertThat(res.headers().firstValue("Retry-After")).contains("60");
            }
            assertThat(path).startsWith("/rate/" + id);
        }
        // ten are let through (and refused for their incomplete answers), then 429
        assertThat(statuses.subList(0, 10)).containsOnly(422);
        assertThat(statuses.subList(10, 12)).containsOnly(429);
    }
}
