package nimbus.shared.files;

import jakarta.inject.Singleton;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.fetch.SafeFetcher;

/** Uploading from a URL: fetch it safely (capped at the tier's per-file limit), then store it as any upload. */
@Singleton
public class UrlUploadService {
    private final SafeFetcher fetcher;
    private final FileService files;
    private final AccountService accounts;

    public UrlUploadService(SafeFetcher fetcher, FileService files, AccountService accounts) {
        this.fetcher = fetcher;
        this.files = files;
        this.accounts = accounts;
    }

    /** {@code authorization} goes to the source as its Authorization header; may be null. */
    public FileRecord upload(String accountId, String url, String authorization) {
        if (url == null || url.isBlank()) throw InvalidInput.missing("url");
        Account account = accounts.require(accountId);
        SafeFetcher.Fetched fetched =
                fetcher.fetch(url.trim(), authorization, account.tier().maxFileBytes());
        return files.upload(
                account, new NewFile(fetched.filename(), fetched.contentType(), fetched.body()), FileDetails.NONE);
    }
}
