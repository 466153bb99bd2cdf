package nimbus.local.kit;

import java.io.IOException;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local edge (infra/local/edge/server.js: CloudFront played by Node.js) as a child process, started by the local
 * stack and by the tests. It serves zones and the files host from moto's buckets, and answers the CloudFront
 * invalidation API for the local distribution; {@link #routeCloudFrontHere()} points this JVM's CloudFront clients at
 * it (the SDK's service-specific endpoint setting), so the purge worker clears its cache.
 */
public final class LocalEdge implements AutoCloseable {
    /** The SDK v2 setting (system property) that overrides CloudFront's endpoint only; AWS_ENDPOINT_URL_CLOUDFRONT. */
    public static final String CLOUDFRONT_ENDPOINT_PROPERTY = "aws.endpointUrlCloudFront";

    private final Process process;
    private final int port;
    private final Path logFile;
    private long startupMillis;

    private LocalEdge(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * Starts the edge in front of {@code aws}: its buckets, its distribution, the files host of its CDN base URL.
     * {@code port} 0 picks a free one; {@code environment} adds or overrides the edge's settings (e.g.
     * NIMBUS_EDGE_CONFIG_TTL_MS); {@code logFile} null: a temporary file. Fails clearly when node is missing, the
     * port is taken, or the edge does not answer.
     */
    public static LocalEdge start(LocalAws aws, int port, Map<String, String> environment, Path logFile) {
        int actualPort = port == 0 ? MotoServer.freePort() : port;
        ensureFree(actualPort);
        Path script = serverScript();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", aws.endpoint());
        env.put("NIMBUS_ASSETS_BUCKET", aws.assetsBucket());
        env.put("NIMBUS_EDGE_CONFIG_BUCKET", aws.environment().get("NIMBUS_EDGE_CONFIG_BUCKET"));
        env.put("NIMBUS_LOGS_BUCKET", aws.resources().physicalName("LogsBucket"));
        env.put("NIMBUS_DISTRIBUTION_ID", LocalAws.distributionId());
        env.put(
                "NIMBUS_EDGE_FILES_HOST",
                URI.create(aws.environment().get("NIMBUS_CDN_BASE_URL")).getHost());
        env.put("NIMBUS_EDGE_PORT", Integer.toString(actualPort));
        env.putAll(environment);
        try {
            Path log = logFile != null ? logFile : Files.createTempFile("nimbus-edge", ".log");
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of(node(), script.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            long started = System.nanoTime();
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot start the local edge: node is not on PATH (" + e.getMessage()
                                + "). Install Node.js 18 or newer, or set NIMBUS_NODE to its executable.",
                        e);
            }
            LocalEdge edge = new LocalEdge(process, actualPort, log);
            edge.awaitReady(Duration.ofSeconds(20));
            edge.startupMillis = (System.nanoTime() - started) / 1_000_000;
            return edge;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local edge: " + e.getMessage(), e);
        }
    }

    private static String node() {
        String configured = System.getenv("NIMBUS_NODE");
        return configured == null || configured.isBlank() ? "node" : configured;
    }

    private static Path serverScript() {
        Path root = Template.defaultPath().toAbsolutePath().getParent();
        Path script = root.resolve("infra/local/edge/server.js");
        if (!Files.isRegularFile(script)) throw new IllegalStateException("the local edge is missing: " + script);
        return script;
    }

    private static void ensureFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (BindException e) {
            throw new IllegalStateException("Port " + port + " is already in use, so the local edge cannot listen on"
                    + " it. Stop what uses it, or pick another port: NIMBUS_EDGE_PORT=8081 infra/local/run");
        } catch (IOException e) {
            throw new IllegalStateException("cannot check port " + port + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the local edge exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpURLConnection c = (HttpURLConnection)
                        URI.create(url() + "/__nimbus/health").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    c.getInputStream().readAllBytes();
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException(
                "the local edge did not answer within " + timeout.toSeconds() + " s:\n" + logTail());
    }

    /** The last lines the edge printed (for failures). */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** http://127.0.0.1:port: the edge itself (any Host; zones and the files host are chosen by Host). */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** From starting node to the edge's first answer. */
    public long startupMillis() {
        return startupMillis;
    }

    /** Points this JVM's CloudFront clients (made from now on) at the edge's invalidation API. */
    public LocalEdge routeCloudFrontHere() {
        System.setProperty(CLOUDFRONT_ENDPOINT_PROPERTY, url());
        return this;
    }

    /** Writes the access log entries the edge holds into the logs bucket now (local only); the keys written. */
    public String flushLogs() {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create(url() + "/__nimbus/flush-logs").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.getOutputStream().close();
            if (c.getResponseCode() != 200)
                throw new IllegalStateException("flush-logs answered " + c.getResponseCode());
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("flush-logs failed", e);
        }
    }

    /** Stops the edge (it writes its last log entries first) and stops routing CloudFront here. */
    @Override
    public void close() {
        if (url().equals(System.getProperty(CLOUDFRONT_ENDPOINT_PROPERTY))) {
            System.clearProperty(CLOUDFRONT_ENDPOINT_PROPERTY);
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
