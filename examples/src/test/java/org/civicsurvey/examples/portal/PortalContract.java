package org.civicsurvey.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.civicsurvey.examples.data.DemoData;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.jdbc.ResponseFilter;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.response.Response;
import org.civicsurvey.response.Transaction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The portal's promises over HTTP, on each database: one rating per case file under a race of 16,
 * nothing forged (links signed for the case file, agency and service from the portal's record), no
 * script injection, CSRF on every form, size and rate limits, the administrator's login and
 * erasure, localised pages and errors, the security headers and the OpenAPI description.
 */
@SpringBootTest(classes = Portal.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "portal.demo-responses=300", "portal.demo-in-background=false", "portal.demo-case-files=0", "portal.admin.password=correct-horse-battery",
    "portal.links.secret=test-secret-test-secret-test-secret-0123", "portal.limits.ratings-per-window=1000",
    "civicsurvey.rollup.compact-interval=0", "server.address=127.0.0.1"})
abstract class PortalContract {
    @LocalServerPort
    int port;
    @Autowired
    SurveyStore store;
    @Autowired
    CaseFileRegistry caseFiles;
    @Autowired
    RatingLinks links;

    final Instrument sipas = StandardInstruments.sipas2017();

    /** A completed case file of the portal's record, and its rating link's path. */
    String completed(String agency, String service) {
        String id = "HS-" + UUID.randomUUID().toString().substring(0, 13);
        CaseFileRegistry.CaseFile cf = new CaseFileRegistry.CaseFile(id, agency, service, "online", "ha-noi", Instant.now());
        assertThat(caseFiles.complete(cf)).isTrue();
        return links.path(id, cf.completedAt());
    }

    /** A complete, valid rating of every required question. */
    static Map<String, String> answers(int value) {
        Map<String, String> form = new LinkedHashMap<>();
        for (Question q : StandardInstruments.sipas2017().questions()) {
            form.put("q_" + q.id(), q.id().equals("pa_used") ? "no" : Integer.toString(value));
        }
        form.remove("q_pa3");
        form.remove("q_pa4");
        return form;
    }

    static String caseFileOf(String path) {
        return path.substring("/rate/".length(), path.indexOf('?'));
    }

    private Map<String, String> withCsrf(Http http, Map<String, String> fields) {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put("_csrf", http.csrf());
        return f;
    }

    @Test
    void sixteenParallelSubmissionsOfOneCaseFileStoreExactlyOne() throws Exception {
        String path = completed("so-tu-phap", "ly-lich-tu-phap");
        String caseFile = caseFileOf(path);
        Http http = new Http(port);
        assertThat(http.get(path).statusCode()).isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Map<String, String> form = withCsrf(http, answers(4));
                form.put("responseId", "race-" + i + "-" + UUID.randomUUID());
                Callable<Integer> post = () -> {
                    start.await();
                    return http.form(path, form).statusCode();
                };
                results.add(pool.submit(post));
            }
            start.countDown();
            int ok = 0;
            int conflicts = 0;
            for (Future<Integer> f : results) {
                int status = f.get(120, TimeUnit.SECONDS);
                ok += status == 200 ? 1 : 0;
                conflicts += status == 409 ? 1 : 0;
            }
            assertThat(ok).isEqualTo(1);
            assertThat(conflicts).isEqualTo(15);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.responseIdsForCaseFile(caseFile)).hasSize(1);
        // the same race through the JSON API
        String apiCase = completed("cong-an", "can-cuoc");
        String token = apiCase.substring(apiCase.indexOf("?t=") + 3);
        String apiId = caseFileOf(apiCase);
        ExecutorService pool2 = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String body = ResponseJson.write(rating("api-race-" + i + "-" + UUID.randomUUID(), 5));
                results.add(pool2.submit(() -> {
                    start.await();
                    return new Http(port).json("/api/case-files/" + apiId + "/rating?t=" + token, body).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get(120, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            pool2.shutdownNow();
        }
        assertThat(store.responseIdsForCaseFile(apiId)).hasSize(1);
    }

    /** A rating as a client would post it, claiming another agency, service and time. */
    Response rating(String id, int value) {
        Response.Builder b = Response.builder(id, sipas.id(), sipas.version())
            .transaction(Transaction.of("forged", "<script>alert(1)</script>", "forged-service", "post",
                Instant.parse("2020-01-01T00:00:00Z")));
        answers(value).forEach((k, v) -> {
            if (k.equals("q_pa_used")) {
                b.choice("pa_used", v);
            } else {
                b.answer(k.substring(2), Double.parseDouble(v));
            }
        });
        return b.build();
    }

    @Test
    void nothingIsForgedTheLinkDecidesTheCaseFileAndTheRecordTheAgency() throws Exception {
        String path = completed("so-xay-dung", "nha-o");
        String id = caseFileOf(path);
        String token = path.substring(path.indexOf("?t=") + 3);
        Http http = new Http(port);
        // a rating that claims another case file, agency, service and time: the portal's record wins
        HttpResponse<String> created = http.json("/api/case-files/" + id + "/rating?t=" + token,
            ResponseJson.write(rating("forge-" + UUID.randomUUID(), 3)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Response stored = store.findResponse(store.responseIdsForCaseFile(id).get(0)).orElseThrow();
        assertThat(stored.transaction().caseFileId()).contains(id);
        assertThat(stored.transaction().agency()).contains("so-xay-dung");
        assertThat(stored.transaction().service()).contains("nha-o");
        assertThat(stored.transaction().channel()).contains("online");
        assertThat(stored.respondent()).containsEntry("province", "ha-noi");
        // a link signed for another case file, a changed signature, none, an unknown case file, an expired link
        String other = completed("so-xay-dung", "nha-o");
        String otherToken = other.substring(other.indexOf("?t=") + 3);
        assertThat(http.get("/rate/" + id + "?t=" + otherToken).statusCode()).isEqualTo(403);
        assertThat(http.get("/rate/" + id + "?t=" + token.substring(0, token.length() - 2) + "AA").statusCode()).isEqualTo(403);
        assertThat(http.get("/rate/" + id).statusCode()).isEqualTo(403);
        String unknown = "HS-never-completed";
        assertThat(http.get(links.path(unknown, Instant.now()).replace("?", "?lang=en&")).body()).contains("Unknown case file");
        assertThat(http.get(links.path(unknown, Instant.now())).statusCode()).isEqualTo(404);
        String old = "HS-old-" + UUID.randomUUID().toString().substring(0, 8);
        caseFiles.complete(new CaseFileRegistry.CaseFile(old, "ubnd-xa", "khai-sinh", "online", "ha-noi",
            Instant.parse("2020-01-01T00:00:00Z")));
        assertThat(http.get(links.path(old, Instant.parse("2020-01-01T00:00:00Z"))).statusCode()).isEqualTo(410);
        assertThat(http.json("/api/case-files/" + other.substring(6, other.indexOf('?')) + "/rating?t=" + token,
            ResponseJson.write(rating("forge2-" + UUID.randomUUID(), 3))).statusCode()).isEqualTo(403);
    }

    @Test
    void hostileTextIsEscapedEverywhere() throws Exception {
        Http admin = login();
        // an imported rating whose agency is markup (ids from files are the administrators', but are still data)
        String csv = "respondent,case_file,province,agency,service,channel,date,sex,age_band,area,stratum,weight,pa_used,"
            + String.join(",", sipas.ratingItems().stream().map(Question::id).toList()) + "\n"
            + "x-" + UUID.randomUUID().toString().substring(0, 8) + ",XSS-1,ha-noi,<script>alert(1)</script>,nha-o,online,2025-05-01,"
            + "female,25-34,urban,1,1.0,no," + "4,".repeat(sipas.ratingItems().size() - 2).replaceAll(",$", "") + ",,\n";
        HttpResponse<String> imported = upload(admin, csv);
        assertThat(imported.body()).doesNotContain("<script>alert(1)");
        String dashboard = new Http(port).get("/dashboard?by=agency").body();
        assertThat(dashboard).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        // what a request reflects is escaped too
        Http http = new Http(port);
        String path = completed("so-tu-phap", "chung-thuc");
        String page = http.get(path + "&x=%22%3E%3Cscript%3Ealert(2)%3C/script%3E").body();
        assertThat(page).contains("<h1>").doesNotContain("<script>alert(2)").doesNotContain("\"><script");
        // a text answer echoed in the form after a refused submission
        Map<String, String> form = new LinkedHashMap<>(answers(4));
        form.remove("q_tc1");
        form.put("q_tc2", "<img src=x onerror=alert(3)>");
        form.put("_csrf", http.csrf());
        String again = http.form(path, form).body();
        assertThat(again).doesNotContain("<img src=x").contains("error-summary");
    }

    private HttpResponse<String> upload(Http admin, String csv) throws Exception {
        admin.get("/admin");
        String boundary = "----cs" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + admin.csrf() + "\r\n"
            + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + csv + "\r\n--" + boundary + "--\r\n";
        return admin.raw(HttpRequest.newBuilder(URI.create(admin.base() + "/admin/import"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Http login() throws Exception {
        Http http = new Http(port);
        HttpResponse<String> gate = http.get("/admin");
        assertThat(gate.statusCode()).isEqualTo(302);
        assertThat(gate.headers().firstValue("Location").orElse("")).endsWith("/login");
        http.get("/login");
        HttpResponse<String> in = http.form("/login", Map.of("username", "admin", "password", "correct-horse-battery",
            "_csrf", http.csrf()));
        assertThat(in.statusCode()).isEqualTo(302);
        assertThat(http.get("/admin").statusCode()).isEqualTo(200);
        return http;
    }

    @Test
    void everyFormNeedsItsCsrfTokenAndTheAdministratorPagesALogin() throws Exception {
        String path = completed("so-tu-phap", "quoc-tich");
        Http http = new Http(port);
        http.get(path);
        Map<String, String> form = answers(5);
        assertThat(http.form(path, form).statusCode()).isEqualTo(403);
        assertThat(store.responseIdsForCaseFile(caseFileOf(path))).isEmpty();
        form.put("_csrf", "forged-token");
        assertThat(http.form(path, form).statusCode()).isEqualTo(403);
        // the administrator, logged in, erases only with the form's token
        Http admin = login();
        form.put("_csrf", http.csrf());
        assertThat(http.form(path, form).statusCode()).isEqualTo(200);
        assertThat(store.responseIdsForCaseFile(caseFileOf(path))).hasSize(1);
        assertThat(admin.form("/admin/erase", Map.of("caseFileId", caseFileOf(path))).statusCode()).isEqualTo(403);
        assertThat(store.responseIdsForCaseFile(caseFileOf(path))).hasSize(1);
        HttpResponse<String> erased = admin.form("/admin/erase", Map.of("caseFileId", caseFileOf(path), "_csrf", admin.csrf()));
        assertThat(erased.statusCode()).isEqualTo(200);
        assertThat(store.responseIdsForCaseFile(caseFileOf(path))).isEmpty();
        // the library's full report, a self-contained page with its own policy
        HttpResponse<String> report = admin.get("/admin/report?by=province&lang=en");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("<svg").contains("Hanoi");
        assertThat(report.headers().firstValue("Content-Security-Policy").orElse("")).startsWith("default-src 'none'");
        assertThat(new Http(port).get("/admin/report").statusCode()).isEqualTo(302);
        // the administrators' API takes HTTP Basic only, never the session
        assertThat(admin.json("/api/admin/case-files", "{\"id\":\"HS-api-1\",\"agency\":\"cong-an\",\"service\":\"cu-tru\","
            + "\"channel\":\"online\",\"province\":\"ha-noi\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> issued = new Http(port).json("/api/admin/case-files", "{\"id\":\"HS-api-" + UUID.randomUUID()
            .toString().substring(0, 8) + "\",\"agency\":\"cong-an\",\"service\":\"cu-tru\",\"channel\":\"online\","
            + "\"province\":\"ha-noi\"}", "Authorization", "Basic " + java.util.Base64.getEncoder()
            .encodeToString("admin:correct-horse-battery".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(issued.body()).contains("/rate/HS-api-");
    }

    @Test
    void oversizedRequestsAreRefusedWith413() throws Exception {
        String path = completed("so-tu-phap", "ly-lich-tu-phap");
        String id = caseFileOf(path);
        String token = path.substring(path.indexOf("?t=") + 3);
        Http http = new Http(port);
        String big = "{\"id\":\"big\",\"pad\":\"" + "x".repeat(100_000) + "\"}";
        assertThat(http.json("/api/case-files/" + id + "/rating?t=" + token, big).statusCode()).isEqualTo(413);
        http.get(path);
        Map<String, String> form = answers(4);
        form.put("_csrf", http.csrf());
        form.put("q_tc1", "4" + " ".repeat(100_000));
        assertThat(http.form(path, form).statusCode()).isEqualTo(413);
        // a body without a declared length is cut at the limit too
        HttpResponse<String> chunked = http.raw(HttpRequest.newBuilder(URI.create(http.base() + "/api/case-files/" + id
                + "/rating?t=" + token)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)))).build());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(store.responseIdsForCaseFile(id)).isEmpty();
    }

    @Test
    void aRefusedRatingComesBackWithEveryProblemInTheReadersLanguage() throws Exception {
        String path = completed("so-lao-dong", "nguoi-co-cong");
        Http http = new Http(port);
        http.get(path + "&lang=vi");
        Map<String, String> form = answers(4);
        form.remove("q_tc1");
        form.remove("q_kq2");
        form.put("_csrf", http.csrf());
        HttpResponse<String> vi = http.form(path, form);
        assertThat(vi.statusCode()).isEqualTo(422);
        assertThat(vi.body()).contains("Có 2 lỗi trong phiếu.").contains("Vui lòng chọn một câu trả lời.")
            .doesNotContain("is required").doesNotContain("Please choose");
        http.get(path + "&lang=en");
        form.put("_csrf", http.csrf());
        HttpResponse<String> en = http.form(path, form);
        assertThat(en.body()).contains("There are 2 problems with your answers.").contains("Please choose an answer.");
        // the API localises the library's messages as well
        String token = path.substring(path.indexOf("?t=") + 3);
        Response bad = Response.builder("bad-" + UUID.randomUUID(), sipas.id(), sipas.version()).answer("tc1", 9).build();
        HttpResponse<String> api = new Http(port).json("/api/case-files/" + caseFileOf(path) + "/rating?t=" + token,
            ResponseJson.write(bad), "Accept-Language", "vi");
        assertThat(api.statusCode()).isEqualTo(422);
        assertThat(api.body()).contains("answers.tc1").contains("Câu trả lời nằm ngoài phạm vi cho phép.");
        assertThat(new Http(port).json("/api/case-files/" + caseFileOf(path) + "/rating?t=" + token, "{not json")
            .statusCode()).isEqualTo(400);
    }

    @Test
    void errorPagesAreInThePagesLanguageWithTheSecurityHeaders() throws Exception {
        Http http = new Http(port);
        HttpResponse<String> vi = http.get("/no-such-page");
        assertThat(vi.statusCode()).isEqualTo(404);
        assertThat(vi.body()).contains("Lỗi 404").contains("Không tìm thấy trang.").doesNotContain("Error 404");
        http.get("/dashboard?lang=en");
        HttpResponse<String> en = http.get("/no-such-page");
        assertThat(en.body()).contains("Error 404").contains("There is no such page.").doesNotContain("Lỗi");
        HttpResponse<String> page = http.get("/dashboard");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'")
            .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        HttpResponse<String> docs = http.get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("\"openapi\"").contains("/api/case-files/{caseFileId}/rating").contains("/api/indices");
    }

    @Test
    void theDashboardCountsRespondentsWithholdsSmallGroupsAndUpdates() throws Exception {
        Http http = new Http(port);
        long stored = store.count(ResponseFilter.all().instrument(sipas.id(), sipas.version()));
        String page = http.get("/dashboard?by=province&lang=en").body();
        assertThat(page).contains("data-count=\"" + stored + "\"");
        // 300 demo ratings over 63 provinces: most provinces have fewer than 10 respondents
        assertThat(page).contains("withheld (fewer than 10 respondents)");
        // too few ratings per quarter for a change to be stated
        assertThat(page).contains("Not stated: each quarter needs at least 100 respondents");
        String path = completed("so-tu-phap", "ly-lich-tu-phap");
        http.get(path);
        Map<String, String> form = answers(5);
        form.put("_csrf", http.csrf());
        assertThat(http.form(path, form).statusCode()).isEqualTo(200);
        assertThat(http.get("/dashboard?by=province").body()).contains("data-count=\"" + (stored + 1) + "\"");
        assertThat(DemoData.PROVINCES).isEqualTo(63);
    }
}
