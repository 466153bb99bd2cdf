package nimbus.shared.auth;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import nimbus.shared.store.Items;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An API key as stored: never the secret, only its SHA-256. */
public record ApiKey(String keyId, String hash, String accountId, Dialect dialect, Set<String> scopes,
                     String name, String hint, Instant createdAt, boolean revoked) {

    public static final String SK = "KEY";

    public static String pk(String hash) { return "KEY#" + hash; }

    public static Map<String, AttributeValue> key(String hash) { return Items.key(pk(hash), SK); }

    public static String accountIndexKey(String accountId) { return "ACCT#" + accountId + "#KEYS"; }

    public String mode() { return dialect.mode(); }

    public boolean hasScope(String scope) { return scopes.contains(scope); }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key(hash));
        item.put("type", Items.s("apiKey"));
        item.put("keyId", Items.s(keyId));
        item.put("accountId", Items.s(accountId));
        item.put("dialect", Items.s(dialect.slug()));
        if (!scopes.isEmpty()) item.put("scopes", Items.ss(scopes));
        item.put("name", Items.s(name));
        item.put("hint", Items.s(hint));
        item.put("createdAt", Items.s(createdAt.toString()));
        item.put("revoked", Items.bool(revoked));
        item.put("gsi1pk", Items.s(accountIndexKey(accountId)));
        item.put("gsi1sk", Items.s(Items.sortKey(createdAt, keyId)));
        return item;
    }

    public static ApiKey fromItem(Map<String, AttributeValue> item) {
        return new ApiKey(
                Items.str(item, "keyId"),
                Items.str(item, "pk").substring("KEY#".length()),
                Items.str(item, "accountId"),
                Dialect.fromSlug(Items.str(item, "dialect")).orElseThrow(),
                Items.strSet(item, "scopes"),
                Items.str(item, "name"),
                Items.str(item, "hint"),
                Instant.parse(Items.str(item, "createdAt")),
                Items.flag(item, "revoked"));
    }
}
