package nimbus.shared.account;

import java.time.Instant;
import java.util.Map;
import nimbus.shared.store.Items;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A tenant. Its storage and file counters are kept exact, in the same transaction as each write. */
public record Account(String id, String email, String name, QuotaTier tier,
                      long storageUsed, long fileCount, long folderCount, Instant createdAt) {

    public static final String SK = "ACCOUNT";

    public static String pk(String accountId) { return "ACCT#" + accountId; }

    public static Map<String, AttributeValue> key(String accountId) { return Items.key(pk(accountId), SK); }

    public long storageLimit() { return tier.maxTotalBytes(); }

    /** The same account after {@code bytes} more were stored (a running view during a batch). */
    public Account plusStorage(long bytes) {
        return new Account(id, email, name, tier, storageUsed + bytes, fileCount + 1, folderCount, createdAt);
    }

    public static Account fromItem(Map<String, AttributeValue> item) {
        return new Account(
                Items.str(item, "id"),
                Items.str(item, "email"),
                Items.str(item, "name"),
                QuotaTier.fromSlug(Items.str(item, "tier")).orElse(QuotaTier.UNVERIFIED),
                Items.num(item, "storageUsed"),
                Items.num(item, "fileCount"),
                Items.num(item, "folderCount"),
                Instant.parse(Items.str(item, "createdAt")));
    }
}
