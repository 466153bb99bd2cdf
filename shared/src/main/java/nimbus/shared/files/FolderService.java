package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import nimbus.shared.Ids;
import nimbus.shared.Settings;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.error.ApiException;
import nimbus.shared.store.Items;
import nimbus.shared.store.Listing;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Folders of an account's files zone: created, listed, renamed, and deleted only when empty. */
@Singleton
public class FolderService {
    private final DynamoDbClient dynamo;
    private final AccountService accounts;
    private final String table;

    public FolderService(DynamoDbClient dynamo, AccountService accounts) {
        this.dynamo = dynamo;
        this.accounts = accounts;
        this.table = Settings.tableName();
    }

    public FolderRecord create(String accountId, String name) {
        FolderRecord folder = new FolderRecord(Ids.newId(), accountId, validName(name), 0,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        dynamo.transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(folder.toItem())
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                folderCounter(accountId, 1)));
        return folder;
    }

    public FolderRecord require(String accountId, String id) {
        if (!Ids.isUuid(id)) throw folderNotFound();
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(FolderRecord.key(id))).item();
        if (item == null || item.isEmpty()) throw folderNotFound();
        FolderRecord folder = FolderRecord.fromItem(item);
        if (!folder.accountId().equals(accountId)) throw folderNotFound();
        return folder;
    }

    public Page<FolderRecord> list(String accountId, int offset, int limit) {
        Account account = accounts.require(accountId);
        var items = Listing.page(dynamo, table, "gsi1", FolderRecord.accountIndexKey(accountId), offset, limit);
        return new Page<>(items.stream().map(FolderRecord::fromItem).toList(), account.folderCount(), limit, offset);
    }

    public FolderRecord rename(String accountId, String id, String name) {
        if (!Ids.isUuid(id)) throw folderNotFound();
        String newName = validName(name);
        try {
            return FolderRecord.fromItem(dynamo.updateItem(u -> u.tableName(table).key(FolderRecord.key(id))
                    .updateExpression("SET #n = :n")
                    .conditionExpression("accountId = :acct")
                    .expressionAttributeNames(Map.of("#n", "name"))
                    .expressionAttributeValues(Map.of(":n", Items.s(newName), ":acct", Items.s(accountId)))
                    .returnValues("ALL_NEW")).attributes());
        } catch (ConditionalCheckFailedException e) {
            throw folderNotFound();
        }
    }

    /**
     * Deletes an empty folder; a folder that still holds files is refused (409). The transaction's
     * condition checks owner and emptiness at once, so the folder is read only to explain a refusal.
     */
    public void delete(String accountId, String id) {
        if (!Ids.isUuid(id)) throw folderNotFound();
        try {
            dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(FolderRecord.key(id))
                            .conditionExpression("accountId = :acct AND fileCount = :zero")
                            .expressionAttributeValues(Map.of(":acct", Items.s(accountId), ":zero", Items.n(0)))
                            .build()).build(),
                    folderCounter(accountId, -1)));
        } catch (TransactionCanceledException e) {
            FolderRecord now = require(accountId, id);
            throw new ApiException(409, "folder_not_empty",
                    "Folder is not empty: move or delete its " + now.fileCount() + " file(s) first");
        }
    }

    private TransactWriteItem folderCounter(String accountId, long delta) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(Account.key(accountId))
                .updateExpression("ADD folderCount :d")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":d", Items.n(delta))).build()).build();
    }

    static ApiException folderNotFound() {
        return ApiException.notFound("Folder not found");
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) throw ApiException.missingParameter("Missing name parameter");
        String trimmed = name.strip();
        if (trimmed.length() > FolderRecord.MAX_NAME || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("bad_request", "Folder name must be 1-255 characters without control characters");
        }
        return trimmed;
    }
}
