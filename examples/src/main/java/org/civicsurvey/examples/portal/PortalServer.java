package org.civicsurvey.examples.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.civicsurvey.examples.data.DemoData;
import org.civicsurvey.examples.portal.IndexService.GroupIndex;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.io.json.InvalidJsonException;
import org.civicsurvey.io.json.JsonLimits;
import org.civicsurvey.io.json.JsonProblem;
import org.civicsurvey.io.json.ResponseJson;
import org.civicsurvey.jdbc.BatchResult;
import org.civicsurvey.jdbc.ResponseConflictException;
import org.civicsurvey.jdbc.ResponseFilter;
import org.civicsurvey.jdbc.ResponseValidationException;
import org.civicsurvey.jdbc.SaveOutcome;
import org.civicsurvey.jdbc.SurveyStore;
import org.civicsurvey.jdbc.UrlDataSource;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.response.Response;
import org.civicsurvey.stats.Estimate;
import org.civicsurvey.stats.Exclusions;
import org.civicsurvey.validation.Violation;

/**
 * The demo portal: a web application on the JDK's built-in {@link HttpServer} that embeds
 * CivicSurvey. Routes:
 *
 * <ul>
 *   <li>{@code GET /rate/{caseFileId}?lang=vi|en}: the rating page; {@code POST} the same path with the form;</li>
 *   <li>{@code GET /dashboard?lang=&by=agency|service|channel|province}: the live dashboard;</li>
 *   <li>{@code GET /report?lang=&by=...}: the library's full SIPAS report (rankings, trend, distributions) as HTML;</li>
 *   <li>{@code GET /api/instruments}, {@code GET /api/instruments/{id}[?version=]}: instruments as JSON;</li>
 *   <li>{@code POST /api/responses}: submit a response (201 stored, 200 duplicate retry; 400 malformed
 *       JSON; 413 body over the limit; 415 not JSON; 422 invalid, with every problem and its path; 409
 *       the case file is already rated or the id is taken);</li>
 *   <li>{@code GET /api/indices?by=agency|service|channel|province|period}: the index with intervals.</li>
 * </ul>
 *
 * <p>Responses go into a {@link SurveyStore} (the embedded H2 database by default) with its
 * one-response-per-case-file rule. On start the instrument is stored and, when the store holds no
 * response to it, {@link PortalOptions#demoResponses()} seeded {@link DemoData} responses.
 */
public final class PortalServer implements AutoCloseable {
    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();
    private static final long DEMO_SEED = 2026;

    private final PortalOptions options;
    private final SurveyStore store;
    private final Instrument instrument;
    private final Map<String, Instrument> instruments = new LinkedHashMap<>();
    private final IndexService indices;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;

    private PortalServer(PortalOptions options, SurveyStore store, Clock clock) throws IOException {
        this.options = options;
        this.store = store;
        this.clock = clock;
        this.instrument = StandardInstruments.byId(options.instrumentId()).orElseThrow();
        for (Instrument i : StandardInstruments.all()) {
            store.putInstrument(i);
            instruments.put(i.id(), i);
        }
        this.indices = new IndexService(store, instrument);
        this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "portal-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Opens the store, seeds it if empty and starts serving.
     *
     * @param options the options
     * @return the running server
     * @throws UncheckedIOException if the port cannot be bound
     * @throws org.civicsurvey.jdbc.SurveyStoreException if the database cannot be opened
     */
    public static PortalServer start(PortalOptions options) {
        SurveyStore store = options.jdbcUrl().isPresent()
            ? SurveyStore.create(UrlDataSource.fromEnvironment(options.jdbcUrl().get()), IndexService.STORE_OPTIONS)
            : SurveyStore.embedded(options.dataDirectory(), IndexService.STORE_OPTIONS);
        return start(options, store, Clock.systemUTC());
    }

    /**
     * Starts serving on a given store.
     *
     * @param options the options (the JDBC URL and data directory are not used)
     * @param store the store, opened with the rollup options the dashboard reads (months in Viet Nam's time,
     *     cross-products kept: {@code StoreOptions.defaults().withRollupZone(ZoneId.of("Asia/Ho_Chi_Minh"))
     *     .withRollupCrossProducts(true)}); a rollup that is not current is rebuilt first
     * @param clock the clock that stamps submissions
     * @return the running server
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static PortalServer start(PortalOptions options, SurveyStore store, Clock clock) {
        try {
            PortalServer p = new PortalServer(options, store, clock);
            if (!store.rollupIsCurrent()) {
                // a store created before its rollup, or kept with other rollup options
                store.rebuildRollup();
            }
            p.seed();
            p.server.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + options.host() + ":" + options.port(), e);
        }
    }

    private void seed() {
        ResponseFilter filter = ResponseFilter.all().instrument(instrument.id(), instrument.version());
        if (options.demoResponses() == 0 || store.count(filter) > 0
            || !instrument.id().equals(StandardInstruments.SIPAS_2017)) {
            return;
        }
        List<Response> demo = DemoData.generate(options.demoResponses(), DEMO_SEED).responses();
        BatchResult result = store.saveAll(demo);
        System.err.println("portal: seeded " + result.count(SaveOutcome.STORED) + " demo responses ("
            + result.count(SaveOutcome.INVALID) + " invalid, " + result.count(SaveOutcome.CONFLICT) + " conflicts)");
    }

    /**
     * The address the server listens on.
     *
     * @return the base URI, e.g. {@code http://127.0.0.1:8080/}
     */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "localhost" : a.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /**
     * The store the portal writes to.
     *
     * @return the store
     */
    public SurveyStore store() {
        return store;
    }

    /** Stops serving (waits up to one second for requests in flight). */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------ routing

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> headers = Map.of("X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer",
                "X-Frame-Options", "DENY", "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
            headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            try {
                route(ex, method, path);
            } catch (BadRequest e) {
                if (path.startsWith("/api/")) {
                    json(ex, e.status, error(e.code, e.getMessage()));
                } else {
                    html(ex, e.status, RatingPage.message("vi", Texts.get("vi", "error.title") + " " + e.status, e.getMessage()));
                }
            } catch (RuntimeException e) {
                System.err.println("portal: " + method + " " + path.replaceAll("[^\\x20-\\x7e]", "?") + " failed: " + e);
                if (path.startsWith("/api/")) {
                    json(ex, 500, error("internal_error", "the request failed; see the server log"));
                } else {
                    html(ex, 500, RatingPage.message("vi", Texts.get("vi", "error.title") + " 500", "Internal error"));
                }
            }
        }
    }

    private void route(HttpExchange ex, String method, String path) throws IOException {
        if (path.equals("/")) {
            allow(method, "GET", "HEAD");
            ex.getResponseHeaders().set("Location", "/dashboard");
            ex.sendResponseHeaders(303, -1);
        } else if (path.equals("/static/portal.css") || path.equals("/static/portal.js")) {
            allow(method, "GET", "HEAD");
            staticFile(ex, path.substring("/static/".length()));
        } else if (path.startsWith("/rate/")) {
            rate(ex, method, segment(path.substring("/rate/".length())));
        } else if (path.equals("/dashboard")) {
            allow(method, "GET", "HEAD");
            dashboard(ex);
        } else if (path.equals("/report")) {
            allow(method, "GET", "HEAD");
            report(ex);
        } else if (path.equals("/api/instruments")) {
            allow(method, "GET", "HEAD");
            listInstruments(ex);
        } else if (path.startsWith("/api/instruments/")) {
            allow(method, "GET", "HEAD");
            getInstrument(ex, segment(path.substring("/api/instruments/".length())));
        } else if (path.equals("/api/responses")) {
            allow(method, "POST");
            postResponse(ex);
        } else if (path.equals("/api/indices")) {
            allow(method, "GET", "HEAD");
            getIndices(ex);
        } else {
            throw new BadRequest(404, "not_found", "no such page or endpoint");
        }
    }

    private static void allow(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new BadRequest(405, "method_not_allowed", method.replaceAll("[^A-Z]", "?") + " is not allowed here; use "
            + String.join(" or ", allowed));
    }

    private static String segment(String raw) {
        if (raw.isEmpty() || raw.indexOf('/') >= 0) {
            throw new BadRequest(404, "not_found", "no such page or endpoint");
        }
        return decode(raw, false);
    }

    // ------------------------------------------------------------------------------------ pages

    private void rate(HttpExchange ex, String method, String caseFileId) throws IOException {
        allow(method, "GET", "HEAD", "POST");
        Map<String, List<String>> query = query(ex.getRequestURI().getRawQuery());
        String lang = lang(first(query, "lang"));
        if (!CaseFiles.isWellFormed(caseFileId)) {
            html(ex, 400, RatingPage.message(lang, Texts.get(lang, "rate.badId"), Texts.get(lang, "rate.badIdBody")));
            return;
        }
        if (!store.responseIdsForCaseFile(caseFileId).isEmpty() && !"POST".equals(method)) {
            html(ex, 409, RatingPage.message(lang, Texts.get(lang, "rate.already"),
                Texts.format(lang, "rate.alreadyBody", caseFileId)));
            return;
        }
        Instant now = clock.instant();
        CaseFiles.CaseFile caseFile = CaseFiles.lookup(caseFileId, now);
        if (!"POST".equals(method)) {
            html(ex, 200, RatingPage.render(instrument, lang, caseFile.transaction(), "web-" + UUID.randomUUID(), Map.of(),
                List.of()));
            return;
        }
        Map<String, List<String>> form = query(new String(body(ex, "application/x-www-form-urlencoded"), StandardCharsets.UTF_8));
        lang = lang(first(form, "lang").or(() -> first(query, "lang")));
        String responseId = first(form, "responseId").filter(s -> s.matches(Response.ID_REGEX) && s.length() <= 64)
            .orElse("web-" + UUID.randomUUID());
        List<String> existing = store.responseIdsForCaseFile(caseFileId);
        if (existing.contains(responseId)) {
            html(ex, 200, thanks(lang, caseFileId));
            return;
        }
        if (!existing.isEmpty()) {
            html(ex, 409, RatingPage.message(lang, Texts.get(lang, "rate.already"),
                Texts.format(lang, "rate.alreadyBody", caseFileId)));
            return;
        }
        Response r = withProvince(RatingPage.fromForm(instrument, responseId, caseFile.transaction(), form, now),
            caseFile.province());
        try {
            store.save(r); // validates once; an invalid rating comes back with every violation
        } catch (ResponseValidationException e) {
            html(ex, 422, RatingPage.render(instrument, lang, caseFile.transaction(), responseId,
                RatingPage.answerFields(form), e.report().violations()));
            return;
        } catch (ResponseConflictException e) {
            html(ex, 409, RatingPage.message(lang, Texts.get(lang, "rate.already"),
                Texts.format(lang, "rate.alreadyBody", caseFileId)));
            return;
        }
        html(ex, 200, thanks(lang, caseFileId));
    }

    private static Response withProvince(Response r, String province) {
        Map<String, String> respondent = new LinkedHashMap<>(r.respondent());
        respondent.put("province", province);
        return new Response(r.id(), r.instrumentId(), r.instrumentVersion(), r.status(), r.answers(), r.transaction(),
            respondent, r.weight(), r.submittedAt());
    }

    private static String thanks(String lang, String caseFileId) {
        return RatingPage.message(lang, Texts.get(lang, "rate.thanks"), Texts.format(lang, "rate.thanksBody", caseFileId));
    }

    private void dashboard(HttpExchange ex) throws IOException {
        Map<String, List<String>> query = query(ex.getRequestURI().getRawQuery());
        String lang = lang(first(query, "lang"));
        String by = first(query, "by").filter(b -> List.of("agency", "service", "channel", "province").contains(b))
            .orElse("agency");
        IndexService.Indices grouped = indices.compute(Optional.of(by));
        IndexService.Indices trend = indices.compute(Optional.of("period"));
        if (first(query, "fragment").isPresent()) {
            respond(ex, 200, "text/html; charset=utf-8", DashboardPage.fragment(instrument, lang, by, grouped, trend));
        } else {
            html(ex, 200, DashboardPage.page(instrument, lang, by, grouped, trend));
        }
    }

    private void report(HttpExchange ex) throws IOException {
        Map<String, List<String>> query = query(ex.getRequestURI().getRawQuery());
        String lang = lang(first(query, "lang"));
        String by = first(query, "by").filter(b -> List.of("agency", "service", "channel", "province").contains(b))
            .orElse("agency");
        Optional<org.civicsurvey.report.Report> report = indices.report(by, lang);
        if (report.isEmpty()) {
            html(ex, 200, RatingPage.message(lang, Texts.get(lang, "dash.title"), Texts.get(lang, "dash.empty")));
            return;
        }
        // the reports module's page is self-contained: inline style and one inline script
        ex.getResponseHeaders().set("Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
        html(ex, 200, org.civicsurvey.report.html.HtmlReport.render(report.get()));
    }

    private void staticFile(HttpExchange ex, String name) throws IOException {
        try (InputStream in = PortalServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new BadRequest(404, "not_found", "no such file");
            }
            String type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            ex.getResponseHeaders().set("Cache-Control", "max-age=300");
            respond(ex, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------------------------ API

    private void listInstruments(HttpExchange ex) throws IOException {
        ArrayNode list = JSON.createArrayNode();
        for (Instrument i : instruments.values()) {
            ObjectNode o = list.addObject();
            o.put("id", i.id());
            o.put("version", i.version());
            o.put("title", i.localize(i.title(), "en"));
            o.put("href", "/api/instruments/" + i.id());
        }
        json(ex, 200, list);
    }

    private void getInstrument(HttpExchange ex, String id) throws IOException {
        Map<String, List<String>> query = query(ex.getRequestURI().getRawQuery());
        Optional<String> version = first(query, "version");
        Optional<Instrument> found;
        if (version.isPresent()) {
            if (!version.get().matches(Instrument.VERSION_REGEX) || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                found = Optional.empty();
            } else {
                found = store.findInstrument(id, version.get());
            }
        } else {
            found = Optional.ofNullable(instruments.get(id));
        }
        if (found.isEmpty()) {
            throw new BadRequest(404, "unknown_instrument", "no instrument " + shorten(id)
                + version.map(v -> " version " + shorten(v)).orElse("") + "; see /api/instruments");
        }
        respond(ex, 200, "application/json; charset=utf-8", InstrumentJson.write(found.get()));
    }

    private void postResponse(HttpExchange ex) throws IOException {
        byte[] body = body(ex, "application/json");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest(400, "malformed_json", "the body is not UTF-8");
        }
        if (text.isBlank()) {
            throw new BadRequest(400, "malformed_json", "the body is empty");
        }
        Response response;
        try {
            response = ResponseJson.read(text, JsonLimits.defaults()); // parsed once
        } catch (InvalidJsonException e) {
            if (!e.isWellFormed()) {
                JsonProblem p = e.problems().get(0);
                throw new BadRequest(400, "malformed_json", "the body is not well-formed JSON"
                    + (p.line() > 0 ? " at line " + p.line() + ", column " + p.column() : ""));
            }
            List<Violation> list = new ArrayList<>();
            json(ex, 422, problems("invalid_response", "the response does not have the shape of a response", e.problems(), list));
            return;
        }
        Instrument target = store.findInstrument(response.instrumentId(), response.instrumentVersion()).orElse(null);
        if (target == null) {
            json(ex, 422, problems("invalid_response", "the response names an instrument this portal does not have",
                List.of(new JsonProblem("instrumentId", "no instrument " + shorten(response.instrumentId()) + " version "
                    + shorten(response.instrumentVersion()), 0, 0)), List.of()));
            return;
        }
        Optional<String> caseFile = response.transaction().caseFileId();
        if (caseFile.isPresent()) {
            List<String> ids = store.responseIdsForCaseFile(caseFile.get());
            if (!ids.isEmpty() && !ids.contains(response.id())) {
                json(ex, 409, error("case_file_already_rated", "the case file already has a response; each case file "
                    + "can be rated once"));
                return;
            }
        }
        SaveOutcome outcome;
        try {
            outcome = store.save(response);
        } catch (ResponseValidationException e) {
            // the store validates against the instrument (once) and refuses with every violation
            List<Violation> violations = e.report().violations();
            json(ex, 422, problems("invalid_response", "the response breaks " + violations.size()
                + " rule(s) of its instrument", List.of(), violations));
            return;
        } catch (ResponseConflictException e) {
            json(ex, 409, error("conflict", "the response id is taken by a different response, or the case file is "
                + "already rated"));
            return;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("id", response.id());
        o.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
        json(ex, outcome == SaveOutcome.STORED ? 201 : 200, o);
    }

    private void getIndices(HttpExchange ex) throws IOException {
        Map<String, List<String>> query = query(ex.getRequestURI().getRawQuery());
        Optional<String> by = first(query, "by");
        if (by.isPresent() && !IndexService.GROUPINGS.contains(by.get())) {
            throw new BadRequest(400, "bad_parameter", "by is '" + shorten(by.get()) + "'; must be one of "
                + IndexService.GROUPINGS);
        }
        IndexService.Indices result = indices.compute(by);
        ObjectNode o = JSON.createObjectNode();
        o.put("instrumentId", instrument.id());
        o.put("instrumentVersion", instrument.version());
        o.put("source", IndexService.SOURCE);
        o.put("sourceDetail", IndexService.SOURCE_DETAIL);
        o.put("unit", "percent");
        o.put("definition", "item: share of valid answers >= the scale's positive threshold; element: mean of its items; "
            + "index: mean of the elements; don't know / not applicable left out and counted");
        o.put("confidenceLevel", 0.95);
        o.put("responses", result.responses());
        if (by.isPresent()) {
            o.put("by", by.get());
        }
        o.set("overall", group(result.overall()));
        ArrayNode groups = o.putArray("groups");
        for (GroupIndex g : result.groups()) {
            groups.add(group(g));
        }
        json(ex, 200, o);
    }

    private static ObjectNode group(GroupIndex g) {
        ObjectNode o = JSON.createObjectNode();
        o.put("key", g.key());
        o.put("responses", g.responses());
        o.set("index", estimate(g.index()));
        ObjectNode els = o.putObject("elements");
        g.elements().forEach((k, v) -> els.set(k, estimate(v)));
        ObjectNode items = o.putObject("items");
        g.items().forEach((k, v) -> items.set(k, estimate(v)));
        return o;
    }

    private static ObjectNode estimate(Estimate e) {
        ObjectNode o = JSON.createObjectNode();
        if (e == null) {
            o.putNull("value");
            return o;
        }
        number(o, "value", e.value());
        number(o, "standardError", e.standardError());
        number(o, "lower", e.lower());
        number(o, "upper", e.upper());
        o.put("validN", e.validN());
        Exclusions x = e.excluded();
        ObjectNode ex = o.putObject("excluded");
        ex.put("dontKnow", x.dontKnow());
        ex.put("notApplicable", x.notApplicable());
        ex.put("refused", x.refused());
        ex.put("missing", x.missing());
        ex.put("hidden", x.hidden());
        return o;
    }

    private static void number(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    private static ObjectNode problems(String code, String message, List<JsonProblem> json, List<Violation> violations) {
        ObjectNode o = error(code, message);
        ArrayNode list = o.putArray("problems");
        for (JsonProblem p : json) {
            list.addObject().put("path", p.path()).put("message", p.message());
        }
        for (Violation v : violations) {
            list.addObject().put("path", v.path()).put("message", v.message()).put("rule", v.rule().name());
        }
        return o;
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", code);
        o.put("message", message);
        return o;
    }

    // ------------------------------------------------------------------------------------ HTTP plumbing

    private byte[] body(HttpExchange ex, String expectedType) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith(expectedType)) {
            throw new BadRequest(415, "unsupported_media_type", "the body must be " + expectedType);
        }
        int limit = options.maxBodyBytes();
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "bad_request", "Content-Length is not a number");
            }
        }
        InputStream in = ex.getRequestBody();
        if (declared > limit) {
            refuseRest(ex, in);
            throw new BadRequest(413, "body_too_large", "the body has " + declared + " bytes; at most " + limit
                + " are accepted");
        }
        byte[] data = in.readNBytes(limit + 1);
        if (data.length > limit) {
            refuseRest(ex, in);
            throw new BadRequest(413, "body_too_large", "the body has more than " + limit + " bytes; at most " + limit
                + " are accepted");
        }
        return data;
    }

    /**
     * After refusing a body: reads and discards up to 16 times the limit more, so the client (which
     * may still be sending) reads the 413 on an intact connection; beyond that, closes the
     * connection after the answer.
     */
    private void refuseRest(HttpExchange ex, InputStream in) throws IOException {
        long budget = 16L * options.maxBodyBytes();
        byte[] buffer = new byte[8192];
        while (budget > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, budget));
            if (n < 0) {
                return;
            }
            budget -= n;
        }
        ex.getResponseHeaders().set("Connection", "close");
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String decode(String s, boolean plusIsSpace) {
        try {
            return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "bad_request", "the URL or form has a malformed percent-encoding");
        }
    }

    private static Optional<String> first(Map<String, List<String>> values, String key) {
        List<String> v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    private static String lang(Optional<String> requested) {
        return requested.filter(RatingPage.languages()::contains).orElse("vi");
    }

    private static String shorten(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "\u2026" : clean;
    }

    private static void html(HttpExchange ex, int status, String page) throws IOException {
        respond(ex, status, "text/html; charset=utf-8", page);
    }

    private static void json(HttpExchange ex, int status, Object value) throws IOException {
        respond(ex, status, "application/json; charset=utf-8", JSON.writeValueAsString(value));
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A request the portal refuses, with its HTTP status and a code for API clients. */
    private static final class BadRequest extends RuntimeException {
        final int status;
        final String code;

        BadRequest(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
