package nimbus.shared.files;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import nimbus.shared.store.Items;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A folder of an account's files zone. Its file count is kept exact, like the account's counters. */
public record FolderRecord(String id, String accountId, String name, long fileCount, Instant createdAt) {
    public static final String SK = "FOLDER";
    public static final int MAX_NAME = 255;

    public static Map<String, AttributeValue> key(String id) { return Items.key("FOLDER#" + id, SK); }

    public static String accountIndexKey(String accountId) { return "ACCT#" + accountId + "#FOLDERS"; }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key(id));
        item.put("type", Items.s("folder"));
        item.put("id", Items.s(id));
        item.put("accountId", Items.s(accountId));
        item.put("name", Items.s(name));
        item.put("fileCount", Items.n(fileCount));
        item.put("createdAt", Items.s(createdAt.toString()));
        item.put("gsi1pk", Items.s(accountIndexKey(accountId)));
        item.put("gsi1sk", Items.s(Items.sortKey(createdAt, id)));
        return item;
    }

    public static FolderRecord fromItem(Map<String, AttributeValue> item) {
        return new FolderRecord(Items.str(item, "id"), Items.str(item, "accountId"), Items.str(item, "name"),
                Items.num(item, "fileCount"), Instant.parse(Items.str(item, "createdAt")));
    }
}
