package nimbus.aether;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.UUID;
import java.util.function.Function;
import nimbus.local.kit.TestStack;
import nimbus.shared.http.ApiFunction;

/** The ten AetherCDN operations, each with its sample event, handler and the scope it needs. */
enum Operation {
    LIST_FILES("list-files", "files:read", false, ListFilesHandler::new),
    UPLOAD_FILE("upload-file", "files:write", false, UploadFileHandler::new),
    DOWNLOAD_FILE("download-file", "files:read", true, DownloadFileHandler::new),
    UPDATE_FILE("update-file", "files:write", true, UpdateFileHandler::new),
    DELETE_FILE("delete-file", "files:write", true, DeleteFileHandler::new),
    USER_STATS("user-stats", "user:read", false, UserStatsHandler::new),
    LIST_FOLDERS("list-folders", "files:read", false, ListFoldersHandler::new),
    CREATE_FOLDER("create-folder", "files:write", false, CreateFolderHandler::new),
    RENAME_FOLDER("rename-folder", "files:write", true, RenameFolderHandler::new),
    DELETE_FOLDER("delete-folder", "files:write", true, DeleteFolderHandler::new);

    final String event;
    final String scope;
    final boolean takesId;
    private final Function<io.micronaut.context.ApplicationContext, ApiFunction> factory;
    private ApiFunction handler;

    Operation(
            String event,
            String scope,
            boolean takesId,
            Function<io.micronaut.context.ApplicationContext, ApiFunction> factory) {
        this.event = event;
        this.scope = scope;
        this.takesId = takesId;
        this.factory = factory;
    }

    synchronized ApiFunction handler() {
        if (handler == null) handler = factory.apply(TestStack.context());
        return handler;
    }

    /** The sample event with the key as X-API-Key (null: no key) and, for id-taking operations, a fresh unknown id. */
    APIGatewayProxyRequestEvent event(String key) {
        APIGatewayProxyRequestEvent e = Calls.event(event, key);
        return takesId
                ? nimbus.local.kit.Events.withPathParameter(
                        e, "id", UUID.randomUUID().toString())
                : e;
    }

    Calls.Reply call(String key) {
        return Calls.call(handler(), event(key));
    }
}
