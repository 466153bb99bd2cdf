package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nimbus.aether.AetherKeys;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.MultipartBody;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.error.Unauthenticated;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A revocation as Lambda containers see it, through the gateway: each function has its own key
 * cache, so a revoked key stops at once in the container that revoked it (and in any that never
 * cached it), keeps working in the others while their entry is fresh, and stops everywhere once
 * NIMBUS_KEY_CACHE_SECONDS have passed. Time moves on the functions' clock, never by sleeping.
 */
class RevocationAcrossContainersTest {
    private static final Map<String, Object> HACK_CLUB_REFUSAL = Map.of(
            "error", "invalid_auth", "code", "invalid_auth", "message", "Invalid or missing API key", "status", 401);
    private static final Map<String, Object> AETHER_REFUSAL =
            Map.of("success", false, "error", Map.of("code", "unauthorized", "message", "Invalid API key"));

    private static final TestClock clock = new TestClock(Instant.now());
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Gateway gateway;

    /** What every function's Authenticator reads when its context starts (its first request). */
    private final long cacheSeconds = Settings.longValue("NIMBUS_KEY_CACHE_SECONDS", 10);

    record Reply(int status, Map<String, Object> json) {}

    @BeforeAll
    static void start() {
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(clock), 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void hackClubRevokeStopsTheKeyInItsContainerAtOnceAndInTheOthersAfterTheCacheTime() {
        TestAccount alice = Accounts.hackClub();
        Instant revokedAt = clock.instant();
        // warm three functions' caches with the key
        String id = (String) assertOk("HackClubUploadFunction", 201, hackClubUpload(alice.key()))
                .get("id");
        assertOk("HackClubMeFunction", 200, send("GET", "/api/v4/me", alice.key(), null));
        assertOk("HackClubRenameFunction", 200, rename(alice.key(), id, "warm.bin"));

        assertOk("HackClubRevokeFunction", 200, send("POST", "/api/v4/revoke", alice.key(), null));

        // at once where it was revoked, and where it was never cached
        assertRefused("HackClubRevokeFunction", HACK_CLUB_REFUSAL, send("POST", "/api/v4/revoke", alice.key(), null));
        assertRefused(
                "HackClubBatchDeleteFunction",
                HACK_CLUB_REFUSAL,
                send("DELETE", "/api/v4/uploads/batch", alice.key(), Map.of("ids", List.of(id))));
        // the containers that cached it still take it until their entry expires
        assertOk("HackClubMeFunction", 200, send("GET", "/api/v4/me", alice.key(), null));
        assertOk("HackClubRenameFunction", 200, rename(alice.key(), id, "still.bin"));
        clock.set(revokedAt.plusSeconds(cacheSeconds - 1));
        assertOk("HackClubUploadFunction", 201, hackClubUpload(alice.key()));

        clock.set(revokedAt.plusSeconds(cacheSeconds + 1));
        assertRefused("HackClubUploadFunction", HACK_CLUB_REFUSAL, hackClubUpload(alice.key()));
        assertRefused("HackClubMeFunction", HACK_CLUB_REFUSAL, send("GET", "/api/v4/me", alice.key(), null));
        assertRefused("HackClubRenameFunction", HACK_CLUB_REFUSAL, rename(alice.key(), id, "late.bin"));
        assertRefused("HackClubRevokeFunction", HACK_CLUB_REFUSAL, send("POST", "/api/v4/revoke", alice.key(), null));
    }

    @Test
    void anOperatorsAetherRevocationReachesEveryContainerWithinTheCacheTime() {
        TestAccount bob = Accounts.aether(Set.of("files:read", "files:write", "user:read"));
        Instant revokedAt = clock.instant();
        // warm three functions' caches with the key
        assertOk("AetherListFilesFunction", 200, send("GET", "/api/v1/files", bob.key(), null));
        assertOk("AetherUserStatsFunction", 200, send("GET", "/api/v1/user/stats", bob.key(), null));
        assertOk("AetherListFoldersFunction", 200, send("GET", "/api/v1/folders", bob.key(), null));

        // as the operator tool does, in its own context
        ApiKeyService operator = TestStack.context().getBean(ApiKeyService.class);
        operator.revoke(bob.id(), operator.list(bob.id()).get(0).keyId());

        // at once where it was revoked, and where it was never cached
        assertThrows(
                Unauthenticated.class,
                () -> TestStack.context().getBean(Authenticator.class).authenticate(bob.key(), AetherKeys.FORMAT));
        assertRefused(
                "AetherCreateFolderFunction",
                AETHER_REFUSAL,
                send("POST", "/api/v1/folders", bob.key(), Map.of("name", "never")));
        // the containers that cached it still take it until their entry expires
        assertOk("AetherListFilesFunction", 200, send("GET", "/api/v1/files", bob.key(), null));
        assertOk("AetherUserStatsFunction", 200, send("GET", "/api/v1/user/stats", bob.key(), null));
        clock.set(revokedAt.plusSeconds(cacheSeconds - 1));
        assertOk("AetherListFoldersFunction", 200, send("GET", "/api/v1/folders", bob.key(), null));

        clock.set(revokedAt.plusSeconds(cacheSeconds + 1));
        assertRefused("AetherListFilesFunction", AETHER_REFUSAL, send("GET", "/api/v1/files", bob.key(), null));
        assertRefused("AetherUserStatsFunction", AETHER_REFUSAL, send("GET", "/api/v1/user/stats", bob.key(), null));
        assertRefused("AetherListFoldersFunction", AETHER_REFUSAL, send("GET", "/api/v1/folders", bob.key(), null));
        assertRefused(
                "AetherCreateFolderFunction",
                AETHER_REFUSAL,
                send("POST", "/api/v1/folders", bob.key(), Map.of("name", "late")));
    }

    private static Map<String, Object> assertOk(String function, int status, Reply reply) {
        assertEquals(status, reply.status(), function + ": " + reply.json());
        return reply.json();
    }

    private static void assertRefused(String function, Map<String, Object> body, Reply reply) {
        assertEquals(401, reply.status(), function + ": " + reply.json());
        assertEquals(body, reply.json(), function);
    }

    private static Reply hackClubUpload(String key) {
        MultipartBody body = new MultipartBody().file("file", "a.bin", "application/octet-stream", new byte[] {1, 2});
        return send("POST", "/api/v4/upload", key, body.contentType(), body.bytes());
    }

    private static Reply rename(String key, String id, String filename) {
        return send("PATCH", "/api/v4/uploads/" + id + "/rename", key, Map.of("filename", filename));
    }

    private static Reply send(String method, String path, String key, Object json) {
        return json == null
                ? send(method, path, key, null, null)
                : send(method, path, key, "application/json", Json.write(json));
    }

    private static Reply send(String method, String path, String key, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body))
                .header("Authorization", "Bearer " + key);
        if (contentType != null) request.header("Content-Type", contentType);
        try {
            var response = http.send(request.build(), BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), Json.parseObject(response.body()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
