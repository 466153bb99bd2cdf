package nimbus.keycdn;

import nimbus.shared.auth.RateLimiter;
import nimbus.shared.http.ApiResponse;

/** The seed's two headers, in exactly this case (a KeyCDN client looks them up as written). */
final class RateLimitHeaders {
    static final String LIMIT = "X-Rate-Limit-Limit";
    static final String REMAINING = "X-Rate-Limit-Remaining";

    private RateLimitHeaders() {}

    static ApiResponse add(ApiResponse response, RateLimiter.Decision decision) {
        return response.header(LIMIT, Long.toString(decision.limit()))
                .header(REMAINING, Long.toString(decision.remaining()));
    }
}
