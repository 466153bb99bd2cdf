package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.error.ApiException;
import nimbus.shared.fetch.SafeFetcher;
import nimbus.shared.files.FileService;
import nimbus.shared.files.NewFile;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.ContentTypes;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** POST /api/v4/upload_from_url: fetches {@code url} (SSRF-safe) and stores it; {@code X-Download-Authorization} goes to the source as {@code Authorization}. */
public class UploadFromUrlHandler extends HackClubHandler {
    @Inject
    FileService files;
    @Inject
    AccountService accounts;
    @Inject
    SafeFetcher fetcher;

    public UploadFromUrlHandler() {}

    public UploadFromUrlHandler(ApplicationContext context) {
        super(context);
    }

    /** Tika's MIME database, read on first use, goes into the snapshot. */
    @Override
    protected void warmDependencies() {
        ContentTypes.warm();
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String url = request.param("url").filter(u -> !u.isBlank())
                .orElseThrow(() -> ApiException.missingParameter("Missing url parameter"));
        Account account = accounts.require(caller.accountId());
        SafeFetcher.Fetched fetched = fetcher.fetch(url.trim(), request.header("X-Download-Authorization").orElse(null),
                account.tier().maxFileBytes());
        NewFile download = new NewFile(fetched.filename(), fetched.contentType(), fetched.body());
        return ApiResponse.json(201, HackClubJson.upload(files.upload(account, download)));
    }
}
