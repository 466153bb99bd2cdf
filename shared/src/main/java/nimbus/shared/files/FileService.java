package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nimbus.shared.Ids;
import nimbus.shared.Secrets;
import nimbus.shared.Settings;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.Quota;
import nimbus.shared.error.ApiException;
import nimbus.shared.store.Items;
import nimbus.shared.store.Listing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The files of an account's files zone: upload, rename, delete. Blob and metadata stay consistent:
 * the blob is written first and the metadata with the account's counters in one transaction (the
 * blob is removed again if that fails); a delete removes metadata and counters first, then the blob.
 */
@Singleton
public class FileService {
    private static final Logger LOG = LoggerFactory.getLogger(FileService.class);
    /** One DynamoDB transaction holds at most 100 actions. */
    private static final int MAX_TRANSACTION_ACTIONS = 100;
    public static final int MAX_IDS_PER_DELETE = 100;

    private final DynamoDbClient dynamo;
    private final BlobStore blobs;
    private final AccountService accounts;
    private final FolderService folders;
    private final String table;

    public FileService(DynamoDbClient dynamo, BlobStore blobs, AccountService accounts, FolderService folders) {
        this.dynamo = dynamo;
        this.blobs = blobs;
        this.accounts = accounts;
        this.folders = folders;
        this.table = Settings.tableName();
    }

    public Optional<FileRecord> find(String accountId, String id) {
        if (!Ids.isUuid(id)) return Optional.empty();
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(FileRecord.key(id))).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        FileRecord file = FileRecord.fromItem(item);
        // Another account's file reads exactly like a missing one.
        return file.accountId().equals(accountId) ? Optional.of(file) : Optional.empty();
    }

    public FileRecord require(String accountId, String id) {
        return find(accountId, id).orElseThrow(() -> ApiException.notFound("Upload not found"));
    }

    public FileRecord upload(String accountId, NewFile upload) {
        return upload(accounts.require(accountId), upload);
    }

    public FileRecord upload(Account account, NewFile upload) {
        return upload(account, upload, FileDetails.NONE);
    }

    /** Stores one file for {@code account}, whose counters are the ones read before the call. */
    public FileRecord upload(Account account, NewFile upload, FileDetails details) {
        long size = upload.data().length;
        Quota.checkFits(account, size);
        String name = Filenames.sanitize(upload.filename());
        validate(details);
        if (details.folderId() != null && !Ids.isUuid(details.folderId())) throw FolderService.folderNotFound();
        String id = Ids.newId();
        FileRecord file = new FileRecord(id, account.id(), name, size,
                ContentTypes.detect(upload.data(), name, upload.declaredType()),
                Secrets.sha256Hex(upload.data()), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                details.folderId(), details.description(), details.tags());
        try {
            blobs.put(file.blobKey(), upload.data(), file.contentType());
        } catch (RuntimeException e) {
            LOG.error("blob write failed for {}: {}", id, e.toString());
            throw ApiException.uploadFailed("storage is unavailable, try again");
        }
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(file.toItem())
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        actions.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(Account.key(account.id()))
                .updateExpression("ADD storageUsed :size, fileCount :one")
                // Exact under concurrency: the write only lands if the quota still holds.
                .conditionExpression("attribute_exists(pk) AND storageUsed <= :room")
                .expressionAttributeValues(Map.of(":size", Items.n(size), ":one", Items.n(1),
                        ":room", Items.n(account.storageLimit() - size)))
                .build()).build());
        if (file.folderId() != null) actions.add(folderCounter(account.id(), file.folderId(), 1));
        try {
            dynamo.transactWriteItems(t -> t.transactItems(actions));
            return file;
        } catch (TransactionCanceledException e) {
            blobs.deleteQuietly(file.blobKey());
            if (failedCondition(e, 2)) throw FolderService.folderNotFound();
            if (failedCondition(e, 1)) {
                Account now = accounts.require(account.id());
                throw Quota.exceeded(now, "quota_exceeded", "Storage quota exceeded");
            }
            LOG.error("metadata write cancelled for {}: {}", id, e.toString());
            throw ApiException.uploadFailed("storage is unavailable, try again");
        } catch (RuntimeException e) {
            blobs.deleteQuietly(file.blobKey());
            LOG.error("metadata write failed for {}: {}", id, e.toString());
            throw ApiException.uploadFailed("storage is unavailable, try again");
        }
    }

    /** Renames the display name; a new name without an extension keeps the old one's. */
    public FileRecord rename(String accountId, String id, String requested) {
        if (requested == null || requested.isBlank()) throw ApiException.missingParameter("Missing filename parameter");
        FileRecord file = require(accountId, id);
        String name = Filenames.sanitize(requested);
        String oldExtension = Filenames.extension(file.filename());
        if (Filenames.extension(name).isEmpty() && !oldExtension.isEmpty()) {
            name = Filenames.sanitize(name + oldExtension);
        }
        String newName = name;
        try {
            dynamo.updateItem(u -> u.tableName(table).key(FileRecord.key(id))
                    .updateExpression("SET filename = :new")
                    .conditionExpression("accountId = :acct AND filename = :old")
                    .expressionAttributeValues(Map.of(":new", Items.s(newName), ":acct", Items.s(accountId),
                            ":old", Items.s(file.filename()))));
        } catch (ConditionalCheckFailedException e) {
            throw new ApiException(409, "conflict", "The upload changed or was deleted meanwhile; try again");
        }
        return file.withFilename(newName);
    }

    public FileRecord delete(String accountId, String id) {
        FileRecord file = require(accountId, id);
        try {
            List<TransactWriteItem> actions = new ArrayList<>(List.of(deleteAction(file), counterAction(accountId, -file.size(), -1)));
            if (file.folderId() != null) actions.add(folderCounter(accountId, file.folderId(), -1));
            dynamo.transactWriteItems(t -> t.transactItems(actions));
        } catch (TransactionCanceledException e) {
            if (failedCondition(e, 0)) throw ApiException.notFound("Upload not found");
            throw new ApiException(503, "unavailable", "Storage is unavailable, try again");
        }
        blobs.deleteQuietly(file.blobKey());
        return file;
    }

    public record DeleteResult(List<FileRecord> deleted, List<String> notFound) {}

    /** Deletes many files at once; ids that are not the caller's come back as not found. */
    public DeleteResult deleteMany(String accountId, List<String> ids) {
        if (ids.size() > MAX_IDS_PER_DELETE) {
            throw ApiException.badRequest("too_many_ids", "At most " + MAX_IDS_PER_DELETE + " ids per request");
        }
        List<String> wanted = new ArrayList<>(new LinkedHashSet<>(ids));
        Map<String, FileRecord> owned = fetchOwned(accountId, wanted.stream().filter(Ids::isUuid).toList());
        List<FileRecord> targets = wanted.stream().filter(owned::containsKey).map(owned::get).toList();
        // Each transaction holds its deletes, the account's counters and one counter per folder touched.
        List<FileRecord> deleted = new ArrayList<>();
        List<FileRecord> chunk = new ArrayList<>();
        Set<String> chunkFolders = new HashSet<>();
        for (FileRecord file : targets) {
            boolean newFolder = file.folderId() != null && !chunkFolders.contains(file.folderId());
            int actionsWithFile = chunk.size() + 1 + 1 + chunkFolders.size() + (newFolder ? 1 : 0);
            if (actionsWithFile > MAX_TRANSACTION_ACTIONS) {
                deleted.addAll(deleteChunk(accountId, chunk));
                chunk = new ArrayList<>();
                chunkFolders.clear();
            }
            chunk.add(file);
            if (file.folderId() != null) chunkFolders.add(file.folderId());
        }
        if (!chunk.isEmpty()) deleted.addAll(deleteChunk(accountId, chunk));
        blobs.deleteQuietly(deleted.stream().map(FileRecord::blobKey).toList());
        List<String> deletedIds = deleted.stream().map(FileRecord::id).toList();
        return new DeleteResult(deleted, wanted.stream().filter(id -> !deletedIds.contains(id)).toList());
    }

    private List<FileRecord> deleteChunk(String accountId, List<FileRecord> chunk) {
        List<TransactWriteItem> actions = new ArrayList<>();
        chunk.forEach(f -> actions.add(deleteAction(f)));
        actions.add(counterAction(accountId, -chunk.stream().mapToLong(FileRecord::size).sum(), -chunk.size()));
        chunk.stream().filter(f -> f.folderId() != null)
                .collect(Collectors.groupingBy(FileRecord::folderId, LinkedHashMap::new,
                        Collectors.counting()))
                .forEach((folder, count) -> actions.add(folderCounter(accountId, folder, -count)));
        try {
            dynamo.transactWriteItems(t -> t.transactItems(actions));
            return chunk;
        } catch (TransactionCanceledException e) {
            // A file went away meanwhile: fall back to one delete at a time, which tells them apart.
            List<FileRecord> deleted = new ArrayList<>();
            for (FileRecord f : chunk) {
                try {
                    delete(accountId, f.id());
                    deleted.add(f);
                } catch (ApiException notThere) {
                    if (notThere.status() != 404) throw notThere;
                }
            }
            return deleted;
        }
    }

    private Map<String, FileRecord> fetchOwned(String accountId, List<String> ids) {
        Map<String, FileRecord> owned = new LinkedHashMap<>();
        if (ids.isEmpty()) return owned;
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(ids.stream().map(FileRecord::key).toList()).build());
        while (request != null && !request.isEmpty()) {
            Map<String, KeysAndAttributes> next = request;
            var response = dynamo.batchGetItem(b -> b.requestItems(next));
            response.responses().getOrDefault(table, List.of()).stream().map(FileRecord::fromItem)
                    .filter(f -> f.accountId().equals(accountId)).forEach(f -> owned.put(f.id(), f));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : null;
        }
        return owned;
    }

    /** Changes a file's folder, description or tags; null leaves a field as it is. */
    public FileRecord update(String accountId, String id, FileChanges changes) {
        FileRecord file = require(accountId, id);
        String folder = changes.folderId() == null ? file.folderId() : changes.folderId().orElse(null);
        FileRecord updated = file.withDetails(folder,
                changes.description() == null ? file.description() : changes.description().orElse(null),
                changes.tags() == null ? file.tags() : changes.tags());
        validate(new FileDetails(updated.folderId(), updated.description(), updated.tags()));
        if (folder != null && !Ids.isUuid(folder)) throw FolderService.folderNotFound();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":acct", Items.s(accountId)));
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        if (updated.description() != null) {
            sets.add("description = :d");
            values.put(":d", Items.s(updated.description()));
        } else {
            removes.add("description");
        }
        if (!updated.tags().isEmpty()) {
            sets.add("tags = :t");
            values.put(":t", AttributeValue.fromL(updated.tags().stream().map(Items::s).toList()));
        } else {
            removes.add("tags");
        }
        if (folder != null) {
            sets.add("folderId = :f, gsi2pk = :fpk, gsi2sk = :fsk");
            values.put(":f", Items.s(folder));
            values.put(":fpk", Items.s(FileRecord.folderIndexKey(folder)));
            values.put(":fsk", Items.s(file.listingKey()));
        } else {
            removes.add("folderId, gsi2pk, gsi2sk");
        }
        // Only touches these fields, and only if the folder is still the one read (no lost update).
        String condition = "accountId = :acct AND " + (file.folderId() == null ? "attribute_not_exists(folderId)" : "folderId = :old");
        if (file.folderId() != null) values.put(":old", Items.s(file.folderId()));
        String expression = (sets.isEmpty() ? "" : "SET " + String.join(", ", sets)) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        Update fileUpdate = Update.builder().tableName(table).key(FileRecord.key(id))
                .updateExpression(expression.trim()).conditionExpression(condition).expressionAttributeValues(values).build();
        boolean moved = !Objects.equals(file.folderId(), folder);
        if (!moved) {
            // No folder counters to move: one conditional write, at half a transaction's cost.
            try {
                dynamo.updateItem(u -> u.tableName(table).key(fileUpdate.key()).updateExpression(fileUpdate.updateExpression())
                        .conditionExpression(condition).expressionAttributeValues(values));
            } catch (ConditionalCheckFailedException e) {
                throw new ApiException(409, "conflict", "The file changed or was deleted meanwhile; try again");
            }
            return updated;
        }
        List<TransactWriteItem> actions = new ArrayList<>();
        actions.add(TransactWriteItem.builder().update(fileUpdate).build());
        if (moved && folder != null) actions.add(folderCounter(accountId, folder, 1));
        if (moved && file.folderId() != null) actions.add(folderCounter(accountId, file.folderId(), -1));
        try {
            dynamo.transactWriteItems(t -> t.transactItems(actions));
        } catch (TransactionCanceledException e) {
            if (folder != null && failedCondition(e, 1)) throw FolderService.folderNotFound();
            throw new ApiException(409, "conflict", "The file changed or was deleted meanwhile; try again");
        }
        return updated;
    }

    /** An account's files (or one folder's), oldest first, with the exact total from the counters. */
    public Page<FileRecord> list(String accountId, String folderId, int offset, int limit) {
        long total;
        String index;
        String partition;
        if (folderId == null) {
            total = accounts.require(accountId).fileCount();
            index = "gsi1";
            partition = FileRecord.accountIndexKey(accountId);
        } else {
            total = folders.require(accountId, folderId).fileCount();
            index = "gsi2";
            partition = FileRecord.folderIndexKey(folderId);
        }
        List<FileRecord> items = Listing.page(dynamo, table, index, partition, offset, limit)
                .stream().map(FileRecord::fromItem).toList();
        return new Page<>(items, total, limit, offset);
    }

    private TransactWriteItem folderCounter(String accountId, String folderId, long delta) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(FolderRecord.key(folderId))
                .updateExpression("ADD fileCount :d")
                .conditionExpression("accountId = :acct")
                .expressionAttributeValues(Map.of(":d", Items.n(delta), ":acct", Items.s(accountId))).build()).build();
    }

    private static void validate(FileDetails details) {
        if (details.description() != null && details.description().length() > FileDetails.MAX_DESCRIPTION) {
            throw ApiException.badRequest("bad_request", "Description is longer than " + FileDetails.MAX_DESCRIPTION + " characters");
        }
        if (details.tags().size() > FileDetails.MAX_TAGS) {
            throw ApiException.badRequest("bad_request", "At most " + FileDetails.MAX_TAGS + " tags");
        }
        for (String tag : details.tags()) {
            if (tag.isBlank() || tag.length() > FileDetails.MAX_TAG_LENGTH || tag.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest("bad_request", "Tags must be 1-" + FileDetails.MAX_TAG_LENGTH + " characters");
            }
        }
    }

    private TransactWriteItem deleteAction(FileRecord file) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(FileRecord.key(file.id()))
                .conditionExpression("accountId = :acct")
                .expressionAttributeValues(Map.of(":acct", Items.s(file.accountId()))).build()).build();
    }

    private TransactWriteItem counterAction(String accountId, long bytes, long files) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(Account.key(accountId))
                .updateExpression("ADD storageUsed :b, fileCount :n")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":b", Items.n(bytes), ":n", Items.n(files))).build()).build();
    }

    private static boolean failedCondition(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }
}
