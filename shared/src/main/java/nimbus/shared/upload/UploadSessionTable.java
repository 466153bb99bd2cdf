package nimbus.shared.upload;

import static nimbus.shared.store.Items.n;
import static nimbus.shared.store.Items.num;
import static nimbus.shared.store.Items.s;
import static nimbus.shared.store.Items.str;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import nimbus.shared.Settings;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code UPLOAD#<id>} items: large uploads in progress. DynamoDB's TTL removes one a day after its deadline. */
@Singleton
public class UploadSessionTable {
    /** Kept past the deadline so that a late complete hears "expired" rather than "not found". */
    private static final Duration KEPT_AFTER_DEADLINE = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;

    public UploadSessionTable(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.table = Settings.tableName();
    }

    /** Puts a new session; its id is brand new, so a resent put only writes the same item again. */
    public void put(UploadSession session) {
        dynamo.putItem(p -> p.tableName(table).item(toItem(session)));
    }

    /** Strongly consistent: a complete right after the start must see it. */
    public Optional<UploadSession> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        g -> g.tableName(table).key(key(id)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public void delete(String id) {
        dynamo.deleteItem(d -> d.tableName(table).key(key(id)));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Items.key(Keys.upload(id), Keys.UPLOAD_SK);
    }

    private static Map<String, AttributeValue> toItem(UploadSession session) {
        Map<String, AttributeValue> item = new HashMap<>(key(session.id()));
        item.put("accountId", s(session.accountId()));
        item.put("zoneId", s(session.zoneId()));
        item.put("blobKey", s(session.blobKey()));
        item.put("name", s(session.name()));
        item.put("size", n(session.size()));
        if (session.declaredType() != null) item.put("declaredType", s(session.declaredType()));
        if (session.sha256() != null) item.put("sha256", s(session.sha256()));
        item.put("s3UploadId", s(session.s3UploadId()));
        item.put("partSize", n(session.partSize()));
        item.put("createdAt", s(session.createdAt().toString()));
        item.put("deadline", n(session.deadline().toEpochMilli()));
        item.put("expiresAt", n(session.deadline().plus(KEPT_AFTER_DEADLINE).getEpochSecond()));
        if (!session.attributes().isEmpty()) {
            item.put(
                    "attrs",
                    AttributeValue.fromM(session.attributes().entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue())))));
        }
        return item;
    }

    private static UploadSession fromItem(Map<String, AttributeValue> item) {
        AttributeValue attrs = item.get("attrs");
        Map<String, String> attributes = attrs == null || !attrs.hasM()
                ? Map.of()
                : attrs.m().entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().s()));
        return new UploadSession(
                str(item, "pk").substring(Keys.upload("").length()),
                str(item, "accountId"),
                str(item, "zoneId"),
                str(item, "blobKey"),
                str(item, "name"),
                num(item, "size"),
                str(item, "declaredType"),
                str(item, "sha256"),
                str(item, "s3UploadId"),
                num(item, "partSize"),
                Instant.parse(str(item, "createdAt")),
                Instant.ofEpochMilli(num(item, "deadline")),
                attributes);
    }
}
