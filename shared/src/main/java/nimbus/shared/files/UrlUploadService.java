package nimbus.shared.files;

import jakarta.inject.Singleton;
import nimbus.shared.Ids;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.Quota;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.Unavailable;
import nimbus.shared.fetch.SafeFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Uploading from a URL: fetched safely (capped at the tier's per-file limit, within the fetch deadline) and
 * streamed into the bucket as it arrives, never held whole; then recorded as any upload, the quota enforced with
 * the size received. A fetch that fails or runs out of time leaves nothing stored or counted.
 */
@Singleton
public class UrlUploadService {
    private static final Logger LOG = LoggerFactory.getLogger(UrlUploadService.class);

    private final SafeFetcher fetcher;
    private final FileService files;
    private final AccountService accounts;
    private final StreamedBlobs blobs;

    public UrlUploadService(SafeFetcher fetcher, FileService files, AccountService accounts, StreamedBlobs blobs) {
        this.fetcher = fetcher;
        this.files = files;
        this.accounts = accounts;
        this.blobs = blobs;
    }

    /** {@code authorization} goes to the source as its Authorization header; may be null. */
    public FileRecord upload(String accountId, String url, String authorization) {
        if (url == null || url.isBlank()) throw InvalidInput.missing("url");
        Account account = accounts.require(accountId);
        String id = Ids.newId();
        FileService.StoredBlob blob =
                fetcher.fetch(url.trim(), authorization, account.tier().maxFileBytes(), body -> {
                    // a source that says how big it is hears about the quota before a byte is stored
                    if (body.declaredLength() >= 0) Quota.checkFits(account, body.declaredLength());
                    try {
                        return blobs.store(id, body.stream(), Filenames.sanitize(body.filename()), body.contentType());
                    } catch (SdkException e) {
                        LOG.error("blob write failed for {}: {}", id, e.toString());
                        throw new Unavailable();
                    }
                });
        return files.recordStored(account, blob, FileDetails.NONE);
    }
}
