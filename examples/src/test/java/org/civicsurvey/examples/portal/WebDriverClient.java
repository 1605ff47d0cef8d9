package org.civicsurvey.examples.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A minimal W3C WebDriver client for chromedriver, on {@link HttpClient} and Jackson (no Selenium):
 * start a driver process and a headless Chromium session with a phone-sized viewport, navigate,
 * find elements by CSS selector, click, press keys, run scripts and take screenshots.
 */
final class WebDriverClient implements AutoCloseable {
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String session;

    /** An element reference. */
    record Element(String id) {
    }

    private WebDriverClient(Process driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    /**
     * Finds an executable: the given environment variable's path if set, else the first name found on the PATH.
     *
     * @param env an environment variable that may name the executable
     * @param names names to look for on the PATH
     * @return the executable
     */
    static Optional<Path> executable(String env, String... names) {
        String fromEnv = System.getenv(env);
        if (fromEnv != null && !fromEnv.isBlank() && Files.isExecutable(Path.of(fromEnv))) {
            return Optional.of(Path.of(fromEnv));
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/usr/local/bin" : path).split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts chromedriver and a headless Chromium session emulating a phone screen.
     *
     * @param chromedriver the driver executable
     * @param chromium the browser executable
     * @param userDataDir a fresh profile directory
     * @param log where the driver writes its log
     * @param width viewport width in CSS pixels
     * @param height viewport height in CSS pixels
     * @return the client
     * @throws IOException if the driver does not start
     * @throws InterruptedException if interrupted while waiting for it
     */
    static WebDriverClient start(Path chromedriver, Path chromium, Path userDataDir, Path log, int width, int height)
        throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(chromedriver.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        WebDriverClient c = new WebDriverClient(p, URI.create("http://127.0.0.1:" + port + "/"));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                try {
                    JsonNode status = c.call("GET", "status", null);
                    if (status.path("ready").asBoolean(false)) {
                        break;
                    }
                } catch (IOException e) {
                    if (!p.isAlive()) {
                        throw new IOException("chromedriver exited with " + p.exitValue() + "; see " + log, e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("chromedriver did not become ready in 20 s; see " + log);
                }
                Thread.sleep(100);
            }
            ObjectNode caps = JSON.createObjectNode();
            ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
            always.put("browserName", "chrome");
            ObjectNode chrome = always.putObject("goog:chromeOptions");
            chrome.put("binary", chromium.toString());
            ArrayNode args = chrome.putArray("args");
            for (String a : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + userDataDir, "--window-size=" + width + "," + height)) {
                args.add(a);
            }
            ObjectNode metrics = chrome.putObject("mobileEmulation").putObject("deviceMetrics");
            metrics.put("width", width);
            metrics.put("height", height);
            metrics.put("pixelRatio", 1.0);
            metrics.put("touch", true);
            JsonNode created = c.call("POST", "session", caps);
            c.session = created.get("sessionId").asText();
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if ("POST".equals(method)) {
            b.header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body == null ? JSON.createObjectNode() : body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(r.body());
        JsonNode value = json.get("value");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + method + " " + path + " failed with " + r.statusCode() + ": "
                + (value == null ? r.body() : value.path("error").asText() + ": " + value.path("message").asText()));
        }
        return value;
    }

    private String s(String tail) {
        return "session/" + session + "/" + tail;
    }

    void get(URI url) throws IOException, InterruptedException {
        call("POST", s("url"), JSON.createObjectNode().put("url", url.toString()));
    }

    String title() throws IOException, InterruptedException {
        return call("GET", s("title"), null).asText();
    }

    Element find(String css) throws IOException, InterruptedException {
        JsonNode v = call("POST", s("element"), JSON.createObjectNode().put("using", "css selector").put("value", css));
        return new Element(v.get(ELEMENT).asText());
    }

    /**
     * Waits up to 10 seconds for an element to appear (after a navigation).
     *
     * @param css the selector
     * @return the element
     * @throws IOException on a transport error
     * @throws InterruptedException if interrupted
     */
    Element await(String css) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Element> all = findAll(css);
            if (!all.isEmpty()) {
                return all.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no element " + css + " after 10 s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits up to 10 seconds for the first element matching a selector to have a text (e.g. after a
     * form submission navigates), and returns the last text seen.
     *
     * @param css the selector
     * @param expected the text awaited
     * @return the element's text when it matched, or the last text seen after 10 s
     * @throws IOException on a transport error
     * @throws InterruptedException if interrupted
     */
    String awaitText(String css, String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                List<Element> all = findAll(css);
                if (!all.isEmpty()) {
                    last = text(all.get(0));
                    if (last.equals(expected)) {
                        return last;
                    }
                }
            } catch (IllegalStateException e) {
                // the element went stale while the page navigated: look again
            }
            Thread.sleep(100);
        }
        return last;
    }

    List<Element> findAll(String css) throws IOException, InterruptedException {
        JsonNode v = call("POST", s("elements"), JSON.createObjectNode().put("using", "css selector").put("value", css));
        List<Element> out = new ArrayList<>();
        v.forEach(n -> out.add(new Element(n.get(ELEMENT).asText())));
        return out;
    }

    void click(Element e) throws IOException, InterruptedException {
        call("POST", s("element/" + e.id() + "/click"), null);
    }

    String text(Element e) throws IOException, InterruptedException {
        return call("GET", s("element/" + e.id() + "/text"), null).asText();
    }

    /**
     * Presses keys on the focused element (W3C actions), e.g. {@code "\uE015"} for arrow down.
     *
     * @param keys the keys, each pressed and released in turn
     * @throws IOException on a transport error
     * @throws InterruptedException if interrupted
     */
    void press(String keys) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode source = body.putArray("actions").addObject();
        source.put("type", "key").put("id", "keyboard");
        ArrayNode actions = source.putArray("actions");
        keys.codePoints().forEach(cp -> {
            String k = new String(Character.toChars(cp));
            actions.addObject().put("type", "keyDown").put("value", k);
            actions.addObject().put("type", "keyUp").put("value", k);
        });
        call("POST", s("actions"), body);
    }

    JsonNode script(String js, Object... args) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("script", js);
        ArrayNode a = body.putArray("args");
        for (Object o : args) {
            if (o instanceof Element e) {
                a.addObject().put(ELEMENT, e.id());
            } else {
                a.addPOJO(o);
            }
        }
        return call("POST", s("execute/sync"), body);
    }

    void screenshot(Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(call("GET", s("screenshot"), null).asText()));
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "session/" + session, null);
            }
        } catch (IOException | RuntimeException e) {
            // the driver is stopped below either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
