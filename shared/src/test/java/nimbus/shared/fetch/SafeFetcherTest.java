package nimbus.shared.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import nimbus.shared.error.FetchFailed;
import nimbus.shared.fetch.SafeFetcher.Fetched;
import nimbus.shared.fetch.SafeFetcher.Policy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Against a real HTTP server on 127.0.0.1; nothing else is ever contacted. */
class SafeFetcherTest {

    private static final FetchFailed.Reason NOT_ALLOWED = FetchFailed.Reason.ADDRESS_NOT_ALLOWED;
    private static final FetchFailed.Reason BAD_SCHEME = FetchFailed.Reason.UNSUPPORTED_SCHEME;
    private static final byte[] IMAGE = new byte[3000];
    private static final AtomicInteger HITS = new AtomicInteger();

    /** Held by the endpoints that never answer in time; released when the tests are done. */
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private static HttpServer server;
    /** A second origin: the same address, another port. */
    private static HttpServer otherServer;

    private static ExecutorService serverThreads;
    private static int port;

    /** Only the test server's own address is exempt. */
    private static final SafeFetcher LOCAL = fetcher(1_000_000, Duration.ofSeconds(10), List.of("127.0.0.1/32"));
    /** The production rules: no exemptions. */
    private static final SafeFetcher DEFAULT = fetcher(1_000_000, Duration.ofSeconds(10), List.of());

    @BeforeAll
    static void startServer() throws IOException {
        new Random(42).nextBytes(IMAGE);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        serverThreads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "test-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(serverThreads);
        server.createContext("/", SafeFetcherTest::handle);
        server.start();
        port = server.getAddress().getPort();
        otherServer = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        otherServer.setExecutor(serverThreads);
        otherServer.createContext("/", SafeFetcherTest::handle);
        otherServer.start();
    }

    @AfterAll
    static void stopServer() {
        RELEASE.countDown();
        server.stop(0);
        otherServer.stop(0);
        serverThreads.shutdownNow(); // interrupts the dripping handler
    }

    private static void handle(HttpExchange exchange) throws IOException {
        HITS.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        try (exchange) {
            if (exchange.getRequestURI().toString().startsWith("//")) {
                // echoes the request target and Host, to show a path like //host/x went out as a path
                String host = exchange.getRequestHeaders().getFirst("Host");
                send(exchange, 200, (host + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/files/")) {
                exchange.getResponseHeaders().set("Content-Type", "image/png");
                send(exchange, 200, IMAGE);
            } else if (path.equals("/")) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                send(exchange, 200, "root".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/untyped")) {
                send(exchange, 200, "no type".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/echo-auth")) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                send(exchange, 200, (auth == null ? "<none>" : auth).getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/echo-ua")) {
                send(
                        exchange,
                        200,
                        exchange.getRequestHeaders().getFirst("User-Agent").getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/redirect")) {
                // /redirect?to=<url-encoded Location>[&status=NNN]
                String to = null;
                int status = 302;
                for (String pair : query.split("&")) {
                    String[] kv = pair.split("=", 2);
                    if (kv[0].equals("to")) to = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
                    if (kv[0].equals("status")) status = Integer.parseInt(kv[1]);
                }
                exchange.getResponseHeaders().set("Location", to);
                send(exchange, status, new byte[0]);
            } else if (path.startsWith("/chain/")) {
                int n = Integer.parseInt(path.substring("/chain/".length()));
                if (n == 0) {
                    send(exchange, 200, "done".getBytes(StandardCharsets.UTF_8));
                } else {
                    exchange.getResponseHeaders().set("Location", "/chain/" + (n - 1));
                    send(exchange, 302, new byte[0]);
                }
            } else if (path.equals("/big")) {
                send(exchange, 200, new byte[5000]);
            } else if (path.equals("/exact")) {
                send(exchange, 200, new byte[1000]);
            } else if (path.equals("/big-chunked")) {
                exchange.sendResponseHeaders(200, 0); // 0 = chunked, no Content-Length
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < 50; i++) out.write(new byte[100]);
            } else if (path.equals("/sleep")) {
                hang(); // no status line until the tests are over
                send(exchange, 200, "late".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/drip")) {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < 20; i++) {
                    out.write('x');
                    out.flush();
                    sleep(100);
                }
            } else if (path.equals("/stall")) {
                exchange.sendResponseHeaders(200, 100);
                exchange.getResponseBody().write(new byte[10]);
                exchange.getResponseBody().flush();
                hang(); // the other 90 bytes never come while the tests run
            } else if (path.equals("/error")) {
                send(exchange, 500, "boom".getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 404, "not found".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            // the client hung up, as the size and timeout tests make it do
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) exchange.getResponseBody().write(body);
    }

    private static void hang() {
        try {
            RELEASE.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SafeFetcher fetcher(long maxBytes, Duration totalTimeout, List<String> allowed) {
        return new SafeFetcher(new Policy(maxBytes, Duration.ofSeconds(2), totalTimeout, 5, allowed));
    }

    private static String local(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String redirectTo(String location) {
        return local("/redirect?to=" + URLEncoder.encode(location, StandardCharsets.UTF_8));
    }

    private static FetchFailed assertRefused(FetchFailed.Reason expected, Runnable fetch) {
        FetchFailed e = assertThrows(FetchFailed.class, fetch::run);
        assertEquals(expected, e.reason());
        return e;
    }

    // --- success --------------------------------------------------------------------------------

    @Test
    void downloadsBodyTypeAndDecodedFilename() {
        Fetched fetched = LOCAL.fetch(local("/files/photo%20one.png"), null, Long.MAX_VALUE);
        assertArrayEquals(IMAGE, fetched.body());
        assertEquals("image/png", fetched.contentType());
        assertEquals("photo one.png", fetched.filename());
    }

    @Test
    void rootPathIsNamedDownload() {
        Fetched fetched = LOCAL.fetch(local("/"), null, 1000);
        assertEquals("root", new String(fetched.body(), StandardCharsets.UTF_8));
        assertEquals("text/plain; charset=utf-8", fetched.contentType());
        assertEquals("download", fetched.filename());
        assertEquals(
                "download", LOCAL.fetch("http://127.0.0.1:" + port, null, 1000).filename());
    }

    @Test
    void filenameIgnoresQueryFragmentAndTrailingSlash() {
        assertEquals(
                "photo.png",
                LOCAL.fetch(local("/files/photo.png?size=large#top"), null, 1_000_000)
                        .filename());
        assertEquals("dir", LOCAL.fetch(local("/files/dir/"), null, 1_000_000).filename());
    }

    @Test
    void pathStartingWithTwoSlashesStaysAPath() {
        Fetched fetched = LOCAL.fetch(local("//169.254.169.254/x"), null, 1000);
        assertEquals("127.0.0.1:" + port + " //169.254.169.254/x", new String(fetched.body(), StandardCharsets.UTF_8));
        assertEquals("x", fetched.filename());
    }

    @Test
    void missingContentTypeIsNull() {
        assertNull(LOCAL.fetch(local("/untyped"), null, 1000).contentType());
    }

    @Test
    void upperCaseSchemeIsAccepted() {
        assertEquals(
                "root",
                new String(
                        LOCAL.fetch("HTTP://127.0.0.1:" + port + "/", null, 1000)
                                .body(),
                        StandardCharsets.UTF_8));
    }

    @Test
    void unusualIpNotationsReachTheSameAddress() {
        // 2130706433 and 0x7f.1 are 127.0.0.1: allowed here, and actually connected to.
        for (String host : List.of("2130706433", "0x7f.1", "0177.0.0.1")) {
            Fetched fetched = LOCAL.fetch("http://" + host + ":" + port + "/files/a.png", null, 1_000_000);
            assertArrayEquals(IMAGE, fetched.body(), host);
        }
    }

    @Test
    void sendsUserAgent() {
        Fetched fetched = LOCAL.fetch(local("/echo-ua"), null, 1000);
        assertEquals("NimbusCDN-Fetcher/1.0", new String(fetched.body(), StandardCharsets.UTF_8));
    }

    // --- authorization --------------------------------------------------------------------------

    @Test
    void authorizationIsSentToTheSource() {
        Fetched fetched = LOCAL.fetch(local("/echo-auth"), "Bearer secret-token", 1000);
        assertEquals("Bearer secret-token", new String(fetched.body(), StandardCharsets.UTF_8));
    }

    @Test
    void noAuthorizationHeaderWhenNoneGiven() {
        Fetched fetched = LOCAL.fetch(local("/echo-auth"), null, 1000);
        assertEquals("<none>", new String(fetched.body(), StandardCharsets.UTF_8));
    }

    @Test
    void authorizationFollowsSameHostRedirect() {
        Fetched fetched = LOCAL.fetch(redirectTo("/echo-auth"), "Bearer secret-token", 1000);
        assertEquals("Bearer secret-token", new String(fetched.body(), StandardCharsets.UTF_8));
    }

    @Test
    void authorizationIsNotForwardedToAnotherPort() {
        // Same address, another port: another origin, which must not receive the credentials.
        String elsewhere = "http://127.0.0.1:" + otherServer.getAddress().getPort() + "/echo-auth";
        assertEquals(
                "<none>",
                new String(
                        LOCAL.fetch(redirectTo(elsewhere), "Bearer secret-token", 1000)
                                .body(),
                        StandardCharsets.UTF_8));
        // The same request straight to that origin does carry them: the redirect is what dropped them.
        assertEquals(
                "Bearer secret-token",
                new String(LOCAL.fetch(elsewhere, "Bearer secret-token", 1000).body(), StandardCharsets.UTF_8));
    }

    @Test
    void authorizationIsNotForwardedToAnotherHostName() throws IOException {
        // "localhost" names the same server under another host name. It must be a loopback name here (a hard
        // requirement, not a skip); whether it resolves to 127.0.0.1, ::1 or both, this fetcher allows exactly
        // those, so nothing but this machine is ever contacted.
        InetAddress[] localhost = InetAddress.getAllByName("localhost");
        for (InetAddress address : localhost) {
            assertTrue(
                    address.isLoopbackAddress(),
                    "this test needs \"localhost\" to resolve to loopback addresses only, but it resolves to "
                            + List.of(localhost));
        }
        SafeFetcher loopback = fetcher(1_000_000, Duration.ofSeconds(10), List.of("127.0.0.1/32", "::1/128"));
        Fetched fetched =
                loopback.fetch(redirectTo("http://localhost:" + port + "/echo-auth"), "Bearer secret-token", 1000);
        assertEquals("<none>", new String(fetched.body(), StandardCharsets.UTF_8));
        assertEquals(
                "Bearer secret-token",
                new String(
                        loopback.fetch("http://localhost:" + port + "/echo-auth", "Bearer secret-token", 1000)
                                .body(),
                        StandardCharsets.UTF_8));
    }

    @Test
    void authorizationWithLineBreakIsRefused() {
        int before = HITS.get();
        assertRefused(
                FetchFailed.Reason.INVALID_AUTHORIZATION,
                () -> LOCAL.fetch(local("/echo-auth"), "Bearer x\r\nX-Injected: 1", 1000));
        assertEquals(before, HITS.get());
    }

    // --- blocked addresses and schemes -----------------------------------------------------------

    static Stream<Arguments> refusedUrls() {
        return Stream.of(
                Arguments.of("http://127.0.0.1:" + port + "/", NOT_ALLOWED),
                Arguments.of("http://localhost:" + port + "/", NOT_ALLOWED),
                Arguments.of("HTTP://LOCALHOST:" + port + "/", NOT_ALLOWED),
                Arguments.of("http://127.0.0.1.:" + port + "/", NOT_ALLOWED),
                Arguments.of("http://10.0.0.1/", NOT_ALLOWED),
                Arguments.of("http://172.16.0.1/", NOT_ALLOWED),
                Arguments.of("http://192.168.1.1/", NOT_ALLOWED),
                Arguments.of("http://169.254.169.254/latest/meta-data/", NOT_ALLOWED),
                Arguments.of("http://0.0.0.0/", NOT_ALLOWED),
                Arguments.of("http://0/", NOT_ALLOWED),
                Arguments.of("http://100.64.0.1/", NOT_ALLOWED),
                Arguments.of("http://198.18.0.1/", NOT_ALLOWED),
                Arguments.of("http://224.0.0.1/", NOT_ALLOWED),
                Arguments.of("http://255.255.255.255/", NOT_ALLOWED),
                Arguments.of("http://[::1]/", NOT_ALLOWED),
                Arguments.of("http://[::1]:" + port + "/", NOT_ALLOWED),
                Arguments.of("http://[::]/", NOT_ALLOWED),
                Arguments.of("http://[fc00::1]/", NOT_ALLOWED),
                Arguments.of("http://[fd12::1]/", NOT_ALLOWED),
                Arguments.of("http://[fe80::1]/", NOT_ALLOWED),
                Arguments.of("http://[ff02::1]/", NOT_ALLOWED),
                Arguments.of("http://[2001:db8::1]/", NOT_ALLOWED),
                Arguments.of("http://[::ffff:127.0.0.1]/", NOT_ALLOWED),
                Arguments.of("http://[::ffff:7f00:1]/", NOT_ALLOWED),
                Arguments.of("http://[::ffff:169.254.169.254]/", NOT_ALLOWED),
                Arguments.of("http://[64:ff9b::a9fe:a9fe]/", NOT_ALLOWED),
                Arguments.of("http://[2002:7f00:1::1]/", NOT_ALLOWED),
                Arguments.of("http://2130706433/", NOT_ALLOWED),
                Arguments.of("http://2130706433:" + port + "/", NOT_ALLOWED),
                Arguments.of("http://0177.0.0.1/", NOT_ALLOWED),
                Arguments.of("http://0x7f.0.0.1/", NOT_ALLOWED),
                Arguments.of("http://0x7f000001/", NOT_ALLOWED),
                Arguments.of("http://127.1/", NOT_ALLOWED),
                Arguments.of("http://0xa9.0xfe.0xa9.0xfe/", NOT_ALLOWED),
                Arguments.of("http://user:pass@127.0.0.1:" + port + "/", FetchFailed.Reason.CREDENTIALS_IN_URL),
                Arguments.of("file:///etc/passwd", BAD_SCHEME),
                Arguments.of("ftp://example.com/x", BAD_SCHEME),
                Arguments.of("gopher://x", BAD_SCHEME),
                Arguments.of("javascript:alert(1)", BAD_SCHEME),
                Arguments.of("data:text/plain,hi", BAD_SCHEME),
                Arguments.of("not a url", BAD_SCHEME),
                Arguments.of("//127.0.0.1/x", BAD_SCHEME),
                Arguments.of("", BAD_SCHEME),
                Arguments.of("http:/127.0.0.1/x", FetchFailed.Reason.INVALID_URL),
                Arguments.of("http://[::1/", FetchFailed.Reason.INVALID_URL),
                Arguments.of("http://%31%32%37.0.0.1/", FetchFailed.Reason.INVALID_URL),
                Arguments.of("http://127.0.0.1:99999/", FetchFailed.Reason.INVALID_URL));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refusedUrls")
    void refusesBeforeConnecting(String url, FetchFailed.Reason reason) {
        int before = HITS.get();
        assertRefused(reason, () -> DEFAULT.fetch(url, null, 1000));
        assertEquals(before, HITS.get(), "the server must not have been contacted");
    }

    @Test
    void nullUrlIsRefused() {
        assertRefused(BAD_SCHEME, () -> DEFAULT.fetch(null, null, 1000));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "2606:4700:4700::1111",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808",
                "2002:808:808::1",
                "172.32.0.1",
                "100.128.0.1"
            })
    void publicAddressesArePermitted(String address) throws IOException {
        assertTrue(new AddressRules(List.of()).permits(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "::1",
                "::ffff:10.1.2.3",
                "64:ff9b::a00:1",
                "2002:a00:1::1",
                "fe80::1%1",
                "192.0.0.8",
                "192.0.2.1",
                "198.51.100.1",
                "203.0.113.1",
                "240.0.0.1",
                "172.31.255.255"
            })
    void internalAddressesAreBlocked(String address) throws IOException {
        assertFalse(new AddressRules(List.of()).permits(InetAddress.getByName(address)));
    }

    @Test
    void resolverHandsOutOnlyCheckedAddresses() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        ValidatingResolver local = new ValidatingResolver(new AddressRules(List.of("127.0.0.1/32")), deadline);
        assertArrayEquals(new InetAddress[] {InetAddress.getByName("127.0.0.1")}, local.resolve("127.0.0.1"));

        // What HttpClient sees when it asks about a refused host: an UnknownHostException, never an address.
        ValidatingResolver strict = new ValidatingResolver(new AddressRules(List.of()), deadline);
        UnknownHostException e = assertThrows(UnknownHostException.class, () -> strict.resolve("127.0.0.1"));
        assertTrue(e.getMessage().contains(NOT_ALLOWED.name()), e.getMessage());
        assertEquals("localhost", strict.resolveCanonicalHostname("localhost"));
    }

    // --- redirects -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/",
                "http://[::1]:%d/",
                "http://[::ffff:169.254.169.254]/",
                "http://0x7f000002:%d/"
            })
    void redirectToBlockedAddressIsRefused(String location) {
        // LOCAL allows exactly 127.0.0.1: the first request is served, the hop is refused before connecting.
        String target = location.replace("%d", String.valueOf(port));
        int before = HITS.get();
        assertRefused(NOT_ALLOWED, () -> LOCAL.fetch(redirectTo(target), null, 1000));
        assertEquals(before + 1, HITS.get(), "only the redirecting request reaches the server");
    }

    @Test
    void redirectToOtherSchemeIsRefused() {
        assertRefused(BAD_SCHEME, () -> LOCAL.fetch(redirectTo("file:///etc/passwd"), null, 1000));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void followsRedirectAndNamesFileFromTheRequestedUrl(int status) {
        Fetched fetched = LOCAL.fetch(redirectTo("/files/final.bin") + "&status=" + status, null, 1_000_000);
        assertArrayEquals(IMAGE, fetched.body());
        assertEquals("redirect", fetched.filename(), "named as the reference names it: after the URL the client gave");
    }

    @Test
    void resolvesRelativeAndAbsoluteLocations() {
        assertArrayEquals(
                IMAGE, LOCAL.fetch(redirectTo("files/rel.png"), null, 1_000_000).body());
        assertArrayEquals(
                IMAGE,
                LOCAL.fetch(redirectTo("http://127.0.0.1:" + port + "/files/abs.png"), null, 1_000_000)
                        .body());
        assertArrayEquals(
                IMAGE,
                LOCAL.fetch(redirectTo("//127.0.0.1:" + port + "/files/proto.png"), null, 1_000_000)
                        .body());
    }

    @Test
    void followsAtMostFiveRedirects() {
        Fetched fetched = LOCAL.fetch(local("/chain/5"), null, 1000);
        assertEquals("done", new String(fetched.body(), StandardCharsets.UTF_8));
        assertEquals("5", fetched.filename());

        int before = HITS.get();
        assertRefused(FetchFailed.Reason.TOO_MANY_REDIRECTS, () -> LOCAL.fetch(local("/chain/6"), null, 1000));
        assertEquals(before + 6, HITS.get(), "the sixth Location is not followed");
    }

    @Test
    void redirectWithoutLocationIsAFailure() {
        assertEquals(
                302,
                assertRefused(FetchFailed.Reason.UPSTREAM_STATUS, () -> LOCAL.fetch(local("/redirect?to="), null, 1000))
                        .upstreamStatus());
    }

    // --- size cap --------------------------------------------------------------------------------

    @Test
    void refusesDeclaredLengthOverCap() {
        assertEquals(
                1000,
                assertRefused(FetchFailed.Reason.TOO_LARGE, () -> LOCAL.fetch(local("/big"), null, 1000))
                        .limit());
    }

    @Test
    void refusesChunkedBodyOverCap() {
        assertEquals(
                1000,
                assertRefused(FetchFailed.Reason.TOO_LARGE, () -> LOCAL.fetch(local("/big-chunked"), null, 1000))
                        .limit());
    }

    @Test
    void policyCapAppliesWhenCallerAllowsMore() {
        SafeFetcher small = fetcher(1024, Duration.ofSeconds(10), List.of("127.0.0.1/32"));
        assertEquals(
                1024,
                assertRefused(
                                FetchFailed.Reason.TOO_LARGE,
                                () -> small.fetch(local("/big-chunked"), null, Long.MAX_VALUE))
                        .limit());
    }

    @Test
    void bodyExactlyAtCapIsAccepted() {
        assertEquals(1000, LOCAL.fetch(local("/exact"), null, 1000).body().length);
    }

    // --- timeouts --------------------------------------------------------------------------------

    /**
     * The outcome, not a duration: /sleep never sends a status line, /stall stops after 10 of its 100 bytes,
     * and /drip sends all 20 bytes but one every 100 ms, each well inside the socket timeout, so only a deadline
     * over the whole fetch ends it before it succeeds.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/sleep", "/drip", "/stall"})
    void stopsAtTheTotalDeadline(String path) {
        SafeFetcher impatient = fetcher(1_000_000, Duration.ofMillis(500), List.of("127.0.0.1/32"));
        assertRefused(FetchFailed.Reason.TIMED_OUT, () -> impatient.fetch(local(path), null, 1_000_000));
    }

    @Test
    void aDripWithinTheDeadlineIsDownloaded() {
        // The same source as above, given the time it needs: the refusal above was the deadline's doing.
        assertEquals(20, LOCAL.fetch(local("/drip"), null, 1000).body().length);
    }

    // --- status ----------------------------------------------------------------------------------

    @Test
    void nonSuccessStatusIsReported() {
        assertEquals(
                404,
                assertRefused(FetchFailed.Reason.UPSTREAM_STATUS, () -> LOCAL.fetch(local("/missing.png"), null, 1000))
                        .upstreamStatus());
        assertEquals(
                500,
                assertRefused(FetchFailed.Reason.UPSTREAM_STATUS, () -> LOCAL.fetch(local("/error"), null, 1000))
                        .upstreamStatus());
    }

    @Test
    void anAllowListIsSomethingOnlyCodeCanGiveAPolicy() {
        Policy settings = Policy.fromSettings();
        Policy allowing = settings.allowing("127.0.0.1/32", "::1/128");
        assertEquals(List.of("127.0.0.1/32", "::1/128"), allowing.allowedCidrs());
        assertEquals(
                new Policy(
                        settings.maxBytes(),
                        settings.connectTimeout(),
                        settings.totalTimeout(),
                        settings.maxRedirects(),
                        List.of("127.0.0.1/32", "::1/128")),
                allowing);
        assertThrows(IllegalArgumentException.class, () -> new SafeFetcher(settings.allowing("not a block")));
    }

    @Test
    void policyReadsSettings() {
        List<String> names = List.of(
                "NIMBUS_FETCH_MAX_BYTES",
                "NIMBUS_FETCH_CONNECT_TIMEOUT_MS",
                "NIMBUS_FETCH_TIMEOUT_MS",
                "NIMBUS_FETCH_ALLOW_CIDRS");
        // Settings prefer the environment to the system properties this test sets: run it without them there.
        for (String name : names) {
            assertNull(System.getenv(name), name + " is set in the environment; unset it to run the tests");
        }
        names.forEach(System::clearProperty);
        Policy defaults = Policy.fromSettings();
        assertEquals(
                new Policy(100L * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(15), 5, List.of()), defaults);
        try {
            System.setProperty("NIMBUS_FETCH_MAX_BYTES", "1234");
            System.setProperty("NIMBUS_FETCH_CONNECT_TIMEOUT_MS", "250");
            System.setProperty("NIMBUS_FETCH_TIMEOUT_MS", "750");
            // The allow-list this project once read from a setting: no longer anything a deployment can switch on.
            System.setProperty("NIMBUS_FETCH_ALLOW_CIDRS", "127.0.0.1/32,::1/128");
            Policy fromSettings = Policy.fromSettings();
            assertEquals(new Policy(1234, Duration.ofMillis(250), Duration.ofMillis(750), 5, List.of()), fromSettings);
            int before = HITS.get();
            assertRefused(NOT_ALLOWED, () -> new SafeFetcher(fromSettings).fetch(local("/"), null, 1000));
            assertEquals(before, HITS.get(), "the server must not have been contacted");
        } finally {
            names.forEach(System::clearProperty);
        }
    }
}
