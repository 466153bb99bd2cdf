package nimbus.aether;

import nimbus.shared.auth.RateLimiter;
import nimbus.shared.http.ApiResponse;

/** The limit state on every answer: {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset} (epoch seconds). */
final class RateLimitHeaders {
    private RateLimitHeaders() {}

    static ApiResponse add(ApiResponse response, RateLimiter.Decision decision) {
        return response.header("X-RateLimit-Limit", Long.toString(decision.limit()))
                .header("X-RateLimit-Remaining", Long.toString(decision.remaining()))
                .header("X-RateLimit-Reset", Long.toString(decision.resetEpochSeconds()));
    }
}
