package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.Map;
import nimbus.local.kit.Events;
import nimbus.local.kit.Template;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.http.ApiFunction;
import org.junit.jupiter.api.Test;

/**
 * SnapStart: every function is snapshotted after priming, so priming must warm the request path
 * without writing anything or leaving a key in the cache, and a restore must forget cached keys.
 */
class SnapStartPrimingTest {
    private final Template template = Template.loadDefault();

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
    void primingOnlyReadsAndLeavesNoKeyBehind() throws Exception {
        CallBudgetTest.CallRecorder recorder = new CallBudgetTest.CallRecorder();
        try (ApplicationContext context = TestStack.contextWith(recorder)) {
            for (Template.Route route : template.routes()) {
                ApiFunction function = (ApiFunction) Class.forName(route.handlerClass())
                        .getConstructor(ApplicationContext.class)
                        .newInstance(context);
                recorder.clear();
                function.prime();
                List<String> calls = recorder.calls();
                assertFalse(calls.isEmpty(), route + " priming reaches the key lookup");
                assertTrue(
                        calls.stream().allMatch("DynamoDb.GetItem"::equals), route + " priming only reads: " + calls);
                assertEquals(0, context.getBean(Authenticator.class).cachedKeys(), route.functionName());
            }
        }
    }

    @Test
    void aRestoreForgetsTheKeysTheSnapshotHeld() throws Exception {
        try (ApplicationContext context = TestStack.contextWith()) {
            TestAccount caller = Accounts.hackClub();
            ApiFunction me = (ApiFunction) Class.forName("nimbus.hackclub.MeHandler")
                    .getConstructor(ApplicationContext.class)
                    .newInstance(context);
            assertEquals(
                    200,
                    me.handleRequest(Events.withKey(Events.load("hackclub/me.json"), caller.key()), null)
                            .getStatusCode());
            assertEquals(1, context.getBean(Authenticator.class).cachedKeys());
            me.forgetCaches();
            assertEquals(0, context.getBean(Authenticator.class).cachedKeys());
            assertEquals(
                    200,
                    me.handleRequest(Events.withKey(Events.load("hackclub/me.json"), caller.key()), null)
                            .getStatusCode());
        }
    }
}
