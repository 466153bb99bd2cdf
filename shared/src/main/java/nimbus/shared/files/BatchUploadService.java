package nimbus.shared.files;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaUsage;
import nimbus.shared.error.DomainException;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.QuotaExceeded;
import nimbus.shared.error.Unavailable;

/**
 * Batch uploads: at most {@link #MAX_FILES} files. The whole batch is checked against the quota
 * before anything is written, so a batch that does not fit is reported up front; each accepted file
 * is then stored on its own (one file's failure does not undo the others).
 */
@Singleton
public class BatchUploadService {
    public static final int MAX_FILES = 40;

    /** A file that was not stored, and why (a quota refusal reports the usage the batch had reached). */
    public record Failure(String filename, DomainException reason) {}

    public record Result(List<FileRecord> uploads, List<Failure> failed) {}

    private final FileService files;
    private final AccountService accounts;

    public BatchUploadService(FileService files, AccountService accounts) {
        this.files = files;
        this.accounts = accounts;
    }

    public Result upload(String accountId, List<NewFile> batch) {
        if (batch.isEmpty()) throw InvalidInput.missing("files");
        if (batch.size() > MAX_FILES) throw InvalidInput.tooMany("files", MAX_FILES, batch.size());
        Account account = accounts.require(accountId);
        List<Failure> failed = new ArrayList<>();
        List<NewFile> accepted = new ArrayList<>();
        long projected = account.storageUsed();
        for (NewFile file : batch) {
            long size = file.size();
            QuotaUsage usage = new QuotaUsage(projected, account.tier());
            if (projected >= account.storageLimit()) {
                failed.add(new Failure(
                        file.filename(), new QuotaExceeded(QuotaExceeded.Reason.STORAGE_FULL, usage, size)));
            } else if (size > account.tier().maxFileBytes()) {
                failed.add(new Failure(
                        file.filename(), new QuotaExceeded(QuotaExceeded.Reason.FILE_TOO_LARGE, usage, size)));
            } else if (projected + size > account.storageLimit()) {
                failed.add(new Failure(
                        file.filename(), new QuotaExceeded(QuotaExceeded.Reason.STORAGE_FULL, usage, size)));
            } else {
                accepted.add(file);
                projected += size;
            }
        }
        List<FileRecord> uploads = new ArrayList<>();
        for (NewFile file : accepted) {
            try {
                FileRecord stored = files.upload(account, file, FileDetails.NONE);
                uploads.add(stored);
                account = account.plusStorage(stored.size());
            } catch (DomainException e) {
                failed.add(new Failure(file.filename(), e));
            } catch (RuntimeException e) {
                failed.add(new Failure(file.filename(), new Unavailable()));
            }
        }
        return new Result(uploads, failed);
    }
}
