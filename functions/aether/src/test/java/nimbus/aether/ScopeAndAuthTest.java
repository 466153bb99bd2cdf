package nimbus.aether;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Secrets;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.KeyFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ScopeAndAuthTest {
    private static final List<Set<String>> SCOPE_SETS =
            List.of(Set.of("files:read"), Set.of("files:write"), Set.of("user:read"), Set.of());

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Operation op : Operation.values()) {
            for (Set<String> scopes : SCOPE_SETS) cases.add(Arguments.of(op, scopes));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("matrix")
    void forbiddenExactlyWhenTheScopeIsMissing(Operation op, Set<String> scopes) {
        TestAccount caller = Stored.account(scopes);
        Reply reply = op.call(caller.key());
        if (scopes.contains(op.scope)) {
            assertNotEquals(403, reply.status());
            assertTrue(reply.status() < 500, "status " + reply.status());
        } else {
            assertEquals(403, reply.status());
            assertFalse(reply.success());
            assertEquals("forbidden", reply.errorCode());
            assertTrue(reply.errorMessage().contains(op.scope), reply.errorMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void aKeyWithEveryScopeIsNeverForbiddenAndNothingHappensWithoutTheScope(Operation op) {
        TestAccount caller = Stored.account();
        assertNotEquals(403, op.call(caller.key()).status());
        TestAccount scopeless = Stored.account(Set.of());
        op.call(scopeless.key());
        var account = TestStack.reload(scopeless.id());
        assertEquals(0, account.fileCount());
        assertEquals(0, account.folderCount());
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void missingWrongDialectOrGarbageKeysAre401(Operation op) {
        // A live key of another dialect that even carries Aether's prefix: only the dialect check can refuse it.
        String otherDialectKey = TestStack.account(
                        QuotaTier.UNVERIFIED,
                        new KeyFormat() {
                            @Override
                            public String dialect() {
                                return "other";
                            }

                            @Override
                            public String prefix() {
                                return "ak_";
                            }

                            @Override
                            public String newSecret() {
                                return prefix() + Secrets.base62(43);
                            }
                        },
                        Set.of())
                .key();
        List<String> keys = new ArrayList<>();
        keys.add(null);
        keys.add("");
        keys.add(otherDialectKey);
        keys.add("garbage");
        keys.add("ak_" + "x".repeat(40));
        for (String key : keys) {
            Reply reply = op.call(key);
            assertEquals(401, reply.status(), String.valueOf(key));
            assertFalse(reply.success());
            assertEquals("unauthorized", reply.errorCode());
        }
        Reply bearerHackClub = Calls.call(op.handler(), Events.withKey(op.event(null), otherDialectKey));
        assertEquals(401, bearerHackClub.status());
        assertEquals("unauthorized", bearerHackClub.errorCode());
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void aBearerKeyWorksLikeXApiKey(Operation op) {
        TestAccount caller = Stored.account();
        Reply reply = Calls.call(op.handler(), Events.withKey(op.event(null), caller.key()));
        assertNotEquals(401, reply.status());
        assertNotEquals(403, reply.status());
        assertTrue(reply.status() < 500);
    }
}
