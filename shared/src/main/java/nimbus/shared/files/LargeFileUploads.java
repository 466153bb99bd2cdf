package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nimbus.shared.Ids;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.Quota;
import nimbus.shared.error.DomainException;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.error.Unavailable;
import nimbus.shared.upload.LargeUploads;
import nimbus.shared.upload.LargeUploads.Assembled;
import nimbus.shared.upload.LargeUploads.Started;
import nimbus.shared.upload.UploadSession;

/**
 * Large files of an account's files zone, through {@link LargeUploads}: the quota is checked at the start
 * with the declared size and enforced at completion with the real one; the upload id is the file's id.
 */
@Singleton
public class LargeFileUploads {
    private static final String FOLDER = "folderId";
    private static final String DESCRIPTION = "description";
    private static final String TAGS = "tags";

    private final LargeUploads uploads;
    private final FileService files;
    private final AccountService accounts;
    private final BlobStore blobs;

    public LargeFileUploads(LargeUploads uploads, FileService files, AccountService accounts, BlobStore blobs) {
        this.uploads = uploads;
        this.files = files;
        this.accounts = accounts;
        this.blobs = blobs;
    }

    public Started start(
            String accountId, String filename, long size, String declaredType, String sha256, FileDetails details) {
        Account account = accounts.require(accountId);
        String checksum = LargeUploads.checkedSha256(sha256);
        Quota.checkFits(account, size);
        String name = Filenames.sanitize(filename);
        FileDetails.validate(details);
        if (details.folderId() != null && !Ids.isUuid(details.folderId())) throw new NotFound(Subject.FOLDER);
        Map<String, String> attributes = new LinkedHashMap<>();
        if (details.folderId() != null) attributes.put(FOLDER, details.folderId());
        if (details.description() != null) attributes.put(DESCRIPTION, details.description());
        if (!details.tags().isEmpty()) attributes.put(TAGS, String.join("\n", details.tags()));
        String id = Ids.newId();
        return uploads.start(
                id,
                accountId,
                account.filesZoneId(),
                FileRecord.blobKey(id),
                name,
                size,
                ContentTypes.detect(new byte[0], name, declaredType),
                checksum,
                BlobStore.CACHE_CONTROL,
                attributes);
    }

    public Started status(String accountId, String uploadId) {
        return uploads.status(accountId, uploadId);
    }

    public void abort(String accountId, String uploadId) {
        uploads.abort(accountId, uploadId);
    }

    /**
     * Assembles, checks and records the file. A complete retried after one that succeeded answers the
     * same file; one refused for quota or folder leaves nothing behind.
     */
    public FileRecord complete(String accountId, String uploadId) {
        UploadSession session = uploads.find(accountId, uploadId).orElse(null);
        if (session == null) return files.find(accountId, uploadId).orElseThrow(() -> new NotFound(Subject.UPLOAD));
        Assembled assembled = uploads.assemble(session);
        String type = ContentTypes.detect(assembled.head(), session.name(), session.declaredType());
        if (!type.equals(session.declaredType())) blobs.retype(session.blobKey(), type);
        FileRecord file;
        try {
            file = files.recordStored(
                    accounts.require(accountId),
                    new FileService.StoredBlob(
                            session.id(), session.name(), assembled.size(), type, assembled.sha256()),
                    details(session));
        } catch (Unavailable e) {
            throw e; // the outcome may be unknown: keep the session, so that a retried complete can finish it
        } catch (DomainException refused) {
            uploads.finish(session); // recordStored removed the object
            throw refused;
        }
        uploads.finish(session);
        return file;
    }

    private static FileDetails details(UploadSession session) {
        Map<String, String> a = session.attributes();
        List<String> tags = a.containsKey(TAGS) ? Arrays.asList(a.get(TAGS).split("\n")) : List.of();
        return new FileDetails(a.get(FOLDER), a.get(DESCRIPTION), tags);
    }
}
