package org.civicsurvey.examples.portal;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.civicsurvey.instruments.StandardInstruments;

/**
 * How the portal runs.
 *
 * @param host the address to listen on ({@code 127.0.0.1} by default; {@code 0.0.0.0} to reach it from a phone)
 * @param port the port, 0..65535 ({@code 0} picks a free one)
 * @param jdbcUrl a JDBC URL of the store; empty for the embedded H2 database in {@code dataDirectory}
 * @param dataDirectory where the embedded database lives
 * @param instrumentId the standard instrument rated ({@code sipas2017} by default)
 * @param demoResponses how many demo responses to seed into an empty store (0 for none)
 * @param maxBodyBytes the largest request body accepted, 1 KiB .. 16 MiB
 */
public record PortalOptions(String host, int port, Optional<String> jdbcUrl, Path dataDirectory, String instrumentId,
                            int demoResponses, int maxBodyBytes) {
    /** The default largest request body: 64 KiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** The default number of seeded demo responses. */
    public static final int DEFAULT_DEMO_RESPONSES = 5_000;

    /**
     * Validates the options.
     *
     * @param host the address
     * @param port the port
     * @param jdbcUrl the JDBC URL, if any
     * @param dataDirectory the embedded database's directory
     * @param instrumentId the instrument
     * @param demoResponses the demo responses
     * @param maxBodyBytes the body limit
     */
    public PortalOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(instrumentId, "instrumentId");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port is " + port + "; must be 0..65535");
        }
        if (jdbcUrl.isPresent() && !jdbcUrl.get().startsWith("jdbc:")) {
            throw new IllegalArgumentException("jdbc-url must start with 'jdbc:'");
        }
        if (StandardInstruments.byId(instrumentId).isEmpty()) {
            throw new IllegalArgumentException("instrument is '" + instrumentId + "'; must be one of " + StandardInstruments.ids());
        }
        if (demoResponses < 0 || demoResponses > 1_000_000) {
            throw new IllegalArgumentException("demo-responses is " + demoResponses + "; must be 0..1000000");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("max-body-bytes is " + maxBodyBytes + "; must be 1024..16777216");
        }
    }

    /**
     * The defaults: {@code 127.0.0.1:8080}, the embedded store in {@code ./data}, SIPAS 2017,
     * 5,000 demo responses, 64 KiB bodies.
     *
     * @return the defaults
     */
    public static PortalOptions defaults() {
        return new PortalOptions("127.0.0.1", 8080, Optional.empty(), Path.of("data"), StandardInstruments.SIPAS_2017,
            DEFAULT_DEMO_RESPONSES, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * Reads command-line flags over the defaults: {@code --port N}, {@code --host ADDR},
     * {@code --jdbc-url URL}, {@code --data-dir DIR}, {@code --instrument ID},
     * {@code --demo-responses N}, {@code --max-body-bytes N}. The database user and password, when
     * the URL does not carry them, come from the environment variables {@code CIVICSURVEY_DB_USER}
     * and {@code CIVICSURVEY_DB_PASSWORD} (never from a flag, so they stay out of the process list).
     *
     * @param args the flags
     * @return the options
     * @throws IllegalArgumentException naming the flag and value when a flag is unknown, lacks its value or is out of range
     */
    public static PortalOptions parse(String... args) {
        PortalOptions o = defaults();
        String host = o.host;
        int port = o.port;
        Optional<String> url = o.jdbcUrl;
        Path dir = o.dataDirectory;
        String instrument = o.instrumentId;
        int demo = o.demoResponses;
        int body = o.maxBodyBytes;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--host" -> host = value;
                case "--port" -> port = integer(flag, value);
                case "--jdbc-url" -> url = Optional.of(value);
                case "--data-dir" -> dir = Path.of(value);
                case "--instrument" -> instrument = value;
                case "--demo-responses" -> demo = integer(flag, value);
                case "--max-body-bytes" -> body = integer(flag, value);
                default -> throw new IllegalArgumentException("unknown flag " + flag
                    + "; flags: --port, --host, --jdbc-url, --data-dir, --instrument, --demo-responses, --max-body-bytes");
            }
        }
        return new PortalOptions(host, port, url, dir, instrument, demo, body);
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flag " + flag + " is '" + value + "'; must be a whole number", e);
        }
    }

    /**
     * The same options on another port.
     *
     * @param value the port
     * @return the options
     */
    public PortalOptions withPort(int value) {
        return new PortalOptions(host, value, jdbcUrl, dataDirectory, instrumentId, demoResponses, maxBodyBytes);
    }

    /**
     * The same options on a JDBC URL.
     *
     * @param value the URL
     * @return the options
     */
    public PortalOptions withJdbcUrl(String value) {
        return new PortalOptions(host, port, Optional.of(value), dataDirectory, instrumentId, demoResponses, maxBodyBytes);
    }

    /**
     * The same options with another number of demo responses.
     *
     * @param value the number
     * @return the options
     */
    public PortalOptions withDemoResponses(int value) {
        return new PortalOptions(host, port, jdbcUrl, dataDirectory, instrumentId, value, maxBodyBytes);
    }

    /**
     * The same options with another body limit.
     *
     * @param value the limit in bytes
     * @return the options
     */
    public PortalOptions withMaxBodyBytes(int value) {
        return new PortalOptions(host, port, jdbcUrl, dataDirectory, instrumentId, demoResponses, value);
    }
}
