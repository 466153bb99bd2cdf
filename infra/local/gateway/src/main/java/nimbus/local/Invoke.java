package nimbus.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import nimbus.local.kit.Template;
import nimbus.shared.http.Json;

/**
 * {@code sam local invoke} without Docker: runs one function of template.yaml the way Lambda runs it. A fresh JVM
 * with the Lambda runtime's flags runs AWS's own runtime interface client (the java runtimes' bootstrap), which loads
 * the function's built jar from a task root and asks a Runtime API for its event; this class serves that API on
 * 127.0.0.1, hands over one event, and collects the answer. Init (the cold start) is the time from spawning the JVM
 * to its first request for an event; the invocation, from handing the event over to the answer.
 */
public final class Invoke {
    /** The java runtimes' flags (1024 MB function), as infra/bench uses them; JAVA_TOOL_OPTIONS comes from the template. */
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+UseSerialGC", "-Xshare:auto", "-Xmx870m");

    private static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String API = "/2018-06-01/runtime";

    /** What one invocation gave: the answer (or the error Lambda would report) and how long each phase took. */
    public record Result(boolean succeeded, String body, long initMillis, long invokeMillis, int exitCode) {}

    private Invoke() {}

    /**
     * Runs {@code handler} from {@code jar} once with {@code event}. {@code environment} is the function's (the
     * settings, the SDK's endpoint and credentials); the child inherits nothing else.
     */
    public static Result run(
            Path root, Path jar, String handler, Map<String, String> environment, byte[] event, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path taskRoot = Files.createTempDirectory("nimbus-task");
        Files.createDirectories(taskRoot.resolve("lib"));
        Files.createSymbolicLink(taskRoot.resolve("lib").resolve(jar.getFileName()), jar.toAbsolutePath());

        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Long> asked = new CompletableFuture<>();
        CompletableFuture<Result> answered = new CompletableFuture<>();
        long[] handedOver = {0};
        long spawned = System.nanoTime();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext(API + "/invocation/next", exchange -> {
            if (asked.isDone()) return; // the runtime waits for a next event: there is none, it will be stopped
            long now = System.nanoTime();
            asked.complete(now);
            handedOver[0] = now;
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", requestId);
            exchange.getResponseHeaders()
                    .add(
                            "Lambda-Runtime-Deadline-Ms",
                            Long.toString(System.currentTimeMillis() + timeoutSeconds * 1000));
            exchange.getResponseHeaders()
                    .add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:local");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply(exchange, 200, event);
        });
        api.createContext(API + "/invocation/" + requestId, exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            reply(exchange, 202, new byte[0]);
            long end = System.nanoTime();
            answered.complete(new Result(
                    exchange.getRequestURI().getPath().endsWith("/response"),
                    body,
                    (asked.join() - spawned) / 1_000_000,
                    (end - handedOver[0]) / 1_000_000,
                    0));
        });
        api.createContext(API + "/init/error", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            reply(exchange, 202, new byte[0]);
            answered.complete(new Result(false, body, (System.nanoTime() - spawned) / 1_000_000, 0, 0));
        });
        api.start();

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_FLAGS);
        command.add("-cp");
        command.add(runtimeClientClasspath(root));
        command.add(RUNTIME_CLIENT);
        command.add(handler);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                // the function's log lines go to our stderr, so that stdout holds only the answer
                .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/stderr")))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment);
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.getAddress().getPort());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", handler);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process child = builder.start();
        try {
            Result result = answered.completeOnTimeout(null, timeoutSeconds, TimeUnit.SECONDS)
                    .join();
            if (result == null) {
                return new Result(
                        false,
                        "{\"errorMessage\":\"Task timed out after " + timeoutSeconds + " seconds\"}",
                        asked.isDone() ? (asked.join() - spawned) / 1_000_000 : -1,
                        -1,
                        -1);
            }
            if (!child.isAlive() && !asked.isDone()) return new Result(false, result.body(), -1, -1, child.exitValue());
            return result;
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            api.stop(0);
            Files.deleteIfExists(taskRoot.resolve("lib").resolve(jar.getFileName()));
            Files.deleteIfExists(taskRoot.resolve("lib"));
            Files.deleteIfExists(taskRoot);
        }
    }

    /** AWS's runtime interface client and what it needs: the jars the gateway's build copies to target/lambda-runtime. */
    static String runtimeClientClasspath(Path root) {
        Path dir = root.resolve("infra/local/gateway/target/lambda-runtime");
        try (var jars = Files.list(dir)) {
            return jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no " + dir + ": build the gateway (./mvnw -q package -pl infra/local/gateway -am)", e);
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** {@code Invoke FUNCTION [EVENT|-]}: see infra/local/invoke. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("nimbus.root", ".")).toAbsolutePath();
        Template template = Template.load(root.resolve("template.yaml"));
        List<String> functions = template.resourcesOfType("AWS::Serverless::Function");
        if (args.length < 1 || args.length > 2 || !functions.contains(args[0])) {
            System.err.println((args.length == 0 ? "" : "no function " + args[0] + " in template.yaml. ")
                    + "usage: infra/local/invoke FUNCTION [EVENT|-]\nFUNCTION is one of:\n  "
                    + String.join("\n  ", functions));
            System.exit(2);
        }
        String function = args[0];
        Path state = root.resolve(".nimbus/local.json");
        if (!Files.exists(state)) {
            System.err.println("the local stack is not running (no .nimbus/local.json): start it with infra/local/run");
            System.exit(2);
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, String>> environments = (Map<String, Map<String, String>>)
                Json.parseObject(Files.readAllBytes(state)).get("environments");
        Map<String, Object> properties = template.properties(function);
        Path jar = root.resolve((String) properties.get("CodeUri"));
        if (!Files.exists(jar)) {
            System.err.println("no " + root.relativize(jar) + ": build it with ./mvnw -q -B package -DskipTests");
            System.exit(2);
        }
        byte[] event = event(root, template, function, args.length > 1 ? args[1] : null);

        Map<String, String> environment = environments.get(function);
        String handler = (String) properties.get("Handler");
        Object timeout =
                properties.getOrDefault("Timeout", template.functionGlobals().get("Timeout"));
        Result result = run(root, jar, handler, environment, event, ((Number) timeout).longValue());

        System.out.println(result.body());
        System.err.printf(
                "%s %s: init (cold start) %d ms, invocation %d ms%n",
                function, result.succeeded() ? "answered" : "failed", result.initMillis(), result.invokeMillis());
        System.exit(result.succeeded() ? 0 : 1);
    }

    /** The event: a file (as given, or under events/), stdin for "-", or else the function's sample from events/. */
    static byte[] event(Path root, Template template, String function, String given) throws IOException {
        if ("-".equals(given)) {
            try (InputStream in = System.in) {
                return in.readAllBytes();
            }
        }
        if (given != null) {
            Path file = Path.of(given);
            if (!Files.exists(file)) file = root.resolve("events").resolve(given);
            if (!Files.exists(file)) throw new IllegalArgumentException("no event file " + given);
            return Files.readAllBytes(file);
        }
        return Files.readAllBytes(SampleEvents.of(root, template, function));
    }
}
