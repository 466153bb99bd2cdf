package nimbus.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nimbus.local.kit.Events;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.MotoServer;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.Template;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.auth.KeyFormats;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.files.NewFile;

/**
 * The data every benchmark runs against: moto with the template's resources, one unlimited-tier
 * account with a Hack Club key and an Aether key (files:read, files:write, user:read), a few small
 * files so listings return data, and the 1 MB multipart body. Builds each operation's event.
 */
final class Fixture implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.createDefault();

    final Path workDir;
    final LocalAws aws;
    private final MotoServer moto;
    private final ApplicationContext context;
    final String accountId;
    final String hackClubKey;
    final String aetherKey;
    final String resCdnKey;
    final String smallFileId;
    final byte[] oneMbBody;
    final String oneMbContentType;
    final Path oneMbFile;

    private Fixture(Path workDir) throws IOException {
        this.workDir = workDir;
        Files.createDirectories(workDir);
        moto = MotoServer.start(0, workDir.resolve("moto.log"));
        aws = LocalAws.start(moto, Template.loadDefault(), Map.of("CdnBaseUrl", "https://cdn.bench.test"));
        context = ApplicationContext.run();
        Account account = context.getBean(AccountService.class)
                .create("bench-" + System.nanoTime() + "@example.test", "Bench User", QuotaTier.FUNCTIONALLY_UNLIMITED);
        accountId = account.id();
        ApiKeyService keys = context.getBean(ApiKeyService.class);
        hackClubKey = keys.create(account.id(), KeyFormats.find("hackclub").orElseThrow(), Set.of(), "bench")
                .secret();
        aetherKey = keys.create(account.id(), KeyFormats.find("aether").orElseThrow(), null, "bench")
                .secret();
        resCdnKey = keys.create(account.id(), KeyFormats.find("rescdn").orElseThrow(), null, "bench")
                .secret();
        FileService files = context.getBean(FileService.class);
        String first = null;
        for (int i = 0; i < 5; i++) {
            byte[] data = ("hello " + i + "\n").repeat(128).getBytes(StandardCharsets.UTF_8);
            FileRecord f = files.upload(account.id(), new NewFile("hello-" + i + ".txt", "text/plain", data));
            if (first == null) first = f.id();
        }
        smallFileId = first;
        byte[] payload = new byte[1 << 20];
        new Random(42).nextBytes(payload);
        MultipartBody multipart =
                new MultipartBody().file("file", "random-1mb.bin", "application/octet-stream", payload);
        oneMbBody = multipart.bytes();
        oneMbContentType = multipart.contentType();
        oneMbFile = workDir.resolve("upload-1mb.multipart");
        Files.write(oneMbFile, oneMbBody);
    }

    static Fixture start(Path workDir) {
        try {
            return new Fixture(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bean of the fixture's application context (the services a function gets). */
    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    String secret(String dialect) {
        return switch (dialect) {
            case "aether" -> aetherKey;
            case "rescdn" -> resCdnKey;
            default -> hackClubKey;
        };
    }

    /** The operation's event, complete (body included): for in-process invocations. */
    APIGatewayProxyRequestEvent event(Operation op) {
        APIGatewayProxyRequestEvent event = eventWithoutBody(op);
        if (op.payload() == Operation.Payload.ONE_MB_MULTIPART) Events.withBody(event, oneMbContentType, oneMbBody);
        return event;
    }

    private APIGatewayProxyRequestEvent eventWithoutBody(Operation op) {
        APIGatewayProxyRequestEvent event = Events.load(op.event());
        if (op.dialect().equals("aether")) {
            Events.withHeader(event, "X-API-Key", aetherKey);
        } else if (op.dialect().equals("rescdn")) {
            Events.withHeader(event, "X-ResCDN-Key", resCdnKey);
        } else {
            Events.withKey(event, hackClubKey);
        }
        if (op.pathId()) Events.withPathParameter(event, "id", smallFileId);
        if (op.payload() == Operation.Payload.ONE_MB_MULTIPART) {
            Events.withHeader(event, "Content-Type", oneMbContentType);
            Events.withHeader(event, "Content-Length", Integer.toString(oneMbBody.length));
            event.setBody(null);
            event.setIsBase64Encoded(false);
        }
        return event;
    }

    /** For a cold-start child: the event as a JSON file (without a harness-built body) and, if any, the raw body file. */
    List<String> coldRunnerArgs(Operation op) {
        try {
            Path file = workDir.resolve("event-" + op.name().replaceAll("[^A-Za-z0-9]+", "-") + ".json");
            Files.write(file, JSON.writeValueAsBytes(eventWithoutBody(op)));
            List<String> args = new ArrayList<>(List.of(file.toString()));
            if (op.payload() == Operation.Payload.ONE_MB_MULTIPART) args.add(oneMbFile.toString());
            return args;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For a baseline child: what its framework twin parses out of the event. */
    List<String> baselineArgs(Operation op) {
        List<String> args = new ArrayList<>(List.of("secret=" + secret(op.dialect()), "limit=10"));
        if (op.payload() == Operation.Payload.ONE_MB_MULTIPART) args.add("bodyFile=" + oneMbFile);
        if (op.pathId()) args.add("id=" + smallFileId);
        return args;
    }

    /** A Lambda-like environment for a child: the function's variables and the SDK's settings, nothing inherited. */
    Map<String, String> childEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(aws.environment());
        env.put("AWS_ENDPOINT_URL", aws.endpoint());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("NIMBUS_AETHER_RATE_LIMIT", "1000000");
        env.put("NIMBUS_RESCDN_RATE_LIMIT", "1000000");
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "C.UTF-8");
        return env;
    }

    @Override
    public void close() {
        context.close();
        moto.close();
    }
}
