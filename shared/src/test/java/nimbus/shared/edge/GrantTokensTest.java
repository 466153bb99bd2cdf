package nimbus.shared.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
import java.util.stream.IntStream;
import nimbus.shared.edge.GrantTokens.Grant;
import org.junit.jupiter.api.Test;

class GrantTokensTest {
    /** Bytes 0x00..0x1f: the key of the vector that functions/edge/tests/grant.test.js checks too. */
    static final String VECTOR_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    static final Grant VECTOR_GRANT = new Grant(
            "files-usr_vector",
            "/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/",
            1893456000L,
            "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c",
            true);

    /** The same token in functions/edge/tests/fixtures.js (VECTOR.token); its HMAC was also taken with openssl. */
    static final String VECTOR_TOKEN =
            "eyJ6IjoiZmlsZXMtdXNyX3ZlY3RvciIsInAiOiIvMDE5MGExYjItYzNkNC03ZTVmLThhOWItMGMxZDJlM2Y0YTViLyIsImUiOjE4OTM0NTYwMDAsImciOiIwMTkwYTFiMi1jM2Q0LTdlNWYtOGE5Yi0wYzFkMmUzZjRhNWMiLCJkIjoxfQ"
                    + ".Z36IG9l8x-78-i8UOjHKDCgiS9wC74Wy6tFU6DC-BSQ";

    @Test
    void theSharedVectorSignsToTheTokenTheEdgeChecks() {
        byte[] key = new byte[32];
        IntStream.range(0, 32).forEach(i -> key[i] = (byte) i);
        assertEquals(VECTOR_KEY, Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        assertEquals(VECTOR_TOKEN, GrantTokens.sign(VECTOR_KEY, VECTOR_GRANT));
        String payload = new String(Base64.getUrlDecoder().decode(VECTOR_TOKEN.split("\\.")[0]));
        assertEquals(
                "{\"z\":\"files-usr_vector\",\"p\":\"/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/\",\"e\":1893456000,"
                        + "\"g\":\"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c\",\"d\":1}",
                payload);
        assertEquals(Optional.of(VECTOR_GRANT), GrantTokens.open(VECTOR_KEY, VECTOR_TOKEN));
    }

    @Test
    void withoutTheDownloadFlagThePayloadHasNoD() {
        Grant inline = new Grant("7", "/private/a.pdf", 1893456000L, "g1", false);
        String token = GrantTokens.sign(VECTOR_KEY, inline);
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertEquals("{\"z\":\"7\",\"p\":\"/private/a.pdf\",\"e\":1893456000,\"g\":\"g1\"}", payload);
        assertEquals(Optional.of(inline), GrantTokens.open(VECTOR_KEY, token));
    }

    @Test
    void aTamperedTokenOrAnotherKeyOpensNothing() {
        String[] parts = VECTOR_TOKEN.split("\\.");
        String flipped = parts[1].charAt(0) == 'A' ? "B" + parts[1].substring(1) : "A" + parts[1].substring(1);
        assertEquals(Optional.empty(), GrantTokens.open(VECTOR_KEY, parts[0] + "." + flipped));
        String otherPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"z\":\"files-usr_vector\",\"p\":\"/\",\"e\":1,\"g\":\"x\"}".getBytes());
        assertEquals(Optional.empty(), GrantTokens.open(VECTOR_KEY, otherPayload + "." + parts[1]));
        assertEquals(Optional.empty(), GrantTokens.open(GrantTokens.newKey(), VECTOR_TOKEN));
        assertEquals(Optional.empty(), GrantTokens.open(VECTOR_KEY, "garbage"));
        assertEquals(Optional.empty(), GrantTokens.open(VECTOR_KEY, null));
    }

    @Test
    void newKeysAre32RandomBytesOfBase64Url() {
        String a = GrantTokens.newKey();
        String b = GrantTokens.newKey();
        assertTrue(a.matches("[A-Za-z0-9_-]{43}"), a);
        assertEquals(32, Base64.getUrlDecoder().decode(a).length);
        assertNotEquals(a, b);
        assertThrows(IllegalArgumentException.class, () -> GrantTokens.sign("short", VECTOR_GRANT));
    }
}
