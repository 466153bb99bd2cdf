package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.Quota;
import nimbus.shared.error.ApiException;

/**
 * Batch uploads: at most {@link #MAX_FILES} files. The whole batch is checked against the quota
 * before anything is written, so a batch that does not fit is reported up front; each accepted file
 * is then stored on its own (one file's failure does not undo the others).
 */
@Singleton
public class BatchUploadService {
    public static final int MAX_FILES = 40;

    public record Failure(String filename, String reason) {}

    public record Result(List<FileRecord> uploads, List<Failure> failed) {}

    private final FileService files;
    private final AccountService accounts;

    public BatchUploadService(FileService files, AccountService accounts) {
        this.files = files;
        this.accounts = accounts;
    }

    public Result upload(String accountId, List<NewFile> batch) {
        if (batch.isEmpty()) throw ApiException.missingParameter("Missing files[] parameter");
        if (batch.size() > MAX_FILES) {
            throw new ApiException(400, "too_many_files", "Too many files", java.util.Map.of(
                    "detail", "Maximum " + MAX_FILES + " files per batch, got " + batch.size()));
        }
        Account account = accounts.require(accountId);
        List<Failure> failed = new ArrayList<>();
        List<NewFile> accepted = new ArrayList<>();
        long projected = account.storageUsed();
        for (NewFile file : batch) {
            long size = file.data().length;
            if (size > account.tier().maxFileBytes()) {
                failed.add(new Failure(file.filename(), "File size (" + Quota.humanSize(size) + ") exceeds limit of "
                        + Quota.humanSize(account.tier().maxFileBytes())));
            } else if (projected + size > account.storageLimit()) {
                long remaining = Math.max(account.storageLimit() - projected, 0);
                failed.add(new Failure(file.filename(), "Would exceed storage quota (" + Quota.humanSize(remaining) + " remaining)"));
            } else {
                accepted.add(file);
                projected += size;
            }
        }
        List<FileRecord> uploads = new ArrayList<>();
        for (NewFile file : accepted) {
            try {
                FileRecord stored = files.upload(account, file);
                uploads.add(stored);
                account = account.plusStorage(stored.size());
            } catch (ApiException e) {
                failed.add(new Failure(file.filename(), e.getMessage()));
            }
        }
        return new Result(uploads, failed);
    }
}
