package nimbus.shared.auth;

import nimbus.shared.http.ApiRequest;

/** Where clients put their key. */
public final class Credentials {
    private Credentials() {}

    /** {@code Authorization: Bearer KEY}, or Rails' {@code Token token="KEY"}; null when absent. */
    public static String bearer(ApiRequest request) {
        String header = request.header("Authorization").orElse("").trim();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7))
            return header.substring(7).trim();
        if (header.regionMatches(true, 0, "Token ", 0, 6)) {
            String rest = header.substring(6).trim();
            if (rest.startsWith("token=")) rest = rest.substring(6);
            // Rails ends the token at the first pair delimiter: a comma, a semicolon or a tab.
            rest = rest.split("[,;\t]", 2)[0];
            return rest.replace("\"", "").trim();
        }
        return null;
    }
}
