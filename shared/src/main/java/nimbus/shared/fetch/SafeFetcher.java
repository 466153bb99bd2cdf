package nimbus.shared.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import nimbus.shared.Settings;
import nimbus.shared.error.DomainException;
import nimbus.shared.error.FetchFailed;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.util.Timeout;

/**
 * Downloads an http(s) URL on a user's behalf ("upload from URL") without letting the user reach
 * anything internal (SSRF): only public addresses, re-checked on every redirect, connected to exactly as
 * checked, with a size cap and a deadline over the whole fetch. Every failure is
 * a {@link FetchFailed} that says why. Thread-safe.
 */
public final class SafeFetcher {

    /**
     * A downloaded body; {@code contentType} is the source's Content-Type header, if any, and
     * {@code filename} comes from the URL the client gave, not from where redirects led.
     */
    public record Fetched(byte[] body, String contentType, String filename) {}

    /**
     * A body as it arrives: {@code stream} stops with {@link FetchFailed} (too large, timed out) once the cap or the
     * deadline is passed; {@code declaredLength} is the source's Content-Length, or -1.
     */
    public record Body(InputStream stream, long declaredLength, String contentType, String filename) {}

    /** What a streamed fetch does with the body while it arrives (and the connection stays open). */
    public interface BodyConsumer<T> {
        T consume(Body body) throws IOException;
    }

    /**
     * Limits for every fetch. {@code allowedCidrs} exempts ranges from the public-address rule. No setting
     * fills it: only code that builds its own fetcher (a test that fetches from a server on 127.0.0.1, say)
     * can, and the deployed functions always run with it empty.
     */
    public record Policy(
            long maxBytes,
            Duration connectTimeout,
            Duration totalTimeout,
            int maxRedirects,
            List<String> allowedCidrs) {

        public Policy {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(totalTimeout, "totalTimeout");
            if (maxBytes < 0) throw new IllegalArgumentException("maxBytes must not be negative");
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
            if (totalTimeout.isNegative() || totalTimeout.isZero()) {
                throw new IllegalArgumentException("totalTimeout must be positive");
            }
            if (maxRedirects < 0) throw new IllegalArgumentException("maxRedirects must not be negative");
            allowedCidrs = List.copyOf(allowedCidrs);
        }

        /**
         * NIMBUS_FETCH_MAX_BYTES (default 100 MiB), NIMBUS_FETCH_CONNECT_TIMEOUT_MS (5000),
         * NIMBUS_FETCH_TIMEOUT_MS (15000: inside the function's 25 s, itself inside API Gateway's 29 s); at most 5 redirects; no address exempt from the public-address
         * rule (there is deliberately no setting for that).
         */
        public static Policy fromSettings() {
            return new Policy(
                    Settings.longValue("NIMBUS_FETCH_MAX_BYTES", 100L * 1024 * 1024),
                    Duration.ofMillis(Settings.longValue("NIMBUS_FETCH_CONNECT_TIMEOUT_MS", 5000)),
                    Duration.ofMillis(Settings.longValue("NIMBUS_FETCH_TIMEOUT_MS", 15000)),
                    5,
                    List.of());
        }

        /** The same limits with {@code cidrs} exempt from the public-address rule: for tests, never deployed. */
        public Policy allowing(String... cidrs) {
            return new Policy(maxBytes, connectTimeout, totalTimeout, maxRedirects, List.of(cidrs));
        }
    }

    private static final String USER_AGENT = "NimbusCDN-Fetcher/1.0";
    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
    /** A byte[] cannot hold more; larger caps are clamped. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    /** Aborts a request when the fetch's deadline passes, whatever it is blocked on. */
    private static final ScheduledThreadPoolExecutor ALARMS = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "nimbus-fetch-deadline");
        thread.setDaemon(true);
        return thread;
    });

    static {
        ALARMS.setRemoveOnCancelPolicy(true);
    }

    private final Policy policy;
    private final AddressRules rules;

    public SafeFetcher() {
        this(Policy.fromSettings());
    }

    public SafeFetcher(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.rules = new AddressRules(policy.allowedCidrs());
    }

    /**
     * Downloads {@code url}.
     *
     * @param authorization sent as the Authorization header to the source (and to redirects on the same
     *     scheme, host and port only); may be null
     * @param maxBytes cap on the body for this call; the policy's cap applies too
     * @throws FetchFailed on every failure, with the reason
     */
    public Fetched fetch(String url, String authorization, long maxBytes) {
        return fetch(
                url,
                authorization,
                Math.min(maxBytes, MAX_ARRAY),
                body -> new Fetched(readAll(body), body.contentType(), body.filename()));
    }

    /**
     * Downloads {@code url} and hands its body, as it arrives, to {@code consumer}, within the same deadline: a
     * download of any size the cap allows, never held whole. Whatever the consumer throws ends the fetch; an
     * {@link IOException} from the body (the deadline cut the connection) becomes a {@link FetchFailed}.
     */
    public <T> T fetch(String url, String authorization, long maxBytes, BodyConsumer<T> consumer) {
        long deadline = System.nanoTime() + policy.totalTimeout().toNanos();
        long cap = Math.max(0, Math.min(maxBytes, policy.maxBytes()));
        try {
            return fetchWithin(url, authorization, cap, deadline, consumer);
        } catch (DomainException e) {
            throw e; // a FetchFailed, or what the consumer refused (a quota)
        } catch (RuntimeException e) {
            throw new FetchFailed(FetchFailed.Reason.FAILED);
        }
    }

    private <T> T fetchWithin(String url, String authorization, long cap, long deadline, BodyConsumer<T> consumer) {
        TargetUrl origin = TargetUrl.parse(url);
        if (authorization != null && authorization.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new FetchFailed(FetchFailed.Reason.INVALID_AUTHORIZATION);
        }
        ValidatingResolver resolver = new ValidatingResolver(rules, deadline);
        resolver.validate(origin.host());
        CloseableHttpClient client = newClient(resolver);
        try {
            TargetUrl target = origin;
            for (int redirects = 0; ; redirects++) {
                // Refuse before any connection; the client's resolver then hands out this same checked set.
                resolver.validate(target.host());
                Hop<T> hop = exchange(client, target, origin, authorization, cap, deadline, consumer);
                if (hop.location() == null) return hop.result();
                if (redirects >= policy.maxRedirects()) throw new FetchFailed(FetchFailed.Reason.TOO_MANY_REDIRECTS);
                target = target.resolve(hop.location());
            }
        } finally {
            client.close(CloseMode.IMMEDIATE);
        }
    }

    /** The outcome of one request: either what the consumer made of the body, or a redirect's Location. */
    private record Hop<T>(T result, String location) {}

    private <T> Hop<T> exchange(
            CloseableHttpClient client,
            TargetUrl target,
            TargetUrl origin,
            String authorization,
            long cap,
            long deadline,
            BodyConsumer<T> consumer) {
        long remaining = remainingNanos(deadline);
        HttpGet request = new HttpGet("/");
        // Set as parts: parsed as a URI, a path like //host/x would become an authority.
        request.setScheme(target.scheme());
        request.setAuthority(new URIAuthority(target.httpHost()));
        request.setPath(target.pathAndQuery());
        request.setConfig(RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setAuthenticationEnabled(false)
                .setProtocolUpgradeEnabled(false)
                .setConnectionRequestTimeout(Timeout.ofNanoseconds(remaining))
                .setResponseTimeout(Timeout.ofNanoseconds(remaining))
                .build());
        request.setHeader(HttpHeaders.ACCEPT, "*/*");
        // Credentials are for the origin the user named; a redirect elsewhere must not receive them.
        if (authorization != null && target.sameOrigin(origin)) {
            request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
        }

        AtomicBoolean deadlinePassed = new AtomicBoolean();
        ScheduledFuture<?> alarm = ALARMS.schedule(
                () -> {
                    deadlinePassed.set(true);
                    request.cancel();
                },
                remaining,
                TimeUnit.NANOSECONDS);
        ClassicHttpResponse response = null;
        try {
            response = client.executeOpen(target.httpHost(), request, HttpClientContext.create());
            int status = response.getCode();
            Header location = response.getFirstHeader(HttpHeaders.LOCATION);
            if (REDIRECT_STATUSES.contains(status)
                    && location != null
                    && !location.getValue().isBlank()) {
                return new Hop<>(null, location.getValue());
            }
            if (status < 200 || status > 299) throw new FetchFailed(FetchFailed.Reason.UPSTREAM_STATUS, status, 0);
            Header contentType = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
            HttpEntity entity = response.getEntity();
            long declared = entity == null ? 0 : entity.getContentLength();
            if (declared > cap) throw tooLarge(cap);
            // not closed here: closing would drain the rest of the body
            InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent();
            Body body = new Body(
                    new CappedStream(in, cap, deadline),
                    declared,
                    contentType == null ? null : contentType.getValue(),
                    origin.filename());
            return new Hop<>(consumer.consume(body), null);
        } catch (IOException e) {
            throw translate(e, deadlinePassed.get() || System.nanoTime() - deadline >= 0);
        } finally {
            alarm.cancel(false);
            // Drop the connection instead of letting close() drain an unread (maybe endless) body.
            request.cancel();
            if (response != null) closeQuietly(response);
        }
    }

    /** The whole body, in a buffer sized by Content-Length when the source gives one. */
    private static byte[] readAll(Body body) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(
                (int) (body.declaredLength() >= 0 ? body.declaredLength() : 64 * 1024));
        body.stream().transferTo(out);
        return out.toByteArray();
    }

    /**
     * The body stream, stopped with {@link FetchFailed} once it passes the cap (one byte more shows it is too large)
     * or the deadline (a body dripping in just fast enough to dodge the socket timeout still stops).
     */
    private static final class CappedStream extends java.io.FilterInputStream {
        private final long cap;
        private final long deadline;
        private long read;

        CappedStream(InputStream in, long cap, long deadline) {
            super(in);
            this.cap = cap;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (System.nanoTime() - deadline >= 0) throw timedOut();
            int n = in.read(buffer, offset, (int) Math.min(length, cap + 1 - read));
            if (n > 0) read += n;
            if (read > cap) throw tooLarge(cap);
            return n;
        }

        @Override
        public void close() {
            // the exchange drops the connection itself; closing here would drain an unread (maybe endless) body
        }
    }

    private CloseableHttpClient newClient(ValidatingResolver resolver) {
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(min(policy.connectTimeout(), policy.totalTimeout())))
                .setSocketTimeout(Timeout.of(policy.totalTimeout()))
                .build();
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setDefaultConnectionConfig(connections)
                        .build())
                .setUserAgent(USER_AGENT)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                // Keep the bytes as served: a .gz sent with Content-Encoding: gzip stays a .gz.
                .disableContentCompression()
                .build();
    }

    private static FetchFailed translate(IOException e, boolean deadlinePassed) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ValidatingResolver.Refused refused) return refused.reason();
        }
        if (deadlinePassed || e instanceof InterruptedIOException) return timedOut();
        if (e instanceof UnknownHostException) return new FetchFailed(FetchFailed.Reason.UNRESOLVABLE_HOST);
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new FetchFailed(FetchFailed.Reason.CONNECT_FAILED);
        }
        if (e instanceof SSLException) return new FetchFailed(FetchFailed.Reason.TLS_FAILED);
        return new FetchFailed(FetchFailed.Reason.FAILED);
    }

    static FetchFailed timedOut() {
        return new FetchFailed(FetchFailed.Reason.TIMED_OUT);
    }

    private static FetchFailed tooLarge(long cap) {
        return new FetchFailed(FetchFailed.Reason.TOO_LARGE, 0, cap);
    }

    private static long remainingNanos(long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) throw timedOut();
        return remaining;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is already discarded; nothing left to release
        }
    }
}
