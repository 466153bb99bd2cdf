package nimbus.aether;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import nimbus.aether.Calls.Reply;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Secrets;
import nimbus.shared.account.Account;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.KeyFormat;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FolderRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation with every set of scopes: the operation's scope missing is a 403 that names it and changes
 * nothing; present, the operation succeeds. The caller owns what the id-taking operations name, so a refusal
 * that still ran the operation would show.
 */
class ScopeAndAuthTest {
    private static final List<String> SCOPES = List.of("files:read", "files:write", "user:read");

    /** Every subset of the three scopes. */
    private static List<Set<String>> scopeSets() {
        List<Set<String>> sets = new ArrayList<>();
        for (int mask = 0; mask < 1 << SCOPES.size(); mask++) {
            Set<String> set = new TreeSet<>();
            for (int i = 0; i < SCOPES.size(); i++) if ((mask & 1 << i) != 0) set.add(SCOPES.get(i));
            sets.add(Set.copyOf(set));
        }
        return sets;
    }

    /**
     * Each operation with every set of scopes that lacks its scope (each must be refused), and with its scope
     * alone and with all three (each must succeed).
     */
    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Operation op : Operation.values()) {
            for (Set<String> scopes : scopeSets()) {
                if (!scopes.contains(op.scope) || scopes.size() == 1 || scopes.size() == SCOPES.size()) {
                    cases.add(Arguments.of(op, scopes));
                }
            }
        }
        return cases.stream();
    }

    /** A caller with a file in the root and an empty folder: what an operation could read or change. */
    private record Owned(TestAccount caller, FileRecord file, byte[] data, FolderRecord folder) {
        static Owned by(TestAccount caller) {
            byte[] data = "owned bytes".getBytes(StandardCharsets.UTF_8);
            return new Owned(caller, Stored.file(caller, "owned.txt", data), data, Stored.folder(caller, "Owned"));
        }

        /** The sample event, with {id} naming the caller's file or folder. */
        APIGatewayProxyRequestEvent event(Operation op, String key) {
            APIGatewayProxyRequestEvent event = Calls.event(op.event, key);
            return switch (op.target) {
                case NONE -> event;
                case FILE -> Events.withPathParameter(event, "id", file.id());
                case FOLDER -> Events.withPathParameter(event, "id", folder.id());
            };
        }

        Reply call(Operation op, String key) {
            return Calls.call(op.handler(), event(op, key));
        }

        Reply callWithBearer(Operation op, String key) {
            return Calls.call(op.handler(), Events.withKey(event(op, null), key));
        }

        State state() {
            return new State(
                    TestStack.reload(caller.id()),
                    Stored.files().find(caller.id(), file.id()).orElse(null),
                    Stored.blobExists(file) ? TestStack.blobs().get(file.blobKey()) : null,
                    Stored.folders().list(caller.id(), 0, 100).items());
        }
    }

    /** Everything of the caller's an operation could change. */
    private record State(Account account, FileRecord file, byte[] blob, List<FolderRecord> folders) {
        void assertSameAs(State before) {
            assertEquals(before.account, account);
            assertEquals(before.file, file);
            assertArrayEquals(before.blob, blob);
            assertEquals(before.folders, folders);
        }
    }

    private static void assertRefused(Reply reply, int status, String code, String message) {
        assertEquals(Map.of("success", false, "error", Map.of("code", code, "message", message)), reply.json());
        assertEquals(status, reply.status());
    }

    /**
     * One caller per set of scopes for the refusals: a refusal changes nothing (each case checks that of its own
     * call), so they can share it; a success gets a caller of its own.
     */
    private static final Map<Set<String>, Owned> REFUSED_CALLERS = new ConcurrentHashMap<>();

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("matrix")
    void forbiddenExactlyWhenTheScopeIsMissingAndThenNothingChanges(Operation op, Set<String> scopes) {
        Owned owned = scopes.contains(op.scope)
                ? Owned.by(Stored.account(scopes))
                : REFUSED_CALLERS.computeIfAbsent(scopes, s -> Owned.by(Stored.account(s)));
        State before = owned.state();
        Reply reply = owned.call(op, owned.caller().key());
        if (scopes.contains(op.scope)) {
            assertEquals(op.success, reply.status(), new String(reply.body(), StandardCharsets.UTF_8));
            if (op == Operation.DOWNLOAD_FILE) assertArrayEquals(owned.data(), reply.body());
            else assertEquals(true, reply.json().get("success"));
        } else {
            assertRefused(reply, 403, "forbidden", "This API key lacks the " + op.scope + " scope");
            assertNotNull(reply.header("X-RateLimit-Remaining"), "a 403 is counted like any answer");
            owned.state().assertSameAs(before);
        }
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void missingWrongDialectOrGarbageKeysAre401AndChangeNothing(Operation op) {
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
        Owned owned = Owned.by(Stored.account());
        State before = owned.state();
        List<String> keys = new ArrayList<>();
        keys.add(null);
        keys.add("");
        keys.add(otherDialectKey);
        keys.add("garbage");
        keys.add("ak_" + "x".repeat(40));
        keys.add(owned.caller().key() + "x");
        for (String key : keys) {
            Reply reply = owned.call(op, key);
            assertRefused(reply, 401, "unauthorized", "Invalid API key");
            assertNull(reply.header("X-RateLimit-Remaining"), "an unknown caller has no budget to report");
        }
        assertRefused(owned.callWithBearer(op, otherDialectKey), 401, "unauthorized", "Invalid API key");
        owned.state().assertSameAs(before);
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void aBearerKeyWorksLikeXApiKey(Operation op) {
        Owned owned = Owned.by(Stored.account());
        Reply reply = owned.callWithBearer(op, owned.caller().key());
        assertEquals(op.success, reply.status(), new String(reply.body(), StandardCharsets.UTF_8));
    }
}
