package org.civicsurvey.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.json.InstrumentJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint of the portal over HTTP, on an in-memory H2 store seeded with 400 demo responses. */
class PortalApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PortalServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        server = PortalServer.start(PortalOptions.defaults().withPort(0).withDemoResponses(400)
            .withJdbcUrl("jdbc:h2:mem:portal-api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String type, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postJson(String body) throws IOException, InterruptedException {
        return post("/api/responses", "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** A complete, valid SIPAS 2017 response: every item 4, tc2 don't know, pa_used no. */
    static String response(String id, String caseFile) {
        StringBuilder answers = new StringBuilder();
        for (String q : List.of("tc1", "tc3", "tc4", "tt1", "tt2", "tt3", "tt4", "tt5", "cc1", "cc2", "cc3", "cc4", "cc5",
            "cc6", "kq1", "kq2", "kq3", "pa1", "pa2")) {
            answers.append('"').append(q).append("\": 4, ");
        }
        answers.append("\"tc2\": {\"special\": \"dont_know\"}, \"pa_used\": [\"no\"]");
        return "{\"id\": \"" + id + "\", \"instrumentId\": \"sipas2017\", \"instrumentVersion\": \"1.0\", \"answers\": {"
            + answers + "}, \"transaction\": {\"caseFileId\": " + JSON.valueToTree(caseFile) + ", \"agency\": \"so-tu-phap\","
            + " \"service\": \"ly-lich-tu-phap\", \"channel\": \"online\", \"time\": \"2026-11-20T09:00:00Z\"}}";
    }

    @Test
    void listsAndServesInstruments() throws Exception {
        HttpResponse<String> list = get("/api/instruments");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        List<String> ids = new ArrayList<>();
        JSON.readTree(list.body()).forEach(n -> ids.add(n.get("id").asText()));
        assertThat(ids).containsAll(StandardInstruments.ids());

        HttpResponse<String> one = get("/api/instruments/sipas2017");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(InstrumentJson.read(one.body())).isEqualTo(StandardInstruments.sipas2017());
        assertThat(get("/api/instruments/sipas2017?version=1.0").statusCode()).isEqualTo(200);

        HttpResponse<String> unknown = get("/api/instruments/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("unknown_instrument");
        assertThat(get("/api/instruments/sipas2017?version=9.9").statusCode()).isEqualTo(404);
        HttpResponse<String> hostile = get("/api/instruments/%3Cscript%3Ealert(1)%3C%2Fscript%3E?version=%27%3B%20DROP");
        assertThat(hostile.statusCode()).isEqualTo(404);
        assertThat(hostile.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(hostile.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void storesAValidResponseOnceAndRefusesASecondRatingOfTheCaseFile() throws Exception {
        String caseFile = "API-" + UUID.randomUUID();
        HttpResponse<String> first = postJson(response("api-" + UUID.randomUUID(), caseFile));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(JSON.readTree(first.body()).get("outcome").asText()).isEqualTo("stored");

        String id = "api-" + UUID.randomUUID();
        String caseFile2 = "API-" + UUID.randomUUID();
        assertThat(postJson(response(id, caseFile2)).statusCode()).isEqualTo(201);
        HttpResponse<String> retry = postJson(response(id, caseFile2));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(retry.body()).get("outcome").asText()).isEqualTo("duplicate");

        HttpResponse<String> second = postJson(response("api-" + UUID.randomUUID(), caseFile));
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(second.body()).get("error").asText()).isEqualTo("case_file_already_rated");
        assertThat(server.store().responseIdsForCaseFile(caseFile)).hasSize(1);
    }

    @Test
    void listsEveryValidationProblemWithItsPathAs422() throws Exception {
        String body = response("api-" + UUID.randomUUID(), "API-" + UUID.randomUUID())
            .replace("\"tc1\": 4", "\"tc1\": 6").replace("\"kq3\": 4, ", "").replace("\"cc1\": 4", "\"cc1\": \"four\"");
        HttpResponse<String> r = postJson(body);
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.get("error").asText()).isEqualTo("invalid_response");
        List<String> problems = new ArrayList<>();
        json.get("problems").forEach(p -> problems.add(p.get("path").asText() + " " + p.get("rule").asText()));
        assertThat(problems).containsExactlyInAnyOrder("answers.tc1 OUT_OF_RANGE", "answers.cc1 WRONG_KIND",
            "answers.kq3 MISSING_REQUIRED");
    }

    @Test
    void reportsShapeProblemsWithPathsAs422() throws Exception {
        HttpResponse<String> r = postJson("{\"id\": 5, \"instrumentId\": \"sipas2017\", \"instrumentVersion\": \"1.0\","
            + " \"weight\": -1, \"answers\": {\"tc1\": true}}");
        assertThat(r.statusCode()).isEqualTo(422);
        List<String> paths = new ArrayList<>();
        JSON.readTree(r.body()).get("problems").forEach(p -> paths.add(p.get("path").asText()));
        assertThat(paths).contains("id", "answers.tc1");

        HttpResponse<String> unknown = postJson(response("api-x", "API-x").replace("\"instrumentVersion\": \"1.0\"",
            "\"instrumentVersion\": \"7.0\""));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(unknown.body()).get("problems").get(0).get("path").asText()).isEqualTo("instrumentId");
    }

    @Test
    void refusesMalformedJsonWith400() throws Exception {
        for (String bad : List.of("{\"id\": ", "{\"id\": \"a\"} trailing", "", "{'id': 'a'}", "{\"id\": \"a\", \"id\": \"b\"}",
            "[1, 2,]")) {
            HttpResponse<String> r = postJson(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("malformed_json");
        }
        HttpResponse<String> latin1 = post("/api/responses", "application/json", new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
        assertThat(latin1.statusCode()).isEqualTo(400);
        assertThat(post("/api/responses", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(415);
    }

    @Test
    void refusesOversizedBodiesWith413() throws Exception {
        byte[] big = new byte[PortalOptions.DEFAULT_MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r = post("/api/responses", "application/json", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("body_too_large");
        // without Content-Length (chunked): counted while reading
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/responses"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        // far over the limit (more than 16 times): the server answers 413 and closes the connection instead of
        // reading on, so the client sees the 413 or, when the close overtakes its upload, a reset; the server
        // stays up either way
        byte[] huge = new byte[40 * PortalOptions.DEFAULT_MAX_BODY_BYTES];
        java.util.Arrays.fill(huge, (byte) ' ');
        try {
            assertThat(post("/api/responses", "application/json", huge).statusCode()).isEqualTo(413);
        } catch (IOException e) {
            assertThat(e).isNotNull();
        }
        assertThat(get("/api/instruments").statusCode()).isEqualTo(200);
        // exactly at the limit is read (and is then malformed: only spaces)
        assertThat(post("/api/responses", "application/json", java.util.Arrays.copyOf(big, big.length - 1)).statusCode())
            .isEqualTo(400);
    }

    @Test
    void storesHostileStringsVerbatimAndKeepsWorking() throws Exception {
        String caseFile = "'; DROP TABLE responses; -- <script>alert(1)</script> \u202e\u200d\ud83d\udc4d";
        String body = response("api-" + UUID.randomUUID(), caseFile).replace("\"channel\": \"online\"",
            "\"channel\": \"<img src=x onerror=alert(1)>\"");
        assertThat(postJson(body).statusCode()).isEqualTo(201);
        assertThat(server.store().responseIdsForCaseFile(caseFile)).hasSize(1);
        assertThat(postJson(response("api-" + UUID.randomUUID(), caseFile)).statusCode()).isEqualTo(409);
        HttpResponse<String> indices = get("/api/indices?by=channel");
        assertThat(indices.statusCode()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        JSON.readTree(indices.body()).get("groups").forEach(g -> keys.add(g.get("key").asText()));
        assertThat(keys).contains("<img src=x onerror=alert(1)>");
        HttpResponse<String> dashboard = get("/dashboard?by=channel");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void servesIndicesWithIntervalsByEachGrouping() throws Exception {
        for (String by : IndexService.GROUPINGS) {
            HttpResponse<String> r = get("/api/indices?by=" + by);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode json = JSON.readTree(r.body());
            assertThat(json.get("source").asText()).isEqualTo("store-rollup");
            assertThat(json.get("by").asText()).isEqualTo(by);
            assertThat(json.get("responses").asLong()).isGreaterThanOrEqualTo(400);
            long sum = 0;
            for (JsonNode g : json.get("groups")) {
                sum += g.get("responses").asLong();
                JsonNode idx = g.get("index");
                if (!idx.get("value").isNull()) {
                    assertThat(idx.get("lower").asDouble()).isLessThanOrEqualTo(idx.get("value").asDouble());
                    assertThat(idx.get("upper").asDouble()).isGreaterThanOrEqualTo(idx.get("value").asDouble());
                }
            }
            assertThat(sum).as(by).isEqualTo(json.get("responses").asLong());
        }
        JsonNode period = JSON.readTree(get("/api/indices?by=period").body());
        assertThat(period.get("groups").get(0).get("key").asText()).isEqualTo("2024-Q4");
        JsonNode overall = JSON.readTree(get("/api/indices").body()).get("overall");
        assertThat(overall.get("elements").size()).isEqualTo(5);
        assertThat(overall.get("items").size()).isEqualTo(22);
        assertThat(overall.get("items").get("tc1").get("excluded").get("dontKnow").asLong()).isPositive();
        HttpResponse<String> bad = get("/api/indices?by=" + URLEncoder.encode("agency;DROP", StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").asText()).isEqualTo("bad_parameter");
    }

    @Test
    void ratingPageRendersAccessibleFormsInBothLanguages() throws Exception {
        HttpResponse<String> en = get("/rate/H56.22-0001?lang=en");
        assertThat(en.statusCode()).isEqualTo(200);
        String html = en.body();
        assertThat(html).contains("<html lang=\"en\">", "name=\"viewport\"", "Very satisfied", "Don&#39;t know");
        assertThat(count(html, "<fieldset")).isEqualTo(23);
        assertThat(count(html, "<legend>")).isEqualTo(23);
        assertThat(count(html, "type=\"radio\"")).isEqualTo(22 * 7 + 2);
        assertThat(count(html, "<label for=")).isEqualTo(22 * 7 + 2);
        String vi = get("/rate/H56.22-0001").body();
        assertThat(vi).contains("<html lang=\"vi\">", "Rất hài lòng", "Không biết", "Gửi đánh giá");
    }

    @Test
    void ratingFormShowsErrorsThenThanksThenRefusesASecondRating() throws Exception {
        String caseFile = "FORM-" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder form = new StringBuilder("lang=en&responseId=web-" + UUID.randomUUID() + "&q_tc1=6");
        HttpResponse<String> invalid = post("/rate/" + caseFile, "application/x-www-form-urlencoded",
            form.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(invalid.body()).contains("id=\"error-summary\"", "aria-invalid=\"true\"", "6 is outside the scale 1..5",
            "Please choose an answer.");
        form.setLength(0);
        form.append("lang=en&responseId=web-").append(UUID.randomUUID()).append("&q_pa_used=no");
        for (String q : List.of("tc1", "tc2", "tc3", "tc4", "tt1", "tt2", "tt3", "tt4", "tt5", "cc1", "cc2", "cc3", "cc4", "cc5",
            "cc6", "kq1", "kq2", "kq3", "pa1", "pa2", "pa3")) {
            form.append("&q_").append(q).append('=').append("tc2".equals(q) ? "special%3Adont_know" : "5");
        }
        long before = server.store().count(org.civicsurvey.jdbc.ResponseFilter.all());
        HttpResponse<String> ok = post("/rate/" + caseFile, "application/x-www-form-urlencoded",
            form.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("Thank you for your rating");
        assertThat(server.store().count(org.civicsurvey.jdbc.ResponseFilter.all())).isEqualTo(before + 1);
        // pa3 was answered while hidden (pa_used = no): the portal dropped it
        String id = server.store().responseIdsForCaseFile(caseFile).get(0);
        assertThat(server.store().findResponse(id).orElseThrow().answers()).doesNotContainKey("pa3").containsKey("pa2");

        HttpResponse<String> again = get("/rate/" + caseFile + "?lang=en");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("This case file has already been rated");
        HttpResponse<String> repost = post("/rate/" + caseFile, "application/x-www-form-urlencoded",
            form.toString().replace("responseId=web-", "responseId=web-x").getBytes(StandardCharsets.UTF_8));
        assertThat(repost.statusCode()).isEqualTo(409);
    }

    @Test
    void refusesHostileCaseFileIdsWithAnEscapedPage() throws Exception {
        HttpResponse<String> r = get("/rate/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("<script>alert");
        assertThat(get("/rate/" + "A".repeat(101)).statusCode()).isEqualTo(400);
        assertThat(get("/rate/%FF%FE").statusCode()).isEqualTo(400);
        assertThat(get("/rate/a/b").statusCode()).isEqualTo(404);
    }

    @Test
    void dashboardShowsIndicesAsSvgAndOtherRoutesAnswerPlainly() throws Exception {
        HttpResponse<String> d = get("/dashboard?lang=en&by=service");
        assertThat(d.statusCode()).isEqualTo(200);
        assertThat(d.body()).contains("<svg id=\"chart-elements\"", "<svg id=\"chart-by\"", "<svg id=\"chart-trend\"",
            "role=\"img\"", "id=\"count\"", "Criminal record certificate");
        assertThat(get("/dashboard?fragment=1").body()).doesNotContain("<html").contains("<svg");
        HttpResponse<String> report = get("/report?lang=en&by=agency");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("<svg", "so-tu-phap");
        assertThat(report.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none'");
        assertThat(get("/static/portal.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/static/portal.js").statusCode()).isEqualTo(200);
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
        assertThat(get("/api/nowhere").statusCode()).isEqualTo(404);
        assertThat(get("/api/responses").statusCode()).isEqualTo(405);
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(server.uri()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(303);
        assertThat(URI.create(root.headers().firstValue("Location").orElseThrow()).getPath()).isEqualTo("/dashboard");
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
