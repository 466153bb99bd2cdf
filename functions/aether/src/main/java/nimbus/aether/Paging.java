package nimbus.aether;

import nimbus.shared.error.InvalidInput;
import nimbus.shared.http.ApiRequest;

/** {@code limit} (default 50, at most 100) and {@code offset} (default 0) of a listing. */
record Paging(int limit, int offset) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    static Paging from(ApiRequest request) {
        int limit = number(request, "limit", DEFAULT_LIMIT);
        int offset = number(request, "offset", 0);
        if (limit < 1) throw InvalidInput.notAllowed("limit", Integer.toString(limit));
        if (offset < 0) throw InvalidInput.notAllowed("offset", Integer.toString(offset));
        return new Paging(Math.min(limit, MAX_LIMIT), offset);
    }

    /** A whole number, however large: one past what an int holds is clamped (a limit caps at 100 anyway). */
    private static int number(ApiRequest request, String name, int fallback) {
        String value = request.param(name).map(String::trim).orElse("");
        if (value.isEmpty()) return fallback;
        if (!value.matches("[+-]?\\d+")) throw InvalidInput.malformed(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException outOfRange) {
            return value.startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
    }
}
