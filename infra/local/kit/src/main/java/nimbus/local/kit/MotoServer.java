package nimbus.local.kit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A moto server (the AWS stand-in: S3, DynamoDB, SQS, KMS, CloudFront) on 127.0.0.1, run as a child
 * process. {@code moto_server} comes from PATH, or from the MOTO_SERVER setting.
 */
public final class MotoServer implements AutoCloseable {
    private final Process process;
    private final String endpoint;

    private MotoServer(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts moto through {@code moto_serialized.py}, which gives DynamoDB requests the isolation DynamoDB
     * has, with the Python beside {@code moto_server} (or on PATH); where that Python cannot run it, plain
     * {@code moto_server}, with a warning that racing transactions are not isolated.
     */
    public static MotoServer start(int port, Path logFile) {
        return start("127.0.0.1", port, logFile);
    }

    /**
     * As {@link #start(int, Path)}, listening on {@code host}: 0.0.0.0 lets containers (SAM CLI's) reach it on Linux,
     * and anyone else on the network too. The endpoint stays 127.0.0.1 for this machine's clients.
     */
    public static MotoServer start(String host, int port, Path logFile) {
        String motoServer = System.getenv().getOrDefault("MOTO_SERVER", "moto_server");
        int actualPort = port == 0 ? freePort() : port;
        try {
            return start(
                    List.of(python(motoServer), serializedLauncher().toString(), host, Integer.toString(actualPort)),
                    actualPort,
                    logFile);
        } catch (IllegalStateException | IOException notServed) {
            System.err.println("warning: moto runs without DynamoDB's isolation (" + notServed.getMessage() + ")");
            return start(List.of(motoServer, "-H", host, "-p", Integer.toString(actualPort)), actualPort, logFile);
        }
    }

    /** The Python that has moto: the one beside moto_server (a venv, a pyenv shim), else python3 on PATH. */
    private static String python(String motoServer) {
        Path beside = Path.of(motoServer).toAbsolutePath().resolveSibling("python3");
        return motoServer.contains("/") && Files.isExecutable(beside) ? beside.toString() : "python3";
    }

    private static Path serializedLauncher() throws IOException {
        Path script = Files.createTempFile("moto_serialized", ".py");
        script.toFile().deleteOnExit();
        try (var in = MotoServer.class.getResourceAsStream("moto_serialized.py")) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    private static MotoServer start(List<String> command, int actualPort, Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // moto answers each request on a thread of its own, and glibc gives threads their own malloc arenas, which keep
        // the freed buffers of large bodies (8 MiB parts) instead of returning them: a test run of large uploads grew
        // moto past 14 GB. A fixed mmap threshold makes every large buffer its own mapping, returned when freed.
        builder.environment().put("MALLOC_MMAP_THRESHOLD_", "131072");
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        try {
            if (logFile != null) {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                builder.redirectOutput(logFile.toFile());
            } else {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            Process process = builder.start();
            MotoServer server = new MotoServer(process, "http://127.0.0.1:" + actualPort);
            server.awaitReady(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("""
                    cannot start moto_server (%s). Install it with: python3 -m pip install 'moto[server]'
                    or point MOTO_SERVER at the executable.""".formatted(e.getMessage()), e);
        }
    }

    public String endpoint() {
        return endpoint;
    }

    /** The moto process's id (its memory is in /proc/{pid}/status). */
    public long pid() {
        return process.pid();
    }

    /** Clears every bucket, table and queue (moto's own reset call). */
    public void reset() {
        post(endpoint + "/moto-api/reset");
    }

    static void post(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.getOutputStream().close();
            if (c.getResponseCode() >= 300) throw new IllegalStateException(url + " answered " + c.getResponseCode());
            c.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + " failed", e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("moto_server exited with " + process.exitValue());
            try {
                HttpURLConnection c = (HttpURLConnection)
                        URI.create(endpoint + "/moto-api/").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() < 500) return;
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("moto_server did not start within " + timeout.toSeconds() + " s");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
