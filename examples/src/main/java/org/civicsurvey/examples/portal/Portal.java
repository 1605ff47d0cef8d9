package org.civicsurvey.examples.portal;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the demo portal until Ctrl-C:
 * {@code mvn -B -q -DskipTests -pl examples -am package exec:java}, then open the printed URL.
 * Flags: see {@link PortalOptions#parse(String...)}, e.g.
 * {@code -Dexec.args="--port 9090 --jdbc-url jdbc:postgresql://localhost/portal"}.
 */
public final class Portal {
    private Portal() {
    }

    /**
     * Starts the portal and serves until the process is stopped.
     *
     * @param args flags, see {@link PortalOptions#parse(String...)}
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        PortalOptions options;
        try {
            options = PortalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("portal: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.err.println("portal: opening the store "
            + options.jdbcUrl().map(u -> u.replaceAll("[?;].*$", "")).orElse("(embedded H2 in " + options.dataDirectory().toAbsolutePath() + ")")
            + (options.demoResponses() > 0 ? "; seeding up to " + options.demoResponses() + " demo responses if it is empty" : ""));
        PortalServer server = PortalServer.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "portal-shutdown"));
        System.out.println("CivicSurvey portal: " + server.uri() + "dashboard");
        System.out.println("  rate a case file: " + server.uri() + "rate/H56.22-240501-0001?lang=en");
        System.out.println("  API:              " + server.uri() + "api/indices?by=agency");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }
}
