package nimbus.shared.auth;

import java.util.Arrays;
import java.util.Optional;
import nimbus.shared.Secrets;

/**
 * The API dialects a key can belong to. A key authenticates only on its own dialect, and its
 * prefix says which. ResCDN has two: live keys and test-mode keys (a separate data set).
 */
public enum Dialect {
    HACKCLUB("hackclub", "sk_cdn_", "live"),
    AETHER("aether", "ak_", "live"),
    SMOOTH("smooth", "scdn_", "live"),
    KEYCDN("keycdn", "sk_prod_", "live"),
    RESCDN_LIVE("rescdn_live", "rk_live_", "live"),
    RESCDN_TEST("rescdn_test", "rk_test_", "test");

    private final String slug;
    private final String prefix;
    private final String mode;

    Dialect(String slug, String prefix, String mode) {
        this.slug = slug;
        this.prefix = prefix;
        this.mode = mode;
    }

    public String slug() { return slug; }

    public String prefix() { return prefix; }

    /** "live", or "test" for keys that act on the separate test-mode data set. */
    public String mode() { return mode; }

    /** A new secret with at least 256 bits of randomness, in the shape the dialect's clients expect. */
    public String newSecret() {
        return switch (this) {
            case HACKCLUB -> prefix + Secrets.hex(32);      // sk_cdn_ + 64 hex
            case AETHER -> prefix + Secrets.base62(43);     // 46 characters, within AetherCDN's 32-64
            default -> prefix + Secrets.base62(43);
        };
    }

    public static Optional<Dialect> fromSlug(String slug) {
        return Arrays.stream(values()).filter(d -> d.slug.equalsIgnoreCase(slug) || d.name().equalsIgnoreCase(slug)).findFirst();
    }
}
