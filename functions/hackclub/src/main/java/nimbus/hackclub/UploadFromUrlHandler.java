package nimbus.hackclub;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import nimbus.shared.auth.Principal;
import nimbus.shared.files.ContentTypes;
import nimbus.shared.files.UrlUploadService;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;

/** POST /api/v4/upload_from_url: fetches {@code url} (SSRF-safe) and stores it; {@code X-Download-Authorization} goes to the source as {@code Authorization}. */
public class UploadFromUrlHandler extends HackClubHandler {
    @Inject
    UrlUploadService uploads;

    public UploadFromUrlHandler() {}

    public UploadFromUrlHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String failurePrefix() {
        return "Upload failed: ";
    }

    /** Tika's MIME database, read on first use, goes into the snapshot. */
    @Override
    protected void warmDependencies() {
        ContentTypes.warm();
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        return ApiResponse.json(
                201,
                HackClubJson.upload(uploads.upload(
                        caller.accountId(),
                        request.param("url").orElse(null),
                        request.header("X-Download-Authorization").orElse(null))));
    }
}
