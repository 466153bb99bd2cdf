package nimbus.shared.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.InvalidInput.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Zone settings, case by case from the richest seed's "add zone" parameter table. */
class ZoneSettingsTest {
    private static final List<String> SWITCHES = List.of(
            "forcedownload",
            "cors",
            "gzip",
            "imgproc",
            "blockbadbots",
            "allowemptyreferrer",
            "blockreferrer",
            "securetoken",
            "securetokenip",
            "forcessl",
            "originshield",
            "cacheignorecachecontrol",
            "cacheignorequerystring",
            "cachehostheader",
            "cachekeyscheme",
            "cachekeyhost",
            "cachekeydevice",
            "cachekeywebp",
            "cachekeycountry",
            "cachebr",
            "cachecookies",
            "cachestripcookies",
            "cachecanonical",
            "cacherobots",
            "cacheerrorpages",
            "dirlist");

    /** A self-signed certificate for origin.example.com (EC P-256, valid for a century). */
    private static final String CERT = """
            -----BEGIN CERTIFICATE-----
            MIIBUjCB+qADAgECAgkA7EnfdbnW9L8wCgYIKoZIzj0EAwIwHTEbMBkGA1UEAxMS
            b3JpZ2luLmV4YW1wbGUuY29tMCAXDTI2MTEyNjE2MzMwM1oYDzIxMjYxMTAyMTYz
            MzAzWjAdMRswGQYDVQQDExJvcmlnaW4uZXhhbXBsZS5jb20wWTATBgcqhkjOPQIB
            BggqhkjOPQMBBwNCAARMof9ZbzBl8GY8fOpivZ/C5Ow1sdoLdR0266HX11D+4ghB
            IA0rfhfCizvVGaqhTAHMmvXM5ZM8dUXaOLsFeX0JoyEwHzAdBgNVHQ4EFgQUxyuQ
            bLBbHEUT9s4EpYHtWRg6cW4wCgYIKoZIzj0EAwIDRwAwRAIgV5R98v1rRPi7lrEy
            skX2EaSA2p6/gz4HcN4KUbmp2/ACICFXCd63A0g784pEqZpnYuvY4iMbRs+gfMWM
            WIgqbT6M
            -----END CERTIFICATE-----
            """;

    @Test
    void defaultsAreTheSeedTablesDefaults() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("status", "active");
        expected.put("forcedownload", "disabled");
        expected.put("cors", "disabled");
        expected.put("gzip", "disabled");
        expected.put("imgproc", "disabled");
        expected.put("expire", "0");
        expected.put("blockbadbots", "disabled");
        expected.put("allowemptyreferrer", "enabled");
        expected.put("blockreferrer", "disabled");
        expected.put("securetoken", "disabled");
        expected.put("securetokenip", "disabled");
        expected.put("sslcert", "shared");
        expected.put("forcessl", "disabled");
        expected.put("originshield", "disabled");
        expected.put("cachemaxexpire", "1440");
        expected.put("cacheignorecachecontrol", "enabled");
        expected.put("cacheignorequerystring", "enabled");
        expected.put("cachehostheader", "disabled");
        expected.put("cachekeyscheme", "disabled");
        expected.put("cachekeyhost", "disabled");
        expected.put("cachekeydevice", "disabled");
        expected.put("cachekeywebp", "disabled");
        expected.put("cachekeycountry", "disabled");
        expected.put("cachebr", "disabled");
        expected.put("cachecookies", "disabled");
        expected.put("cachestripcookies", "disabled");
        expected.put("cachexpullkey", "Nimbus");
        expected.put("cachecanonical", "disabled");
        expected.put("cacherobots", "disabled");
        expected.put("cacheerrorpages", "enabled");
        expected.put("dirlist", "disabled");
        assertEquals(expected, ZoneSettings.DEFAULTS);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(ZoneSettings.DEFAULTS.keySet()), "in table order");
        assertEquals(ZoneSettings.DEFAULTS, ZoneSettings.validate(ZoneSettings.DEFAULTS), "defaults are valid");
        assertThrows(UnsupportedOperationException.class, () -> ZoneSettings.DEFAULTS.put("cors", "enabled"));
    }

    @Test
    void settingsWithoutADefaultAreNamedButUnset() {
        for (String name : List.of("securetokenkey", "customsslkey", "customsslcert", "cachekeycookie")) {
            assertTrue(ZoneSettings.NAMES.contains(name), name);
            assertFalse(ZoneSettings.DEFAULTS.containsKey(name), name);
        }
        assertEquals(35, ZoneSettings.NAMES.size());
        for (String notASetting : List.of("name", "type", "originurl", "id")) {
            assertFalse(ZoneSettings.NAMES.contains(notASetting), notASetting);
        }
        assertTrue(ZoneSettings.NAMES.containsAll(SWITCHES));
    }

    @Test
    void everySwitchTakesEnabledOrDisabledAndNothingElse() {
        for (String name : SWITCHES) {
            assertEquals(Map.of(name, "enabled"), ZoneSettings.validate(Map.of(name, "enabled")), name);
            assertEquals(Map.of(name, "disabled"), ZoneSettings.validate(Map.of(name, " disabled\n")), name);
            for (String bad : List.of("true", "false", "1", "0", "on", "Enabled", "DISABLED", "")) {
                InvalidInput e = invalid(Map.of(name, bad));
                assertEquals(name, e.field());
                assertEquals(Problem.NOT_ALLOWED, e.problem(), name + "=" + bad);
                assertEquals(bad, e.value());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "status,active",
        "status,inactive",
        "sslcert,shared",
        "sslcert,custom",
        "sslcert,letsencrypt",
        "sslcert,disabled"
    })
    void everyEnumeratedValueIsAccepted(String name, String value) {
        assertEquals(Map.of(name, value), ZoneSettings.validate(Map.of(name, value)));
    }

    @ParameterizedTest
    @CsvSource({"status,deleted", "status,enabled", "status,Active", "sslcert,enabled", "sslcert,own", "sslcert,Shared"
    })
    void otherEnumeratedValuesAreNotAllowed(String name, String value) {
        InvalidInput e = invalid(Map.of(name, value));
        assertTrue(e.is(name, Problem.NOT_ALLOWED));
        assertEquals(value, e.value());
    }

    @ParameterizedTest
    @CsvSource({
        "expire,-1,-1",
        "expire,0,0",
        "expire,525949,525949",
        "expire,43200,43200",
        "expire,' 007 ',7",
        "expire,+5,5",
        "cachemaxexpire,1,1",
        "cachemaxexpire,1440,1440",
        "cachemaxexpire,525949,525949"
    })
    void numbersInRangeAreAcceptedCanonically(String name, String value, String canonical) {
        assertEquals(Map.of(name, canonical), ZoneSettings.validate(Map.of(name, value)));
    }

    @ParameterizedTest
    @CsvSource({
        "expire,-2",
        "expire,525950",
        "expire,99999999999999999999999",
        "cachemaxexpire,0",
        "cachemaxexpire,-1",
        "cachemaxexpire,525950"
    })
    void numbersOutOfRangeAreNotAllowed(String name, String value) {
        InvalidInput e = invalid(Map.of(name, value));
        assertTrue(e.is(name, Problem.NOT_ALLOWED), e.toString());
        assertEquals(value, e.value());
    }

    @ParameterizedTest
    @CsvSource({
        "expire,''",
        "expire,ten",
        "expire,1.5",
        "expire,1e3",
        "expire,0x10",
        "expire,- 1",
        "cachemaxexpire,''",
        "cachemaxexpire,60m"
    })
    void nonNumbersAreMalformed(String name, String value) {
        assertTrue(invalid(Map.of(name, value)).is(name, Problem.MALFORMED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"securetokenkey", "cachexpullkey"})
    void keysAreFourToFifteenAlphanumerics(String name) {
        assertEquals(Map.of(name, "abcD"), ZoneSettings.validate(Map.of(name, "abcD")));
        assertEquals(
                Map.of(name, "A1".repeat(7) + "z"), ZoneSettings.validate(Map.of(name, " " + "A1".repeat(7) + "z ")));
        InvalidInput tooLong = invalid(Map.of(name, "a".repeat(16)));
        assertTrue(tooLong.is(name, Problem.TOO_LONG));
        assertEquals(15, tooLong.limit());
        for (String bad : List.of("abc", "", "abc-d", "abc d", "abcé", "ab_cd")) {
            assertTrue(invalid(Map.of(name, bad)).is(name, Problem.MALFORMED), bad);
        }
    }

    @Test
    void theCacheKeyCookieIsUpToThirtyTwoAlphanumerics() {
        assertEquals(Map.of("cachekeycookie", "a"), ZoneSettings.validate(Map.of("cachekeycookie", "a")));
        String longest = "c".repeat(32);
        assertEquals(Map.of("cachekeycookie", longest), ZoneSettings.validate(Map.of("cachekeycookie", longest)));
        InvalidInput tooLong = invalid(Map.of("cachekeycookie", longest + "c"));
        assertTrue(tooLong.is("cachekeycookie", Problem.TOO_LONG));
        assertEquals(32, tooLong.limit());
        assertTrue(invalid(Map.of("cachekeycookie", "session-id")).is("cachekeycookie", Problem.MALFORMED));
        assertTrue(invalid(Map.of("cachekeycookie", " ")).is("cachekeycookie", Problem.MALFORMED));
    }

    @Test
    void aCustomKeyIsAPemPrivateKey() throws Exception {
        String key = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(KeyPairGenerator.getInstance("EC")
                                .generateKeyPair()
                                .getPrivate()
                                .getEncoded())
                + "\n-----END PRIVATE KEY-----";
        assertEquals(Map.of("customsslkey", key), ZoneSettings.validate(Map.of("customsslkey", "\n" + key + "\n")));
        for (String bad : List.of(
                "",
                "secret",
                key.replace("PRIVATE KEY", "RSA PRIVATE KEY"),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
                "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----",
                CERT)) {
            assertTrue(invalid(Map.of("customsslkey", bad)).is("customsslkey", Problem.MALFORMED), bad);
        }
    }

    @Test
    void aCustomCertificateIsPemWithOptionalIntermediates() {
        assertEquals(Map.of("customsslcert", CERT.strip()), ZoneSettings.validate(Map.of("customsslcert", CERT)));
        String chain = CERT + CERT;
        assertEquals(Map.of("customsslcert", chain.strip()), ZoneSettings.validate(Map.of("customsslcert", chain)));
        for (String bad : List.of(
                "",
                "certificate",
                "garbage\n" + CERT,
                CERT + "trailing",
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
                CERT.replace("MIIB", "MIIC"))) {
            assertTrue(invalid(Map.of("customsslcert", bad)).is("customsslcert", Problem.MALFORMED), bad);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "type", "originurl", "id", "Cors", "color", ""})
    void unknownNamesAreNotAllowed(String name) {
        InvalidInput e = invalid(Map.of(name, "enabled"));
        assertTrue(e.is(name, Problem.NOT_ALLOWED));
        assertEquals(name, e.value());
    }

    @Test
    void anUnknownNameIsReportedBeforeABadValueAndOtherwiseTheFirstBadOneInTableOrder() {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("dirlist", "yes");
        changes.put("cors", "maybe");
        assertEquals("cors", invalid(changes).field());
        changes.put("bogus", "x");
        assertEquals("bogus", invalid(changes).field());
    }

    @Test
    void aNullValueIsBad() {
        Map<String, String> changes = new HashMap<>();
        changes.put("cors", null);
        InvalidInput e = invalid(changes);
        assertTrue(e.is("cors", Problem.NOT_ALLOWED));
        assertEquals("", e.value());
    }

    @Test
    void validateReturnsOnlyTheGivenSettingsCanonically() {
        Map<String, String> valid = ZoneSettings.validate(
                Map.of("cors", " enabled ", "expire", "0060", "securetokenkey", "Secret1", "sslcert", "letsencrypt"));
        assertEquals(
                Map.of("cors", "enabled", "expire", "60", "securetokenkey", "Secret1", "sslcert", "letsencrypt"),
                valid);
        assertEquals(Map.of(), ZoneSettings.validate(Map.of()));
        assertEquals(Map.of(), ZoneSettings.validate(null));
    }

    @Test
    void withDefaultsOverlaysTheGivenSettings() {
        Map<String, String> all = ZoneSettings.withDefaults(Map.of("cors", "enabled", "securetokenkey", "abcd"));
        assertEquals("enabled", all.get("cors"));
        assertEquals("abcd", all.get("securetokenkey"));
        assertEquals("1440", all.get("cachemaxexpire"));
        assertNull(all.get("cachekeycookie"));
        assertEquals(ZoneSettings.DEFAULTS.size() + 1, all.size());
        assertEquals(ZoneSettings.DEFAULTS, ZoneSettings.withDefaults(Map.of()));
        assertEquals(ZoneSettings.DEFAULTS, ZoneSettings.withDefaults(null));
    }

    @Test
    void aZonesSettingsAreACopyAndNeverNull() {
        Map<String, String> given = new HashMap<>(Map.of("cors", "enabled"));
        Zone zone = new Zone("1", "usr_a", ZoneKind.PUSH, "a", "a-1.cdn.test", null, 0, 0, 0, null, given);
        given.put("gzip", "enabled");
        assertEquals(Map.of("cors", "enabled"), zone.settings());
        assertThrows(UnsupportedOperationException.class, () -> zone.settings().put("gzip", "enabled"));
        assertEquals(Map.of(), new Zone("1", "usr_a", ZoneKind.PUSH, "a", null, null, 0, 0, 0, null, null).settings());
        assertEquals(Map.of(), Zone.filesZone("usr_a", null).settings());
    }

    private static InvalidInput invalid(Map<String, String> changes) {
        return assertThrows(InvalidInput.class, () -> ZoneSettings.validate(changes));
    }
}
