package nimbus.shared.files;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.store.Items;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stored file of an account's files zone (a Hack Club upload, an AetherCDN file). The blob lives
 * in the assets bucket under {@link #blobKey(String)}, derived from the id alone, so the edge can
 * serve {@code /{id}/{anything}} without reading metadata.
 */
public record FileRecord(String id, String accountId, String filename, long size, String contentType,
                         String sha256, Instant createdAt, String folderId, String description, List<String> tags) {

    public FileRecord {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static final String SK = "FILE";

    public static String pk(String id) { return "FILE#" + id; }

    public static Map<String, AttributeValue> key(String id) { return Items.key(pk(id), SK); }

    public static String blobKey(String id) { return "files/" + id; }

    public static String accountIndexKey(String accountId) { return "ACCT#" + accountId + "#FILES"; }

    public static String folderIndexKey(String folderId) { return "FOLDER#" + folderId + "#FILES"; }

    /** The sort key of both listings: creation order, ties broken by the (time-ordered) id. */
    public String listingKey() { return Items.sortKey(createdAt, id); }

    public String blobKey() { return blobKey(id); }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key(id));
        item.put("type", Items.s("file"));
        item.put("id", Items.s(id));
        item.put("accountId", Items.s(accountId));
        item.put("filename", Items.s(filename));
        item.put("size", Items.n(size));
        item.put("contentType", Items.s(contentType));
        item.put("sha256", Items.s(sha256));
        item.put("createdAt", Items.s(createdAt.toString()));
        if (folderId != null) {
            item.put("folderId", Items.s(folderId));
            item.put("gsi2pk", Items.s(folderIndexKey(folderId)));
            item.put("gsi2sk", Items.s(listingKey()));
        }
        if (description != null) item.put("description", Items.s(description));
        if (!tags.isEmpty()) item.put("tags", AttributeValue.fromL(tags.stream().map(Items::s).toList()));
        item.put("gsi1pk", Items.s(accountIndexKey(accountId)));
        item.put("gsi1sk", Items.s(listingKey()));
        return item;
    }

    public static FileRecord fromItem(Map<String, AttributeValue> item) {
        return new FileRecord(
                Items.str(item, "id"),
                Items.str(item, "accountId"),
                Items.str(item, "filename"),
                Items.num(item, "size"),
                Items.str(item, "contentType"),
                Items.str(item, "sha256"),
                Instant.parse(Items.str(item, "createdAt")),
                Items.str(item, "folderId"),
                Items.str(item, "description"),
                item.containsKey("tags") ? item.get("tags").l().stream().map(AttributeValue::s).toList() : List.of());
    }

    public FileRecord withFilename(String newName) {
        return new FileRecord(id, accountId, newName, size, contentType, sha256, createdAt, folderId, description, tags);
    }

    public FileRecord withDetails(String newFolderId, String newDescription, List<String> newTags) {
        return new FileRecord(id, accountId, filename, size, contentType, sha256, createdAt, newFolderId, newDescription, newTags);
    }
}
