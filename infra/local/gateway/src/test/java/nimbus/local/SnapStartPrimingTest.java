package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nimbus.local.kit.Events;
import nimbus.local.kit.Template;
import nimbus.local.kit.TestClock;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.auth.ApiKey;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.Json;
import org.crac.Core;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

/**
 * SnapStart: every function is snapshotted after priming, so priming must warm the request path
 * without writing anything or leaving a key in the cache, and a restore must forget cached keys.
 *
 * <p>Both run through the CRaC hook each function registers ({@code SnapStartHooks}), called as the
 * runtime calls it: its {@link Resource#beforeCheckpoint} and {@link Resource#afterRestore}. A plain JVM
 * has no CRaC implementation, so {@link Core#getGlobalContext()} cannot be asked to run them: org.crac's
 * global context then drops every registration, and its own beforeCheckpoint/afterRestore refuse to run
 * ("should not call this"). The test therefore takes the function's registered hook itself.
 */
class SnapStartPrimingTest {
    private static final Map<String, Object> INVALID_AUTH = Map.of(
            "error", "invalid_auth", "code", "invalid_auth", "message", "Invalid or missing API key", "status", 401);

    private final Template template = Template.loadDefault();

    /** The CRaC resource the function registered for itself when it was constructed. */
    private static Resource snapStartHook(ApiFunction function) throws ReflectiveOperationException {
        Field field = ApiFunction.class.getDeclaredField("snapStartHooks");
        field.setAccessible(true);
        return (Resource) field.get(function);
    }

    private static ApiFunction function(String handlerClass, ApplicationContext context)
            throws ReflectiveOperationException {
        return (ApiFunction) Class.forName(handlerClass)
                .getConstructor(ApplicationContext.class)
                .newInstance(context);
    }

    @Test
    void everyFunctionIsPublishedWithSnapStartBehindAnAlias() {
        Map<String, Object> globals = template.functionGlobals();
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), globals.get("SnapStart"));
        assertEquals("live", globals.get("AutoPublishAlias"));
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            assertFalse(template.properties(function).containsKey("SnapStart"), function + " must not opt out");
        }
    }

    @Test
    void theCheckpointHookPrimesByReadingOnlyAndLeavesNoKeyBehind() throws Exception {
        CallBudgetTest.CallRecorder recorder = new CallBudgetTest.CallRecorder();
        try (ApplicationContext context = TestStack.contextWith(recorder)) {
            for (Template.Route route : template.routes()) {
                ApiFunction function = function(route.handlerClass(), context);
                recorder.clear();
                snapStartHook(function).beforeCheckpoint(null);
                List<String> calls = recorder.calls();
                assertFalse(calls.isEmpty(), route + " priming reaches the key lookup");
                assertTrue(
                        calls.stream().allMatch("DynamoDb.GetItem"::equals), route + " priming only reads: " + calls);
                assertEquals(0, context.getBean(Authenticator.class).cachedKeys(), route.functionName());
            }
        }
    }

    @Test
    void theRestoreHookEmptiesTheKeyCache() throws Exception {
        // The clock stands still: a cached key cannot expire on its own during the test, so only the hook
        // can be what empties the cache.
        TestClock clock = new TestClock(Instant.now());
        try (ApplicationContext container = TestStack.contextWith(clock)) {
            TestAccount caller = Accounts.hackClub();
            ApiFunction me = function("nimbus.hackclub.MeHandler", container);
            Authenticator keyCache = container.getBean(Authenticator.class);
            assertEquals(200, me(me, caller).getStatusCode());
            assertEquals(1, keyCache.cachedKeys());

            // Revoked elsewhere (the operator's CLI, another container): this container is not told, and its
            // cached entry still answers for the key, as a snapshot taken now would.
            ApiKeyService operator = TestStack.context().getBean(ApiKeyService.class);
            ApiKey key = operator.list(caller.id()).get(0);
            operator.revoke(caller.id(), key.keyId());
            assertEquals(200, me(me, caller).getStatusCode());
            assertEquals(1, keyCache.cachedKeys());

            snapStartHook(me).afterRestore(null);

            assertEquals(0, keyCache.cachedKeys());
            APIGatewayProxyResponseEvent restored = me(me, caller);
            assertEquals(401, restored.getStatusCode());
            assertEquals(INVALID_AUTH, Json.parseObject(restored.getBody().getBytes()));
        }
    }

    private static APIGatewayProxyResponseEvent me(ApiFunction me, TestAccount caller) {
        return me.handleRequest(Events.withKey(Events.load("hackclub/me.json"), caller.key()), null);
    }
}
