package nimbus.aether;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.util.UUID;
import java.util.function.Function;
import nimbus.local.kit.TestStack;
import nimbus.shared.http.ApiFunction;

/** The ten AetherCDN operations, each with its sample event, handler and the scope it needs. */
enum Operation {
    LIST_FILES("list-files", "files:read", Target.NONE, 200, ListFilesHandler::new),
    UPLOAD_FILE("upload-file", "files:write", Target.NONE, 201, UploadFileHandler::new),
    DOWNLOAD_FILE("download-file", "files:read", Target.FILE, 200, DownloadFileHandler::new),
    UPDATE_FILE("update-file", "files:write", Target.FILE, 200, UpdateFileHandler::new),
    DELETE_FILE("delete-file", "files:write", Target.FILE, 200, DeleteFileHandler::new),
    USER_STATS("user-stats", "user:read", Target.NONE, 200, UserStatsHandler::new),
    LIST_FOLDERS("list-folders", "files:read", Target.NONE, 200, ListFoldersHandler::new),
    CREATE_FOLDER("create-folder", "files:write", Target.NONE, 201, CreateFolderHandler::new),
    RENAME_FOLDER("rename-folder", "files:write", Target.FOLDER, 200, RenameFolderHandler::new),
    DELETE_FOLDER("delete-folder", "files:write", Target.FOLDER, 200, DeleteFolderHandler::new);

    /** What the operation's {id} names. */
    enum Target {
        NONE,
        FILE,
        FOLDER
    }

    final String event;
    final String scope;
    final Target target;
    final boolean takesId;
    /** The status of the sample event's success, for a caller that owns the {id} (an empty folder for DELETE_FOLDER). */
    final int success;

    private final Function<io.micronaut.context.ApplicationContext, ApiFunction> factory;
    private ApiFunction handler;

    Operation(
            String event,
            String scope,
            Target target,
            int success,
            Function<io.micronaut.context.ApplicationContext, ApiFunction> factory) {
        this.event = event;
        this.scope = scope;
        this.target = target;
        this.takesId = target != Target.NONE;
        this.success = success;
        this.factory = factory;
    }

    synchronized ApiFunction handler() {
        if (handler == null) handler = factory.apply(TestStack.context());
        return handler;
    }

    /** A new handler of this operation built with {@code context} (one with a test clock, say). */
    ApiFunction handler(io.micronaut.context.ApplicationContext context) {
        return factory.apply(context);
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
