package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import nimbus.local.kit.Faults;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.http.Json;
import nimbus.shared.purge.Purge;
import nimbus.shared.purge.PurgeStatus;
import nimbus.shared.purge.PurgeTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;

/**
 * The purge pipeline as a deployed user meets it: KeyCDN purges over HTTP through the local gateway, the purge
 * queue in the AWS stand-in, the purge worker run by the gateway's SQS event source, and the invalidations it makes
 * in the stand-in's CloudFront. Waits are deadlines for something that must happen, never timing assertions.
 */
class PurgePipelineEndToEndTest {
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
    }

    private Map<String, Object> send(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)));
        if (json != null) request.header("Content-Type", "application/json");
        var response = http.send(request.build(), BodyHandlers.ofString());
        Map<String, Object> body = Json.parseObject(response.body().getBytes(StandardCharsets.UTF_8));
        body.put("httpStatus", response.statusCode());
        return body;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> addZone(TestAccount owner, String name) throws Exception {
        Map<String, Object> added = send(
                "POST",
                "/zones.json",
                owner.key(),
                "{\"name\":\"" + name + "\",\"type\":\"pull\",\"originurl\":\"https://example.com\"}");
        assertEquals(200, added.get("httpStatus"), added.toString());
        return (Map<String, Object>) ((Map<String, Object>) added.get("data")).get("zone");
    }

    private static List<Purge> purgesOf(String zoneId) {
        return TestStack.context().getBean(PurgeTable.class).listByZone(zoneId);
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!done.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), what + " within " + DEADLINE);
            Thread.sleep(100);
        }
    }

    /** The stand-in's invalidations with a path under one of these zones, and when the test first saw each. */
    private static List<Invalidation> invalidationsUnder(Set<String> zoneIds) {
        CloudFrontClient cloudFront = TestStack.context().getBean(CloudFrontClient.class);
        String distribution = LocalAws.distributionId();
        return cloudFront.listInvalidations(l -> l.distributionId(distribution)).invalidationList().items().stream()
                .map(s -> cloudFront
                        .getInvalidation(g -> g.distributionId(distribution).id(s.id()))
                        .invalidation())
                .filter(i -> i.invalidationBatch().paths().items().stream()
                        .anyMatch(p -> zoneIds.stream().anyMatch(z -> p.startsWith("/" + z + "/"))))
                .toList();
    }

    @Test
    void purgesSentTogetherAreAppliedInFewInvalidationsEachUnderOneCallerReference() throws Exception {
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(), 0);
        int requests = 10;
        List<String> zoneIds = new ArrayList<>();
        Map<String, Instant> sent = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            TestAccount owner = Accounts.keyCdn(); // the purge limit is one a second per key
            Map<String, Object> zone = addZone(owner, "pipe" + i);
            String id = (String) zone.get("id");
            zoneIds.add(id);
            Instant before = Instant.now();
            Map<String, Object> answer = i % 2 == 0
                    ? send("GET", "/zones/purge/" + id + ".json", owner.key(), null)
                    : send(
                            "DELETE",
                            "/zones/purgeurl/" + id + ".json",
                            owner.key(),
                            "{\"urls\":[\"" + zone.get("name") + "-" + Long.toHexString(Long.parseLong(id))
                                    + ".cdn.test/css/site.css\"]}");
            assertEquals(200, answer.get("httpStatus"), answer.toString());
            sent.put(id, before);
        }
        await(
                "every purge done",
                () -> zoneIds.stream()
                        .allMatch(z -> purgesOf(z).stream().allMatch(p -> p.status() == PurgeStatus.DONE)));
        List<Invalidation> made = invalidationsUnder(Set.copyOf(zoneIds));
        for (String zoneId : zoneIds) {
            List<Purge> purges = purgesOf(zoneId);
            assertEquals(1, purges.size());
            List<Invalidation> covering = made.stream()
                    .filter(i -> i.invalidationBatch()
                            .paths()
                            .items()
                            .containsAll(purges.get(0).cdnPaths()))
                    .toList();
            assertEquals(1, covering.size(), "zone " + zoneId + " purged by exactly one invalidation");
            assertEquals(purges.get(0).invalidationId(), covering.get(0).id());
        }
        List<Long> latencies = new ArrayList<>();
        for (String zoneId : zoneIds) {
            Invalidation covering = made.stream()
                    .filter(i -> i.invalidationBatch().paths().items().stream()
                            .anyMatch(p -> p.startsWith("/" + zoneId + "/")))
                    .findFirst()
                    .orElseThrow();
            latencies.add(
                    Duration.between(sent.get(zoneId), covering.createTime()).toMillis());
        }
        latencies.sort(Long::compare);
        System.out.printf(
                "[purge batching] %d purge requests in, %d CreateInvalidation calls out; API call to invalidation"
                        + " (CloudFront's timestamps): median %d ms, max %d ms%n",
                requests, made.size(), latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
    }

    @Test
    void throttledInvalidationsAreRetriedAfterABackoffUntilApplied() throws Exception {
        Faults faults =
                new Faults().inject("CreateInvalidation", Faults.Kind.REFUSED, 1, 2, "TooManyInvalidationsInProgress");
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(faults), 0);
        TestAccount owner = Accounts.keyCdn();
        String id = (String) addZone(owner, "throttled").get("id");
        assertEquals(
                200,
                send("GET", "/zones/purge/" + id + ".json", owner.key(), null).get("httpStatus"));
        await(
                "the purge applied despite two refusals",
                () -> purgesOf(id).stream().allMatch(p -> p.status() == PurgeStatus.DONE));
        List<Invalidation> made = invalidationsUnder(Set.of(id));
        assertEquals(1, made.size());
        assertEquals(
                List.of("/" + id + "/*"),
                made.get(0).invalidationBatch().paths().items());
        assertEquals(
                purgesOf(id).get(0).batch(), made.get(0).invalidationBatch().callerReference());
    }

    @Test
    void deletingAZoneOverHttpPurgesItsCache() throws Exception {
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(), 0);
        TestAccount owner = Accounts.keyCdn();
        String id = (String) addZone(owner, "goneall").get("id");
        assertEquals(
                200, send("DELETE", "/zones/" + id + ".json", owner.key(), null).get("httpStatus"));
        await(
                "the deleted zone's purge applied",
                () -> !purgesOf(id).isEmpty() && purgesOf(id).stream().allMatch(p -> p.status() == PurgeStatus.DONE));
        assertEquals(
                List.of("/" + id + "/*"),
                invalidationsUnder(Set.of(id))
                        .get(0)
                        .invalidationBatch()
                        .paths()
                        .items());
    }
}
