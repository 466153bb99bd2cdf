package nimbus.shared.account;

import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.error.ApiException;

/** Quota checks against an account's tier; an upload over quota is a 402 that reports the usage. */
public final class Quota {
    private Quota() {}

    public static void checkFits(Account account, long bytes) {
        QuotaTier tier = account.tier();
        if (bytes > tier.maxFileBytes()) {
            throw exceeded(account, "file_too_large",
                    "File size exceeds your limit of " + humanSize(tier.maxFileBytes()) + " per file");
        }
        if (account.storageUsed() + bytes > tier.maxTotalBytes()) {
            throw exceeded(account, "quota_exceeded", "Storage quota exceeded");
        }
    }

    public static ApiException exceeded(Account account, String code, String message) {
        return new ApiException(402, code, message, Map.of("quota", usage(account)));
    }

    public static Map<String, Object> usage(Account account) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("storage_used", account.storageUsed());
        usage.put("storage_limit", account.storageLimit());
        usage.put("quota_tier", account.tier().slug());
        usage.put("percentage_used", Math.round(account.storageUsed() * 10000.0 / account.storageLimit()) / 100.0);
        return usage;
    }

    /** "10 MB", "1.5 GB": binary multiples written the way Rails' number_to_human_size writes them. */
    public static String humanSize(long bytes) {
        String[] units = {"Bytes", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) return bytes + " Bytes";
        String text = String.format(java.util.Locale.ROOT, "%.1f", value);
        if (text.endsWith(".0")) text = text.substring(0, text.length() - 2);
        return text + " " + units[unit];
    }
}
