package org.civicsurvey.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.jdbc.ResponseConflictException;
import org.civicsurvey.jdbc.SaveOutcome;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.response.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * A small web application that only adds the starter and a data source, as a user would, tested
 * over HTTP: JSON binds to the library's {@code Response} through Boot's Jackson, {@link ValidResponse}
 * checks it against its stored instrument with messages in the request's language, the recorder
 * stores it once per case file, and the actuator reports the store's health. Run on H2 and PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = WebApplicationContract.App.class,
    properties = {"civicsurvey.instruments.standard=a11v1", "management.endpoints.web.exposure.include=health,metrics",
        "management.endpoint.health.show-details=always"})
abstract class WebApplicationContract {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    SurveyStore store;
    @Autowired
    MeterRegistry meters;

    /** The application: nothing but a controller; the starter does the rest. */
    @SpringBootApplication
    static class App {
        @RestController
        static class Api {
            private final ResponseRecorder recorder;
            private final SurveyStore store;

            Api(ResponseRecorder recorder, SurveyStore store) {
                this.recorder = recorder;
                this.store = store;
            }

            @PostMapping("/responses")
            ResponseEntity<Map<String, Object>> post(@RequestBody @ValidResponse Response response) {
                try {
                    SaveOutcome o = recorder.save(response);
                    return ResponseEntity.status(o == SaveOutcome.STORED ? 201 : 200).body(Map.of("outcome", o.name()));
                } catch (ResponseConflictException e) {
                    return ResponseEntity.status(409).body(Map.of("error", "conflict"));
                }
            }

            @GetMapping("/responses/{id}")
            ResponseEntity<Response> get(@PathVariable String id) {
                return ResponseEntity.of(store.findResponse(id));
            }

            @ExceptionHandler(HandlerMethodValidationException.class)
            ResponseEntity<Map<String, Object>> invalid(HandlerMethodValidationException e) {
                List<String> problems = new ArrayList<>();
                e.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err ->
                    problems.add(err.getDefaultMessage())));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("problems", problems);
                return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(body);
            }
        }
    }

    private HttpResponse<String> post(String json, String language) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/responses"))
            .header("Content-Type", "application/json").header("Accept-Language", language)
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPostedResponseIsBoundValidatedAndStoredOncePerCaseFile() throws Exception {
        String caseFile = "HS-" + System.nanoTime();
        Response r = AutoConfigurationTest.a11("w-" + System.nanoTime(), caseFile, 5);
        HttpResponse<String> created = post(ResponseJson.write(r), "en");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(store.findResponse(r.id())).contains(r);
        // served back through Boot's Jackson 3 mapper in the library's format
        assertThat(ResponseJson.read(get("/responses/" + r.id()).body())).isEqualTo(r);
        assertThat(post(ResponseJson.write(r), "en").statusCode()).isEqualTo(200);
        Response other = AutoConfigurationTest.a11("w2-" + System.nanoTime(), caseFile, 4);
        assertThat(post(ResponseJson.write(other), "en").statusCode()).isEqualTo(409);
        assertThat(store.responseIdsForCaseFile(caseFile)).containsExactly(r.id());
        assertThat(meters.get("civicsurvey.responses").tag("outcome", "rejected").tag("reason", "case_file_rated")
            .counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anInvalidResponseIsRefusedWithEveryProblemInTheRequestsLanguage() throws Exception {
        Response bad = AutoConfigurationTest.a11("bad-" + System.nanoTime(), "HS-bad", 7);
        HttpResponse<String> vi = post(ResponseJson.write(bad), "vi");
        assertThat(vi.statusCode()).isEqualTo(422);
        assertThat(vi.body()).contains("Câu trả lời nằm ngoài phạm vi cho phép.");
        HttpResponse<String> en = post(ResponseJson.write(bad), "en");
        assertThat(en.body()).contains("This answer is outside the allowed range.");
        assertThat(store.findResponse(bad.id())).isEmpty();
    }

    @Test
    void theActuatorReportsTheStoresHealth() throws Exception {
        HttpResponse<String> health = get("/actuator/health/civicSurvey");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"rollupCurrent\":true");
    }
}
