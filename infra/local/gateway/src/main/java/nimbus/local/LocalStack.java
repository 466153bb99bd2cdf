package nimbus.local;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.LocalEdge;
import nimbus.local.kit.MotoServer;
import nimbus.local.kit.Template;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.auth.KeyFormat;
import nimbus.shared.auth.KeyFormats;
import nimbus.shared.http.Json;

/**
 * The local stack (what infra/local/run starts): moto with the template's resources, the local API
 * gateway, two dev accounts with a key per dialect, and .nimbus/local.json describing it all for
 * scripts. Runs until Ctrl-C or SIGTERM, then cleans up after itself.
 */
public final class LocalStack {
    private final Path stateDir;
    private FileChannel lockChannel;
    private FileLock lock;
    private MotoServer moto;
    private LocalAws aws;
    private LocalEdge edge;
    private ApplicationContext context;
    private Gateway gateway;

    private record DevAccount(Account account, Map<String, String> keys) {}

    private LocalStack(Path stateDir) {
        this.stateDir = stateDir;
    }

    public static void main(String[] args) throws Exception {
        Path root = Template.defaultPath().toAbsolutePath().getParent();
        LocalStack stack = new LocalStack(root.resolve(".nimbus"));
        if (!stack.lock()) {
            System.err.println(
                    "A Nimbus local stack is already running (see .nimbus/local.json); stop it with Ctrl-C first.");
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "nimbus-stop"));
        try {
            stack.start();
        } catch (StartupFailure e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (RuntimeException | IOException e) {
            System.err.println("The Nimbus local stack could not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
        new CountDownLatch(1).await();
    }

    private boolean lock() throws IOException {
        Files.createDirectories(stateDir);
        lockChannel =
                FileChannel.open(stateDir.resolve("run.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) lockChannel.close();
        return lock != null;
    }

    private void start() throws IOException {
        int apiPort = port("NIMBUS_API_PORT", 3000);
        int edgePort = port("NIMBUS_EDGE_PORT", 8080);
        Template template = Template.loadDefault();

        moto = MotoServer.start(
                System.getenv().getOrDefault("NIMBUS_AWS_HOST", "127.0.0.1"),
                port("NIMBUS_AWS_PORT", 0),
                stateDir.resolve("moto.log"));
        // File URLs point at the local edge's files host (cdn.localhost resolves to this machine, as *.localhost does)
        aws = LocalAws.start(moto, template, Map.of("CdnBaseUrl", "http://cdn.localhost:" + edgePort));
        try {
            edge = LocalEdge.start(aws, edgePort, Map.of(), stateDir.resolve("edge.log"));
        } catch (IllegalStateException e) {
            throw new StartupFailure(e.getMessage());
        }
        // The purge worker's CloudFront invalidations go to the local edge, which clears its cache.
        edge.routeCloudFrontHere();
        String edgeUrl = edge.url();
        // Zone hostnames live under localhost (name-1a.localhost resolves to this machine), not under the edge's IP.
        if (System.getenv("NIMBUS_ZONE_DOMAIN") == null) System.setProperty("NIMBUS_ZONE_DOMAIN", "localhost");
        // the stack's own context (it creates the dev accounts); each function gets a new one configured like it
        context = ApplicationContext.run();
        try {
            gateway = Gateway.start(template, context, apiPort);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof BindException)) throw e;
            throw new StartupFailure("Port " + apiPort + " is already in use, so the API cannot listen on it. "
                    + "Stop what uses it, or pick another port: NIMBUS_API_PORT=3001 infra/local/run");
        }

        List<DevAccount> accounts = List.of(
                devAccount("dev1@nimbus.local", "Dev One", QuotaTier.VERIFIED),
                devAccount("dev2@nimbus.local", "Dev Two", QuotaTier.UNVERIFIED));
        System.out.println(banner(edgeUrl, accounts));
        writeState(accounts);
        System.out.println("Nimbus local stack ready");
    }

    private DevAccount devAccount(String email, String name, QuotaTier tier) {
        Account account = context.getBean(AccountService.class).create(email, name, tier);
        ApiKeyService keys = context.getBean(ApiKeyService.class);
        Map<String, String> secrets = new LinkedHashMap<>();
        for (KeyFormat format : KeyFormats.all()) {
            secrets.put(
                    format.label(),
                    keys.create(account.id(), format, null, "local dev").secret());
        }
        return new DevAccount(account, secrets);
    }

    private String banner(String edgeUrl, List<DevAccount> accounts) {
        StringBuilder out = new StringBuilder()
                .append("\nNimbus local stack\n\n")
                .append("  API   ")
                .append(gateway.baseUrl())
                .append('\n')
                .append("  Edge  ")
                .append(edgeUrl)
                .append("  (CloudFront played locally; files on http://cdn.localhost:")
                .append(edge.port())
                .append(", zones on http://{zone hostname}:")
                .append(edge.port())
                .append("; log in .nimbus/edge.log)\n")
                .append("  AWS   ")
                .append(moto.endpoint())
                .append("  (moto; log in .nimbus/moto.log)\n");
        for (DevAccount dev : accounts) {
            Account a = dev.account();
            out.append("\n  ")
                    .append(a.name())
                    .append(" <")
                    .append(a.email())
                    .append(">  tier ")
                    .append(a.tier().slug())
                    .append("  id ")
                    .append(a.id())
                    .append('\n');
            dev.keys().forEach((dialect, key) -> out.append(String.format("    %-12s %s%n", dialect, key)));
        }
        String hackclubKey = accounts.get(0).keys().get("hackclub");
        return out.append("\n  Try: curl -H 'Authorization: Bearer ")
                .append(hackclubKey)
                .append("' ")
                .append(gateway.baseUrl())
                .append("/api/v4/me\n")
                .toString();
    }

    /** Written whole or not at all, so a script never reads half a file. */
    private void writeState(List<DevAccount> accounts) throws IOException {
        List<Map<String, Object>> accountsJson = new ArrayList<>();
        for (DevAccount dev : accounts) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", dev.account().id());
            json.put("email", dev.account().email());
            json.put("keys", dev.keys());
            accountsJson.add(json);
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("api", gateway.baseUrl());
        state.put("edge", edge.url());
        state.put("aws", moto.endpoint());
        state.put("environments", functionEnvironments());
        state.put("accounts", accountsJson);
        writeWhole(samEnvVarsFile(), Json.write(SamEnvVars.of(aws, edge.url())));
        writeWhole(stateFile(), Json.write(state));
    }

    private void writeWhole(Path file, byte[] content) throws IOException {
        Path temp = Files.createTempFile(stateDir, file.getFileName().toString(), ".tmp");
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * What each function of this stack sees in its environment when infra/local/invoke runs it on this machine: its
     * variables resolved to the local resources, the SDK pointed at moto and CloudFront at the local edge.
     */
    private Map<String, Map<String, String>> functionEnvironments() {
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        String zoneDomain = System.getProperty("NIMBUS_ZONE_DOMAIN", System.getenv("NIMBUS_ZONE_DOMAIN"));
        for (String function : aws.template().resourcesOfType("AWS::Serverless::Function")) {
            Map<String, String> env =
                    new LinkedHashMap<>(aws.functionEnvironment(function, moto.endpoint(), edge.url()));
            if (zoneDomain != null) env.put("NIMBUS_ZONE_DOMAIN", zoneDomain);
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            environments.put(function, env);
        }
        return environments;
    }

    private Path stateFile() {
        return stateDir.resolve("local.json");
    }

    private Path samEnvVarsFile() {
        return stateDir.resolve("sam-env.json");
    }

    /** Undoes whatever start() got to, in reverse order; runs as the shutdown hook. */
    private void stop() {
        try {
            Files.deleteIfExists(stateFile());
            Files.deleteIfExists(samEnvVarsFile());
        } catch (IOException ignored) {
            // best effort on the way out
        }
        if (gateway != null) gateway.close();
        if (context != null) context.close();
        if (edge != null) edge.close(); // before moto: it writes its last access log entries there
        if (moto != null) moto.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the OS releases it when the process ends anyway
        }
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) return fallback;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new StartupFailure(variable + " must be a port number, not '" + value + "'");
        }
    }

    private static final class StartupFailure extends RuntimeException {
        StartupFailure(String message) {
            super(message);
        }
    }
}
