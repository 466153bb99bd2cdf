package nimbus.shared.account;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Storage quota tiers, which every dialect shares: a limit per file and a limit on total storage.
 * The slugs are those clients already know (docs/data-model.md says where they come from).
 */
public enum QuotaTier {
    UNVERIFIED("unverified", 10L << 20, 50L << 20),
    VERIFIED("verified", 100L << 20, 50L << 30),
    FUNCTIONALLY_UNLIMITED("functionally_unlimited", 500L << 20, 300L << 30);

    private final String slug;
    private final long maxFileBytes;
    private final long maxTotalBytes;

    QuotaTier(String slug, long maxFileBytes, long maxTotalBytes) {
        this.slug = slug;
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    public String slug() {
        return slug;
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    /** Accepts the slug in any case, and "unlimited" for the last tier. */
    public static Optional<QuotaTier> fromSlug(String slug) {
        if (slug == null) return Optional.empty();
        String s = slug.trim().toLowerCase(Locale.ROOT);
        if (s.equals("unlimited")) return Optional.of(FUNCTIONALLY_UNLIMITED);
        return Arrays.stream(values()).filter(t -> t.slug.equals(s)).findFirst();
    }
}
