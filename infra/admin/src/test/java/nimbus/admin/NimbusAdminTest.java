package nimbus.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nimbus.local.kit.TestStack;
import nimbus.shared.Secrets;
import nimbus.shared.Settings;
import nimbus.shared.auth.ApiKeyTable;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.auth.KeyFormat;
import nimbus.shared.auth.KeyFormats;
import nimbus.shared.error.Unauthenticated;
import nimbus.shared.http.Json;
import nimbus.shared.store.Items;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class NimbusAdminTest {
    record Result(int code, String out, String err) {
        Map<String, Object> json() {
            return Json.parseObject(out.getBytes(StandardCharsets.UTF_8));
        }
    }

    @BeforeAll
    static void stack() {
        TestStack.context();
    }

    static Result admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = NimbusAdmin.run(args, new PrintWriter(out), new PrintWriter(err), TestStack.dynamo());
        return new Result(code, out.toString(), err.toString());
    }

    static Result ok(String... args) {
        Result result = admin(args);
        assertEquals(0, result.code(), () -> String.join(" ", args) + " failed: " + result.err());
        return result;
    }

    static String newAccount() {
        return (String) ok("--json", "account", "create", "--email", "op-" + System.nanoTime() + "@example.test")
                .json()
                .get("id");
    }

    static void assertUserError(Result result, String fragment) {
        assertEquals(1, result.code(), result::err);
        assertEquals("", result.out());
        assertEquals(1, result.err().strip().lines().count(), () -> "one line expected: " + result.err());
        assertTrue(result.err().contains(fragment), () -> "expected '" + fragment + "' in: " + result.err());
        assertFalse(result.err().contains("Exception"), result::err);
    }

    @Test
    void accountCreateShowAndSetTier() {
        Result created =
                ok("account", "create", "--email", "Ada-" + System.nanoTime() + "@Example.test", "--name", "Ada");
        String id = created.out().lines().findFirst().orElseThrow().replaceFirst("^id:\\s+", "");
        assertTrue(id.startsWith("usr_"), created.out());
        assertTrue(created.out().matches("(?s).*tier:\\s+unverified.*"), created.out());

        Result shown = ok("account", "show", id);
        assertTrue(shown.out().contains(id) && shown.out().contains("Ada"), shown.out());

        assertEquals(
                "verified",
                ok("account", "set-tier", id, "verified", "--json").json().get("tier"));
        assertEquals("verified", ok("--json", "account", "show", id).json().get("tier"));
        ok("account", "set-tier", id, "functionally_unlimited");
        Map<String, Object> account = ok("account", "show", id, "--json").json();
        assertEquals("functionally_unlimited", account.get("tier"), "the reference's name for the tier");
        assertEquals(id, account.get("id"));
    }

    @Test
    void keysForEveryDialectStoreOnlyTheHash() {
        String accountId = newAccount();
        List<String> secrets = new ArrayList<>();
        List<KeyFormat> formats = KeyFormats.all();
        assertEquals(
                List.of("aether", "hackclub", "keycdn", "rescdn", "rescdn-test"),
                formats.stream().map(KeyFormat::label).sorted().toList());
        for (KeyFormat format : formats) {
            Map<String, Object> key = ok("--json", "key", "create", accountId, "--dialect", format.label())
                    .json();
            String secret = (String) key.get("secret");
            secrets.add(secret);
            assertTrue(secret.startsWith(format.prefix()), secret);
            assertTrue(secret.length() >= format.prefix().length() + 43, secret);
            assertEquals(format.dialect(), key.get("dialect"));
            assertEquals(secret.substring(0, format.prefix().length() + 4) + "…", key.get("hint"));
            assertTrue(((String) key.get("notice")).contains("will not be shown again"));

            Map<String, AttributeValue> item = TestStack.dynamo()
                    .getItem(g ->
                            g.tableName(Settings.tableName()).key(Items.key("KEY#" + Secrets.sha256Hex(secret), "KEY")))
                    .item();
            assertTrue(item != null && !item.isEmpty(), "no item stored under the secret's SHA-256");
        }
        assertTrue(secrets.stream().anyMatch(s -> s.matches("sk_cdn_[0-9a-f]{64}")), secrets.toString());
        String aether =
                secrets.stream().filter(s -> s.startsWith("ak_")).findFirst().orElseThrow();
        assertTrue(aether.startsWith("ak_") && aether.length() >= 32 && aether.length() <= 64, aether);
        assertTrue(secrets.stream().anyMatch(s -> s.matches("sk_prod_[0-9A-Za-z]{43}")), secrets.toString());
        assertTrue(secrets.stream().anyMatch(s -> s.matches("rk_live_[0-9A-Za-z]{43}")), secrets.toString());
        assertTrue(secrets.stream().anyMatch(s -> s.matches("rk_test_[0-9A-Za-z]{43}")), secrets.toString());

        List<Map<String, AttributeValue>> items = TestStack.dynamo()
                .query(q -> q.tableName(Settings.tableName())
                        .indexName("gsi1")
                        .keyConditionExpression("gsi1pk = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("ACCT#" + accountId + "#KEYS"))))
                .items();
        assertEquals(formats.size(), items.size());
        for (Map<String, AttributeValue> item : items) {
            List<String> values = new ArrayList<>();
            item.values().forEach(v -> collect(v, values));
            for (String secret : secrets) {
                assertTrue(values.stream().noneMatch(v -> v.contains(secret)), "a stored attribute holds a secret");
            }
        }
    }

    @Test
    void keyCreateTextShowsTheSecretOnceWithAWarning() {
        String accountId = newAccount();
        Result created = ok(
                "key", "create", accountId, "--dialect", "aether", "--scope", "files:read,files:write", "--name", "CI");
        List<String> lines = created.out().lines().toList();
        assertTrue(lines.get(0).matches("secret: ak_[0-9A-Za-z]{43}"), lines.get(0));
        assertTrue(lines.get(1).contains("will not be shown again"));
        assertTrue(created.out().matches("(?s).*scopes:\\s+files:read,files:write\n.*"), created.out());
        assertTrue(created.out().matches("(?s).*mode:\\s+live.*"), created.out());
    }

    @Test
    void aKeyWithoutScopesGetsTheDialectsDefaultsAndUnknownScopesAreRefused() {
        String accountId = newAccount();
        Map<String, Object> key =
                ok("--json", "key", "create", accountId, "--dialect", "aether").json();
        assertEquals(List.of("files:read", "files:write", "user:read"), key.get("scopes"));
        assertUserError(
                admin("key", "create", accountId, "--dialect", "aether", "--scope", "files:read,purge"),
                "not allowed as scopes: purge");
        assertUserError(
                admin("key", "create", accountId, "--dialect", "hackclub", "--scope", "files:read"),
                "not allowed as scopes: files:read");
        assertEquals(
                1,
                ((List<?>) ok("--json", "key", "list", accountId).json().get("keys")).size(),
                "a refused key is not stored");
    }

    @Test
    void listShowsKeysNewestFirstWithoutSecrets() throws InterruptedException {
        String accountId = newAccount();
        List<String> secrets = new ArrayList<>();
        for (String name : List.of("first", "second", "third")) {
            secrets.add((String) ok("--json", "key", "create", accountId, "--dialect", "hackclub", "--name", name)
                    .json()
                    .get("secret"));
            Thread.sleep(5); // distinct creation milliseconds, so the order is the creation order
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>)
                ok("--json", "key", "list", accountId).json().get("keys");
        assertEquals(
                List.of("third", "second", "first"),
                keys.stream().map(k -> k.get("name")).toList());
        keys.forEach(k -> assertFalse(k.containsKey("secret") || k.containsKey("hash"), k.toString()));

        Result table = ok("key", "list", accountId);
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(0).startsWith("KEY ID") && lines.get(0).contains("HINT"), lines.get(0));
        assertEquals(4, lines.size(), table.out());
        assertTrue(lines.get(1).contains("third") && lines.get(3).contains("first"), table.out());
        for (String secret : secrets) {
            assertFalse(table.out().contains(secret));
            assertFalse(table.out().contains(Secrets.sha256Hex(secret)));
            assertTrue(table.out().contains(secret.substring(0, 11) + "…"));
        }
    }

    @Test
    void revokedKeyNoLongerAuthenticates() {
        String accountId = newAccount();
        Map<String, Object> created = ok("--json", "key", "create", accountId, "--dialect", "hackclub")
                .json();
        String secret = (String) created.get("secret");
        String keyId = (String) created.get("key_id");
        DynamoDbClient dynamo = TestStack.dynamo();
        KeyFormat hackclub = KeyFormats.find("hackclub").orElseThrow();
        assertEquals(
                accountId,
                new Authenticator(new ApiKeyTable(dynamo), Clock.systemUTC())
                        .authenticate(secret, hackclub)
                        .accountId());

        assertEquals(
                Boolean.TRUE,
                ok("--json", "key", "revoke", accountId, keyId).json().get("revoked"));
        assertTrue(ok("key", "list", accountId)
                .out()
                .lines()
                .skip(1)
                .findFirst()
                .orElseThrow()
                .endsWith("yes"));

        assertThrows(
                Unauthenticated.class,
                () -> new Authenticator(new ApiKeyTable(dynamo), Clock.systemUTC()).authenticate(secret, hackclub));
    }

    @Test
    void userErrorsAreOneLineAndExitOne() {
        String accountId = newAccount();
        assertUserError(
                admin("account", "create", "--email", "x-" + System.nanoTime() + "@example.test", "--tier", "gold"),
                "unknown tier 'gold'");
        assertUserError(admin("account", "set-tier", accountId, "platinum"), "unknown tier 'platinum'");
        assertUserError(admin("key", "create", accountId, "--dialect", "bunny"), "unknown dialect 'bunny'");
        assertUserError(admin("account", "show", "usr_missing"), "No account usr_missing");
        assertUserError(admin("account", "set-tier", "usr_missing", "verified"), "No account usr_missing");
        assertUserError(admin("key", "create", "usr_missing", "--dialect", "aether"), "No account usr_missing");
        assertUserError(admin("key", "list", "usr_missing"), "No account usr_missing");
        assertUserError(admin("key", "revoke", accountId, "key_missing"), "No key key_missing");
        assertUserError(admin("account", "create", "--email", "not-an-email"), "valid email");
        assertUserError(admin("account", "create"), "--email");
        assertUserError(admin("account"), "subcommand");
        assertUserError(
                admin("--table", "no-such-table", "account", "show", accountId), "table no-such-table not found");
    }

    @Test
    void duplicateEmailIsAConflict() {
        String email = "dup-" + System.nanoTime() + "@example.test";
        ok("account", "create", "--email", email);
        assertUserError(admin("account", "create", "--email", email), "already exists");
    }

    @Test
    void missingTableSettingIsAUserError() {
        String table = System.getProperty("NIMBUS_TABLE");
        System.clearProperty("NIMBUS_TABLE");
        try {
            assertUserError(admin("account", "show", "usr_x"), "no table");
        } finally {
            System.setProperty("NIMBUS_TABLE", table);
        }
    }

    @Test
    void tableOptionIsUsedAndThenForgotten() {
        String table = Settings.tableName();
        String id = newAccount();
        System.clearProperty("NIMBUS_TABLE");
        try {
            assertEquals(
                    id,
                    ok("--table", table, "--json", "account", "show", id).json().get("id"));
            assertTrue(System.getProperty("NIMBUS_TABLE") == null, "--table leaked into the JVM");
        } finally {
            System.setProperty("NIMBUS_TABLE", table);
        }
    }

    @Test
    void helpWorksOnEveryCommand() {
        for (String[] args : List.of(
                new String[] {"--help"},
                new String[] {"account", "--help"},
                new String[] {"account", "create", "--help"},
                new String[] {"account", "show", "-h"},
                new String[] {"account", "set-tier", "--help"},
                new String[] {"key", "--help"},
                new String[] {"key", "create", "--help"},
                new String[] {"key", "list", "--help"},
                new String[] {"key", "revoke", "--help"})) {
            Result help = ok(args);
            assertTrue(help.out().startsWith("Usage: nimbus-admin"), help.out());
        }
        assertTrue(ok("key", "create", "--help").out().contains("--dialect=DIALECT"));
    }

    private static void collect(AttributeValue value, List<String> into) {
        if (value.s() != null) into.add(value.s());
        if (value.n() != null) into.add(value.n());
        if (value.hasSs()) into.addAll(value.ss());
        if (value.hasL()) value.l().forEach(v -> collect(v, into));
        if (value.hasM()) value.m().values().forEach(v -> collect(v, into));
    }
}
