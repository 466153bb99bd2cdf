package nimbus.shared.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import nimbus.local.kit.TestCertificates;
import nimbus.local.kit.TestCertificates.Algorithm;
import nimbus.local.kit.TestCertificates.Issued;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.InvalidInput.Detail;
import nimbus.shared.error.InvalidInput.Problem;
import nimbus.shared.zone.ZoneSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The custom certificate checks, on keys and certificates made here (none is committed). */
class CertificatesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String KEY = "customsslkey";
    private static final String CERT = "customsslcert";

    private static Certificates.Checked check(String key, String cert, Instant now) {
        return Certificates.check(KEY, key, CERT, cert, now);
    }

    private static InvalidInput refused(String key, String cert, Instant now) {
        return assertThrows(InvalidInput.class, () -> check(key, cert, now));
    }

    private static Issued leaf(Algorithm algorithm) {
        return TestCertificates.issue(
                TestCertificates.keys(algorithm),
                "www.example.test",
                null,
                NOW.minus(Duration.ofDays(10)),
                NOW.plus(Duration.ofDays(80)),
                false);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void aMatchingPairInPkcs8IsAccepted(Algorithm algorithm) {
        Issued leaf = leaf(algorithm);
        Certificates.Checked checked = check(leaf.pkcs8Pem(), "\n" + leaf.certPem() + "\n", NOW);
        assertEquals(leaf.certPem().strip(), checked.chainPem());
        assertEquals(List.of(leaf.cert()), checked.chain());
        assertArrayEquals(leaf.keys().getPrivate().getEncoded(), checked.privateKeyPkcs8());
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void aMatchingPairInTheTraditionalFormIsAccepted(Algorithm algorithm) {
        Issued leaf = leaf(algorithm);
        String traditional = leaf.traditionalPem();
        assertTrue(
                traditional.contains("BEGIN " + algorithm + " PRIVATE KEY"),
                traditional.lines().findFirst().get());
        Certificates.Checked checked = check(traditional, leaf.certPem(), NOW);
        // stored as PKCS #8 whatever form it came in
        java.security.PrivateKey stored = readPkcs8(algorithm, checked.privateKeyPkcs8());
        if (algorithm == Algorithm.RSA) assertEquals(leaf.keys().getPrivate(), stored);
        else
            assertEquals(
                    ((java.security.interfaces.ECPrivateKey) leaf.keys().getPrivate()).getS(),
                    ((java.security.interfaces.ECPrivateKey) stored).getS());
    }

    @Test
    void anEcKeyAfterItsParametersBlockIsAccepted() {
        Issued leaf = leaf(Algorithm.EC);
        String params = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
        check(params + leaf.traditionalPem(), leaf.certPem(), NOW);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void aKeyOfAnotherCertificateIsRefused(Algorithm algorithm) {
        Issued leaf = leaf(algorithm);
        Issued other = leaf(algorithm);
        for (String key : List.of(other.pkcs8Pem(), other.traditionalPem())) {
            InvalidInput e = refused(key, leaf.certPem(), NOW);
            assertEquals(Detail.KEY_MISMATCH, e.detail());
            assertTrue(e.is(KEY, Problem.NOT_ALLOWED));
        }
    }

    @Test
    void aKeyOfAnotherAlgorithmIsRefused() {
        Issued rsa = leaf(Algorithm.RSA);
        Issued ec = leaf(Algorithm.EC);
        assertEquals(
                Detail.KEY_MISMATCH, refused(ec.pkcs8Pem(), rsa.certPem(), NOW).detail());
        assertEquals(
                Detail.KEY_MISMATCH, refused(rsa.pkcs8Pem(), ec.certPem(), NOW).detail());
    }

    @Test
    void anEcKeyOnAnotherCurveIsRefused() throws Exception {
        Issued leaf = leaf(Algorithm.EC);
        var generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        KeyPair other = generator.generateKeyPair();
        assertEquals(
                Detail.KEY_MISMATCH,
                refused(TestCertificates.pkcs8(other.getPrivate()), leaf.certPem(), NOW)
                        .detail());
    }

    @Test
    void anExpiredCertificateIsRefused() {
        KeyPair keys = TestCertificates.keys(Algorithm.EC);
        Issued expired = TestCertificates.issue(
                keys, "old.example.test", null, NOW.minus(Duration.ofDays(100)), NOW.minusSeconds(1), false);
        InvalidInput e = refused(expired.pkcs8Pem(), expired.certPem(), NOW);
        assertEquals(Detail.EXPIRED, e.detail());
        assertEquals(CERT, e.field());
    }

    @Test
    void aCertificateNotValidYetIsRefused() {
        KeyPair keys = TestCertificates.keys(Algorithm.EC);
        Issued future = TestCertificates.issue(
                keys, "new.example.test", null, NOW.plusSeconds(60), NOW.plus(Duration.ofDays(90)), false);
        InvalidInput e = refused(future.pkcs8Pem(), future.certPem(), NOW);
        assertEquals(Detail.NOT_YET_VALID, e.detail());
        assertEquals(CERT, e.field());
        // valid from its first second to its last (the injected clock decides "now")
        check(future.pkcs8Pem(), future.certPem(), NOW.plusSeconds(60));
    }

    @Test
    void aChainOfIntermediatesIsAccepted() {
        Issued root = TestCertificates.selfSigned(Algorithm.RSA, "Test Root", NOW);
        Issued intermediate = TestCertificates.issue(
                TestCertificates.keys(Algorithm.EC),
                "Test Intermediate",
                root,
                NOW.minus(Duration.ofDays(5)),
                NOW.plus(Duration.ofDays(365)),
                true);
        Issued leaf = TestCertificates.issue(
                TestCertificates.keys(Algorithm.RSA),
                "www.example.test",
                intermediate,
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(90)),
                false);
        String chain = TestCertificates.pem(leaf.cert(), intermediate.cert(), root.cert());
        assertEquals(3, check(leaf.pkcs8Pem(), chain, NOW).chain().size());
        check(leaf.traditionalPem(), TestCertificates.pem(leaf.cert(), intermediate.cert()), NOW);
    }

    @Test
    void aChainOutOfOrderOrOfAnotherIssuerIsRefused() {
        Issued root = TestCertificates.selfSigned(Algorithm.EC, "Test Root", NOW);
        Issued intermediate = TestCertificates.issue(
                TestCertificates.keys(Algorithm.EC),
                "Test Intermediate",
                root,
                NOW.minus(Duration.ofDays(5)),
                NOW.plus(Duration.ofDays(365)),
                true);
        Issued leaf = TestCertificates.issue(
                TestCertificates.keys(Algorithm.EC),
                "www.example.test",
                intermediate,
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(90)),
                false);
        // intermediates swapped
        assertEquals(
                Detail.BROKEN_CHAIN,
                refused(leaf.pkcs8Pem(), TestCertificates.pem(leaf.cert(), root.cert(), intermediate.cert()), NOW)
                        .detail());
        // an unrelated certificate after the leaf
        Issued stranger = TestCertificates.selfSigned(Algorithm.EC, "Other Root", NOW);
        assertEquals(
                Detail.BROKEN_CHAIN,
                refused(leaf.pkcs8Pem(), TestCertificates.pem(leaf.cert(), stranger.cert()), NOW)
                        .detail());
        // the same name as the real issuer, another key: the signature does not verify
        Issued impostor = TestCertificates.issue(
                TestCertificates.keys(Algorithm.EC),
                "Test Intermediate",
                root,
                NOW.minus(Duration.ofDays(5)),
                NOW.plus(Duration.ofDays(365)),
                true);
        assertEquals(
                Detail.BROKEN_CHAIN,
                refused(leaf.pkcs8Pem(), TestCertificates.pem(leaf.cert(), impostor.cert()), NOW)
                        .detail());
    }

    /** KMS encrypts at most 4096 bytes: an RSA key of 8192 bits is refused (its numbers made up, not generated). */
    @Test
    void aKeyTooLargeForKmsIsRefused() throws Exception {
        java.util.Random random = new java.util.Random(8192);
        java.math.BigInteger n =
                new java.math.BigInteger(8192, random).setBit(8191).setBit(0);
        java.math.BigInteger e = java.math.BigInteger.valueOf(65537);
        java.math.BigInteger half =
                new java.math.BigInteger(4096, random).setBit(4095).setBit(0);
        java.security.KeyFactory rsa = java.security.KeyFactory.getInstance("RSA");
        KeyPair huge = new KeyPair(
                rsa.generatePublic(new java.security.spec.RSAPublicKeySpec(n, e)),
                rsa.generatePrivate(new java.security.spec.RSAPrivateCrtKeySpec(
                        n,
                        e,
                        n.subtract(java.math.BigInteger.TEN),
                        half,
                        half.add(java.math.BigInteger.TWO),
                        half,
                        half,
                        half)));
        Issued issuer = TestCertificates.selfSigned(Algorithm.EC, "Test CA", NOW);
        Issued leaf = TestCertificates.issue(
                huge, "big.example.test", issuer, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(9)), false);
        InvalidInput refused = refused(leaf.pkcs8Pem(), TestCertificates.pem(leaf.cert(), issuer.cert()), NOW);
        assertEquals(Detail.KEY_TOO_LARGE, refused.detail());
        assertEquals(KEY, refused.field());
        assertEquals(Certificates.MAX_KEY_BYTES, refused.limit());
    }

    @Test
    void garbageIsMalformed() {
        Issued leaf = leaf(Algorithm.RSA);
        String key = leaf.pkcs8Pem();
        String cert = leaf.certPem();
        for (String bad : List.of(
                "",
                "   ",
                "not a key",
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
                "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----",
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----",
                key.replace("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY")
                        .replace("END PRIVATE KEY", "END RSA PRIVATE KEY"),
                "junk\n" + key,
                key + "trailing",
                key + key,
                cert,
                key.substring(0, key.length() / 2))) {
            assertTrue(refused(bad, cert, NOW).is(KEY, Problem.MALFORMED), bad);
        }
        for (String bad : List.of(
                "",
                "certificate",
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
                "junk\n" + cert,
                cert + "trailing",
                key,
                cert + key,
                cert.substring(0, cert.length() / 2))) {
            assertTrue(refused(key, bad, NOW).is(CERT, Problem.MALFORMED), bad);
        }
    }

    @Test
    void anEncryptedKeyIsMalformed() {
        String encrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                + Base64.getEncoder().encodeToString(new byte[48])
                + "\n-----END RSA PRIVATE KEY-----\n";
        assertTrue(refused(encrypted, leaf(Algorithm.RSA).certPem(), NOW).is(KEY, Problem.MALFORMED));
    }

    @Test
    void theSettingsAcceptEveryKeyFormAndRefuseGarbage() {
        Issued leaf = leaf(Algorithm.EC);
        for (String key : List.of(leaf.pkcs8Pem(), leaf.traditionalPem())) {
            assertEquals(
                    key.strip(),
                    ZoneSettings.validate(java.util.Map.of(KEY, key)).get(KEY));
        }
        InvalidInput e = assertThrows(
                InvalidInput.class, () -> ZoneSettings.validate(java.util.Map.of(KEY, "-----BEGIN X-----")));
        assertTrue(e.is(KEY, Problem.MALFORMED));
    }

    private static java.security.PrivateKey readPkcs8(Algorithm algorithm, byte[] der) {
        try {
            return java.security.KeyFactory.getInstance(algorithm.name())
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
