package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static nimbus.keycdn.Calls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestCertificates;
import nimbus.local.kit.TestCertificates.Algorithm;
import nimbus.local.kit.TestCertificates.Issued;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.tls.KeyVault;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneTable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Custom certificates through Add Zone and Edit Zone against moto: the key is checked against the certificate, sealed
 * with the stack's KMS key, stored as ciphertext only and never answered; a refusal changes nothing; leaving the
 * custom certificate drops key and certificate. Keys and certificates are made here.
 */
class CustomCertificateTest {
    private final AddZoneHandler add = new AddZoneHandler(TestStack.context());
    private final EditZoneHandler edit = new EditZoneHandler(TestStack.context());
    private final ViewZoneHandler view = new ViewZoneHandler(TestStack.context());
    private final ListZonesHandler list = new ListZonesHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    private static Issued leaf(Algorithm algorithm, Issued issuer) {
        Instant now = Instant.now();
        return TestCertificates.issue(
                TestCertificates.keys(algorithm),
                "www.example.test",
                issuer,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(90)),
                false);
    }

    private static String body(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue().replace("\n", "\\n") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static Map<String, String> params(String... pairs) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) params.put(pairs[i], pairs[i + 1]);
        return params;
    }

    private Reply addZone(Map<String, String> params) {
        return call(add, json(event("add-zone", owner.key()), body(params)));
    }

    private Reply editZone(Zone zone, Map<String, String> params) {
        return call(edit, json(event("edit-zone", owner.key(), zone.id()), body(params)));
    }

    private static Map<String, AttributeValue> item(String zoneId) {
        return TestStack.dynamo()
                .getItem(g -> g.tableName(Settings.tableName())
                        .key(Items.key(Keys.zone(zoneId), Keys.ZONE_SK))
                        .consistentRead(true))
                .item();
    }

    private static byte[] decrypt(byte[] ciphertext, String zoneId) {
        return TestStack.context()
                .getBean(KmsClient.class)
                .decrypt(d -> d.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                        .encryptionContext(Map.of(KeyVault.CONTEXT_ZONE, zoneId)))
                .plaintext()
                .asByteArray();
    }

    /** The zone item holds the key only as a KMS ciphertext that decrypts (for this zone) to the key's PKCS #8. */
    private static void assertSealed(String zoneId, PrivateKey key, String keyPem) {
        Map<String, AttributeValue> item = item(zoneId);
        AttributeValue sealed = item.get(ZoneTable.SEALED_KEY);
        assertNotNull(sealed, "no sealed key on " + item.keySet());
        byte[] ciphertext = sealed.b().asByteArray();
        byte[] pkcs8 = key.getEncoded();
        assertFalse(Arrays.equals(ciphertext, pkcs8));
        assertFalse(indexOf(ciphertext, Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length)) >= 0);
        byte[] plain = decrypt(ciphertext, zoneId);
        // bound to its zone: the same ciphertext does not decrypt for another
        assertThrows(KmsException.class, () -> decrypt(ciphertext, zoneId + "0"));
        assertEquals(secret(key), secret(readPkcs8(key.getAlgorithm(), plain)));
        assertFalse(item.get("settings").m().containsKey("customsslkey"), "the key is not a setting");
        assertNoKey(item.toString(), keyPem);
    }

    private static void assertNoKey(String text, String keyPem) {
        assertFalse(text.contains("PRIVATE KEY"), text);
        for (String line : keyPem.lines().filter(l -> !l.startsWith("-----")).toList()) {
            assertFalse(text.contains(line), "the key shows in " + text);
        }
    }

    @Test
    void addAPullZoneWithAnRsaPkcs1KeyAndAnIntermediate() {
        Issued intermediate = TestCertificates.selfSigned(Algorithm.RSA, "Test Intermediate", Instant.now());
        Issued leaf = leaf(Algorithm.RSA, intermediate);
        String chain = TestCertificates.pem(leaf.cert(), intermediate.cert());
        String key = leaf.traditionalPem();
        assertTrue(key.contains("BEGIN RSA PRIVATE KEY"));
        Reply reply = addZone(params(
                "name",
                "secure",
                "type",
                "pull",
                "originurl",
                "https://example.com",
                "sslcert",
                "custom",
                "customsslkey",
                key,
                "customsslcert",
                chain));
        assertEquals(200, reply.status(), reply.text());
        Map<String, Object> zone = reply.zone();
        assertEquals("custom", zone.get("sslcert"));
        assertNull(zone.get("customsslkey"));
        assertTrue(zone.containsKey("customsslkey"));
        assertEquals(chain.strip(), zone.get("customsslcert"));
        assertNoKey(reply.text(), key);
        String id = (String) zone.get("id");
        assertSealed(id, leaf.keys().getPrivate(), key);
        assertEquals(
                chain.strip(), item(id).get("settings").m().get("customsslcert").s());

        Reply viewed = call(view, event("view-zone", owner.key(), id));
        assertEquals(200, viewed.status(), viewed.text());
        assertEquals("custom", viewed.zone().get("sslcert"));
        assertNull(viewed.zone().get("customsslkey"));
        assertEquals(chain.strip(), viewed.zone().get("customsslcert"));
        assertNoKey(viewed.text(), key);
        Reply listed = call(list, event("list-zones", owner.key()));
        assertEquals(200, listed.status(), listed.text());
        assertTrue(listed.text().contains("\"sslcert\":\"custom\""), listed.text());
        assertNoKey(listed.text(), key);
    }

    @Test
    void addAPushZoneWithAnEcPkcs8Key() {
        Issued leaf = leaf(Algorithm.EC, null);
        Reply reply = addZone(params(
                "name",
                "ecpush",
                "sslcert",
                "custom",
                "customsslkey",
                leaf.pkcs8Pem(),
                "customsslcert",
                leaf.certPem()));
        assertEquals(200, reply.status(), reply.text());
        assertEquals("custom", reply.zone().get("sslcert"));
        assertSealed((String) reply.zone().get("id"), leaf.keys().getPrivate(), leaf.pkcs8Pem());
    }

    @Test
    void aBadCertificateIs400NamingTheFieldAndAddsNothing() {
        Issued leaf = leaf(Algorithm.EC, null);
        Issued other = leaf(Algorithm.EC, null);
        Instant now = Instant.now();
        Issued expired = TestCertificates.issue(
                leaf.keys(), "old.example.test", null, now.minus(Duration.ofDays(90)), now.minusSeconds(60), false);
        Issued future = TestCertificates.issue(
                leaf.keys(),
                "new.example.test",
                null,
                now.plus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(9)),
                false);
        Issued stranger = TestCertificates.selfSigned(Algorithm.RSA, "Stranger", now);
        Map<List<String>, String> cases = Map.of(
                List.of("custom", other.pkcs8Pem(), leaf.certPem()),
                "Invalid parameter customsslkey: the private key does not match the certificate in customsslcert.",
                List.of("custom", leaf.pkcs8Pem(), expired.certPem()),
                "Invalid parameter customsslcert: the certificate has expired.",
                List.of("custom", leaf.pkcs8Pem(), future.certPem()),
                "Invalid parameter customsslcert: the certificate is not valid yet.",
                List.of("custom", leaf.pkcs8Pem(), TestCertificates.pem(leaf.cert(), stranger.cert())),
                "Invalid parameter customsslcert: the chain is broken: each certificate must be signed by the one"
                        + " that follows it.",
                List.of("custom", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", leaf.certPem()),
                "Invalid parameter customsslkey.",
                List.of("custom", leaf.pkcs8Pem(), "garbage"),
                "Invalid parameter customsslcert.",
                List.of("custom", leaf.pkcs8Pem(), ""),
                "Invalid parameter customsslcert.",
                List.of("shared", leaf.pkcs8Pem(), leaf.certPem()),
                "Invalid parameter customsslkey: only allowed with sslcert=custom.");
        cases.forEach((given, description) -> {
            Reply reply = addZone(params(
                    "name",
                    "bad",
                    "sslcert",
                    given.get(0),
                    "customsslkey",
                    given.get(1),
                    "customsslcert",
                    given.get(2)));
            assertEquals(400, reply.status(), description);
            assertEquals(Expected.error(description), reply.text());
            assertNoKey(reply.text(), leaf.pkcs8Pem());
        });
        Reply noCert = addZone(params("name", "bad", "sslcert", "custom", "customsslkey", leaf.pkcs8Pem()));
        assertEquals(Expected.error("Missing required parameter: customsslcert."), noCert.text());
        Reply certOnly = addZone(params("name", "bad", "customsslcert", leaf.certPem()));
        assertEquals(
                Expected.error("Invalid parameter customsslcert: only allowed with sslcert=custom."), certOnly.text());
        assertEquals(List.of(), Stored.zones().list(owner.id()));
    }

    @Test
    void editSetsReplacesRefusesWithoutChangeAndDropsOnSwitchingBack() {
        Zone zone = Stored.pull(owner, "editme");
        Issued first = leaf(Algorithm.RSA, null);
        Reply set = editZone(
                zone, params("sslcert", "custom", "customsslkey", first.pkcs8Pem(), "customsslcert", first.certPem()));
        assertEquals(200, set.status(), set.text());
        assertEquals("custom", set.zone().get("sslcert"));
        assertNull(set.zone().get("customsslkey"));
        assertNoKey(set.text(), first.pkcs8Pem());
        assertSealed(zone.id(), first.keys().getPrivate(), first.pkcs8Pem());

        // other settings change and the certificate stays
        Reply other = editZone(zone, params("cors", "enabled"));
        assertEquals(200, other.status(), other.text());
        assertEquals("custom", other.zone().get("sslcert"));
        assertEquals(first.certPem().strip(), other.zone().get("customsslcert"));

        // a refused change leaves the item exactly as it was
        Map<String, AttributeValue> before = item(zone.id());
        Issued second = leaf(Algorithm.EC, null);
        Reply mismatched =
                editZone(zone, params("customsslkey", first.traditionalPem(), "customsslcert", second.certPem()));
        assertEquals(400, mismatched.status(), mismatched.text());
        Reply half = editZone(zone, params("customsslcert", second.certPem()));
        assertEquals(Expected.error("Missing required parameter: customsslkey."), half.text());
        assertEquals(before, item(zone.id()));

        // a renewal: a new pair replaces the old one, without sslcert (the zone's is custom)
        Reply renewed =
                editZone(zone, params("customsslkey", second.traditionalPem(), "customsslcert", second.certPem()));
        assertEquals(200, renewed.status(), renewed.text());
        assertEquals(second.certPem().strip(), renewed.zone().get("customsslcert"));
        assertSealed(zone.id(), second.keys().getPrivate(), second.traditionalPem());

        Reply back = editZone(zone, params("sslcert", "letsencrypt"));
        assertEquals(200, back.status(), back.text());
        assertEquals("letsencrypt", back.zone().get("sslcert"));
        assertNull(back.zone().get("customsslcert"));
        Map<String, AttributeValue> after = item(zone.id());
        assertNull(after.get(ZoneTable.SEALED_KEY));
        assertFalse(after.get("settings").m().containsKey("customsslcert"));
        assertEquals("enabled", after.get("settings").m().get("cors").s());

        // custom again needs a pair again: nothing is kept to come back to
        Reply again = editZone(zone, params("sslcert", "custom"));
        assertEquals(Expected.error("Missing required parameter: customsslkey."), again.text());
    }

    private static java.math.BigInteger secret(PrivateKey key) {
        return key instanceof java.security.interfaces.ECPrivateKey ec
                ? ec.getS()
                : ((java.security.interfaces.RSAPrivateKey) key).getPrivateExponent();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static PrivateKey readPkcs8(String algorithm, byte[] der) {
        try {
            return java.security.KeyFactory.getInstance(algorithm)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
        } catch (Exception e) {
            throw new AssertionError(Base64.getEncoder().encodeToString(der), e);
        }
    }
}
