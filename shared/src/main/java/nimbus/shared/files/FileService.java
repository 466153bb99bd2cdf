package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nimbus.shared.Ids;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.Quota;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.QuotaExceeded;
import nimbus.shared.error.Subject;
import nimbus.shared.error.Unavailable;
import nimbus.shared.store.Writes;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of an account's files zone: upload, rename, change, delete, list. Blob and metadata stay
 * consistent: the blob is written first, then the metadata with every counter in one transaction (the
 * blob is removed again if that fails); a delete removes metadata and counters first, then the blob.
 */
@Singleton
public class FileService {
    private static final Logger LOG = LoggerFactory.getLogger(FileService.class);
    /**
     * Each id costs a read and a transactional delete; 1,000 of them finish well inside API Gateway's
     * 29 seconds, so a batch delete never outlives its request.
     */
    public static final int MAX_IDS_PER_DELETE = 1000;

    private final FileTable files;
    private final BlobStore blobs;
    private final AccountService accounts;
    private final FolderService folders;
    private final ZoneService zones;

    public FileService(
            FileTable files, BlobStore blobs, AccountService accounts, FolderService folders, ZoneService zones) {
        this.files = files;
        this.blobs = blobs;
        this.accounts = accounts;
        this.folders = folders;
        this.zones = zones;
    }

    /** The account's file; another account's file reads exactly like a missing one. */
    public Optional<FileRecord> find(String accountId, String id) {
        String normalized = Ids.normalize(id);
        if (!Ids.isUuid(normalized)) return Optional.empty();
        return files.find(normalized).filter(f -> f.accountId().equals(accountId));
    }

    public FileRecord require(String accountId, String id) {
        return find(accountId, id).orElseThrow(() -> new NotFound(Subject.FILE));
    }

    public FileRecord upload(String accountId, NewFile upload) {
        return upload(accountId, upload, FileDetails.NONE);
    }

    /** Stores one file in the account's files zone; the bytes are inspected while the account is read. */
    public FileRecord upload(String accountId, NewFile upload, FileDetails details) {
        UploadInspection inspection = UploadInspection.start(upload);
        try {
            return upload(accounts.require(accountId), upload, details, inspection);
        } finally {
            inspection.cancel();
        }
    }

    /** Stores one file in the account's files zone; {@code account} carries the counters read before the call. */
    public FileRecord upload(Account account, NewFile upload, FileDetails details) {
        UploadInspection inspection = UploadInspection.start(upload);
        try {
            return upload(account, upload, details, inspection);
        } finally {
            inspection.cancel();
        }
    }

    private FileRecord upload(Account account, NewFile upload, FileDetails details, UploadInspection inspection) {
        long size = upload.size();
        Quota.checkFits(account, size);
        String name = inspection.name();
        FileDetails.validate(details);
        if (details.folderId() != null && !Ids.isUuid(details.folderId())) throw new NotFound(Subject.FOLDER);
        String id = Ids.newId();
        String contentType = inspection.contentType();
        try {
            blobs.put(FileRecord.blobKey(id), upload.content(), contentType);
        } catch (RuntimeException e) {
            LOG.error("blob write failed for {}: {}", id, e.toString());
            throw new Unavailable();
        }
        return recordStored(account, new StoredBlob(id, name, size, contentType, inspection.sha256()), details);
    }

    /** A blob already written to {@link FileRecord#blobKey(String)} of {@code id}, ready to become a file. */
    public record StoredBlob(String id, String filename, long size, String contentType, String sha256) {}

    /**
     * Makes a blob already in the bucket a file of the account's files zone, with its counters, the quota
     * enforced by the account counter's condition. Refused (over quota, no such folder): the blob is deleted.
     * An unknown outcome keeps the blob, since the metadata may have landed.
     */
    public FileRecord recordStored(Account account, StoredBlob blob, FileDetails details) {
        FileRecord file = new FileRecord(
                blob.id(),
                account.id(),
                account.filesZoneId(),
                blob.filename(),
                blob.size(),
                blob.contentType(),
                blob.sha256(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                details.folderId(),
                details.description(),
                details.tags());
        FileTable.Insert outcome;
        try {
            outcome = files.insert(file, Quota.roomBefore(account, file.size()));
        } catch (Writes.OutcomeUnknown e) {
            // The metadata may yet have landed: keep the blob. With no metadata it is invisible and uncounted.
            LOG.error(
                    "metadata write for {} has an unknown outcome; blob {} kept: {}",
                    file.id(),
                    file.blobKey(),
                    e.toString());
            throw new Unavailable();
        } catch (RuntimeException e) {
            // DynamoDB refused the write: nothing points at the blob.
            blobs.deleteQuietly(file.blobKey());
            LOG.error("metadata write failed for {}: {}", file.id(), e.toString());
            throw new Unavailable();
        }
        if (outcome == FileTable.Insert.STORED) return file;
        blobs.deleteQuietly(file.blobKey());
        if (outcome == FileTable.Insert.NO_SUCH_FOLDER) throw new NotFound(Subject.FOLDER);
        throw new QuotaExceeded(
                QuotaExceeded.Reason.STORAGE_FULL,
                accounts.require(account.id()).usage(),
                file.size());
    }

    /** Renames the display name; a new name without an extension keeps the old one's. */
    public FileRecord rename(String accountId, String id, String requested) {
        FileRecord file = require(accountId, id);
        if (requested == null || requested.isBlank()) throw InvalidInput.missing("filename");
        String newName = Filenames.rename(file.filename(), requested);
        files.rename(file, newName);
        return file.withFilename(newName);
    }

    public FileRecord delete(String accountId, String id) {
        FileRecord file = require(accountId, id);
        if (!files.delete(file)) throw new NotFound(Subject.FILE);
        blobs.deleteQuietly(file.blobKey());
        return file;
    }

    public record DeleteResult(List<FileRecord> deleted, List<String> notFound) {}

    /** Deletes many files at once; ids that are not the caller's come back as not found. */
    public DeleteResult deleteMany(String accountId, List<String> ids) {
        List<String> wanted = new ArrayList<>(new LinkedHashSet<>(ids));
        if (wanted.size() > MAX_IDS_PER_DELETE) throw InvalidInput.tooMany("ids", MAX_IDS_PER_DELETE, wanted.size());
        Map<String, FileRecord> found = files.findAll(wanted.stream()
                .map(Ids::normalize)
                .filter(Ids::isUuid)
                .distinct()
                .toList());
        List<FileRecord> targets = found.values().stream()
                .filter(f -> f.accountId().equals(accountId))
                .toList();
        List<FileRecord> deleted = new ArrayList<>();
        List<FileRecord> chunk = new ArrayList<>();
        for (FileRecord file : targets) {
            chunk.add(file);
            if (FileTable.deleteActions(chunk) > FileTable.MAX_TRANSACTION_ACTIONS) {
                chunk.remove(chunk.size() - 1);
                deleted.addAll(files.deleteAll(chunk));
                chunk = new ArrayList<>(List.of(file));
            }
        }
        if (!chunk.isEmpty()) deleted.addAll(files.deleteAll(chunk));
        blobs.deleteQuietly(deleted.stream().map(FileRecord::blobKey).toList());
        Set<String> deletedIds = deleted.stream().map(FileRecord::id).collect(Collectors.toSet());
        return new DeleteResult(
                deleted,
                wanted.stream()
                        .filter(id -> !deletedIds.contains(Ids.normalize(id)))
                        .toList());
    }

    /** Changes a file's folder, description or tags; a null field leaves it as it is. */
    public FileRecord update(String accountId, String id, FileChanges changes) {
        FileRecord file = require(accountId, id);
        String folder = changes.folderId() == null
                ? file.folderId()
                : changes.folderId().orElse(null);
        FileRecord updated = file.withDetails(
                folder,
                changes.description() == null
                        ? file.description()
                        : changes.description().orElse(null),
                changes.tags() == null ? file.tags() : changes.tags());
        FileDetails.validate(new FileDetails(updated.folderId(), updated.description(), updated.tags()));
        if (folder != null && !Ids.isUuid(folder)) throw new NotFound(Subject.FOLDER);
        files.updateDetails(file, updated);
        return updated;
    }

    /** The account's files (or one folder's), oldest first, with the exact total from the counters. */
    public Page<FileRecord> list(String accountId, String folderId, int offset, int limit) {
        if (folderId == null) {
            Zone zone = zones.filesZone(accountId);
            return new Page<>(files.pageOfZone(zone.id(), offset, limit), zone.fileCount(), limit, offset);
        }
        FolderRecord folder = folders.require(accountId, folderId);
        return new Page<>(files.pageOfFolder(folder.id(), offset, limit), folder.fileCount(), limit, offset);
    }
}
