package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.Template;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * infra/local/invoke: one function run as Lambda runs it (a fresh JVM with AWS's runtime interface client and the
 * function's built jar), against moto, with its sample event from events/.
 */
class InvokeTest {
    private final Template template = Template.loadDefault();
    private final Path root = Template.defaultPath().getParent();

    @Test
    void anApiFunctionAnswersItsEventFromItsBuiltJar() throws Exception {
        TestAccount alice = Accounts.hackClub();
        Map<String, Object> event =
                Json.parseObject(Files.readAllBytes(SampleEvents.of(root, template, "HackClubMeFunction")));
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) event.get("headers");
        headers.put("Authorization", "Bearer " + alice.key());
        event.put("multiValueHeaders", null);

        Invoke.Result result = invoke("HackClubMeFunction", Json.write(event));

        assertTrue(result.succeeded(), result.toString());
        Map<String, Object> response = Json.parseObject(result.body().getBytes());
        assertEquals(200, ((Number) response.get("statusCode")).intValue(), result.body());
        Map<String, Object> me = Json.parseObject(((String) response.get("body")).getBytes());
        assertEquals(alice.account().email(), me.get("email"));
        assertTrue(result.initMillis() > 0 && result.invokeMillis() > 0, result.toString());
        System.out.printf(
                "[invoke] HackClubMeFunction: init %d ms, invocation %d ms%n",
                result.initMillis(), result.invokeMillis());
    }

    /**
     * Each dialect's jar starts as Lambda starts it, from its own classpath (the in-process tests share one that has
     * more on it): an unknown key gets that dialect's 401, not an init error.
     */
    @ParameterizedTest
    @ValueSource(strings = {"AetherUserStatsFunction", "KeyCdnListZonesFunction", "ResCdnListZonesFunction"})
    void everyDialectsJarStartsAndAnswersAsLambdaRunsIt(String function) throws Exception {
        Invoke.Result result = invoke(function, Files.readAllBytes(SampleEvents.of(root, template, function)));

        assertTrue(result.succeeded(), result.toString());
        Map<String, Object> response = Json.parseObject(result.body().getBytes());
        assertEquals(401, ((Number) response.get("statusCode")).intValue(), result.body());
        assertFalse(Json.parseObject(((String) response.get("body")).getBytes()).isEmpty(), result.body());
    }

    @Test
    void aQueueTriggeredFunctionTakesLambdasOwnEventShape() throws Exception {
        byte[] event = Files.readAllBytes(SampleEvents.of(root, template, "PurgeWorkerFunction"));

        Invoke.Result result = invoke("PurgeWorkerFunction", event);

        // an unknown purge id is dropped, not retried: no batch item failures
        assertTrue(result.succeeded(), result.toString());
        assertEquals(
                Map.of("batchItemFailures", List.of()),
                Json.parseObject(result.body().getBytes()));
    }

    @Test
    void aStreamTriggeredFunctionTakesLambdasOwnEventShape() throws Exception {
        byte[] event = Files.readAllBytes(SampleEvents.of(root, template, "EdgeConfigFunction"));

        Invoke.Result result = invoke("EdgeConfigFunction", event);

        assertTrue(result.succeeded(), result.toString());
    }

    @Test
    void aBucketTriggeredFunctionCountsTheLogObjectItNames() throws Exception {
        byte[] event = Files.readAllBytes(SampleEvents.of(root, template, "LogIngestFunction"));
        @SuppressWarnings("unchecked")
        Map<String, Object> s3 = (Map<String, Object>)
                ((Map<String, Object>) ((List<Object>) Json.parseObject(event).get("Records")).get(0)).get("s3");
        @SuppressWarnings("unchecked")
        String key = (String) ((Map<String, Object>) s3.get("object")).get("key");
        var gzipped = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
            gzip.write("#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host)\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        TestStack.context()
                .getBean(software.amazon.awssdk.services.s3.S3Client.class)
                .putObject(
                        p -> p.bucket(LocalAws.shared().resources().physicalName("LogsBucket"))
                                .key(key),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(gzipped.toByteArray()));

        Invoke.Result result = invoke("LogIngestFunction", event);

        assertTrue(result.succeeded(), result.toString());
    }

    @Test
    void everyFunctionHasASampleEventAndEveryPlatformEventAFunction() throws Exception {
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            assertTrue(Files.isRegularFile(SampleEvents.of(root, template, function)), function);
        }
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.list(root.resolve("events/platform"))) {
            files.forEach(f -> named.add(f.getFileName().toString()));
        }
        Set<String> expected = new TreeSet<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            if (template.routes().stream().noneMatch(r -> r.functionName().equals(function))) {
                expected.add(SampleEvents.kebab(function) + ".json");
            }
        }
        assertEquals(expected, named, "events/platform holds one event per non-API function, named after it");
    }

    private Invoke.Result invoke(String function, byte[] event) throws Exception {
        TestStack.context();
        Map<String, Object> properties = template.properties(function);
        String moto = LocalAws.shared().endpoint();
        // only what SAM CLI would pass (the declared variables), plus the runtime's own region and credentials
        Map<String, String> env = new LinkedHashMap<>(LocalAws.shared().functionEnvironment(function, moto, moto));
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        return Invoke.run(
                root,
                root.resolve((String) properties.get("CodeUri")),
                (String) properties.get("Handler"),
                env,
                event,
                60);
    }
}
