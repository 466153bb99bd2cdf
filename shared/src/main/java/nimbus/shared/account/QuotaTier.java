package nimbus.shared.account;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Storage quota tiers (the Hack Club CDN policy): a limit per file and a limit on total storage. */
public enum QuotaTier {
    UNVERIFIED("unverified", 10L << 20, 50L << 20),
    VERIFIED("verified", 100L << 20, 50L << 30),
    UNLIMITED("unlimited", 500L << 20, 300L << 30);

    private final String slug;
    private final long maxFileBytes;
    private final long maxTotalBytes;

    QuotaTier(String slug, long maxFileBytes, long maxTotalBytes) {
        this.slug = slug;
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    public String slug() { return slug; }

    public long maxFileBytes() { return maxFileBytes; }

    public long maxTotalBytes() { return maxTotalBytes; }

    /** Accepts the slug in any case; "functionally_unlimited" is the reference implementation's name. */
    public static Optional<QuotaTier> fromSlug(String slug) {
        if (slug == null) return Optional.empty();
        String s = slug.trim().toLowerCase(Locale.ROOT);
        if (s.equals("functionally_unlimited")) return Optional.of(UNLIMITED);
        return Arrays.stream(values()).filter(t -> t.slug.equals(s)).findFirst();
    }
}
