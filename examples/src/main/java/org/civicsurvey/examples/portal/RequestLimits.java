package org.civicsurvey.examples.portal;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code portal.limits.body} (CSV uploads: {@code portal.limits.upload})
 * with 413, whether their length is declared or not, and rating submissions (a form post to
 * {@code /rate/...} or a post to {@code /api/case-files/.../rating}) beyond
 * {@code portal.limits.ratings-per-window} per client address and window with 429 and
 * {@code Retry-After}. The client is the connection's address ({@code server.forward-headers-strategy}
 * makes it the proxy's {@code X-Forwarded-For} behind a trusted proxy).
 */
public class RequestLimits extends OncePerRequestFilter {
    private static final Pattern RATING = Pattern.compile("/rate/[^/]+|/api/case-files/[^/]+/rating");
    private static final int MAX_CLIENTS = 100_000;
    private final PortalProperties.Limits limits;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * Creates the filter.
     *
     * @param limits the limits
     * @param clock the clock
     */
    public RequestLimits(PortalProperties.Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    private record Window(long start, int count) {
    }

    /** Thrown by a request body's stream past the limit; a handler that meets it answers 413. */
    public static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(long limit) {
            super("request body over " + limit + " bytes");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        long limit = path.equals("/admin/import") ? limits.upload().toBytes() : limits.body().toBytes();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            response.setHeader("Connection", "close");
            response.sendError(413);
            return;
        }
        if ("POST".equals(request.getMethod()) && RATING.matcher(path).matches() && !allow(request.getRemoteAddr())) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, limits.window().toSeconds())));
            response.sendError(429);
            return;
        }
        Limited limited = new Limited(request, limit);
        try {
            chain.doFilter(limited, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!limited.exceeded || response.isCommitted()) {
                throw e;
            }
        }
        if (limited.exceeded && !response.isCommitted()) {
            response.reset();
            response.setHeader("Connection", "close");
            response.sendError(413);
        }
    }

    /** Counts a submission in its client's window; false when over the limit. */
    private boolean allow(String client) {
        long now = clock.millis();
        long width = limits.window().toMillis();
        if (windows.size() > MAX_CLIENTS) {
            windows.values().removeIf(w -> now - w.start() >= width);
        }
        Window w = windows.compute(client, (k, old) -> old == null || now - old.start() >= width
            ? new Window(now, 1) : new Window(old.start(), old.count() + 1));
        return w.count() <= limits.ratingsPerWindow();
    }

    /** A request whose body stops with an error after the limit. */
    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;
        volatile boolean exceeded;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int off, int len) throws IOException {
                        int n = in.read(buffer, off, len);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws IOException {
                        read += n;
                        if (read > limit) {
                            exceeded = true;
                            throw new BodyTooLargeException(limit);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
